// DOT export through boost::write_graphviz over the compiled CSR graph, with property writers
// for the labels and shapes (see dot_export.hpp for what is drawn).
#include "escalate/dot_export.hpp"

#include <string>
#include <vector>

#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>

#include "escalate/errors.hpp"

namespace escalate {

namespace {

// Inside a DOT double-quoted string only '"' and '\' are special; "\n" (written here as the two
// characters backslash and n) is Graphviz's centred line break, so a backslash in a name must
// be doubled or it would start an escape.
std::string quote(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

// Breaks long text at spaces so boxes stay readable; lines are joined with real newlines,
// which quote() turns into DOT line breaks.
std::string wrap(std::string_view text, std::size_t width = 42) {
    std::string out;
    std::size_t line = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find(' ', start);
        if (end == std::string_view::npos) end = text.size();
        const std::string_view word = text.substr(start, end - start);
        if (line > 0 && line + 1 + word.size() > width) {
            out += '\n';
            line = 0;
        } else if (line > 0) {
            out += ' ';
            ++line;
        }
        out += word;
        line += word.size();
        start = end + 1;
    }
    return out;
}

std::string describe(const DeadlineDefinition& deadline) {
    std::string text;
    switch (deadline.kind) {
        case DeadlineKind::none: return "no timescale stated";
        case DeadlineKind::immediately: text = "immediately"; break;
        case DeadlineKind::working_days:
            text = std::to_string(deadline.days) + (deadline.days == 1 ? " working day" : " working days");
            break;
        case DeadlineKind::calendar_days:
            text = std::to_string(deadline.days) + (deadline.days == 1 ? " calendar day" : " calendar days");
            break;
        case DeadlineKind::hours: text = std::to_string(deadline.hours) + " hours"; break;
    }
    if (deadline.roll_to_working_day) text += " (next working day)";
    switch (deadline.anchor) {
        case Anchor::stage_entry: break;
        case Anchor::pathway_start: text += " from the outset"; break;
        case Anchor::previous_step: text += " after the previous step"; break;
        case Anchor::on_event: text += " after " + deadline.on; break;
    }
    // "must" is the default and goes unsaid, so the flowcharts of imperative sources stay as they were.
    switch (deadline.force) {
        case Force::must: break;
        case Force::should: text += " (should)"; break;
        case Force::expected: text += " (expected)"; break;
        case Force::usually: text += " (usually)"; break;
    }
    return text;
}

const char* kind_name(OutcomeKind kind) {
    switch (kind) {
        case OutcomeKind::resolved: return "resolved";
        case OutcomeKind::final_decision: return "final decision";
        case OutcomeKind::exit: return "exit";
    }
    return "";
}

const char* kind_shape(OutcomeKind kind) {
    switch (kind) {
        case OutcomeKind::resolved: return "ellipse, peripheries=2";
        case OutcomeKind::final_decision: return "doubleoctagon";
        case OutcomeKind::exit: return "invhouse";
    }
    return "ellipse";
}

std::string limit_text(const Pathway::Limit& limit) {
    return limit.name + " (" + limit.id + "): " + std::to_string(limit.working_days) + " working days from the outset";
}

class VertexWriter {
public:
    VertexWriter(const Pathway& pathway, int subject) : pathway_(pathway), subject_(subject) {}

    template <typename Vertex>
    void operator()(std::ostream& out, Vertex vertex) const {
        const int v = static_cast<int>(vertex);
        const int stages = static_cast<int>(pathway_.stages().size());
        if (v == pathway_.start_vertex()) {
            out << " [label=\"start\", shape=circle, style=filled, fillcolor=black, fontcolor=white]";
        } else if (v < stages) {
            stage(out, v);
        } else {
            const auto& outcome = pathway_.outcomes()[v - stages];
            std::string label = wrap(pathway_.name_for(outcome.name, outcome.variants, subject_)) + "\n(" + kind_name(outcome.kind) + ")";
            for (const auto& action : outcome.actions) label += "\n+ " + wrap(action.name, 30) + ": " + describe(action.deadline);
            out << " [label=" << quote(label)
                << ", shape=" << kind_shape(outcome.kind) << "]";
        }
    }

private:
    void stage(std::ostream& out, int index) const {
        const auto& stage = pathway_.stages()[index];
        std::string label = wrap(stage.name) + "\n";
        label += "Tier: " + wrap(pathway_.tier_name(stage.tier, subject_)) + "\n";
        label += "Due: " + describe(stage.deadline);
        if (stage.cumulative_working_days && stage.deadline.kind != DeadlineKind::none) {
            label += "\n(worst case: working day " + std::to_string(*stage.cumulative_working_days) + " from the outset)";
        }
        for (const auto& step : stage.steps) label += "\nStep " + step.id + ": " + describe(step.deadline);
        for (const auto& action : stage.actions) {
            if (action.deadline.kind != DeadlineKind::none) {
                label += "\nAction " + action.id + ": " + describe(action.deadline);
            }
        }
        if (stage.limit >= 0) {
            const auto& limit = pathway_.limits()[stage.limit];
            label += "\nCapped by " + limit.id + ": " + std::to_string(limit.working_days) + " working days from the outset";
        }
        out << " [label=" << quote(label) << ", shape=box";
        if (index == pathway_.entry_stage()) out << ", penwidth=2.5";
        out << "]";
    }

    const Pathway& pathway_;
    int subject_;
};

class EdgeWriter {
public:
    explicit EdgeWriter(const Pathway& pathway) : pathway_(pathway) {}

    template <typename Edge>
    void operator()(std::ostream& out, Edge edge) const {
        const int index = pathway_.graph()[edge].transition;
        if (index < 0) {  // the start vertex's edge to the entry stage
            out << "[label=\"start\", style=bold]";
            return;
        }
        const auto& transition = pathway_.transitions()[index];
        std::string label = pathway_.events()[transition.event];
        if (transition.subject >= 0) label += "\n[" + pathway_.subjects()[transition.subject] + " only]";
        if (transition.side_track()) label += "\n(side track: the stage goes on)";
        // The event's own obligations ride on its edge: "Contact the Police: immediately".
        for (const auto& action : transition.actions) label += "\n+ " + wrap(action.name, 30) + ": " + describe(action.deadline);
        out << "[label=" << quote(label);
        if (pathway_.events()[transition.event] == "immediate-risk" || transition.side_track()) out << ", style=dashed";
        out << "]";
    }

private:
    const Pathway& pathway_;
};

class GraphWriter {
public:
    GraphWriter(const Pathway& pathway, std::string_view subject) : pathway_(pathway), subject_(subject) {}

    void operator()(std::ostream& out) const {
        std::string label = pathway_.title() + "\n" + pathway_.id() + ", version " + pathway_.version();
        if (!subject_.empty()) label += ", for a subject: " + std::string(subject_);
        for (const auto& limit : pathway_.limits()) label += "\nOverall limit " + limit_text(limit);
        out << "graph [label=" << quote(label) << ", labelloc=t, rankdir=TB, fontname=\"Helvetica\"];\n";
        out << "node [fontname=\"Helvetica\", fontsize=10];\n";
        out << "edge [fontname=\"Helvetica\", fontsize=9];\n";
    }

private:
    const Pathway& pathway_;
    std::string_view subject_;
};

}  // namespace

void write_dot(const Pathway& pathway, std::ostream& out, std::string_view subject) {
    int subject_index = -1;
    if (!subject.empty()) {
        subject_index = pathway.find_subject(subject);
        if (subject_index < 0) {
            std::string known;
            for (const auto& s : pathway.subjects()) known += (known.empty() ? "" : " and ") + s;
            throw InvalidArgumentError("pathway \"" + pathway.id() + "\" does not cover subject \"" + std::string(subject) +
                                       "\"; it covers " + known);
        }
    }
    // Node ids: stage and outcome ids (one namespace, kebab-case); "(start)" can never be one.
    const int stages = static_cast<int>(pathway.stages().size());
    auto vertex_id = boost::make_function_property_map<std::size_t, std::string>([&pathway, stages](std::size_t v) {
        const int index = static_cast<int>(v);
        if (index == pathway.start_vertex()) return std::string("(start)");
        return index < stages ? pathway.stages()[index].id : pathway.outcomes()[index - stages].id;
    });
    boost::write_graphviz(out, pathway.graph(), VertexWriter(pathway, subject_index), EdgeWriter(pathway),
                          GraphWriter(pathway, subject), vertex_id);
}

}  // namespace escalate
