// Reads a <pathway> element into a PathwayDefinition. Only the shape of the document is
// checked here; references and the graph are checked by compilation (compile.cpp).
#include <string>

#include "xml/readers.hpp"

namespace escalate {

namespace {

using tinyxml2::XMLElement;

DeadlineDefinition read_deadline(const XMLElement& element, const std::string& file, bool is_step) {
    xml::ElementReader reader(element, file);
    DeadlineDefinition deadline;
    deadline.where = reader.where();
    const std::string kind =
        reader.required_keyword("kind", {"working-days", "calendar-days", "immediately", "none"});
    auto days = reader.optional_int("days", 1, 3650);
    if (kind == "working-days" || kind == "calendar-days") {
        deadline.kind = kind == "working-days" ? DeadlineKind::working_days : DeadlineKind::calendar_days;
        if (!days) {
            reader.fail("a deadline of kind \"" + kind + "\" needs the number of days",
                        "add days=\"N\" with N from 1 to 3650");
        }
        deadline.days = *days;
    } else {
        deadline.kind = kind == "immediately" ? DeadlineKind::immediately : DeadlineKind::none;
        if (days) {
            reader.fail("a deadline of kind \"" + kind + "\" takes no days",
                        "remove days=\"" + std::to_string(*days) + "\", or use kind=\"working-days\"");
        }
    }
    if (auto anchor = is_step ? reader.optional_keyword("anchor", {"stage-entry", "pathway-start", "previous-step"})
                              : reader.optional_keyword("anchor", {"stage-entry", "pathway-start"})) {
        deadline.anchor = *anchor == "stage-entry"     ? Anchor::stage_entry
                          : *anchor == "pathway-start" ? Anchor::pathway_start
                                                       : Anchor::previous_step;
        if (deadline.kind == DeadlineKind::none) {
            reader.fail("a deadline of kind \"none\" has nothing to anchor", "remove the anchor attribute");
        }
    }
    deadline.declared_cumulative = reader.optional_int("cumulative", 0, 3650);
    if (deadline.declared_cumulative && deadline.kind == DeadlineKind::none) {
        reader.fail("a deadline of kind \"none\" cannot state a cumulative total",
                    "remove the cumulative attribute: the source gives no timescale here");
    }
    if (auto clause = reader.optional("clause")) deadline.clause = *clause;
    reader.children({});
    reader.finish();
    return deadline;
}

TransitionDefinition read_transition(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    TransitionDefinition transition;
    transition.where = reader.where();
    transition.event = reader.required("on", "unresolved");
    if (!is_kebab_id(transition.event)) {
        reader.fail("event \"" + transition.event + "\" is not an id", "write it in kebab-case, for example on=\"unresolved\"");
    }
    transition.target = reader.required("to", "stage-2");
    if (auto subject = reader.optional_keyword("subject", {"child", "adult"})) transition.subject = *subject;
    transition.clause = reader.required("clause", "Section 4, Stage 1");
    reader.children({});
    reader.finish();
    return transition;
}

std::string read_id(xml::ElementReader& reader, std::string_view example) {
    std::string id = reader.required("id", example);
    if (!is_kebab_id(id)) {
        reader.fail("id \"" + id + "\" is not in kebab-case",
                    "use lower-case letters, digits and single hyphens, for example id=\"" + std::string(example) + "\"");
    }
    return id;
}

// The attributes every step and action has: id, name and the clause it comes from.
template <typename Definition>
Definition read_obligation(xml::ElementReader& reader, std::string_view id, std::string_view name) {
    Definition definition;
    definition.where = reader.where();
    definition.id = read_id(reader, id);
    definition.name = reader.required("name", name);
    definition.clause = reader.required("clause", "Section 4, Stage 1");
    return definition;
}

StepDefinition read_step(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    auto step = read_obligation<StepDefinition>(reader, "raise-in-writing", "Raise the matter in writing");
    auto children = reader.children({"deadline"});
    if (children.size() != 1) {
        reader.fail("a step needs exactly one <deadline>", "add <deadline kind=\"working-days\" days=\"N\"/> inside it");
    }
    step.deadline = read_deadline(*children.front(), file, true);
    reader.finish();
    return step;
}

ActionDefinition read_action(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    auto action = read_obligation<ActionDefinition>(reader, "record-in-writing", "Record the discussion on the case file");
    auto children = reader.children({"deadline"});
    if (children.size() > 1) reader.fail("an action has at most one <deadline>", "remove the extra ones");
    if (!children.empty()) action.deadline = read_deadline(*children.front(), file, false);
    action.deadline.where = children.empty() ? reader.where() : action.deadline.where;
    reader.finish();
    return action;
}

StageDefinition read_stage(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    StageDefinition stage;
    stage.where = reader.where();
    stage.id = read_id(reader, "stage-1");
    stage.name = reader.required("name", "Line managers");
    stage.tier = reader.required("tier", "line-managers");
    stage.clause = reader.required("clause", "Section 4, Stage 1");
    auto children = reader.children({"deadline", "step", "action", "transition"});
    if (children.empty() || std::string_view(children.front()->Name()) != "deadline") {
        reader.fail("a stage must begin with its <deadline>",
                    "add <deadline kind=\"working-days\" days=\"N\"/> as its first child, or kind=\"none\" "
                    "when the source states no timescale");
    }
    // Order: deadline, step*, action*, transition+ (so a reader finds them where expected).
    int order = 0;
    for (std::size_t i = 1; i < children.size(); ++i) {
        const std::string_view name = children[i]->Name();
        const int rank = name == "step" ? 1 : name == "action" ? 2 : name == "transition" ? 3 : 0;
        if (rank < order || rank == 0) {
            fail_at({file, children[i]->GetLineNum()},
                         "<" + std::string(name) + "> is out of order inside <stage id=\"" + stage.id + "\">",
                         "write a stage's children in the order deadline, step, action, transition");
        }
        order = rank;
    }
    stage.deadline = read_deadline(*children.front(), file, false);
    for (std::size_t i = 1; i < children.size(); ++i) {
        const std::string_view name = children[i]->Name();
        if (name == "step") stage.steps.push_back(read_step(*children[i], file));
        else if (name == "action") stage.actions.push_back(read_action(*children[i], file));
        else stage.transitions.push_back(read_transition(*children[i], file));
    }
    if (stage.transitions.empty()) {
        reader.fail("a stage needs at least one <transition>",
                    "add the routes out of it, for example <transition on=\"resolved\" to=\"resolved\" clause=\"...\"/>");
    }
    reader.finish();
    return stage;
}

}  // namespace

PathwayDefinition read_pathway(xml::ElementReader& root) {
    const std::string& file = root.file();
    PathwayDefinition pathway;
    pathway.where = root.where();
    pathway.id = read_id(root, "wolverhampton");
    pathway.title = root.required("title", "Escalation Policy");
    pathway.version = root.required("version", "V3");
    pathway.effective_from = root.required_date("effective-from");
    pathway.calendar = root.required("calendar", "england-and-wales");
    pathway.subjects = root.required_list("subjects", "child adult");
    for (const auto& subject : pathway.subjects) {
        if (subject != "child" && subject != "adult") {
            root.fail("subject \"" + subject + "\" is not known", "subjects are child and adult");
        }
    }
    root.finish();

    auto children = root.children({"source", "event", "tier", "limit", "start", "stage", "outcome"});
    // Order: source, event*, tier+, limit*, start, stage+, outcome+.
    static constexpr const char* order_names[] = {"source", "event", "tier", "limit", "start", "stage", "outcome"};
    int order = 0;
    int counts[7] = {};
    for (const XMLElement* child : children) {
        int rank = 0;
        while (std::string_view(order_names[rank]) != child->Name()) ++rank;
        if (rank < order) {
            fail_at({file, child->GetLineNum()},
                         "<" + std::string(child->Name()) + "> is out of order inside <pathway>",
                         "write a pathway's children in the order source, event, tier, limit, start, stage, outcome");
        }
        order = rank;
        ++counts[rank];
    }
    auto require_count = [&](int rank, int min, int max, std::string_view how) {
        if (counts[rank] > max) {
            root.fail(std::string("has ") + std::to_string(counts[rank]) + " <" + order_names[rank] + "> elements",
                      "a pathway has at most " + std::to_string(max) + "; split it into pathways of its own");
        }
        if (counts[rank] < min) {
            root.fail(std::string("has ") + std::to_string(counts[rank]) + " <" + order_names[rank] + "> elements",
                      how);
        }
    };
    require_count(0, 1, 1, "give exactly one <source title=... authority=... date=... file=.../>");
    require_count(2, 1, 1000, "add at least one <tier id=... name=... clause=.../>");
    require_count(4, 1, 1, "give exactly one <start stage=\"...\" clause=\"...\"/>");
    require_count(5, 1, 1000, "add at least one <stage>");
    require_count(6, 1, 1000, "add at least one <outcome id=... kind=... name=... clause=.../>");

    for (const XMLElement* child : children) {
        xml::ElementReader reader(*child, file);
        const std::string_view name = child->Name();
        if (name == "source") {
            pathway.source.title = reader.required("title", "Escalation Policy");
            pathway.source.authority = reader.required("authority", "Wolverhampton Safeguarding Together");
            const auto date = reader.required_date("date");
            pathway.source.date = format_iso_date(date);
            pathway.source.file = reader.required("file", "002_0578b0bc18e439c0.txt");
            reader.children({});
        } else if (name == "event") {
            EventDefinition event;
            event.where = reader.where();
            event.id = read_id(reader, "exceptional");
            event.name = reader.required("name", "Exceptional circumstances");
            event.clause = reader.required("clause", "Section 4, Stage 4");
            reader.children({});
            pathway.events.push_back(std::move(event));
        } else if (name == "tier") {
            TierDefinition tier;
            tier.where = reader.where();
            tier.id = read_id(reader, "line-managers");
            tier.name = reader.required("name", "Line managers");
            tier.clause = reader.required("clause", "Section 4, Stage 2");
            for (const XMLElement* variant_element : reader.children({"name-for"})) {
                xml::ElementReader variant_reader(*variant_element, file);
                TierNameVariant variant;
                variant.where = variant_reader.where();
                variant.subject = variant_reader.required_keyword("subject", {"child", "adult"});
                variant.name = variant_reader.required("name", "Safeguarding Children Partnership");
                variant_reader.children({});
                variant_reader.finish();
                tier.variants.push_back(std::move(variant));
            }
            pathway.tiers.push_back(std::move(tier));
        } else if (name == "limit") {
            LimitDefinition limit;
            limit.where = reader.where();
            limit.id = read_id(reader, "overall");
            limit.name = reader.required("name", "Overall limit");
            limit.working_days = reader.required_int("working-days", 1, 3650);
            limit.covers = reader.required_list("covers", "stage-1 stage-2 stage-3");
            limit.clause = reader.required("clause", "Section 4");
            reader.children({});
            pathway.limits.push_back(std::move(limit));
        } else if (name == "start") {
            pathway.start.where = reader.where();
            pathway.start.entry_stage = reader.required("stage", "stage-1");
            pathway.start.clause = reader.required("clause", "Section 4, Stage 1");
            for (const XMLElement* t : reader.children({"transition"})) {
                pathway.start.transitions.push_back(read_transition(*t, file));
            }
        } else if (name == "stage") {
            pathway.stages.push_back(read_stage(*child, file));
            continue;  // read_stage finished its own reader
        } else {  // outcome
            OutcomeDefinition outcome;
            outcome.where = reader.where();
            outcome.id = read_id(reader, "resolved");
            const std::string kind = reader.required_keyword("kind", {"resolved", "final-decision", "exit"});
            outcome.kind = kind == "resolved"         ? OutcomeKind::resolved
                           : kind == "final-decision" ? OutcomeKind::final_decision
                                                      : OutcomeKind::exit;
            outcome.name = reader.required("name", "Resolved");
            outcome.clause = reader.required("clause", "Section 4");
            reader.children({});
            pathway.outcomes.push_back(std::move(outcome));
        }
        reader.finish();
    }
    return pathway;
}

}  // namespace escalate
