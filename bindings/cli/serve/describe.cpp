// GET /v1/pathways/{id}: a pathway's stages, tiers, events, outcomes, limits and clauses, read
// through the C interface's introspection calls (esc_stage_info_get and friends).
#include "serve.hpp"

namespace escalate::serve {

namespace {

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

json text_or_empty(const char* text) { return text ? text : ""; }

json deadline_json(const esc_deadline_info& deadline) {
    return {{"kind", cli::deadline_kind_name(deadline.kind)},
            {"days", deadline.days},
            {"anchor", cli::anchor_name(deadline.anchor)},
            {"cumulative_working_days", deadline.cumulative_working_days < 0 ? json(nullptr)
                                                                             : json(deadline.cumulative_working_days)},
            {"clause", text_or_empty(deadline.clause)}};
}

/// Steps or actions, each with its timescale: the fields of the CLI's obligations_json but
/// the due date, which belongs to a case rather than to the pathway.
json obligations(const esc_engine* engine, int32_t pathway, int32_t stage, int32_t kind, int32_t count) {
    json list = json::array();
    for (int32_t i = 0; i < count; ++i) {
        esc_obligation_info item = ESC_OBLIGATION_INFO_INIT;
        esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
        cli::check(esc_stage_obligation_get(engine, pathway, stage, kind, i, &item, &deadline));
        list.push_back({{"id", item.id},
                        {"name", item.name},
                        {"deadline", cli::deadline_kind_name(deadline.kind)},
                        {"days", deadline.days},
                        {"anchor", cli::anchor_name(deadline.anchor)},
                        {"clause", text_or_empty(item.clause)}});
    }
    return list;
}

json exit_json(const esc_exit_info& exit) {
    json route = {{"event", exit.event},
                  {"to", exit.target},
                  {"terminal", exit.target_stage < 0},
                  {"clause", text_or_empty(exit.clause)}};
    if (exit.subject) route["subject"] = exit.subject;
    return route;
}

json exits(const esc_engine* engine, int32_t pathway, int32_t stage, int32_t count) {
    json list = json::array();
    for (int32_t i = 0; i < count; ++i) {
        esc_exit_info exit = ESC_EXIT_INFO_INIT;
        cli::check(esc_stage_exit_get(engine, pathway, stage, i, &exit));
        list.push_back(exit_json(exit));
    }
    return list;
}

}  // namespace

json describe_pathway(const esc_engine* engine, int32_t index) {
    esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
    cli::check(esc_pathway_info_get(engine, index, &info));
    const char* entry = nullptr;
    cli::check(esc_pathway_stage_id(engine, index, info.entry_stage, &entry));

    json tiers = json::array();
    std::vector<std::string> tier_names;
    for (int32_t t = 0; t < info.tier_count; ++t) {
        esc_tier_info tier = ESC_TIER_INFO_INIT;
        cli::check(esc_pathway_tier_get(engine, index, t, nullptr, &tier));
        tiers.push_back({{"id", tier.id}, {"name", tier.name}, {"clause", text_or_empty(tier.clause)}});
        tier_names.emplace_back(tier.name);
    }
    json limits = json::array();
    std::vector<json> limit_refs;
    for (int32_t l = 0; l < info.limit_count; ++l) {
        esc_limit_info limit = ESC_LIMIT_INFO_INIT;
        cli::check(esc_pathway_limit_get(engine, index, l, &limit));
        limits.push_back({{"id", limit.id}, {"name", limit.name}, {"working_days", limit.working_days},
                          {"clause", text_or_empty(limit.clause)}});
        limit_refs.push_back({{"id", limit.id}, {"name", limit.name}, {"working_days", limit.working_days}});
    }
    json outcomes = json::array();
    for (int32_t o = 0; o < info.outcome_count; ++o) {
        esc_outcome_info outcome = ESC_OUTCOME_INFO_INIT;
        cli::check(esc_pathway_outcome_get(engine, index, o, &outcome));
        outcomes.push_back({{"id", outcome.id}, {"name", outcome.name}, {"kind", cli::outcome_kind_name(outcome.kind)},
                            {"clause", text_or_empty(outcome.clause)}});
    }
    json events = json::array();
    for (int32_t e = 0; e < info.event_count; ++e) {
        const char* id = nullptr;
        cli::check(esc_pathway_event_id(engine, index, e, &id));
        events.push_back(id);
    }
    json stages = json::array();
    for (int32_t s = 0; s < info.stage_count; ++s) {
        esc_stage_info stage = ESC_STAGE_INFO_INIT;
        cli::check(esc_stage_info_get(engine, index, s, &stage));
        esc_deadline_info deadline = ESC_DEADLINE_INFO_INIT;
        cli::check(esc_stage_deadline_get(engine, index, s, &deadline));
        stages.push_back({
            {"id", stage.id},
            {"name", stage.name},
            {"tier", stage.tier_id},
            {"tier_name", stage.tier >= 0 && stage.tier < static_cast<int32_t>(tier_names.size())
                              ? json(tier_names[static_cast<std::size_t>(stage.tier)])
                              : json(nullptr)},
            {"deadline", deadline_json(deadline)},
            {"limit", stage.limit >= 0 && stage.limit < static_cast<int32_t>(limit_refs.size())
                          ? limit_refs[static_cast<std::size_t>(stage.limit)]
                          : json(nullptr)},
            {"worst_case_working_days", stage.worst_case_working_days < 0 ? json(nullptr)
                                                                          : json(stage.worst_case_working_days)},
            {"clause", text_or_empty(stage.clause)},
            {"steps", obligations(engine, index, s, ESC_OBLIGATION_STEP, stage.step_count)},
            {"actions", obligations(engine, index, s, ESC_OBLIGATION_ACTION, stage.action_count)},
            {"events", exits(engine, index, s, stage.exit_count)},
        });
    }
    // The start: the entry stage, then the routes taken when the pathway is started on an event.
    json start = json::array({{{"event", nullptr}, {"to", entry}, {"terminal", false}, {"clause", ""}}});
    for (json& route : exits(engine, index, -1, info.start_exit_count)) start.push_back(std::move(route));

    return {
        {"id", info.id},
        {"title", info.title},
        {"version", info.version},
        {"effective_from", info.effective_from_stated},  // as stated: "2023-03-03", "2024-04"
        {"review_by", *info.review_by ? json(info.review_by) : json(nullptr)},
        {"calendar", info.calendar},
        {"subjects", split_words(info.subjects)},
        {"source", {{"title", info.source_title}, {"authority", info.source_authority},
                    {"date", info.source_date}, {"file", info.source_file}}},
        {"stage_count", info.stage_count},
        {"entry_stage", entry},
        {"stages", std::move(stages)},
        {"start", std::move(start)},
        {"outcomes", std::move(outcomes)},
        {"tiers", std::move(tiers)},
        {"limits", std::move(limits)},
        {"events", std::move(events)},
    };
}

}  // namespace escalate::serve
