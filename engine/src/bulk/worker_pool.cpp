#include "bulk/worker_pool.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <memory>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include <pthread.h>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace escalate::bulk {

namespace {

constexpr unsigned max_pool_threads = 255;

// How long a pool thread that has run out of work, and a caller waiting for its parts to
// finish, poll before they sleep on a condition variable. Waking a sleeping thread takes a
// system call and, on a virtual machine, tens of microseconds or more before it runs, against
// about a millisecond of work for a million rows; calls that come one after another (a
// benchmark, `escalate demo`, a binding's blocks) find the pool still polling.
// ESCALATE_POOL_SPIN_US (read once, when the pool starts; 0 to 10,000 microseconds) sets it, so
// that the one build can be measured both ways (docs/performance.md, "Threads").
constexpr std::chrono::microseconds default_spin{200};

std::chrono::microseconds spin_from_environment() {
    const char* given = std::getenv("ESCALATE_POOL_SPIN_US");
    if (!given || !*given) return default_spin;
    char* end = nullptr;
    const unsigned long micros = std::strtoul(given, &end, 10);
    if (*end != '\0' || micros > 10000) return default_spin;  // not a number we take: the default
    return std::chrono::microseconds(micros);
}

/// Polls ready() until it is true or `spin` has passed; whether it became true. The first
/// rounds only pause; later ones yield the core, so that on a machine with more runnable
/// threads than cores a polling thread gives way (to the thread it waits for, too).
template <class Ready>
bool spin_until(std::chrono::microseconds spin, const Ready& ready) {
    if (spin.count() == 0) return ready();
    const auto until = std::chrono::steady_clock::now() + spin;
    for (unsigned round = 0;; ++round) {
        if (ready()) return true;
        if (round < 256) {
#if defined(__x86_64__)
            _mm_pause();
#endif
            continue;
        }
        if (std::chrono::steady_clock::now() >= until) return false;
        std::this_thread::yield();
    }
}

/// One call's parts. Threads claim parts by counting `next` up; the caller waits for
/// `finished` to reach `parts`.
struct Job {
    Job(unsigned parts, unsigned helpers, const std::function<void(unsigned)>& work)
        : work(&work), parts(parts), helpers(static_cast<int>(helpers)) {}
    const std::function<void(unsigned)>* work;
    const unsigned parts;
    std::atomic<int> helpers;  // pool threads that may still join this job
    std::atomic<unsigned> next{0};
    std::atomic<unsigned> finished{0};
    std::mutex mutex;
    std::condition_variable done;

    /// Runs unclaimed parts until none is left.
    void take_parts() {
        for (;;) {
            const unsigned part = next.fetch_add(1, std::memory_order_relaxed);
            if (part >= parts) return;
            (*work)(part);
            if (finished.fetch_add(1, std::memory_order_acq_rel) + 1 == parts) {
                const std::lock_guard<std::mutex> lock(mutex);  // so the waiter cannot miss it
                done.notify_all();
            }
        }
    }
    bool exhausted() const { return next.load(std::memory_order_relaxed) >= parts; }
    /// Whether one more pool thread may help (the caller asked for at most so many threads).
    bool join() { return helpers.fetch_sub(1, std::memory_order_relaxed) > 0; }
};

class Pool {
public:
    Pool() = default;
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    ~Pool() {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        for (auto& thread : threads_) thread.join();
    }

    void run(unsigned parts, unsigned threads, const std::function<void(unsigned)>& work) {
        const unsigned helpers = std::min(threads - 1, max_pool_threads);
        const auto job = std::make_shared<Job>(parts, helpers, work);
        bool sleeping = false;
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            grow(helpers);
            jobs_.push_back(job);
            posted_.fetch_add(1, std::memory_order_release);
            sleeping = sleepers_ > 0;
        }
        if (sleeping) wake_.notify_all();  // pool threads still polling see posted_ move
        job->take_parts();
        const auto all_finished = [&] { return job->finished.load(std::memory_order_acquire) == job->parts; };
        if (!spin_until(spin_, all_finished)) {
            std::unique_lock<std::mutex> lock(job->mutex);
            job->done.wait(lock, all_finished);
        }
        const std::lock_guard<std::mutex> lock(mutex_);
        forget(job);
    }

private:
    // Called with mutex_ held. A thread that cannot start leaves the pool smaller: the caller
    // then takes more parts itself.
    void grow(unsigned wanted) {
        while (threads_.size() < wanted) {
            try {
                threads_.emplace_back([this] { work(); });
            } catch (const std::system_error&) {
                return;
            }
        }
    }

    void forget(const std::shared_ptr<Job>& job) {
        const auto found = std::find(jobs_.begin(), jobs_.end(), job);
        if (found != jobs_.end()) jobs_.erase(found);
    }

    void work() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            while (!stopping_ && jobs_.empty()) {
                // Poll for the next call a little (without the lock), then sleep. A call posts
                // its job under the lock and wakes the pool only if a thread sleeps, which
                // sleepers_ (changed under the lock) tells it.
                const unsigned seen = posted_.load(std::memory_order_acquire);
                lock.unlock();
                const bool posted = spin_until(spin_, [&] { return posted_.load(std::memory_order_acquire) != seen; });
                lock.lock();
                if (posted) continue;  // (its job may be done already: then poll again)
                ++sleepers_;
                wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
                --sleepers_;
            }
            if (stopping_) return;
            const std::shared_ptr<Job> job = jobs_.front();
            if (job->exhausted() || !job->join()) {  // every part claimed, or helpers enough
                jobs_.pop_front();  // its caller forgets it too
                continue;
            }
            lock.unlock();
            job->take_parts();
            lock.lock();
            forget(job);
        }
    }

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Job>> jobs_;
    std::vector<std::thread> threads_;
    const std::chrono::microseconds spin_ = spin_from_environment();
    std::atomic<unsigned> posted_{0};  // jobs posted so far (wraps): what polling threads watch
    unsigned sleepers_ = 0;            // pool threads waiting on wake_ (under mutex_)
    bool stopping_ = false;
};

/// The process's pool. A child of fork() has none of its parent's threads (and may have
/// inherited a locked mutex): the fork handler, which runs while the child has one thread,
/// drops the parent's pool without touching it, and the child starts its own when needed.
struct PoolHolder {
    std::mutex mutex;
    std::unique_ptr<Pool> pool;

    PoolHolder() { pthread_atfork(nullptr, nullptr, [] { holder().after_fork_in_child(); }); }

    static PoolHolder& holder() {
        static PoolHolder instance;
        return instance;
    }

    Pool& current() {
        const std::lock_guard<std::mutex> lock(mutex);
        if (!pool) pool = std::make_unique<Pool>();
        return *pool;
    }

    void after_fork_in_child() {
        (void)pool.release();  // leaked on purpose: its threads and locks belong to the parent
        new (&mutex) std::mutex();
    }
};

}  // namespace

void run_in_pool(unsigned parts, unsigned threads, const std::function<void(unsigned)>& work) {
    if (parts <= 1 || threads <= 1) {
        for (unsigned part = 0; part < parts; ++part) work(part);
        return;
    }
    PoolHolder::holder().current().run(parts, threads, work);
}

}  // namespace escalate::bulk
