// `escalate validate`: load and compile a ruleset, and summarise it or say what is wrong.
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {

const char* const validate_usage =
    "usage: escalate validate [PATH...] [--as-of DATE]\n"
    "\n"
    "Loads and compiles ruleset files or directories of them into one engine (with any\n"
    "--rulesets PATH given; the bundled rulesets when there are neither) and lists its pathways,\n"
    "each with its versions (version, effective-from, review-by and source date as the file\n"
    "states them, and the outsets each version governs), and its calendars. When something is\n"
    "wrong, prints the file, the line and how to fix it, and exits with status 1. When the\n"
    "latest version of a pathway is past its review-by date (as of today, or --as-of DATE),\n"
    "says so on standard error as a warning; the exit status stays 0. To check your own pathway\n"
    "against the bundled calendars:\n"
    "\n"
    "  escalate validate mine/pathways/sandwell.xml \\\n"
    "      --rulesets \"$(pkg-config --variable=rulesetsdir escalate)/calendars\"\n";

namespace {

/// The source's date as the file states it ("dated 2024-04"), or "undated".
std::string source_dated(const char* text) { return text && *text ? std::string("dated ") + text : "undated"; }

}  // namespace

int run_validate(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--as-of"}, {});
    const esc_date as_of = parse_date_option(arguments.value("--as-of").value_or("today"), "--as-of");
    std::vector<std::string> paths = rulesets_paths();
    paths.insert(paths.end(), arguments.positional.begin(), arguments.positional.end());
    const EnginePtr engine = paths.empty() ? load_engine(arguments) : load_engine_from(paths);
    std::string described;
    for (const std::string& path : paths) described += (described.empty() ? "" : " + ") + path;
    if (paths.empty()) described = rulesets_description();

    std::ostringstream out, warnings;
    out << described << ": OK\n";
    int32_t calendar_count = 0;
    check(esc_engine_calendar_count(engine.get(), &calendar_count));
    out << "\ncalendars (" << calendar_count << "):\n";
    for (int32_t i = 0; i < calendar_count; ++i) {
        const esc_calendar* calendar = nullptr;
        check(esc_engine_calendar_at(engine.get(), i, &calendar));
        esc_calendar_info info{};
        info.size = sizeof info;
        check(esc_calendar_info_get(calendar, &info));
        out << "  " << info.id << ": " << info.name << ", " << iso(info.first_date) << " to "
            << iso(info.last_date) << "\n";
    }
    int32_t pathway_count = 0;
    check(esc_engine_pathway_count(engine.get(), &pathway_count));
    std::ostringstream listed;
    int32_t ids = 0;
    // Indices run by id, then effective-from: the versions of one id are adjacent, oldest first.
    for (int32_t first = 0, count = 0; first < pathway_count; first += count) {
        const char* id = nullptr;
        check(esc_engine_pathway_id(engine.get(), first, &id));
        check(esc_engine_pathway_versions(engine.get(), id, &first, &count));
        ++ids;
        listed << "  " << id << " (" << count << (count == 1 ? " version" : " versions") << "):\n";
        for (int32_t i = first; i < first + count; ++i) {
            esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
            check(esc_pathway_info_get(engine.get(), i, &info));
            const char* entry = nullptr;
            check(esc_pathway_stage_id(engine.get(), i, info.entry_stage, &entry));
            const bool latest = i == first + count - 1;
            const bool review_passed = info.review_by_end != ESC_NO_DATE && as_of > info.review_by_end;
            listed << "    " << info.version << ": " << info.title << "\n"
                   << "      effective from " << info.effective_from_stated << " (governs cases started "
                   << iso(info.in_force_from)
                   << (info.in_force_until == ESC_NO_DATE ? " onwards" : " to " + iso(info.in_force_until)) << ")";
            if (*info.review_by) {
                listed << "; review by " << info.review_by;
                if (review_passed) listed << (latest ? " (passed)" : " (passed; superseded)");
            }
            listed << "; source " << source_dated(info.source_date) << "\n"
                   << "      " << info.source_authority << "\n"
                   << "      calendar " << info.calendar << "; subjects " << info.subjects << "; "
                   << info.stage_count << " stages, entered at " << entry << "\n";
            // Only the version in use is owed a review: a superseded one was replaced.
            if (latest && review_passed) {
                warnings << "escalate validate: warning: " << id << " version " << info.version << " was due for review by "
                         << info.review_by << " (the source's own date), which has passed as of " << iso(as_of)
                         << "; check whether the partnership has published a newer version\n";
            }
        }
    }
    out << "\npathways (" << ids << (ids == 1 ? " id, " : " ids, ") << pathway_count
        << (pathway_count == 1 ? " version" : " versions") << "):\n"
        << listed.str();
    std::cout << out.str();
    std::cout.flush();
    std::cerr << warnings.str();
    return exit_ok;
}

}  // namespace escalate::cli
