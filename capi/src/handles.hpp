// What the opaque C handles hold: the compiled engine plus the few strings the C interface
// hands out that the engine does not already own, built once at load so every later call is
// read-only and lock-free.
#pragma once

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "escalate/engine.hpp"

struct esc_calendar {
    const escalate::Calendar* calendar = nullptr;
    // Calendar::holidays() returns copies; the C interface must hand out names that live as
    // long as the engine, so every distinct holiday name is kept here.
    std::unordered_set<std::string> holiday_names;
};

struct esc_engine {
    std::shared_ptr<const escalate::Engine> engine;
    std::vector<std::string> pathway_subjects;  // per pathway: "child adult"
    std::vector<esc_calendar> calendars;        // in engine->calendars() order; never resized
    std::vector<int> pathway_calendar;          // per pathway: index into calendars
};

namespace escalate::capi {

/// Wraps a compiled engine in its handle (throws std::bad_alloc).
std::unique_ptr<esc_engine> make_engine_handle(std::shared_ptr<const Engine> engine);

}  // namespace escalate::capi
