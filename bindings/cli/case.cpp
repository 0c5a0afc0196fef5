// `escalate case`: one case history (docs/case-histories.md) as of a date: where the case
// stands, the stages it passed (late ones marked), and its open obligations.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "csv.hpp"

namespace escalate::cli {

const char* const case_usage =
    "usage: escalate case PATHWAY --entries FILE --as-of DATE [--subject child|adult] [--json]\n"
    "                     [--version V] [--rulesets DIR]\n"
    "\n"
    "Where one case stands on a date, from what was recorded in it: the current stage or\n"
    "outcome, its tier and due date, every stage passed (late ones marked), and every obligation\n"
    "still open with its due date and state.\n"
    "\n"
    "  PATHWAY          a pathway id, e.g. wolverhampton (see `escalate validate`)\n"
    "  --entries FILE   the case's entries in date order: CSV with a header naming the columns\n"
    "                   date,event, or JSON, [{\"date\": \"2024-12-20\", \"event\": \"start\"}, ...].\n"
    "                   The first event is start (or a start event of the pathway); then a\n"
    "                   transition's event (unresolved, resolved, immediate-risk, ...) or\n"
    "                   done:ID for a step or action completed. - reads standard input\n"
    "  --as-of DATE     the day to look at the case; entries dated after it are not applied\n"
    "  --subject S      child or adult\n"
    "  --version V      the version of the pathway to apply (see `escalate validate`); without\n"
    "                   it, the version in force on the outset (the first entry's date)\n"
    "  --json           print JSON (every stage and obligation) instead of text\n"
    "  --rulesets DIR   load rulesets from DIR instead of the bundled ones\n"
    "\n"
    "example: escalate case wolverhampton --entries case.csv --as-of 2025-01-07\n";

namespace {

struct Entries {
    std::vector<std::string> events;
    std::vector<esc_date> dates;
};

std::string read_all(const std::string& path) {
    if (path == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        return text.str();
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UsageError("cannot read --entries " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

esc_date entry_date(const std::string& text, const std::string& where) {
    esc_date date = ESC_NO_DATE;
    if (esc_date_parse(text.c_str(), &date) != ESC_OK)
        throw UsageError(where + ": \"" + text + "\" is not a date (YYYY-MM-DD)");
    return date;
}

Entries read_json_entries(const std::string& text, const std::string& path) {
    Entries out;
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw UsageError(path + ": not valid JSON: " + e.what());
    }
    const nlohmann::json* list = &document;
    if (document.is_object() && document.contains("entries")) list = &document["entries"];
    if (!list->is_array()) throw UsageError(path + ": expected an array of {\"date\", \"event\"} objects");
    for (std::size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json& item = (*list)[i];
        const std::string where = path + ": entry " + std::to_string(i);
        if (!item.is_object() || !item.contains("date") || !item.contains("event") || !item["date"].is_string() ||
            !item["event"].is_string())
            throw UsageError(where + ": expected {\"date\": \"YYYY-MM-DD\", \"event\": \"...\"}");
        out.dates.push_back(entry_date(item["date"].get<std::string>(), where));
        out.events.push_back(item["event"].get<std::string>());
    }
    return out;
}

Entries read_csv_entries(const std::string& text, const std::string& path) {
    Entries out;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(fmemopen(const_cast<char*>(text.data()), text.size(), "r"),
                                                         &std::fclose);
    if (!file) throw UsageError("cannot read --entries " + path);
    CsvReader reader(file.get());
    CsvRecord record;
    long date_column = -1, event_column = -1;
    if (!reader.read(record)) return out;
    for (std::size_t i = 0; i < record.field_count(); ++i) {
        if (record.field(i) == "date") date_column = static_cast<long>(i);
        if (record.field(i) == "event") event_column = static_cast<long>(i);
    }
    if (date_column < 0 || event_column < 0)
        throw UsageError(path + ": line 1: the header must name the columns date and event");
    while (reader.read(record)) {
        const std::string where = path + ": line " + std::to_string(record.line);
        if (!record.problem.empty()) throw UsageError(where + ": " + record.problem);
        if (record.field_count() <= static_cast<std::size_t>(std::max(date_column, event_column)))
            throw UsageError(where + ": expected the columns date,event");
        out.dates.push_back(entry_date(std::string(record.field(static_cast<std::size_t>(date_column))), where));
        out.events.push_back(std::string(record.field(static_cast<std::size_t>(event_column))));
    }
    return out;
}

Entries read_entries(const std::string& path) {
    const std::string text = read_all(path);
    const auto first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool json = (path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0) ||
                      (first != std::string::npos && (text[first] == '[' || text[first] == '{'));
    Entries entries = json ? read_json_entries(text, path) : read_csv_entries(text, path);
    if (entries.dates.empty()) throw UsageError(path + ": no entries (the first is start, dated the outset)");
    return entries;
}

const char* state_name(int32_t state) {
    switch (state) {
        case ESC_STATE_OPEN: return "open";
        case ESC_STATE_DUE_TODAY: return "due today";
        case ESC_STATE_OVERDUE: return "overdue";
        case ESC_STATE_DONE_ON_TIME: return "done on time";
        case ESC_STATE_DONE_LATE: return "done late";
        case ESC_STATE_LEFT_UNDONE: return "left undone";
    }
    return "open";
}

const char* kind_name(int32_t kind) {
    switch (kind) {
        case ESC_CASE_OBLIGATION_STAGE: return "stage";
        case ESC_CASE_OBLIGATION_STEP: return "step";
        default: return "action";
    }
}

struct CaseResult {
    esc_case result{};
    std::vector<esc_case_stage> stages;
    std::vector<esc_case_obligation> obligations;
};

CaseResult evaluate(const esc_engine* engine, const esc_case_query& query) {
    CaseResult out;
    out.stages.resize(8);
    out.obligations.resize(32);
    for (;;) {
        esc_case_init(&out.result);
        out.result.stages = out.stages.data();
        out.result.stages_capacity = out.stages.size();
        out.result.obligations = out.obligations.data();
        out.result.obligations_capacity = out.obligations.size();
        const esc_status status = esc_case_evaluate(engine, &query, &out.result);
        check(status);
        if (out.result.stage_count <= out.stages.size() && out.result.obligation_count <= out.obligations.size()) break;
        out.stages.resize(out.result.stage_count);
        out.obligations.resize(out.result.obligation_count);
    }
    out.stages.resize(out.result.stage_count);
    out.obligations.resize(out.result.obligation_count);
    return out;
}

std::string due_text(const esc_case_obligation& o) {
    if (o.due_rule == ESC_DUE_RULE_WAITING)
        return std::string("no date yet: waits for ") + (o.waits_for ? o.waits_for : "the step before");
    if (o.due_rule == ESC_DUE_RULE_PAST_CALENDAR_END) return "past the calendar's end";
    if (o.due == ESC_NO_DATE) return "no timescale stated";
    return "due " + iso_with_weekday(o.due) + ", " + force_name(o.force) + (o.provisional ? " (provisional)" : "");
}

void write_text(const std::string& pathway, const std::string& version, const esc_case_query& query, const CaseResult& r,
                std::ostream& out) {
    const esc_case& c = r.result;
    out << pathway << " version " << version << " as of " << iso_with_weekday(query.as_of);
    if (query.subject) out << ", subject " << query.subject;
    out << " (" << c.entries_applied << " of " << query.entry_count << " entries applied)\n";
    if (c.terminal) {
        out << "outcome: " << c.stage << ": " << c.stage_name << " (" << outcome_kind_name(c.outcome_kind)
            << "), reached " << iso_with_weekday(c.entered) << "\n";
    } else {
        out << "stage: " << c.stage << ": " << c.stage_name << "\n"
            << "tier: " << c.tier_name << "\n"
            << "entered " << iso_with_weekday(c.entered) << ", ";
        if (c.due == ESC_NO_DATE) {
            out << "no due date (no timescale stated)\n";
        } else {
            out << "due " << iso_with_weekday(c.due) << ", " << force_name(c.force) << " ("
                << due_rule_name(c.due_rule) << ")";
            if (c.overdue) out << ": OVERDUE";
            if (c.overdue_on_entry) out << " (overdue on entry)";
            out << "\n";
        }
    }
    out << "history (outset " << iso_with_weekday(c.started) << "):\n";
    for (const esc_case_stage& s : r.stages) {
        out << "  " << s.stage << ": entered " << iso(s.entered) << ", left " << iso(s.left) << " on " << s.left_on
            << ", due " << iso(s.due) << (s.left_late ? "  LATE" : "") << "\n";
    }
    if (c.terminal) {
        out << "  " << c.stage << ": reached " << iso(c.entered) << "\n";
    } else {
        out << "  " << c.stage << ": entered " << iso(c.entered) << ", current"
            << (c.overdue ? "  OVERDUE" : "") << "\n";
    }
    std::size_t open = 0;
    for (const esc_case_obligation& o : r.obligations) {
        if (o.kind == ESC_CASE_OBLIGATION_STAGE) continue;
        if (o.state != ESC_STATE_OPEN && o.state != ESC_STATE_DUE_TODAY && o.state != ESC_STATE_OVERDUE) continue;
        if (open++ == 0) out << "open obligations:\n";
        out << "  " << o.id << " (" << kind_name(o.kind) << (o.side_track ? ", side track" : "")
            << (o.source == ESC_FROM_STAGE ? "" : std::string(", from the ") + source_name(o.source)) << "): " << o.name
            << "\n    " << due_text(o) << ": " << state_name(o.state) << "\n";
    }
    if (open == 0) out << "open obligations: none\n";
}

void write_json(const std::string& pathway, const std::string& version, const esc_case_query& query, const CaseResult& r,
                std::ostream& out) {
    const esc_case& c = r.result;
    out << "{\"pathway\":" << json_string(pathway) << ",\"version\":" << json_string(version.c_str()) << ",\"subject\":" << json_string(query.subject)
        << ",\"as_of\":" << json_date(query.as_of) << ",\"entries_applied\":" << c.entries_applied
        << ",\"stage\":" << json_string(c.stage) << ",\"stage_name\":" << json_string(c.stage_name)
        << ",\"terminal\":" << (c.terminal ? "true" : "false")
        << ",\"outcome_kind\":" << (c.terminal ? json_string(outcome_kind_name(c.outcome_kind)) : "null")
        << ",\"tier\":" << json_string(c.tier) << ",\"tier_name\":" << json_string(c.tier_name)
        << ",\"started\":" << json_date(c.started) << ",\"entered\":" << json_date(c.entered)
        << ",\"due\":" << json_date(c.due) << ",\"due_rule\":" << json_string(due_rule_name(c.due_rule))
        << ",\"force\":" << (c.due == ESC_NO_DATE ? "null" : json_string(force_name(c.force)))
        << ",\"overdue\":" << (c.overdue ? "true" : "false")
        << ",\"overdue_on_entry\":" << (c.overdue_on_entry ? "true" : "false") << ",\"stages_passed\":[";
    for (std::size_t i = 0; i < r.stages.size(); ++i) {
        const esc_case_stage& s = r.stages[i];
        out << (i ? "," : "") << "{\"stage\":" << json_string(s.stage) << ",\"entered\":" << json_date(s.entered)
            << ",\"left\":" << json_date(s.left) << ",\"left_on\":" << json_string(s.left_on)
            << ",\"due\":" << json_date(s.due) << ",\"left_late\":" << (s.left_late ? "true" : "false") << "}";
    }
    out << "],\"obligations\":[";
    for (std::size_t i = 0; i < r.obligations.size(); ++i) {
        const esc_case_obligation& o = r.obligations[i];
        out << (i ? "," : "") << "{\"kind\":" << json_string(kind_name(o.kind)) << ",\"id\":" << json_string(o.id)
            << ",\"name\":" << json_string(o.name) << ",\"stage\":" << json_string(o.stage)
            << ",\"from\":" << json_string(source_name(o.source)) << ",\"side_track\":" << (o.side_track ? "true" : "false")
            << ",\"arose\":" << json_date(o.arose) << ",\"due\":" << json_date(o.due)
            << ",\"due_rule\":" << json_string(due_rule_name(o.due_rule))
            << ",\"force\":" << (o.due == ESC_NO_DATE ? "null" : json_string(force_name(o.force)))
            << ",\"provisional\":" << (o.provisional ? "true" : "false") << ",\"waits_for\":" << json_string(o.waits_for)
            << ",\"done\":" << json_date(o.done) << ",\"state\":" << json_string(state_name(o.state))
            << ",\"clause\":" << json_string(o.clause) << "}";
    }
    out << "]}\n";
}

}  // namespace

int run_case(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--entries", "--as-of", "--subject", "--version", "--rulesets"}, {"--json"});
    if (arguments.positional.size() != 1)
        throw UsageError(arguments.positional.empty() ? "a PATHWAY is required" : "only one PATHWAY may be given");
    const auto entries_path = arguments.value("--entries");
    if (!entries_path) throw UsageError("--entries FILE is required");
    const auto as_of = arguments.value("--as-of");
    if (!as_of) throw UsageError("--as-of DATE is required");
    const esc_date as_of_date = parse_date_option(*as_of, "--as-of");
    const Entries entries = read_entries(*entries_path);

    const EnginePtr engine = load_engine(arguments);
    const std::string pathway = arguments.positional[0];
    const auto subject = arguments.value("--subject");
    std::vector<const char*> events;
    for (const std::string& event : entries.events) events.push_back(event.c_str());
    esc_case_query query;
    esc_case_query_init(&query);
    query.pathway = pathway.c_str();
    query.subject = subject ? subject->c_str() : nullptr;
    query.entry_count = entries.dates.size();
    query.entry_dates = entries.dates.data();
    query.entry_events = events.data();
    query.as_of = as_of_date;
    const auto version = arguments.value("--version");
    query.version = version ? version->c_str() : nullptr;

    const CaseResult result = evaluate(engine.get(), query);
    esc_pathway_info governed = ESC_PATHWAY_INFO_INIT;  // the version that governed the case
    check(esc_pathway_info_get(engine.get(), result.result.pathway_index, &governed));
    const std::string version_text = governed.version;
    if (arguments.flags.count("--json")) write_json(pathway, version_text, query, result, std::cout);
    else write_text(pathway, version_text, query, result, std::cout);
    return exit_ok;
}

}  // namespace escalate::cli
