// The bundled rulesets, loaded once per benchmark process, through the C ABI and directly.
#pragma once

#include <cstdlib>

#include "escalate.h"
#include "escalate/engine.hpp"

inline const esc_engine* bundled_c_engine() {
    static esc_engine* loaded = [] {
        esc_engine* handle = nullptr;
        if (esc_engine_load(ESCALATE_RULESETS_DIR, &handle) != ESC_OK) std::abort();
        return handle;
    }();
    return loaded;
}

inline const escalate::Engine& bundled_engine() {
    static const auto loaded = escalate::Engine::load(ESCALATE_RULESETS_DIR);
    return *loaded;
}
