// `escalate decide`: the next stage, tier, due date and actions for one case.
#include <iostream>
#include <sstream>

#include "cli.hpp"

namespace escalate::cli {

const char* const decide_usage =
    "usage: escalate decide PATHWAY --at DATE [--stage STAGE --event EVENT] [--subject child|adult]\n"
    "                       [--started DATE] [--entered DATE] [--version V] [--json] [--explain]\n"
    "\n"
    "What happens next in a case: the next stage (or terminal outcome), the tier responsible,\n"
    "the due date, and the stage's steps and required actions with their due dates.\n"
    "\n"
    "  PATHWAY          a pathway id, e.g. wolverhampton (see `escalate validate`)\n"
    "  --at DATE        the date of the event, YYYY-MM-DD: the date the next stage is entered\n"
    "  --stage STAGE    the stage the case is at now; leave out to start the pathway\n"
    "  --event EVENT    what happened: resolved, unresolved, immediate-risk, or an event the\n"
    "                   pathway declares; required with --stage, optional when starting\n"
    "  --subject S      child or adult, when the pathway's tiers or routes depend on it\n"
    "  --started DATE   the outset of the disagreement (the pathway's start); needed for overall\n"
    "                   limits and outset-anchored stages when --stage is given\n"
    "  --entered DATE   the date the current stage was entered; needed when the event keeps the\n"
    "                   case at its stage (a side track), whose clock keeps running\n"
    "  --version V      the version of the pathway to apply (see `escalate validate`); without\n"
    "                   it, the version in force on the outset (--started, else --at)\n"
    "  --json           print JSON instead of text\n"
    "  --explain        show why: each working day counted, each weekend day and holiday skipped,\n"
    "                   which rule set the due date, its force, and how the source was read\n"
    "\n"
    "example: escalate decide wolverhampton --stage stage-1 --event unresolved \\\n"
    "             --at 2023-03-13 --started 2023-03-06 --explain\n";

namespace {

// "due 2024-03-18 (Mon), must" or why there is no date.
std::string due_text(const esc_obligation& item) {
    switch (item.due_rule) {
        case ESC_DUE_RULE_WAITING:
            return std::string("none yet: waits for ") + (item.waits_for ? item.waits_for : "the step before");
        case ESC_DUE_RULE_PAST_CALENDAR_END: return "past the calendar's end (no date can be given)";
        default: break;
    }
    if (item.due == ESC_NO_DATE) return "none (no timescale stated)";
    return iso_with_weekday(item.due) + ", " + force_name(item.force);
}

void write_obligations_text(const char* heading, const std::vector<esc_obligation>& items,
                            std::ostream& out) {
    if (items.empty()) return;
    out << heading << ":\n";
    for (const esc_obligation& item : items) {
        out << "  " << item.id << ": " << item.name;
        if (item.source != ESC_FROM_STAGE) out << "  (from the " << source_name(item.source) << ")";
        out << "\n    due " << due_text(item);
        if (item.clause && *item.clause) out << "  [" << item.clause << "]";
        out << "\n";
    }
}

}  // namespace

std::string obligations_json(const std::vector<esc_obligation>& items) {
    std::string json = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        const esc_obligation& item = items[i];
        if (i) json += ",";
        json += "{\"id\":" + json_string(item.id) + ",\"name\":" + json_string(item.name) +
                ",\"due\":" + json_date(item.due) +
                ",\"deadline\":" + json_string(deadline_kind_name(item.deadline_kind)) +
                ",\"days\":" + std::to_string(item.deadline_days) +
                ",\"hours\":" + std::to_string(item.deadline_hours) +
                ",\"anchor\":" + json_string(anchor_name(item.anchor)) +
                ",\"waits_for\":" + json_string(item.waits_for) +
                ",\"due_rule\":" + json_string(due_rule_name(item.due_rule)) +
                ",\"force\":" + json_string(force_name(item.force)) +
                ",\"from\":" + json_string(source_name(item.source)) +
                ",\"clause\":" + json_string(item.clause) + "}";
    }
    return json + "]";
}

std::string decision_json(const esc_engine* engine, const esc_query& query, const DecisionResult& result,
                          bool explain) {
    const esc_decision& d = result.decision;
    std::ostringstream json;
    esc_pathway_info version = ESC_PATHWAY_INFO_INIT;  // the version that answered
    check(esc_pathway_info_get(engine, d.pathway_index, &version));
    json << "{\"pathway\":" << json_string(query.pathway)
         << ",\"version\":" << json_string(version.version)
         << ",\"from_stage\":" << json_string(query.stage)
         << ",\"event\":" << json_string(query.event)
         << ",\"subject\":" << json_string(query.subject)
         << ",\"stage\":" << json_string(d.stage)
         << ",\"stage_name\":" << json_string(d.stage_name)
         << ",\"terminal\":" << (d.terminal ? "true" : "false")
         << ",\"outcome_kind\":" << (d.terminal ? json_string(outcome_kind_name(d.outcome_kind)) : "null")
         << ",\"tier\":" << json_string(d.tier)
         << ",\"tier_name\":" << json_string(d.tier_name)
         << ",\"entered\":" << json_date(d.entered)
         << ",\"started\":" << json_date(d.started)
         << ",\"due\":" << json_date(d.due)
         << ",\"due_rule\":" << json_string(due_rule_name(d.due_rule))
         << ",\"force\":" << (d.due == ESC_NO_DATE ? "null" : json_string(force_name(d.force)))
         << ",\"overdue\":" << (d.overdue ? "true" : "false")
         << ",\"side_track\":" << (d.side_track ? "true" : "false")
         << ",\"waits_for\":" << json_string(d.waits_for)
         << ",\"clause\":" << json_string(d.clause)
         << ",\"transition_clause\":" << json_string(d.transition_clause)
         << ",\"steps\":" << obligations_json(result.steps)
         << ",\"actions\":" << obligations_json(result.actions);
    if (explain) json << ",\"explanation\":" << explain_json(engine, d);
    json << "}";
    return json.str();
}

int run_decide(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(
        args, {"--at", "--stage", "--event", "--subject", "--started", "--entered", "--version"},
        {"--json", "--explain"});
    if (arguments.positional.size() != 1)
        throw UsageError(arguments.positional.empty() ? "a PATHWAY is required"
                                                      : "only one PATHWAY may be given");
    const auto at = arguments.value("--at");
    if (!at) throw UsageError("--at DATE is required");
    if (arguments.has("--stage") && !arguments.has("--event"))
        throw UsageError("--event is required with --stage (resolved, unresolved, immediate-risk, ...)");

    const EnginePtr engine = load_engine(arguments);
    const std::string pathway = arguments.positional[0];
    const auto stage = arguments.value("--stage");
    const auto event = arguments.value("--event");
    const auto subject = arguments.value("--subject");
    const auto version = arguments.value("--version");

    esc_query query{};
    query.size = sizeof query;
    query.pathway = pathway.c_str();
    query.stage = stage ? stage->c_str() : nullptr;
    query.event = event ? event->c_str() : nullptr;
    query.subject = subject ? subject->c_str() : nullptr;
    query.at = parse_date_option(*at, "--at");
    query.started = arguments.has("--started")
                        ? parse_date_option(*arguments.value("--started"), "--started")
                        : ESC_NO_DATE;
    query.entered = arguments.has("--entered")
                        ? parse_date_option(*arguments.value("--entered"), "--entered")
                        : ESC_NO_DATE;
    query.version = version ? version->c_str() : nullptr;

    const DecisionResult result = decide(engine.get(), query);
    const esc_decision& d = result.decision;

    if (arguments.flags.count("--json")) {
        std::cout << decision_json(engine.get(), query, result, arguments.flags.count("--explain") > 0) << "\n";
        return exit_ok;
    }

    std::ostringstream out;
    if (d.terminal) {
        out << "outcome:  " << d.stage << " (" << d.stage_name << ")\n"
            << "kind:     " << outcome_kind_name(d.outcome_kind) << "\n"
            << "reached:  " << iso_with_weekday(d.entered) << "\n";
    } else {
        out << "stage:    " << d.stage << " (" << d.stage_name << ")\n"
            << "tier:     " << d.tier << " (" << d.tier_name << ")\n"
            << "entered:  " << iso_with_weekday(d.entered) << "\n"
            << "started:  " << iso_with_weekday(d.started) << "\n"
            << "due:      "
            << (d.due_rule == ESC_DUE_RULE_WAITING ? std::string("none yet: waits for ") + d.waits_for
                : d.due == ESC_NO_DATE             ? std::string("none (the source states no timescale)")
                                                   : iso_with_weekday(d.due) + ", " + force_name(d.force))
            << (d.overdue ? "  -- overdue on entry" : "") << "\n";
        if (d.side_track) out << "note:     a side track: the case stays at this stage and its clock keeps running\n";
    }
    if (d.clause && *d.clause) out << "clause:   " << d.clause << "\n";
    if (d.transition_clause && *d.transition_clause) out << "route:    " << d.transition_clause << "\n";
    esc_pathway_info version_info = ESC_PATHWAY_INFO_INIT;
    check(esc_pathway_info_get(engine.get(), d.pathway_index, &version_info));
    out << "version:  " << version_info.version << " (effective from " << version_info.effective_from_stated << ")\n";
    write_obligations_text("steps", result.steps, out);
    write_obligations_text("actions", result.actions, out);
    if (arguments.flags.count("--explain")) explain_text(engine.get(), d, out);
    std::cout << out.str();
    return exit_ok;
}

}  // namespace escalate::cli
