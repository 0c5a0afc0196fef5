// A pathway's flowchart as Graphviz DOT, for the CLI's `graph` and for integrators who show
// pathways to partnership business managers.
#include <algorithm>
#include <cstring>
#include <sstream>
#include <string>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "escalate/dot_export.hpp"
#include "handles.hpp"

using escalate::capi::guarded;
using escalate::capi::pathway_at;
using escalate::capi::require;

extern "C" esc_status esc_pathway_dot(const esc_engine* engine, int32_t pathway, const char* subject, char* buffer,
                                      size_t capacity, size_t* length) {
    constexpr const char* function = "esc_pathway_dot";
    if (length) *length = 0;
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(length, function, "length is NULL")) return s;
        if (capacity > 0) {
            if (esc_status s = require(buffer, function, "buffer is NULL but capacity is not 0")) return s;
        }
        const escalate::Pathway* compiled = pathway_at(*engine, pathway, function);
        if (!compiled) return ESC_INVALID_ARGUMENT;
        std::ostringstream dot;
        escalate::write_dot(*compiled, dot, subject ? std::string_view(subject) : std::string_view());
        const std::string text = dot.str();
        if (capacity > 0) {
            const std::size_t written = std::min(capacity - 1, text.size());
            std::memcpy(buffer, text.data(), written);
            buffer[written] = '\0';
        }
        *length = text.size();
        return ESC_OK;
    });
}
