// Shared pieces of the `escalate` command. The command is a client of the C interface
// (escalate.h) like any integrator's program: it never reaches into the engine.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
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

/// The calling thread's esc_last_error() for a failed call, in command-line terms: the library
/// prefixes its messages with the C function's name, which users never see; the status's name
/// when the library gave no message.
std::string last_error_message(esc_status status);
/// Throws CallError with last_error_message(status) unless status is ESC_OK.
void check(esc_status status);

/// Parsed arguments of one command: positionals, valued options and flags.
struct Arguments {
    std::vector<std::string> positional;
    std::map<std::string, std::string> values;
    std::set<std::string> flags;
    /// Every value of a repeatable option, in command-line order.
    std::map<std::string, std::vector<std::string>> repeated;

    bool has(const std::string& name) const { return values.count(name) || flags.count(name); }
    std::optional<std::string> value(const std::string& name) const;
};

/// Parses argv after the command name. valued: options taking a value ("--at"); flags:
/// options without one ("--json"); repeatable: valued options that may be given more than once
/// (their values go to Arguments::repeated). "--name=value" and "--name value" both work.
Arguments parse_arguments(const std::vector<std::string>& args, const std::set<std::string>& valued,
                          const std::set<std::string>& flags, const std::set<std::string>& repeatable = {});

/// Parses a command-line date "YYYY-MM-DD", or "today" (the local date), for the named option.
esc_date parse_date_option(const std::string& text, const std::string& option);

/// An owned engine handle.
struct EngineDeleter {
    void operator()(esc_engine* engine) const noexcept { esc_engine_free(engine); }
};
using EnginePtr = std::unique_ptr<esc_engine, EngineDeleter>;

/// Takes every `--rulesets PATH` (and `--rulesets=PATH`) out of the command line, wherever it
/// stands (before or after the command, up to a `--`), keeping their order for load_engine().
std::vector<std::string> take_rulesets_options(std::vector<std::string>& args);
/// The paths taken by take_rulesets_options().
std::vector<std::string>& rulesets_paths();

/// The bundled rulesets as the library finds them (esc_rulesets_dir()).
std::string default_rulesets_path();

/// Loads every --rulesets PATH given, into one engine; else what the library loads without a
/// path (esc_engine_load_default: $ESCALATE_RULESETS, else the bundled rulesets).
EnginePtr load_engine(const Arguments& arguments);
EnginePtr load_engine_from(const std::string& path);
EnginePtr load_engine_from(const std::vector<std::string>& paths);
/// The paths load_engine() loads: every --rulesets, else ESCALATE_RULESETS's, else the bundled.
std::vector<std::string> resolved_rulesets_paths();
/// What load_engine() loads, for messages: the paths joined, or where the default came from.
std::string rulesets_description();

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

/// The JSON answer of `decide --json` (and of the server's POST /v1/decide): the query, the
/// decision, its steps and actions, and with `explain` the working behind the due date.
std::string decision_json(const esc_engine* engine, const esc_query& query, const DecisionResult& result,
                          bool explain);

/// One stage of a worst-case walk: the decision on entering it, and whether its entry and due
/// dates are known (they are not after a stage with no timescale).
struct TimelineRow {
    DecisionResult result;
    bool entered_known = true;
    bool due_known = true;
};

/// `escalate timeline`: the pathway started on `started`, every stage run to its limit
/// unresolved, following the `unresolved` route from the entry stage to its end.
struct Timeline {
    esc_pathway_info info{};
    esc_date started = ESC_NO_DATE;
    std::optional<std::string> subject;
    std::vector<TimelineRow> rows;
    std::string stopped_at;  // a stage with no `unresolved` route, when the walk ends there
};
Timeline walk_timeline(const esc_engine* engine, const std::string& pathway, esc_date start,
                       const char* subject);
/// The JSON form of a walk (`timeline --json`, GET /v1/pathways/{id}/timeline).
std::string timeline_json(const Timeline& timeline);

/// The pathway's flowchart drawn as SVG by Graphviz's `dot` (a child process fed the DOT on
/// its standard input). Throws std::runtime_error when `dot` is missing or fails.
std::string dot_text(const esc_engine* engine, int32_t pathway, const char* subject);
std::string svg_from_dot(const std::string& dot);

/// The CSV form of `recalc` over open streams, with neither progress nor reports on stderr
/// (the rows' status and error columns carry them): the server's POST /v1/recalculate with a
/// CSV body. Throws std::runtime_error for an empty input or a bad header row.
struct CsvRecalcTotals {
    std::uint64_t rows = 0, bad = 0;
};
CsvRecalcTotals recalculate_csv(const esc_engine* engine, std::FILE* input, const std::string& input_name,
                                std::FILE* output, int threads);

/// The columns `recalc --columns` may add, from the stage each row names.
enum class RecalcStageColumn { tier, tier_name, stage_name };

/// `escalate recalc` once its arguments are read and its engines loaded: reads the CSV from
/// `input` (named `input_name` in messages; `input_size` bytes for the progress meter, 0 when
/// unknown), writes `output_path` ("-" for standard output) through a temporary renamed into
/// place only when the run completes, and reports (bad rows, the summary) on std::cerr.
/// Returns the exit status run_recalc returns. run_recalc is this after parsing its
/// arguments; the fuzz target fuzz_csv_recalc may call it directly, with one engine for all
/// inputs.
struct RecalcOptions {
    const esc_engine* engine = nullptr;
    const esc_engine* other = nullptr;  // --compare's engine, or null
    std::string other_name;             // --compare's directory, as messages name it
    int threads = 0;                    // --threads: 0 one worker per core, 1 the calling thread only
    bool changed_only = false;
    esc_date as_of = ESC_NO_DATE;       // --as-of: adds days_left and overdue
    bool keep = false;                  // --keep: every input column, then the computed ones
    std::vector<RecalcStageColumn> stage_columns;  // --columns, in the order given
};
int recalculate_csv_to(const RecalcOptions& options, std::FILE* input, const std::string& input_name,
                       std::uint64_t input_size, const std::string& output_path,
                       std::chrono::steady_clock::time_point started_at);

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
int run_serve(const std::vector<std::string>& args);
int run_due(const std::vector<std::string>& args);
int run_show(const std::vector<std::string>& args);
int run_calendar(const std::vector<std::string>& args);

/// A one-off holiday given on the command line ("[CALENDAR:]DATE=NAME"), for previews.
struct AddedHoliday {
    std::string calendar;  // empty: every calendar of the rulesets
    esc_date date = ESC_NO_DATE;
    std::string name;
};
/// Parses the values of an --add-holiday option; UsageError when one is malformed.
std::vector<AddedHoliday> parse_added_holidays(const std::vector<std::string>& values);
/// Loads the rulesets at paths as if each calendar also declared the added one-offs (through
/// a temporary copy, removed before returning; the files at path are never changed).
EnginePtr load_engine_with_holidays(const std::vector<std::string>& paths, const std::vector<AddedHoliday>& holidays);
int run_case(const std::vector<std::string>& args);
int run_worklist(const std::vector<std::string>& args);

extern const char* const validate_usage;
extern const char* const decide_usage;
extern const char* const timeline_usage;
extern const char* const graph_usage;
extern const char* const recalc_usage;
extern const char* const demo_usage;
extern const char* const serve_usage;
extern const char* const due_usage;
extern const char* const show_usage;
extern const char* const calendar_usage;

/// The usage lines of a command's usage text (up to its first blank line), for usage errors.
std::string short_usage(const char* usage);
extern const char* const case_usage;
extern const char* const worklist_usage;

}  // namespace escalate::cli
