// `escalate timeline`: every stage's due date if each runs to its limit unresolved.
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {

const char* const timeline_usage =
    "usage: escalate timeline PATHWAY --start DATE [--subject child|adult] [--json]\n"
    "\n"
    "The worst case: the pathway is started on DATE and every stage runs to its limit without\n"
    "resolution. From the entry stage the `unresolved` route is followed to its end, each stage\n"
    "entered on the previous stage's due date. Prints each stage, its tier, the dates it is\n"
    "entered and due, and its steps and required actions.\n"
    "\n"
    "  PATHWAY          a pathway id, e.g. wolverhampton\n"
    "  --start DATE     the outset of the disagreement, YYYY-MM-DD\n"
    "  --subject S      child or adult, when the pathway's tiers or routes depend on it\n"
    "  --json           print JSON instead of text\n"
    "\n"
    "When a stage states no timescale, the next stage's entry date is unknown, and so are the\n"
    "dates that count from it; dates fixed from the outset (overall limits) are still shown.\n";

namespace {

/// Whether a decision's due date is fixed without knowing when the stage was entered: it
/// counts from the outset, or an overall limit stands in for a missing own timescale.
bool due_independent_of_entry(const esc_decision& d) {
    if (d.due_rule == ESC_DUE_RULE_OVERALL_LIMIT && d.deadline_kind == ESC_DEADLINE_NONE) return true;
    return d.due_rule == ESC_DUE_RULE_STAGE_TIMESCALE && d.anchor == ESC_ANCHOR_PATHWAY_START &&
           !d.limit_id;
}

std::string date_or_unknown(esc_date date, bool known) {
    return known ? iso_with_weekday(date) : std::string("unknown (the stage before states no timescale)");
}

}  // namespace

Timeline walk_timeline(const esc_engine* engine, const std::string& pathway, esc_date start,
                       const char* subject) {
    Timeline timeline;
    timeline.started = start;
    esc_pathway_info& info = timeline.info;
    std::vector<TimelineRow>& rows = timeline.rows;
    std::string& stopped_at = timeline.stopped_at;
    int32_t pathway_index = -1;
    // The version in force on the outset, the one every step of the walk is answered by.
    check(esc_engine_pathway_select(engine, pathway.c_str(), nullptr, start, &pathway_index));
    info.size = sizeof info;
    check(esc_pathway_info_get(engine, pathway_index, &info));

    esc_query query{};
    query.size = sizeof query;
    query.pathway = pathway.c_str();
    query.subject = subject;
    query.at = start;
    query.started = start;
    bool entered_known = true;
    // The engine rejects cycles, so the walk ends; the bound is a second line of defence.
    for (int32_t guard = 0; guard <= info.stage_count; ++guard) {
        TimelineRow row;
        try {
            row.result = decide(engine, query);
        } catch (const CallError& error) {
            // The last stage reached has no `unresolved` route: the walk ends there.
            if (error.status != ESC_NO_TRANSITION || !query.stage) throw;
            stopped_at = query.stage;
            break;
        }
        row.entered_known = entered_known;
        const esc_decision& d = row.result.decision;
        row.due_known = entered_known || due_independent_of_entry(d);
        const bool terminal = d.terminal != 0;
        const bool due_exists = row.due_known && d.due != ESC_NO_DATE;
        // Without a due date the next entry is unknown; the walk goes on (routes do not depend
        // on dates) with the last known date standing in, and dates that depend on it hidden.
        query.stage = d.stage;  // engine-owned, valid while the engine lives
        query.event = "unresolved";
        if (due_exists) query.at = d.due;
        entered_known = due_exists;
        rows.push_back(std::move(row));
        if (terminal) break;
    }

    if (subject) timeline.subject = subject;
    return timeline;
}

std::string timeline_json(const Timeline& timeline) {
    const esc_pathway_info& info = timeline.info;
    const std::vector<TimelineRow>& rows = timeline.rows;
    const std::string& stopped_at = timeline.stopped_at;
    std::ostringstream json;
    json << "{\"pathway\":" << json_string(info.id) << ",\"title\":" << json_string(info.title)
         << ",\"version\":" << json_string(info.version) << ",\"started\":" << json_date(timeline.started)
         << ",\"subject\":" << (timeline.subject ? json_string(*timeline.subject) : "null") << ",\"stages\":[";
    bool first = true;
    std::string end = "null";
    for (const TimelineRow& row : rows) {
        const esc_decision& d = row.result.decision;
        if (d.terminal) {
            end = "{\"outcome\":" + json_string(d.stage) + ",\"name\":" + json_string(d.stage_name) +
                  ",\"kind\":" + json_string(outcome_kind_name(d.outcome_kind)) +
                  ",\"reached\":" + (row.entered_known ? json_date(d.entered) : "null") + "}";
            continue;
        }
        if (!first) json << ",";
        first = false;
        json << "{\"stage\":" << json_string(d.stage) << ",\"stage_name\":" << json_string(d.stage_name)
              << ",\"tier\":" << json_string(d.tier) << ",\"tier_name\":" << json_string(d.tier_name)
              << ",\"entered\":" << (row.entered_known ? json_date(d.entered) : "null")
              << ",\"due\":" << (row.due_known ? json_date(d.due) : "null")
              << ",\"due_rule\":" << json_string(due_rule_name(d.due_rule))
              << ",\"steps\":" << obligations_json(row.entered_known ? row.result.steps : std::vector<esc_obligation>{})
              << ",\"actions\":" << obligations_json(row.entered_known ? row.result.actions : std::vector<esc_obligation>{})
              << "}";
    }
    if (!stopped_at.empty()) end = "{\"no_unresolved_route_from\":" + json_string(stopped_at) + "}";
    json << "],\"end\":" << end << "}";
    return json.str();
}

int run_timeline(const std::vector<std::string>& args) {
    const Arguments arguments =
        parse_arguments(args, {"--start", "--subject"}, {"--json"});
    if (arguments.positional.size() != 1)
        throw UsageError(arguments.positional.empty() ? "a PATHWAY is required"
                                                      : "only one PATHWAY may be given");
    const auto start_text = arguments.value("--start");
    if (!start_text) throw UsageError("--start DATE is required");
    const esc_date start = parse_date_option(*start_text, "--start");
    const EnginePtr engine = load_engine(arguments);
    const std::string pathway = arguments.positional[0];
    const auto subject = arguments.value("--subject");
    const Timeline timeline = walk_timeline(engine.get(), pathway, start, subject ? subject->c_str() : nullptr);
    const esc_pathway_info& info = timeline.info;
    const std::vector<TimelineRow>& rows = timeline.rows;
    const std::string& stopped_at = timeline.stopped_at;

    if (arguments.flags.count("--json")) {
        std::cout << timeline_json(timeline) << "\n";
        return exit_ok;
    }

    std::ostringstream out;
    out << info.id << ": " << info.title << " (" << info.version << ")\n"
        << "started " << iso_with_weekday(start) << "; every stage runs to its limit unresolved";
    if (timeline.subject) out << "; subject " << *timeline.subject;
    out << "\n";
    for (const TimelineRow& row : rows) {
        const esc_decision& d = row.result.decision;
        out << "\n";
        if (d.terminal) {
            out << "end: " << d.stage << " (" << d.stage_name << "), " << outcome_kind_name(d.outcome_kind)
                << ", reached " << date_or_unknown(d.entered, row.entered_known) << "\n";
            continue;
        }
        out << d.stage << ": " << d.stage_name << "\n"
            << "  tier     " << d.tier << " (" << d.tier_name << ")\n"
            << "  entered  " << date_or_unknown(d.entered, row.entered_known) << "\n"
            << "  due      "
            << (!row.due_known ? date_or_unknown(d.due, false)
                : d.due == ESC_NO_DATE ? std::string("none (the source states no timescale)")
                                       : iso_with_weekday(d.due))
            << "\n";
        for (const auto* list : {&row.result.steps, &row.result.actions}) {
            const char* label = list == &row.result.steps ? "step" : "action";
            for (const esc_obligation& item : *list) {
                out << "  " << label << (list == &row.result.steps ? "     " : "   ") << item.id << ": "
                    << item.name << ", due ";
                if (!row.entered_known && item.anchor != ESC_ANCHOR_PATHWAY_START) out << "unknown";
                else if (item.due == ESC_NO_DATE) out << "none";
                else out << iso_with_weekday(item.due);
                out << "\n";
            }
        }
    }
    if (!stopped_at.empty())
        out << "\nend: " << stopped_at << " has no `unresolved` route; the pathway ends there\n";
    std::cout << out.str();
    return exit_ok;
}

}  // namespace escalate::cli
