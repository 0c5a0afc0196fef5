// Loading and freeing engines; pathways and stages by index.
#include <cstddef>
#include <filesystem>
#include <memory>

#include "boundary.hpp"
#include "checks.hpp"
#include "escalate.h"
#include "handles.hpp"
#include "struct_sizes.hpp"

using escalate::capi::fail;
using escalate::capi::guarded;
using escalate::capi::pathway_at;
using escalate::capi::require;
using escalate::capi::size_ok;
using escalate::capi::stage_at;

namespace escalate::capi {

std::unique_ptr<esc_engine> make_engine_handle(std::shared_ptr<const Engine> engine) {
    auto handle = std::make_unique<esc_engine>();
    handle->engine = std::move(engine);
    const Engine& compiled = *handle->engine;

    handle->calendars.resize(compiled.calendars().size());
    for (std::size_t i = 0; i < compiled.calendars().size(); ++i) {
        esc_calendar& wrapper = handle->calendars[i];
        wrapper.calendar = compiled.calendars()[i].get();
        const Calendar& calendar = *wrapper.calendar;
        const int first_year = date_to_ymd(calendar.first_date()).year;
        const int last_year = date_to_ymd(calendar.last_date()).year;
        for (int year = first_year; year <= last_year; ++year)
            for (const Holiday& holiday : calendar.holidays(year))
                wrapper.holiday_names.insert(holiday.name);
    }

    for (const auto& pathway : compiled.pathways()) {
        std::string subjects;
        for (const std::string& subject : pathway->subjects()) {
            if (!subjects.empty()) subjects += ' ';
            subjects += subject;
        }
        handle->pathway_subjects.push_back(std::move(subjects));
        handle->pathway_calendar.push_back(compiled.find_calendar(pathway->calendar().id()));
    }
    return handle;
}

}  // namespace escalate::capi

extern "C" esc_status esc_engine_load(const char* path, esc_engine** out) {
    constexpr const char* function = "esc_engine_load";
    if (out) *out = nullptr;
    return guarded(function, [&] {
        if (esc_status s = require(path, function, "path is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (*path == '\0') return fail(ESC_INVALID_ARGUMENT, function, "path is empty");
        auto handle = escalate::capi::make_engine_handle(escalate::Engine::load(path));
        *out = handle.release();
        return ESC_OK;
    });
}

extern "C" void esc_engine_free(esc_engine* engine) {
    escalate::capi::clear_error();
    delete engine;  // the handle's members have non-throwing destructors; NULL is a no-op
}

extern "C" esc_status esc_engine_pathway_count(const esc_engine* engine, int32_t* out) {
    constexpr const char* function = "esc_engine_pathway_count";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        *out = static_cast<int32_t>(engine->engine->pathways().size());
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_pathway_index(const esc_engine* engine, const char* pathway,
                                               int32_t* out) {
    constexpr const char* function = "esc_engine_pathway_index";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(pathway, function, "pathway is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const int index = engine->engine->find_pathway(pathway);
        if (index < 0) {
            // Engine::pathway() throws NotFoundError naming the ids that do exist.
            (void)engine->engine->pathway(pathway);
            return fail(ESC_NOT_FOUND, function, "no pathway has the id ", pathway);
        }
        *out = index;
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_pathway_id(const esc_engine* engine, int32_t pathway,
                                            const char** out) {
    constexpr const char* function = "esc_engine_pathway_id";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        *out = found->id().c_str();
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_info_get(const esc_engine* engine, int32_t pathway,
                                           esc_pathway_info* out) {
    constexpr const char* function = "esc_pathway_info_get";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (!size_ok(out->size, escalate::capi::pathway_info_first_release_size, function, "out")) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const escalate::SourceDocument& source = found->source();
        escalate::capi::update_caller_struct(out, [&](auto& info) noexcept {
            info.id = found->id().c_str();
            info.title = found->title().c_str();
            info.version = found->version().c_str();
            info.effective_from = found->effective_from();
            info.calendar = found->calendar().id().c_str();
            info.subjects = engine->pathway_subjects[static_cast<std::size_t>(pathway)].c_str();
            info.source_title = source.title.c_str();
            info.source_authority = source.authority.c_str();
            info.source_date = source.date.c_str();
            info.source_file = source.file.c_str();
            info.stage_count = static_cast<int32_t>(found->stages().size());
            info.entry_stage = found->entry_stage();
        });
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_stage_count(const esc_engine* engine, int32_t pathway,
                                              int32_t* out) {
    constexpr const char* function = "esc_pathway_stage_count";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        *out = static_cast<int32_t>(found->stages().size());
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_stage_index(const esc_engine* engine, int32_t pathway,
                                              const char* stage, int32_t* out) {
    constexpr const char* function = "esc_pathway_stage_index";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(stage, function, "stage is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const int index = found->find_stage(stage);
        if (index < 0) {
            std::string message = std::string("pathway ") + found->id() + " has no stage \"" + stage + "\"";
            if (found->find_outcome(stage) >= 0) message += " (it is a terminal outcome)";
            message += "; its stages are:";
            for (const auto& known : found->stages()) message += " " + known.id;
            return fail(ESC_NOT_FOUND, function, message);
        }
        *out = index;
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_stage_id(const esc_engine* engine, int32_t pathway,
                                           int32_t stage, const char** out) {
    constexpr const char* function = "esc_pathway_stage_id";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        const escalate::Pathway::Stage* found_stage = stage_at(*found, stage, function);
        if (!found_stage) return ESC_INVALID_ARGUMENT;
        *out = found_stage->id.c_str();
        return ESC_OK;
    });
}

extern "C" esc_status esc_pathway_due(const esc_engine* engine, int32_t pathway, int32_t stage,
                                      esc_date entered, esc_date started, esc_date* out) {
    constexpr const char* function = "esc_pathway_due";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway* found = pathway_at(*engine, pathway, function);
        if (!found) return ESC_INVALID_ARGUMENT;
        if (!stage_at(*found, stage, function)) return ESC_INVALID_ARGUMENT;
        if (!escalate::capi::date_given(entered, function, "entered")) return ESC_INVALID_ARGUMENT;
        *out = engine->engine->due(pathway, stage, entered, started);
        return ESC_OK;
    });
}
