// A persistent pool of worker threads for the bulk path (docs/performance.md: "two threads at least
// 1.6 times one from one million rows"). Starting a std::thread per call costs tens of
// microseconds per thread and faults in a fresh stack, which at a million rows (about a
// millisecond of work) ate the whole gain; the pool's threads are started once and wait on a
// condition variable between calls.
//
// A call splits its work into parts; the calling thread takes parts too, and takes every part
// no worker has claimed, so a call never waits on a busy (or, after fork(), absent) pool for
// work it could do itself: the pool can only make a call faster, never block it.
#pragma once

#include <functional>

namespace escalate::bulk {

/// Runs work(0) ... work(parts - 1), each exactly once, on the calling thread and at most
/// threads - 1 pool threads, and returns when all have returned. Parts are claimed one at a
/// time, so with more parts than threads a thread the system has descheduled holds up only a
/// small part while the others take the rest. work must not throw (catch inside it). Any
/// number of threads may call at once; the pool grows to the largest threads - 1 asked for
/// (at most 255 threads).
void run_in_pool(unsigned parts, unsigned threads, const std::function<void(unsigned)>& work);

}  // namespace escalate::bulk
