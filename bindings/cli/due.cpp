// `escalate due`: the due date of a case now at a stage, over esc_pathway_due.
#include <iostream>

#include "cli.hpp"

namespace escalate::cli {

const char* const due_usage =
    "usage: escalate due PATHWAY STAGE --entered DATE [--started DATE] [--version V] [--json]\n"
    "\n"
    "When a case now at STAGE of PATHWAY is due: the same date `decide` gives when the case\n"
    "enters that stage, without the event that led there.\n"
    "\n"
    "  PATHWAY          a pathway id, e.g. wolverhampton\n"
    "  STAGE            the stage the case is at, e.g. stage-2 (see `escalate show PATHWAY`)\n"
    "  --entered DATE   the date the case entered the stage, YYYY-MM-DD or today\n"
    "  --started DATE   the outset of the disagreement; needed when an overall limit covers the\n"
    "                   stage or its timescale counts from the start\n"
    "  --version V      the version of the pathway to apply (see `escalate validate`); without\n"
    "                   it, the version in force on the outset (--started, else --entered)\n"
    "  --json           print JSON instead of text (with the version that answered)\n"
    "\n"
    "Prints the due date, or \"none\" when the policy states no timescale for the stage.\n"
    "\n"
    "example: escalate due wolverhampton stage-3 --entered 2023-03-17 --started 2023-03-06\n";

int run_due(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--entered", "--started", "--version"}, {"--json"});
    if (arguments.positional.size() != 2) throw UsageError("give a PATHWAY and a STAGE");
    const auto entered_text = arguments.value("--entered");
    if (!entered_text) throw UsageError("--entered DATE is required");
    const esc_date entered = parse_date_option(*entered_text, "--entered");
    const esc_date started =
        arguments.has("--started") ? parse_date_option(*arguments.value("--started"), "--started") : ESC_NO_DATE;

    const auto version = arguments.value("--version");

    const EnginePtr engine = load_engine(arguments);
    const std::string& pathway_id = arguments.positional[0];
    const std::string& stage_id = arguments.positional[1];
    int32_t pathway = -1, stage = -1;
    // The version `decide` would apply to the same case (docs/ruleset-format.md, Versions).
    check(esc_engine_pathway_for_case(engine.get(), pathway_id.c_str(), version ? version->c_str() : nullptr, entered,
                                      started, &pathway));
    check(esc_pathway_stage_index(engine.get(), pathway, stage_id.c_str(), &stage));
    esc_date due = ESC_NO_DATE;
    check(esc_pathway_due(engine.get(), pathway, stage, entered, started, &due));

    if (arguments.flags.count("--json")) {
        esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
        check(esc_pathway_info_get(engine.get(), pathway, &info));
        std::cout << "{\"pathway\":" << json_string(pathway_id) << ",\"version\":" << json_string(info.version)
                  << ",\"stage\":" << json_string(stage_id)
                  << ",\"entered\":" << json_date(entered) << ",\"started\":" << json_date(started)
                  << ",\"due\":" << json_date(due) << "}\n";
    } else {
        std::cout << (due == ESC_NO_DATE ? std::string("none") : iso(due)) << "\n";
    }
    return exit_ok;
}

}  // namespace escalate::cli
