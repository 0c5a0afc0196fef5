// Loading and freeing engines; pathways and stages by index.
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <dlfcn.h>

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
using escalate::capi::write_sized;

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

namespace {

esc_status load_into(std::vector<std::filesystem::path> paths, std::vector<escalate::Engine::Document> documents,
                     esc_engine** out) {
    auto handle = escalate::capi::make_engine_handle(escalate::Engine::load(paths, documents));
    *out = handle.release();
    return ESC_OK;
}

/// Checks a C array of paths and converts it; ESC_OK or the recorded failure.
esc_status read_paths(const char* const* paths, std::size_t count, const char* function,
                      std::vector<std::filesystem::path>& into) {
    if (count > 0 && !paths) return fail(ESC_INVALID_ARGUMENT, function, "paths is NULL but count is not 0");
    for (std::size_t i = 0; i < count; ++i) {
        if (!paths[i] || !*paths[i])
            return fail(ESC_INVALID_ARGUMENT, function, "paths[" + std::to_string(i) + "] is NULL or empty");
        into.emplace_back(paths[i]);
    }
    return ESC_OK;
}

/// The bundled rulesets' directory (esc_rulesets_dir), worked out once. The build defines
/// where the library is built, where it installs, and the path from the installed library's
/// directory to the installed rulesets.
std::string find_rulesets_dir() noexcept {
    namespace fs = std::filesystem;
    try {
        std::error_code ec;
        Dl_info info{};
        if (dladdr(reinterpret_cast<void*>(&esc_rulesets_dir), &info) && info.dli_fname) {
            const fs::path library_dir = fs::weakly_canonical(info.dli_fname, ec).parent_path();
            // A library run from its build tree serves the source tree it was built from.
            if (!ec && fs::equivalent(library_dir, ESCALATE_BUILD_LIBRARY_DIR, ec) && !ec)
                return ESCALATE_SOURCE_RULESETS;
            // An installed library: its own installation's data directory, wherever moved.
            const fs::path beside = (library_dir / ESCALATE_LIBDIR_TO_RULESETS).lexically_normal();
            if (!library_dir.empty() && fs::is_directory(beside, ec)) return beside.string();
        }
        // The static library, linked into a program anywhere: the configured install
        // location, else (an uninstalled build) the source tree.
        if (!fs::is_directory(ESCALATE_INSTALL_RULESETS, ec) && fs::is_directory(ESCALATE_SOURCE_RULESETS, ec))
            return ESCALATE_SOURCE_RULESETS;
    } catch (...) {
    }
    return ESCALATE_INSTALL_RULESETS;
}

}  // namespace

extern "C" esc_status esc_engine_load_paths(const char* const* paths, size_t count, esc_engine** out) {
    constexpr const char* function = "esc_engine_load_paths";
    if (out) *out = nullptr;
    return guarded(function, [&] {
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (count == 0) return fail(ESC_INVALID_ARGUMENT, function, "count is 0; give at least one path");
        std::vector<std::filesystem::path> converted;
        if (esc_status s = read_paths(paths, count, function, converted)) return s;
        return load_into(std::move(converted), {}, out);
    });
}

extern "C" esc_status esc_engine_load_documents(const char* const* paths, size_t path_count,
                                                const esc_ruleset_document* documents, size_t document_count,
                                                esc_engine** out) {
    constexpr const char* function = "esc_engine_load_documents";
    if (out) *out = nullptr;
    return guarded(function, [&] {
        if (esc_status s = require(out, function, "out is NULL")) return s;
        if (path_count == 0 && document_count == 0)
            return fail(ESC_INVALID_ARGUMENT, function, "no paths and no documents were given");
        std::vector<std::filesystem::path> converted;
        if (esc_status s = read_paths(paths, path_count, function, converted)) return s;
        if (document_count > 0 && !documents)
            return fail(ESC_INVALID_ARGUMENT, function, "documents is NULL but document_count is not 0");
        std::vector<escalate::Engine::Document> texts;
        for (std::size_t i = 0; i < document_count; ++i) {
            const esc_ruleset_document& document = documents[i];
            const std::string which = "documents[" + std::to_string(i) + "]";
            if (!document.name || !*document.name)
                return fail(ESC_INVALID_ARGUMENT, function, which + ".name is NULL or empty");
            if (!document.text && document.length > 0)
                return fail(ESC_INVALID_ARGUMENT, function, which + ".text is NULL but its length is not 0");
            texts.push_back({std::string_view(document.text ? document.text : "", document.length), document.name});
        }
        return load_into(std::move(converted), std::move(texts), out);
    });
}

extern "C" const char* esc_rulesets_dir(void) {
    static const std::string directory = find_rulesets_dir();
    return directory.c_str();
}

extern "C" esc_status esc_engine_load_default(esc_engine** out) {
    constexpr const char* function = "esc_engine_load_default";
    if (out) *out = nullptr;
    return guarded(function, [&] {
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const char* variable = std::getenv("ESCALATE_RULESETS");
        std::vector<std::filesystem::path> paths;
        std::string origin;
        if (variable && *variable) {
            std::string_view rest(variable);
            while (true) {
                const auto colon = rest.find(':');
                const std::string_view part = rest.substr(0, colon);
                if (!part.empty()) paths.emplace_back(std::string(part));
                if (colon == std::string_view::npos) break;
                rest.remove_prefix(colon + 1);
            }
            if (paths.empty()) return fail(ESC_INVALID_ARGUMENT, function, "ESCALATE_RULESETS names no path");
            origin = "from ESCALATE_RULESETS: ";
        } else {
            paths.emplace_back(esc_rulesets_dir());
            origin = "the bundled rulesets (esc_rulesets_dir): ";
        }
        try {
            return load_into(std::move(paths), {}, out);
        } catch (...) {
            const esc_status status = escalate::capi::translate_current_exception(function);
            // Say where the path came from, since the caller never named it.
            const std::string message = esc_last_error();
            const auto colon = message.find(": ");
            return fail(status, function, origin, colon == std::string::npos ? message : message.substr(colon + 2));
        }
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

extern "C" esc_status esc_engine_pathway_versions(const esc_engine* engine, const char* pathway, int32_t* first,
                                                  int32_t* count) {
    constexpr const char* function = "esc_engine_pathway_versions";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(pathway, function, "pathway is NULL")) return s;
        if (esc_status s = require(first, function, "first is NULL")) return s;
        if (esc_status s = require(count, function, "count is NULL")) return s;
        const auto range = engine->engine->versions(pathway);
        if (range.first == range.last) (void)engine->engine->pathway(pathway);  // throws NotFoundError naming the ids
        *first = range.first;
        *count = range.last - range.first;
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_pathway_select(const esc_engine* engine, const char* pathway, const char* version,
                                                esc_date outset, int32_t* out) {
    constexpr const char* function = "esc_engine_pathway_select";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(pathway, function, "pathway is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        // Engine::pathway(id, version, outset) is the one rule; it throws NotFoundError.
        const escalate::Pathway& found =
            engine->engine->pathway(pathway, version ? std::string_view(version) : std::string_view(), outset);
        *out = engine->engine->index_of(found);
        return ESC_OK;
    });
}

extern "C" esc_status esc_engine_pathway_for_case(const esc_engine* engine, const char* pathway, const char* version,
                                                  esc_date entered, esc_date started, int32_t* out) {
    constexpr const char* function = "esc_engine_pathway_for_case";
    return guarded(function, [&] {
        if (esc_status s = require(engine, function, "engine is NULL")) return s;
        if (esc_status s = require(pathway, function, "pathway is NULL")) return s;
        if (esc_status s = require(out, function, "out is NULL")) return s;
        const escalate::Pathway& found = engine->engine->pathway_for_case(
            pathway, version ? std::string_view(version) : std::string_view(), entered, started);
        *out = engine->engine->index_of(found);
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
            const escalate::StatedDate& from = found->effective_from();
            info.effective_from = from.precision == escalate::StatedDate::Precision::day ? from.first : ESC_NO_DATE;
            info.calendar = found->calendar().id().c_str();
            info.subjects = engine->pathway_subjects[static_cast<std::size_t>(pathway)].c_str();
            info.source_title = source.title.c_str();
            info.source_authority = source.authority.c_str();
            info.source_date = source.date.c_str();
            info.source_file = source.file.c_str();
            info.stage_count = static_cast<int32_t>(found->stages().size());
            info.entry_stage = found->entry_stage();
            info.tier_count = static_cast<int32_t>(found->tiers().size());
            info.outcome_count = static_cast<int32_t>(found->outcomes().size());
            info.limit_count = static_cast<int32_t>(found->limits().size());
            info.event_count = static_cast<int32_t>(found->events().size());
            int32_t start_exits = 0;
            for (const auto& transition : found->transitions())
                if (transition.from < 0) ++start_exits;
            info.start_exit_count = start_exits;
            info.effective_from_stated = from.text.c_str();
            info.in_force_from = from.first;
            const auto range = engine->engine->versions_of(pathway);
            info.in_force_until = pathway + 1 < range.last
                                      ? engine->engine->pathways()[static_cast<std::size_t>(pathway) + 1]->effective_from().first - 1
                                      : ESC_NO_DATE;
            const auto& review = found->review_by();
            info.review_by = review ? review->text.c_str() : "";
            info.review_by_end = review ? review->last : ESC_NO_DATE;
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
