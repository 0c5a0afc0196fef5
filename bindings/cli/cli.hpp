// Shared pieces of the `escalate` command. The command is a client of the C interface
// (escalate.h) like any integrator's program: it never reaches into the engine.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "escalate.h"

namespace escalate::cli {

/// Exit statuses: 0 success, 1 the request failed (bad ruleset, unknown id, no transition),
/// 2 the command line itself is wrong.
inline constexpr int exit_ok = 0;
inline constexpr int exit_failure = 1;
inline constexpr int exit_usage = 2;

/// A command-line mistake: reported with the command's usage line, exit status 2.
class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A failed C call: reported with the library's message, exit status 1.
class CallError : public std::runtime_error {
public:
    CallError(esc_status status, const std::string& message)
        : std::runtime_error(message), status(status) {}
    esc_status status;
};

/// Throws CallError with esc_last_error() unless status is ESC_OK. The library prefixes its
/// messages with the C function's name; the command drops it, as users never see C names.
void check(esc_status status);

/// Parsed arguments of one command: positionals, valued options and flags.
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;

    bool has(const std::string& name) const { return values.count(name) || flags.count(name); }
    std::optional<std::string> value(const std::string& name) const;
};

/// Parses argv after the command name. valued: options taking a value ("--at"); flags:
/// options without one ("--json"). "--name=value" and "--name value" both work.
Arguments parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                          const std::set<std::string>& flags);

/// Parses a command-line date "YYYY-MM-DD" for the named option.
esc_date parse_date_option(const std::string& text, const std::string& option);

/// An owned engine handle.
struct EngineDeleter {
    void operator()(esc_engine* engine) const noexcept { esc_engine_free(engine); }
};
using EnginePtr = std::unique_ptr<esc_engine, EngineDeleter>;

/// The bundled rulesets: beside an installed binary (../share/escalate/rulesets), then the
/// source tree it was built from, then the configured install location.
std::string default_rulesets_path();

/// Loads --rulesets DIR when given, else the default.
EnginePtr load_engine(const Arguments& arguments);
EnginePtr load_engine_from(const std::string& path);

/// "2023-03-13"; "none" for ESC_NO_DATE.
std::string iso(esc_date date);
/// "2023-03-13 (Mon)"; "none" for ESC_NO_DATE.
std::string iso_with_weekday(esc_date date);
/// "Mon" ... "Sun".
std::string weekday_name(esc_date date);

/// A JSON string literal, quotes included; null for a NULL pointer.
std::string json_string(const char* text);
std::string json_string(const std::string& text);
/// A JSON date string, or null for ESC_NO_DATE.
std::string json_date(esc_date date);

/// Names for the header's integer codes.
const char* deadline_kind_name(int32_t kind);
const char* anchor_name(int32_t anchor);
const char* due_rule_name(int32_t rule);
const char* outcome_kind_name(int32_t kind);
const char* force_name(int32_t force);    // must, should, expected, usually
const char* source_name(int32_t source);  // stage, event, outcome

/// A decision with its step and action buffers sized to fit.
struct DecisionResult {
    esc_decision decision{};
    std::vector<esc_obligation> steps;
    std::vector<esc_obligation> actions;
};

/// Calls esc_decide, growing the buffers when the stage has more steps or actions than fit.
/// Throws CallError on failure.
DecisionResult decide(const esc_engine* engine, const esc_query& query);

/// Steps or actions as a JSON array.
std::string obligations_json(const std::vector<esc_obligation>& items);

/// Writes the day-by-day working of a decision's due date (the --explain text).
void explain_text(const esc_engine* engine, const esc_decision& decision, std::ostream& out);
/// The same working as a JSON object.
std::string explain_json(const esc_engine* engine, const esc_decision& decision);

// The commands. Each returns the process exit status.
int run_validate(const std::vector<std::string>& args);
int run_decide(const std::vector<std::string>& args);
int run_timeline(const std::vector<std::string>& args);
int run_graph(const std::vector<std::string>& args);
int run_recalc(const std::vector<std::string>& args);
int run_demo(const std::vector<std::string>& args);
int run_case(const std::vector<std::string>& args);

extern const char* const validate_usage;
extern const char* const decide_usage;
extern const char* const timeline_usage;
extern const char* const graph_usage;
extern const char* const recalc_usage;
extern const char* const demo_usage;
extern const char* const case_usage;

}  // namespace escalate::cli
