// The `escalate` command: a client of the C interface, like any integrator's program.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

using namespace escalate::cli;

struct Command {
    const char* name;
    const char* summary;
    int (*run)(const std::vector<std::string>&);
    const char* const* usage;
};

const Command commands[] = {
    {"validate", "check a ruleset and list its pathways and calendars", run_validate, &validate_usage},
    {"decide", "the next stage, tier, due date and actions for a case", run_decide, &decide_usage},
    {"timeline", "every stage's due date if each runs to its limit unresolved", run_timeline,
     &timeline_usage},
    {"graph", "a pathway's flowchart, as DOT or SVG", run_graph, &graph_usage},
    {"recalc", "due dates for a caseload: CSV in, CSV out", run_recalc, &recalc_usage},
    {"due", "the due date of a case now at a stage", run_due, &due_usage},
    {"show", "a pathway's stages, tiers, timescales and routes; or one stage", run_show, &show_usage},
    {"case", "where one case stands on a date, from its recorded history", run_case, &case_usage},
    {"worklist", "every open case of a caseload of histories, most urgent first", run_worklist, &worklist_usage},
    {"demo", "the main job on the bundled rulesets, with its throughput", run_demo, &demo_usage},
    {"serve", "the engine over HTTP: a JSON API and the studio page", run_serve, &serve_usage},
    {"calendar", "check a calendar against GOV.UK's bank holidays list, or import what it lacks",
     run_calendar, &calendar_usage},
};

void print_help(std::ostream& out) {
    out << "usage: escalate COMMAND [ARGUMENTS]\n"
           "\n"
           "Escalation pathways for resolving professional disagreements in safeguarding: which\n"
           "stage comes next, which tier is responsible, and when it is due.\n"
           "\n"
           "commands:\n";
    for (const Command& command : commands)
        out << "  " << command.name << std::string(10 - std::strlen(command.name), ' ')
            << command.summary << "\n";
    out << "\n"
           "Run `escalate COMMAND --help` for a command's options. Dates are YYYY-MM-DD or today.\n"
           "\n"
           "options:\n"
           "  --help           this text\n"
           "  --version        the version of the command and of libescalate\n"
           "  --rulesets PATH  load the rulesets from PATH (a file or directory) instead of the\n"
           "                   bundled ones; repeat it to load several into one engine (your own\n"
           "                   pathways with the bundled calendars); before or after the command\n"
           "\n"
           "environment:\n"
           "  ESCALATE_RULESETS  rulesets to use when no --rulesets is given: one or more paths\n"
           "                     separated by ':'. Unset: the bundled rulesets.\n"
           "\n"
           "exit status: 0 success, 1 the request failed (bad ruleset, unknown id, no route),\n"
           "2 the command line is wrong.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    try {
        rulesets_paths() = take_rulesets_options(args);
    } catch (const UsageError& error) {
        std::cerr << "escalate: " << error.what() << "\n";
        return exit_usage;
    }
    if (args.empty()) {
        std::cerr << "usage: escalate COMMAND [ARGUMENTS]; the commands are";
        for (const Command& command : commands) std::cerr << " " << command.name;
        std::cerr << ". Run `escalate --help` for more.\n";
        return exit_usage;
    }
    if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        print_help(std::cout);
        return exit_ok;
    }
    if (args[0] == "--version") {
        std::cout << "escalate " << ESCALATE_VERSION_STRING << " (libescalate " << esc_version()
                  << ", ABI " << esc_abi_version() << ")\n";
        return exit_ok;
    }
    for (const Command& command : commands) {
        if (args[0] != command.name) continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const std::string& arg : rest) {
            if (arg == "--") break;
            if (arg == "--help" || arg == "-h") {
                std::cout << *command.usage;
                return exit_ok;
            }
        }
        try {
            return command.run(rest);
        } catch (const UsageError& error) {
            std::cerr << "escalate " << command.name << ": " << error.what() << "\n\n"
                      << short_usage(*command.usage) << "Run `escalate " << command.name
                      << " --help` for the options.\n";
            return exit_usage;
        } catch (const CallError& error) {
            std::cerr << "escalate " << command.name << ": error: " << error.what() << "\n";
            return exit_failure;
        } catch (const std::exception& error) {
            std::cerr << "escalate " << command.name << ": error: " << error.what() << "\n";
            return exit_failure;
        }
    }
    std::cerr << "escalate: unknown command \"" << args[0] << "\"; the commands are";
    for (const Command& command : commands) std::cerr << " " << command.name;
    std::cerr << ". Run `escalate --help` for more.\n";
    return exit_usage;
}
