// `escalate validate`: load and compile a ruleset, and summarise it or say what is wrong.
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {

const char* const validate_usage =
    "usage: escalate validate [PATH...]\n"
    "\n"
    "Loads and compiles ruleset files or directories of them into one engine (with any\n"
    "--rulesets PATH given; the bundled rulesets when there are neither) and lists its pathways\n"
    "and calendars. When something is wrong, prints the file, the line and how to fix it, and\n"
    "exits with status 1. To check your own pathway against the bundled calendars:\n"
    "\n"
    "  escalate validate mine/pathways/sandwell.xml \\\n"
    "      --rulesets \"$(pkg-config --variable=rulesetsdir escalate)/calendars\"\n";

int run_validate(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {}, {});
    std::vector<std::string> paths = rulesets_paths();
    paths.insert(paths.end(), arguments.positional.begin(), arguments.positional.end());
    const EnginePtr engine = paths.empty() ? load_engine(arguments) : load_engine_from(paths);
    std::string described;
    for (const std::string& path : paths) described += (described.empty() ? "" : " + ") + path;
    if (paths.empty()) described = rulesets_description();

    std::ostringstream out;
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
    out << "\npathways (" << pathway_count << "):\n";
    for (int32_t i = 0; i < pathway_count; ++i) {
        esc_pathway_info info{};
        info.size = sizeof info;
        check(esc_pathway_info_get(engine.get(), i, &info));
        const char* entry = nullptr;
        check(esc_pathway_stage_id(engine.get(), i, info.entry_stage, &entry));
        out << "  " << info.id << ": " << info.title << " (" << info.version << ", effective "
            << iso(info.effective_from) << ")\n"
            << "    " << info.source_authority << "\n"
            << "    calendar " << info.calendar << "; subjects " << info.subjects << "; "
            << info.stage_count << " stages, entered at " << entry << "\n";
    }
    std::cout << out.str();
    return exit_ok;
}

}  // namespace escalate::cli
