// Reads a <pathway> element into a PathwayDefinition. Only the shape of the document is
// checked here; references and the graph are checked by compilation (compile.cpp).
#include <string>

#include "xml/readers.hpp"

namespace escalate {

namespace {

using tinyxml2::XMLElement;

Force read_force(xml::ElementReader& reader) {
    const auto force = reader.optional_keyword("force", {"must", "should", "expected", "usually"});
    if (!force || *force == "must") return Force::must;
    return *force == "should" ? Force::should : *force == "expected" ? Force::expected : Force::usually;
}

// The format of every clock is in docs/ruleset-format.md; what it means, docs/semantics.md.
DeadlineDefinition read_deadline(const XMLElement& element, const std::string& file, bool is_step) {
    xml::ElementReader reader(element, file);
    DeadlineDefinition deadline;
    deadline.where = reader.where();
    const std::string kind =
        reader.required_keyword("kind", {"working-days", "calendar-days", "hours", "immediately", "none"});
    auto days = reader.optional_int("days", 1, 3650);
    auto hours = reader.optional_int("hours", 1, 87600);
    if (hours && kind != "hours") {
        reader.fail("a deadline of kind \"" + kind + "\" takes no hours", "remove hours=\"...\", or use kind=\"hours\"");
    }
    if (kind == "working-days" || kind == "calendar-days") {
        deadline.kind = kind == "working-days" ? DeadlineKind::working_days : DeadlineKind::calendar_days;
        if (!days) {
            reader.fail("a deadline of kind \"" + kind + "\" needs the number of days",
                        "add days=\"N\" with N from 1 to 3650");
        }
        deadline.days = *days;
    } else if (kind == "hours") {
        deadline.kind = DeadlineKind::hours;
        if (!hours) reader.fail("a deadline of kind \"hours\" needs the number of hours", "add hours=\"N\" with N from 1 to 87600");
        if (days) reader.fail("a deadline of kind \"hours\" takes no days", "remove days=\"...\"");
        deadline.hours = *hours;
    } else {
        deadline.kind = kind == "immediately" ? DeadlineKind::immediately : DeadlineKind::none;
        if (days) {
            reader.fail("a deadline of kind \"" + kind + "\" takes no days",
                        "remove days=\"" + std::to_string(*days) + "\", or use kind=\"working-days\"");
        }
    }
    if (reader.optional_keyword("roll", {"next-working-day"})) {
        if (deadline.kind != DeadlineKind::hours && deadline.kind != DeadlineKind::calendar_days) {
            reader.fail("roll=\"next-working-day\" applies only to kind \"hours\" or \"calendar-days\"",
                        "remove roll: a working-day count already ends on a working day, and immediately is due on the day itself");
        }
        deadline.roll_to_working_day = true;
    }
    if (auto anchor = reader.optional("anchor")) {
        if (anchor->rfind("on:", 0) == 0) {
            deadline.anchor = Anchor::on_event;
            deadline.on = anchor->substr(3);
            if (!is_kebab_id(deadline.on)) {
                reader.fail("anchor \"" + *anchor + "\" does not name an id", "write anchor=\"on:ID\" with the id of a step, action or event");
            }
        } else if (*anchor == "stage-entry") {
            deadline.anchor = Anchor::stage_entry;
        } else if (*anchor == "pathway-start") {
            deadline.anchor = Anchor::pathway_start;
        } else if (*anchor == "previous-step" && is_step) {
            deadline.anchor = Anchor::previous_step;
        } else {
            reader.fail("anchor \"" + *anchor + "\" is not known here",
                        std::string("use one of: stage-entry, pathway-start") + (is_step ? ", previous-step" : "") +
                            ", or on:ID naming a step, action or event");
        }
        if (deadline.kind == DeadlineKind::none) {
            reader.fail("a deadline of kind \"none\" has nothing to anchor", "remove the anchor attribute");
        }
    }
    deadline.force = read_force(reader);
    if (auto reading = reader.optional("reading")) deadline.reading = *reading;
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

TierNameVariant read_name_for(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    TierNameVariant variant;
    variant.where = reader.where();
    variant.subject = reader.required_keyword("subject", {"child", "adult"});
    variant.name = reader.required("name", "Safeguarding Children Partnership");
    reader.children({});
    reader.finish();
    return variant;
}

ActionDefinition read_action(const XMLElement& element, const std::string& file);

[[noreturn]] void name_for_out_of_order(const XMLElement& element, const std::string& file, const char* parent,
                                        const std::string& id) {
    fail_at({file, element.GetLineNum()}, "<name-for> is out of order inside <" + std::string(parent) + " id=\"" + id + "\">",
            "write the <name-for> elements first, then the <deadline>");
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
    for (const XMLElement* action : reader.children({"action"})) transition.actions.push_back(read_action(*action, file));
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
    auto children = reader.children({"name-for", "deadline"});
    std::vector<const XMLElement*> deadlines;
    for (const XMLElement* child : children) {
        if (std::string_view(child->Name()) != "name-for") deadlines.push_back(child);
        else if (!deadlines.empty()) name_for_out_of_order(*child, file, "step", step.id);
        else step.variants.push_back(read_name_for(*child, file));
    }
    if (deadlines.size() != 1) {
        reader.fail("a step needs exactly one <deadline>", "add <deadline kind=\"working-days\" days=\"N\"/> inside it");
    }
    step.deadline = read_deadline(*deadlines.front(), file, true);
    reader.finish();
    return step;
}

ActionDefinition read_action(const XMLElement& element, const std::string& file) {
    xml::ElementReader reader(element, file);
    auto action = read_obligation<ActionDefinition>(reader, "record-in-writing", "Record the discussion on the case file");
    std::vector<const XMLElement*> deadlines;
    for (const XMLElement* child : reader.children({"name-for", "deadline"})) {
        if (std::string_view(child->Name()) != "name-for") deadlines.push_back(child);
        else if (!deadlines.empty()) name_for_out_of_order(*child, file, "action", action.id);
        else action.variants.push_back(read_name_for(*child, file));
    }
    if (deadlines.size() > 1) reader.fail("an action has at most one <deadline>", "remove the extra ones");
    if (!deadlines.empty()) action.deadline = read_deadline(*deadlines.front(), file, false);
    action.deadline.where = deadlines.empty() ? reader.where() : action.deadline.where;
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
    pathway.effective_from = root.required_stated_date("effective-from");
    pathway.review_by = root.optional_stated_date("review-by");
    if (pathway.review_by && pathway.review_by->last < pathway.effective_from.first) {
        root.fail("review-by \"" + pathway.review_by->text + "\" is before effective-from \"" + pathway.effective_from.text + "\"",
                  "give the review date the source states, which is after the version takes effect");
    }
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
            // Absent: the source is undated. Kept as written, never widened to a full date.
            if (const auto date = reader.optional_stated_date("date")) pathway.source.date = date->text;
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
            for (const XMLElement* variant : reader.children({"name-for"})) tier.variants.push_back(read_name_for(*variant, file));
            pathway.tiers.push_back(std::move(tier));
        } else if (name == "limit") {
            LimitDefinition limit;
            limit.where = reader.where();
            limit.id = read_id(reader, "overall");
            limit.name = reader.required("name", "Overall limit");
            limit.working_days = reader.required_int("working-days", 1, 3650);
            limit.covers = reader.required_list("covers", "stage-1 stage-2 stage-3");
            limit.force = read_force(reader);
            if (auto reading = reader.optional("reading")) limit.reading = *reading;
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
            // Order: name-for*, action*.
            bool actions_begun = false;
            for (const XMLElement* c : reader.children({"name-for", "action"})) {
                if (std::string_view(c->Name()) == "name-for") {
                    if (actions_begun) {
                        fail_at({file, c->GetLineNum()}, "<name-for> is out of order inside <outcome id=\"" + outcome.id + "\">",
                                "write an outcome's <name-for> elements before its <action> elements");
                    }
                    outcome.variants.push_back(read_name_for(*c, file));
                } else {
                    actions_begun = true;
                    outcome.actions.push_back(read_action(*c, file));
                }
            }
            pathway.outcomes.push_back(std::move(outcome));
        }
        reader.finish();
    }
    return pathway;
}

}  // namespace escalate
