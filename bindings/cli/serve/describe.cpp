// GET /v1/pathways/{id}: a pathway's stages, tiers, events, outcomes and clauses.
//
// Stopgap until the C interface has introspection calls (docs/server.md, "What the pathway
// description is built from"): the interface has no call yet that lists a stage's name,
// tier, timescale or the events leaving it. So the routes are read from the edges of
// esc_pathway_dot (one edge per transition, labelled with its event), and each route is then
// asked of esc_decide, which gives the target's name, tier, timescale, clause, steps and
// actions and the route's clause. Every fact shown is the engine's answer to a decision; the
// DOT gives only which (stage, event) pairs to ask about.
#include <set>

#include "serve.hpp"

namespace escalate::serve {

namespace {

struct Edge {
    std::string from, to, event;
};

/// `"stage-1"->"stage-2" [label="unresolved"...` -> {stage-1, stage-2, unresolved}.
std::vector<Edge> dot_edges(const std::string& dot) {
    std::vector<Edge> edges;
    std::size_t line_start = 0;
    const auto token = [](const std::string& line, std::size_t& at) {
        std::string value;
        if (at < line.size() && line[at] == '"') {
            for (++at; at < line.size() && line[at] != '"'; ++at) {
                if (line[at] == '\\' && at + 1 < line.size()) ++at;
                value += line[at];
            }
            ++at;
        } else {
            while (at < line.size() && line[at] != '-' && line[at] != ' ' && line[at] != '[') value += line[at++];
        }
        return value;
    };
    while (line_start < dot.size()) {
        std::size_t line_end = dot.find('\n', line_start);
        if (line_end == std::string::npos) line_end = dot.size();
        const std::string line = dot.substr(line_start, line_end - line_start);
        line_start = line_end + 1;
        if (line.find("->") == std::string::npos) continue;
        std::size_t at = 0;
        Edge edge;
        edge.from = token(line, at);
        if (line.compare(at, 2, "->") != 0) continue;
        at += 2;
        edge.to = token(line, at);
        const std::size_t label = line.find("[label=\"", at);
        if (label == std::string::npos) continue;
        at = label + 7;
        edge.event = token(line, at);
        edges.push_back(std::move(edge));
    }
    return edges;
}

std::vector<std::string> split_words(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text + " ") {
        if (c == ' ') {
            if (!word.empty()) words.push_back(word);
            word.clear();
        } else {
            word += c;
        }
    }
    return words;
}

/// Steps or actions without their due dates (those belong to a case, not to the pathway).
json obligations(const std::vector<esc_obligation>& items) {
    json list = json::parse(cli::obligations_json(items));
    for (json& item : list) item.erase("due");
    return list;
}

json stage_json(const esc_decision& d, const cli::DecisionResult& result) {
    json limit = nullptr;
    if (d.limit_id)
        limit = {{"id", d.limit_id}, {"name", d.limit_name}, {"working_days", d.limit_working_days}};
    return {{"id", d.stage},
            {"name", d.stage_name},
            {"tier", d.tier},
            {"tier_name", d.tier_name},
            {"deadline", {{"kind", cli::deadline_kind_name(d.deadline_kind)},
                          {"days", d.deadline_days},
                          {"anchor", cli::anchor_name(d.anchor)}}},
            {"limit", limit},
            {"clause", d.clause ? d.clause : ""},
            {"steps", obligations(result.steps)},
            {"actions", obligations(result.actions)},
            {"events", json::array()}};
}

}  // namespace

json describe_pathway(const esc_engine* engine, int32_t index) {
    esc_pathway_info info{};
    info.size = sizeof info;
    cli::check(esc_pathway_info_get(engine, index, &info));
    const char* entry = nullptr;
    cli::check(esc_pathway_stage_id(engine, index, info.entry_stage, &entry));
    const std::vector<std::string> subjects = split_words(info.subjects);

    json description = {
        {"id", info.id},
        {"title", info.title},
        {"version", info.version},
        {"effective_from", info.effective_from == ESC_NO_DATE ? json(nullptr) : json(cli::iso(info.effective_from))},
        {"calendar", info.calendar},
        {"subjects", subjects},
        {"source", {{"title", info.source_title}, {"authority", info.source_authority},
                    {"date", info.source_date}, {"file", info.source_file}}},
        {"stage_count", info.stage_count},
        {"entry_stage", entry},
    };

    // Any date the calendar covers will do: only the dateless facts of each answer are kept.
    const esc_date probe = info.effective_from != ESC_NO_DATE ? info.effective_from : esc_date_from_ymd(2024, 1, 8);
    const std::string dot = cli::dot_text(engine, index, nullptr);

    std::map<std::string, json> stages;    // by id
    std::map<std::string, json> outcomes;  // by id
    json start_routes = json::array();
    std::set<std::string> events, tiers_seen;
    json tiers = json::array();

    const auto remember = [&](const cli::DecisionResult& result) {
        const esc_decision& d = result.decision;
        if (d.terminal) {
            outcomes.emplace(d.stage, json{{"id", d.stage}, {"name", d.stage_name},
                                           {"kind", cli::outcome_kind_name(d.outcome_kind)},
                                           {"clause", d.clause ? d.clause : ""}});
        } else {
            stages.emplace(d.stage, stage_json(d, result));
            if (tiers_seen.insert(d.tier).second) tiers.push_back({{"id", d.tier}, {"name", d.tier_name}});
        }
    };

    // Asks one route, with no subject first and then with each subject the pathway covers
    // (a route guarded by subject needs one). Returns the answers, one per distinct target.
    const auto ask = [&](const char* stage, const char* event) {
        json answers = json::array();
        std::set<std::string> targets;
        std::vector<const char*> tries = {nullptr};
        for (const std::string& subject : subjects) tries.push_back(subject.c_str());
        for (const char* subject : tries) {
            esc_query query{};
            query.size = sizeof query;
            query.pathway = info.id;
            query.stage = stage;
            query.event = event;
            query.subject = subject;
            query.at = probe;
            query.started = probe;
            cli::DecisionResult result;
            try {
                result = cli::decide(engine, query);
            } catch (const cli::CallError&) {
                continue;  // this subject (or none) has no such route
            }
            remember(result);
            const esc_decision& d = result.decision;
            if (!targets.insert(d.stage).second) continue;
            json route = {{"event", event ? json(event) : json(nullptr)},
                          {"to", d.stage},
                          {"terminal", d.terminal != 0},
                          {"clause", d.transition_clause ? d.transition_clause : ""}};
            if (subject) route["subject"] = subject;
            answers.push_back(route);
            if (!subject) break;  // a route open to every subject
        }
        return answers;
    };

    for (const json& route : ask(nullptr, nullptr)) start_routes.push_back(route);
    std::vector<std::pair<std::string, json>> routes_from;  // attached once every stage is known
    for (const Edge& edge : dot_edges(dot)) {
        if (edge.from == "(start)") {
            if (edge.event == "start") continue;
            events.insert(edge.event);
            for (const json& route : ask(nullptr, edge.event.c_str())) start_routes.push_back(route);
            continue;
        }
        events.insert(edge.event);
        routes_from.emplace_back(edge.from, ask(edge.from.c_str(), edge.event.c_str()));
    }
    for (auto& [from, routes] : routes_from) {
        const auto found = stages.find(from);
        if (found == stages.end()) continue;  // a stage no route reaches
        for (json& route : routes) found->second["events"].push_back(std::move(route));
    }

    // Stages in index order; a stage no route reaches is listed by id only.
    json stage_list = json::array();
    for (int32_t s = 0; s < info.stage_count; ++s) {
        const char* id = nullptr;
        cli::check(esc_pathway_stage_id(engine, index, s, &id));
        const auto found = stages.find(id);
        stage_list.push_back(found != stages.end() ? found->second : json{{"id", id}});
    }
    json outcome_list = json::array();
    for (auto& [id, outcome] : outcomes) outcome_list.push_back(outcome);

    description["stages"] = std::move(stage_list);
    description["start"] = std::move(start_routes);
    description["outcomes"] = std::move(outcome_list);
    description["tiers"] = std::move(tiers);
    description["events"] = events;
    return description;
}

}  // namespace escalate::serve
