// `escalate show`: what a pathway is made of (stages with their tiers, timescales, steps,
// actions and routes out; tiers, outcomes, limits, events), from the introspection calls.
#include <iostream>
#include <sstream>
#include <utility>

#include "cli.hpp"

namespace escalate::cli {

const char* const show_usage =
    "usage: escalate show PATHWAY [STAGE] [--subject child|adult] [--version V] [--json]\n"
    "\n"
    "Lists a pathway's stages, each with its tier, timescale and the events that leave it with\n"
    "where they lead (a side track keeps the case at its stage), then its tiers, terminal\n"
    "outcomes, overall limits and events. With STAGE, that stage in full: its steps and required\n"
    "actions with their timescales, force and recorded readings, and its routes with the\n"
    "obligations each event gives rise to.\n"
    "\n"
    "  PATHWAY          a pathway id, e.g. wolverhampton\n"
    "  STAGE            a stage id of that pathway, e.g. stage-2\n"
    "  --subject S      child or adult: name the tiers for that subject and list only the\n"
    "                   routes open to it\n"
    "  --version V      the version of the pathway to show (see `escalate validate`); without\n"
    "                   it, the latest\n"
    "  --json           print JSON instead of text\n";

namespace {

/// A route out of a stage with the obligations the event gives rise to on it.
struct Route {
    esc_exit_info info{};
    std::vector<std::pair<esc_obligation_info, esc_deadline_info>> actions;
};

struct Stage {
    esc_stage_info info{};
    esc_deadline_info deadline{};
    std::string tier_name;
    std::string limit_id;
    esc_force limit_force = ESC_FORCE_MUST;
    std::vector<std::pair<esc_obligation_info, esc_deadline_info>> steps, actions;
    std::vector<Route> exits;
};

/// A timescale in words: "24 hours from stage entry (must)". `entry` names what stage-entry
/// means where it stands: the stage's entry, or the event's date for a route's actions.
std::string describe(const esc_deadline_info& deadline, const std::string& entry = "stage entry") {
    const std::string from = deadline.anchor == ESC_ANCHOR_PATHWAY_START  ? "the outset"
                             : deadline.anchor == ESC_ANCHOR_PREVIOUS_STEP ? "the previous step's due date"
                             : deadline.anchor == ESC_ANCHOR_ON_EVENT
                                 ? std::string("when ") + (deadline.waits_for ? deadline.waits_for : "?") + " happens"
                                 : entry;
    const auto count = [](int32_t n, const char* unit) {
        return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
    };
    std::string text;
    switch (deadline.kind) {
        case ESC_DEADLINE_IMMEDIATELY: text = "immediately, on " + from; break;
        case ESC_DEADLINE_WORKING_DAYS: text = count(deadline.days, "working day") + " from " + from; break;
        case ESC_DEADLINE_CALENDAR_DAYS: text = count(deadline.days, "calendar day") + " from " + from; break;
        case ESC_DEADLINE_HOURS: text = count(deadline.hours, "hour") + " from " + from; break;
        default: return "no timescale stated";
    }
    if (deadline.roll) text += ", moved to the next working day when it falls on another";
    return text + " (" + force_name(deadline.force) + ")";
}

std::string deadline_json(const esc_deadline_info& deadline) {
    return "{\"kind\":" + json_string(deadline_kind_name(deadline.kind)) + ",\"days\":" + std::to_string(deadline.days) +
           ",\"hours\":" + std::to_string(deadline.hours) + ",\"roll\":" + (deadline.roll ? "true" : "false") +
           ",\"anchor\":" + json_string(anchor_name(deadline.anchor)) + ",\"waits_for\":" + json_string(deadline.waits_for) +
           ",\"force\":" + json_string(force_name(deadline.force)) + ",\"cumulative_working_days\":" +
           (deadline.cumulative_working_days < 0 ? std::string("null") : std::to_string(deadline.cumulative_working_days)) +
           ",\"reading\":" + json_string(deadline.reading) + ",\"clause\":" + json_string(deadline.clause) + "}";
}

std::string obligations_json(const std::vector<std::pair<esc_obligation_info, esc_deadline_info>>& list) {
    std::string json = "[";
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& [item, deadline] = list[i];
        json += std::string(i ? "," : "") + "{\"id\":" + json_string(item.id) + ",\"name\":" + json_string(item.name) +
                ",\"deadline\":" + deadline_json(deadline) + ",\"clause\":" + json_string(item.clause) + "}";
    }
    return json + "]";
}

/// The routes out of a stage (-1: the start) open to the subject, with their actions.
std::vector<Route> read_routes(const esc_engine* engine, int32_t pathway, int32_t stage, int32_t count,
                               const char* subject) {
    std::vector<Route> routes;
    for (int32_t i = 0; i < count; ++i) {
        Route route;
        route.info = ESC_EXIT_INFO_INIT;
        check(esc_stage_exit_get(engine, pathway, stage, i, &route.info));
        if (subject && route.info.subject && std::string(route.info.subject) != subject) continue;
        for (int32_t a = 0; a < route.info.action_count; ++a) {
            esc_obligation_info item = ESC_OBLIGATION_INFO_INIT;
            esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
            check(esc_stage_exit_action_get(engine, pathway, stage, i, a, &item, &deadline));
            route.actions.emplace_back(item, deadline);
        }
        routes.push_back(std::move(route));
    }
    return routes;
}

Stage read_stage(const esc_engine* engine, int32_t pathway, int32_t index, const char* subject) {
    Stage stage;
    stage.info.size = sizeof stage.info;
    check(esc_stage_info_get(engine, pathway, index, &stage.info));
    stage.deadline.size = sizeof stage.deadline;
    check(esc_stage_deadline_get(engine, pathway, index, &stage.deadline));
    esc_tier_info tier{};
    tier.size = sizeof tier;
    check(esc_pathway_tier_get(engine, pathway, stage.info.tier, subject, &tier));
    stage.tier_name = tier.name;
    if (stage.info.limit >= 0) {
        esc_limit_info limit{};
        limit.size = sizeof limit;
        check(esc_pathway_limit_get(engine, pathway, stage.info.limit, &limit));
        stage.limit_id = limit.id;
        stage.limit_force = limit.force;
    }
    for (int32_t kind : {ESC_OBLIGATION_STEP, ESC_OBLIGATION_ACTION}) {
        auto& into = kind == ESC_OBLIGATION_STEP ? stage.steps : stage.actions;
        const int32_t count = kind == ESC_OBLIGATION_STEP ? stage.info.step_count : stage.info.action_count;
        for (int32_t i = 0; i < count; ++i) {
            esc_obligation_info item{};
            item.size = sizeof item;
            esc_deadline_info deadline{};
            deadline.size = sizeof deadline;
            check(esc_stage_obligation_get(engine, pathway, index, kind, i, &item, &deadline));
            into.emplace_back(item, deadline);
        }
    }
    stage.exits = read_routes(engine, pathway, index, stage.info.exit_count, subject);
    return stage;
}

std::string route_text(const esc_exit_info& exit) {
    std::string text = std::string(exit.event) + " -> " + exit.target;
    if (exit.target_stage < 0) text += " (ends)";
    if (exit.side_track) text += " (side track: the case stays, its clock runs on)";
    if (exit.subject) text += std::string(" [") + exit.subject + " only]";
    return text;
}

/// A route's obligations, each counted from the event's date.
void route_actions_text(const Route& route, const char* indent, std::ostream& out) {
    for (const auto& [item, deadline] : route.actions)
        out << indent << "then " << item.id << ": " << item.name << "; " << describe(deadline, "the event") << "\n";
}

void stage_text(const Stage& stage, bool full, std::ostream& out) {
    const esc_stage_info& info = stage.info;
    out << "  " << info.id << ": " << info.name << "\n"
        << "    tier:   " << info.tier_id << " (" << stage.tier_name << ")\n"
        << "    due:    " << describe(stage.deadline);
    if (!stage.limit_id.empty())
        out << "; capped by the overall limit " << stage.limit_id << " (" << force_name(stage.limit_force) << ")";
    out << "\n";
    if (full) {
        if (info.worst_case_working_days >= 0)
            out << "    worst case: working day " << info.worst_case_working_days << " from the outset\n";
        if (info.clause && *info.clause) out << "    clause: " << info.clause << "\n";
        for (const auto* list : {&stage.steps, &stage.actions}) {
            if (list->empty()) continue;
            out << "    " << (list == &stage.steps ? "steps" : "actions") << ":\n";
            for (const auto& [item, deadline] : *list) {
                out << "      " << item.id << ": " << item.name << "; " << describe(deadline) << "\n";
                if (deadline.reading && *deadline.reading) out << "        reading: " << deadline.reading << "\n";
            }
        }
        if (stage.deadline.reading && *stage.deadline.reading)
            out << "    reading: " << stage.deadline.reading << "\n";
        out << "    events:\n";
        for (const Route& route : stage.exits) {
            out << "      " << route_text(route.info);
            if (route.info.clause && *route.info.clause) out << "  [" << route.info.clause << "]";
            out << "\n";
            route_actions_text(route, "        ", out);
        }
    } else {
        out << "    events:";
        for (std::size_t i = 0; i < stage.exits.size(); ++i) out << (i ? ", " : " ") << route_text(stage.exits[i].info);
        out << "\n";
    }
}

std::string routes_json(const std::vector<Route>& routes) {
    std::string json = "[";
    for (std::size_t i = 0; i < routes.size(); ++i) {
        const esc_exit_info& exit = routes[i].info;
        json += std::string(i ? "," : "") + "{\"event\":" + json_string(exit.event) +
                ",\"subject\":" + json_string(exit.subject) + ",\"target\":" + json_string(exit.target) +
                ",\"terminal\":" + (exit.target_stage < 0 ? "true" : "false") +
                ",\"side_track\":" + (exit.side_track ? "true" : "false") +
                ",\"actions\":" + obligations_json(routes[i].actions) + ",\"clause\":" + json_string(exit.clause) + "}";
    }
    return json + "]";
}

std::string stage_json(const Stage& stage) {
    const esc_stage_info& info = stage.info;
    std::string json = "{\"id\":" + json_string(info.id) + ",\"name\":" + json_string(info.name) +
                       ",\"tier\":" + json_string(info.tier_id) + ",\"tier_name\":" + json_string(stage.tier_name) +
                       ",\"deadline\":" + deadline_json(stage.deadline) +
                       ",\"limit\":" + (stage.limit_id.empty() ? std::string("null") : json_string(stage.limit_id)) +
                       ",\"worst_case_working_days\":" +
                       (info.worst_case_working_days < 0 ? std::string("null") : std::to_string(info.worst_case_working_days));
    json += ",\"steps\":" + obligations_json(stage.steps) + ",\"actions\":" + obligations_json(stage.actions);
    return json + ",\"events\":" + routes_json(stage.exits) + ",\"clause\":" + json_string(info.clause) + "}";
}

}  // namespace

int run_show(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--subject", "--version"}, {"--json"});
    if (arguments.positional.empty() || arguments.positional.size() > 2)
        throw UsageError("give a PATHWAY and, optionally, one STAGE");
    const bool json = arguments.flags.count("--json") > 0;
    const auto subject_option = arguments.value("--subject");
    const char* subject = subject_option ? subject_option->c_str() : nullptr;
    const EnginePtr engine = load_engine(arguments);
    const esc_engine* e = engine.get();

    int32_t pathway = -1;
    // The version named, else the latest: there is no case, so no outset to choose by.
    const auto version = arguments.value("--version");
    check(esc_engine_pathway_select(e, arguments.positional[0].c_str(), version ? version->c_str() : nullptr, ESC_NO_DATE,
                                    &pathway));
    if (arguments.positional.size() == 2) {
        int32_t stage = -1;
        check(esc_pathway_stage_index(e, pathway, arguments.positional[1].c_str(), &stage));
        const Stage found = read_stage(e, pathway, stage, subject);
        if (json) {
            std::cout << stage_json(found) << "\n";
        } else {
            std::ostringstream out;
            stage_text(found, true, out);
            std::cout << out.str();
        }
        return exit_ok;
    }

    esc_pathway_info info{};
    info.size = sizeof info;
    check(esc_pathway_info_get(e, pathway, &info));
    std::vector<Stage> stages;
    for (int32_t s = 0; s < info.stage_count; ++s) stages.push_back(read_stage(e, pathway, s, subject));
    std::vector<esc_tier_info> tiers(static_cast<std::size_t>(info.tier_count));
    for (int32_t i = 0; i < info.tier_count; ++i) {
        tiers[i].size = sizeof tiers[i];
        check(esc_pathway_tier_get(e, pathway, i, subject, &tiers[i]));
    }
    std::vector<esc_outcome_info> outcomes(static_cast<std::size_t>(info.outcome_count));
    for (int32_t i = 0; i < info.outcome_count; ++i) {
        outcomes[i].size = sizeof outcomes[i];
        check(esc_pathway_outcome_get(e, pathway, i, &outcomes[i]));
    }
    std::vector<esc_limit_info> limits(static_cast<std::size_t>(info.limit_count));
    for (int32_t i = 0; i < info.limit_count; ++i) {
        limits[i].size = sizeof limits[i];
        check(esc_pathway_limit_get(e, pathway, i, &limits[i]));
    }
    std::vector<const char*> events(static_cast<std::size_t>(info.event_count));
    for (int32_t i = 0; i < info.event_count; ++i) check(esc_pathway_event_id(e, pathway, i, &events[i]));
    const char* entry = nullptr;
    check(esc_pathway_stage_id(e, pathway, info.entry_stage, &entry));
    const std::vector<Route> start_routes = read_routes(e, pathway, -1, info.start_exit_count, subject);

    std::ostringstream out;
    if (json) {
        out << "{\"id\":" << json_string(info.id) << ",\"title\":" << json_string(info.title)
            << ",\"version\":" << json_string(info.version) << ",\"effective_from\":" << json_string(info.effective_from_stated)
            << ",\"review_by\":" << (*info.review_by ? json_string(info.review_by) : "null")
            << ",\"calendar\":" << json_string(info.calendar) << ",\"entry_stage\":" << json_string(entry)
            << ",\"start\":" << routes_json(start_routes) << ",\"stages\":[";
        for (std::size_t i = 0; i < stages.size(); ++i) out << (i ? "," : "") << stage_json(stages[i]);
        out << "],\"tiers\":[";
        for (std::size_t i = 0; i < tiers.size(); ++i)
            out << (i ? "," : "") << "{\"id\":" << json_string(tiers[i].id) << ",\"name\":" << json_string(tiers[i].name)
                << "}";
        out << "],\"outcomes\":[";
        for (std::size_t i = 0; i < outcomes.size(); ++i)
            out << (i ? "," : "") << "{\"id\":" << json_string(outcomes[i].id)
                << ",\"name\":" << json_string(outcomes[i].name)
                << ",\"kind\":" << json_string(outcome_kind_name(outcomes[i].kind)) << "}";
        out << "],\"limits\":[";
        for (std::size_t i = 0; i < limits.size(); ++i)
            out << (i ? "," : "") << "{\"id\":" << json_string(limits[i].id) << ",\"name\":" << json_string(limits[i].name)
                << ",\"working_days\":" << limits[i].working_days
                << ",\"force\":" << json_string(force_name(limits[i].force))
                << ",\"reading\":" << json_string(limits[i].reading) << "}";
        out << "],\"events\":[";
        for (std::size_t i = 0; i < events.size(); ++i) out << (i ? "," : "") << json_string(events[i]);
        out << "]}\n";
    } else {
        out << info.id << ": " << info.title << " (version " << info.version << ", effective "
            << info.effective_from_stated << ")\n"
            << "calendar " << info.calendar << "; entered at " << entry << "\n";
        for (const Route& route : start_routes) {
            out << "started on " << route_text(route.info) << "\n";
            route_actions_text(route, "  ", out);
        }
        out << "\nstages:\n";
        for (const Stage& stage : stages) stage_text(stage, false, out);
        out << "\ntiers:\n";
        for (const auto& tier : tiers) out << "  " << tier.id << ": " << tier.name << "\n";
        out << "\noutcomes:\n";
        for (const auto& outcome : outcomes)
            out << "  " << outcome.id << ": " << outcome.name << " (" << outcome_kind_name(outcome.kind) << ")\n";
        if (!limits.empty()) {
            out << "\nlimits:\n";
            for (const auto& limit : limits)
                out << "  " << limit.id << ": " << limit.name << ", " << limit.working_days
                    << " working days from the outset (" << force_name(limit.force) << ")\n";
        }
        out << "\nevents:";
        for (const char* event : events) out << " " << event;
        out << "\n";
    }
    std::cout << out.str();
    return exit_ok;
}

}  // namespace escalate::cli
