// `escalate validate`: load and compile a ruleset, and summarise it or say what is wrong.
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {

const char* const validate_usage =
    "usage: escalate validate [PATH]\n"
    "\n"
    "Loads and compiles a ruleset file or a directory of them (the bundled rulesets when PATH is\n"
    "left out) and lists its pathways and calendars. When something is wrong, prints the file,\n"
    "the line and how to fix it, and exits with status 1.\n";

int run_validate(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--rulesets"}, {});
    if (arguments.positional.size() > 1) throw UsageError("give at most one PATH");
    const std::string path = !arguments.positional.empty() ? arguments.positional[0]
                             : arguments.value("--rulesets").value_or(default_rulesets_path());
    const EnginePtr engine = load_engine_from(path);

    std::ostringstream out;
    out << path << ": OK\n";
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
