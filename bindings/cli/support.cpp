// Errors, engine loading, formatting and the decide wrapper shared by the commands.
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <unistd.h>

#include "cli.hpp"

namespace escalate::cli {

std::string last_error_message(esc_status status) {
    std::string message = esc_last_error();
    // "esc_decide: ..." -> "...": the C function's name means nothing on a command line.
    if (message.compare(0, 4, "esc_") == 0) {
        const auto colon = message.find(": ");
        if (colon != std::string::npos) message.erase(0, colon + 2);
    }
    if (message.empty()) message = esc_status_name(status);
    return message;
}

void check(esc_status status) {
    if (status == ESC_OK) return;
    throw CallError(status, last_error_message(status));
}

std::vector<std::string>& rulesets_paths() {
    static std::vector<std::string> paths;
    return paths;
}

std::vector<std::string> take_rulesets_options(std::vector<std::string>& args) {
    std::vector<std::string> taken, rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--") {
            rest.insert(rest.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
            break;
        }
        if (arg == "--rulesets") {
            if (i + 1 >= args.size()) throw UsageError("--rulesets needs a value");
            taken.push_back(args[++i]);
        } else if (arg.rfind("--rulesets=", 0) == 0) {
            taken.push_back(arg.substr(std::strlen("--rulesets=")));
        } else {
            rest.push_back(arg);
        }
    }
    for (const std::string& path : taken)
        if (path.empty()) throw UsageError("--rulesets needs a path, not an empty value");
    args = std::move(rest);
    return taken;
}

std::string default_rulesets_path() {
    return esc_rulesets_dir();
}

EnginePtr load_engine_from(const std::vector<std::string>& paths) {
    std::vector<const char*> pointers;
    for (const std::string& path : paths) pointers.push_back(path.c_str());
    esc_engine* engine = nullptr;
    check(esc_engine_load_paths(pointers.data(), pointers.size(), &engine));
    return EnginePtr(engine);
}

EnginePtr load_engine_from(const std::string& path) {
    return load_engine_from(std::vector<std::string>{path});
}

EnginePtr load_engine(const Arguments&) {
    if (!rulesets_paths().empty()) return load_engine_from(rulesets_paths());
    esc_engine* engine = nullptr;
    check(esc_engine_load_default(&engine));
    return EnginePtr(engine);
}

std::vector<std::string> resolved_rulesets_paths() {
    // Every --rulesets given, else what esc_engine_load_default() loads: the paths in
    // ESCALATE_RULESETS, else the bundled rulesets. Resolved to paths for the commands that
    // need files rather than an engine (serve reloads them; --add-holiday copies them).
    std::vector<std::string> paths = rulesets_paths();
    if (!paths.empty()) return paths;
    const char* variable = std::getenv("ESCALATE_RULESETS");
    const std::string list = variable ? variable : "";
    for (std::size_t start = 0; start < list.size();) {
        const std::size_t end = std::min(list.find(':', start), list.size());
        if (end > start) paths.push_back(list.substr(start, end - start));
        start = end + 1;
    }
    if (paths.empty()) paths.push_back(default_rulesets_path());
    return paths;
}

std::string rulesets_description() {
    std::string joined;
    if (!rulesets_paths().empty()) {
        for (const std::string& path : rulesets_paths()) joined += (joined.empty() ? "" : " + ") + path;
        return joined;
    }
    const char* variable = std::getenv("ESCALATE_RULESETS");
    if (variable && *variable) return std::string(variable) + " (ESCALATE_RULESETS)";
    return default_rulesets_path();
}

std::string short_usage(const char* usage) {
    const std::string text = usage;
    const auto blank = text.find("\n\n");
    return blank == std::string::npos ? text : text.substr(0, blank + 1);
}

std::string iso(esc_date date) {
    char buffer[ESC_DATE_BUFFER_SIZE];
    if (date == ESC_NO_DATE || esc_date_format(date, buffer, sizeof buffer) != ESC_OK) return "none";
    return buffer;
}

std::string weekday_name(esc_date date) {
    static const char* const names[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    int weekday = 0;
    if (esc_date_weekday(date, &weekday) != ESC_OK) return "?";
    return names[weekday - 1];
}

std::string iso_with_weekday(esc_date date) {
    if (date == ESC_NO_DATE) return "none";
    return iso(date) + " (" + weekday_name(date) + ")";
}

std::string json_string(const std::string& text) {
    std::string quoted;
    quoted.reserve(text.size() + 2);
    quoted += '"';
    std::size_t run = 0;  // the start of the characters not yet copied, which need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;  // UTF-8 passes through unchanged
        quoted.append(text, run, i - run);
        run = i + 1;
        switch (c) {
            case '"': quoted += "\\\""; break;
            case '\\': quoted += "\\\\"; break;
            case '\n': quoted += "\\n"; break;
            case '\r': quoted += "\\r"; break;
            case '\t': quoted += "\\t"; break;
            default: {
                static const char hex[] = "0123456789abcdef";
                quoted += "\\u00";
                quoted += hex[c >> 4];
                quoted += hex[c & 15];
            }
        }
    }
    quoted.append(text, run, std::string::npos);
    return quoted + '"';
}

std::string json_string(const char* text) {
    return text ? json_string(std::string(text)) : "null";
}

std::string json_date(esc_date date) {
    return date == ESC_NO_DATE ? "null" : json_string(iso(date));
}

const char* deadline_kind_name(int32_t kind) {
    switch (kind) {
        case ESC_DEADLINE_IMMEDIATELY: return "immediately";
        case ESC_DEADLINE_WORKING_DAYS: return "working-days";
        case ESC_DEADLINE_CALENDAR_DAYS: return "calendar-days";
        case ESC_DEADLINE_HOURS: return "hours";
        default: return "none";
    }
}

const char* anchor_name(int32_t anchor) {
    switch (anchor) {
        case ESC_ANCHOR_PATHWAY_START: return "pathway-start";
        case ESC_ANCHOR_PREVIOUS_STEP: return "previous-step";
        case ESC_ANCHOR_ON_EVENT: return "on-event";
        default: return "stage-entry";
    }
}

const char* due_rule_name(int32_t rule) {
    switch (rule) {
        case ESC_DUE_RULE_STAGE_TIMESCALE: return "stage-timescale";
        case ESC_DUE_RULE_OVERALL_LIMIT: return "overall-limit";
        case ESC_DUE_RULE_WAITING: return "waiting";
        case ESC_DUE_RULE_PAST_CALENDAR_END: return "past-calendar-end";
        default: return "none";
    }
}

const char* force_name(int32_t force) {
    switch (force) {
        case ESC_FORCE_SHOULD: return "should";
        case ESC_FORCE_EXPECTED: return "expected";
        case ESC_FORCE_USUALLY: return "usually";
        default: return "must";
    }
}

const char* source_name(int32_t source) {
    switch (source) {
        case ESC_FROM_TRANSITION: return "event";
        case ESC_FROM_OUTCOME: return "outcome";
        default: return "stage";
    }
}

const char* outcome_kind_name(int32_t kind) {
    switch (kind) {
        case ESC_OUTCOME_RESOLVED: return "resolved";
        case ESC_OUTCOME_FINAL_DECISION: return "final-decision";
        case ESC_OUTCOME_EXIT: return "exit";
        default: return "none";
    }
}

DecisionResult decide(const esc_engine* engine, const esc_query& query) {
    DecisionResult result;
    result.steps.resize(8);
    result.actions.resize(8);
    for (;;) {
        esc_decision& decision = result.decision;
        decision = esc_decision{};
        decision.size = sizeof decision;
        decision.obligation_size = sizeof(esc_obligation);
        decision.steps = result.steps.data();
        decision.steps_capacity = result.steps.size();
        decision.actions = result.actions.data();
        decision.actions_capacity = result.actions.size();
        check(esc_decide(engine, &query, &decision));
        if (decision.step_count <= result.steps.size() &&
            decision.action_count <= result.actions.size()) {
            result.steps.resize(decision.step_count);
            result.actions.resize(decision.action_count);
            return result;
        }
        // More than fitted: grow to the reported totals and ask again.
        result.steps.resize(std::max(result.steps.size(), decision.step_count));
        result.actions.resize(std::max(result.actions.size(), decision.action_count));
    }
}

}  // namespace escalate::cli
