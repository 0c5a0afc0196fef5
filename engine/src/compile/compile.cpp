// Compilation of a PathwayDefinition into an immutable Pathway: resolves every reference,
// builds the stage graph, and runs the checks docs/ruleset-format.md lists (duplicates, reachability,
// cycles, a way out to an outcome, declared cumulative totals against the longest path).
#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/graph/depth_first_search.hpp>
#include <boost/range/iterator_range.hpp>

#include "escalate/errors.hpp"
#include "escalate/pathway.hpp"

namespace escalate {

namespace {


constexpr const char* standard_events[] = {"resolved", "unresolved", "immediate-risk"};

std::string join_keys(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out.empty() ? "(none)" : out;
}

template <typename Map>
std::string known_ids(const Map& map) {
    std::vector<std::string> ids;
    for (const auto& [id, index] : map) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return join_keys(ids);
}

std::string describe_deadline(const DeadlineDefinition& d) {
    switch (d.kind) {
        case DeadlineKind::working_days: return std::to_string(d.days) + " working days";
        case DeadlineKind::calendar_days: return std::to_string(d.days) + " calendar days";
        case DeadlineKind::hours: return std::to_string(d.hours) + " hours";
        case DeadlineKind::immediately: return "immediately";
        case DeadlineKind::none: return "no timescale";
    }
    return "";
}

// Records a DFS's tree edges and the first back edge, so a cycle can be named stage by stage.
struct CycleFinder : boost::default_dfs_visitor {
    std::vector<int>* parent;
    std::vector<int>* postorder;
    std::optional<std::pair<int, int>>* first_back_edge;
    template <typename Edge, typename Graph>
    void tree_edge(Edge e, const Graph& g) const {
        (*parent)[boost::target(e, g)] = static_cast<int>(boost::source(e, g));
    }
    template <typename Edge, typename Graph>
    void back_edge(Edge e, const Graph& g) const {
        // A transition back to its own stage is a side track, not a cycle (docs/semantics.md).
        if (boost::source(e, g) == boost::target(e, g)) return;
        if (!*first_back_edge) *first_back_edge = std::make_pair(static_cast<int>(boost::source(e, g)), static_cast<int>(boost::target(e, g)));
    }
    template <typename Vertex, typename Graph>
    void finish_vertex(Vertex v, const Graph&) const {
        postorder->push_back(static_cast<int>(v));
    }
};

}  // namespace

class PathwayCompiler {
public:
    PathwayCompiler(const PathwayDefinition& definition,
                    const std::unordered_map<std::string, std::shared_ptr<const Calendar>>& calendars)
        : def_(definition), calendars_(calendars), out_(new Pathway()) {}

    std::shared_ptr<const Pathway> run() {
        header();
        events();
        tiers();
        nodes();
        limits();
        transitions();
        graph();
        order_and_cycles();
        reachability();
        rules_and_cumulative();
        anchors();
        return std::shared_ptr<const Pathway>(out_.release());
    }

private:
    void header() {
        Pathway& p = *out_;
        p.id_ = def_.id;
        p.title_ = def_.title;
        p.version_ = def_.version;
        p.effective_from_ = def_.effective_from;
        p.review_by_ = def_.review_by;
        p.source_ = def_.source;
        p.file_ = def_.where.file;
        auto calendar = calendars_.find(def_.calendar);
        if (calendar == calendars_.end()) {
            std::vector<std::string> known;
            for (const auto& [id, cal] : calendars_) known.push_back(id);
            std::sort(known.begin(), known.end());
            fail_at(def_.where, "<pathway id=\"" + def_.id + "\">: unknown calendar \"" + def_.calendar + "\"",
                    "use one of the loaded calendars: " + join_keys(known));
        }
        p.calendar_ = calendar->second;
        for (const auto& subject : def_.subjects) {
            if (std::find(p.subjects_.begin(), p.subjects_.end(), subject) != p.subjects_.end()) {
                fail_at(def_.where, "<pathway id=\"" + def_.id + "\">: subject \"" + subject + "\" is listed twice",
                        "list each subject once");
            }
            p.subjects_.push_back(subject);
        }
    }

    void events() {
        Pathway& p = *out_;
        for (const char* e : standard_events) add_event(e, def_.where);
        for (const auto& event : def_.events) {
            if (p.event_index_.count(event.id)) {
                const bool standard = std::find(std::begin(standard_events), std::end(standard_events), event.id) !=
                                      std::end(standard_events);
                fail_at(event.where, "<event id=\"" + event.id + "\">: " +
                                         (standard ? std::string("is a standard event and needs no declaration")
                                                   : std::string("is declared twice")),
                        standard ? "remove this <event>" : "give each event a distinct id");
            }
            add_event(event.id, event.where);
        }
    }

    void add_event(const std::string& id, const SourceLocation&) {
        out_->event_index_.emplace(id, static_cast<int>(out_->events_.size()));
        out_->events_.push_back(id);
    }

    void tiers() {
        Pathway& p = *out_;
        for (const auto& tier : def_.tiers) {
            if (!tier_index_.emplace(tier.id, static_cast<int>(p.tiers_.size())).second) {
                fail_at(tier.where, "<tier id=\"" + tier.id + "\">: a tier with this id is already defined",
                        "give each tier a distinct id");
            }
            std::set<std::string> seen;
            for (const auto& variant : tier.variants) {
                if (p.find_subject(variant.subject) < 0) {
                    fail_at(variant.where, "<name-for subject=\"" + variant.subject + "\">: the pathway does not cover this subject",
                            "add it to the pathway's subjects=\"...\" or remove this name");
                }
                if (!seen.insert(variant.subject).second) {
                    fail_at(variant.where, "<name-for subject=\"" + variant.subject + "\">: a second name for the same subject",
                            "keep one <name-for> per subject");
                }
            }
            check_variants(tier.variants);
            p.tiers_.push_back({tier.id, tier.name, tier.variants, tier.clause});
        }
    }

    void check_variants(const std::vector<TierNameVariant>& variants) const {
        std::set<std::string> seen;
        for (const auto& variant : variants) {
            if (out_->find_subject(variant.subject) < 0) {
                fail_at(variant.where, "<name-for subject=\"" + variant.subject + "\">: the pathway does not cover this subject",
                        "add it to the pathway's subjects=\"...\" or remove this name");
            }
            if (!seen.insert(variant.subject).second) {
                fail_at(variant.where, "<name-for subject=\"" + variant.subject + "\">: a second name for the same subject",
                        "keep one <name-for> per subject");
            }
        }
    }

    template <typename Definition>
    Pathway::Obligation obligation(const Definition& d) {
        check_variants(d.variants);
        every_deadline_.push_back(&d.deadline);
        obligation_ids_.insert(d.id);
        return {d.id, d.name, d.variants, d.deadline, d.clause};
    }

    // Obligations of one event (a transition's or an outcome's) need distinct ids.
    std::vector<Pathway::Obligation> event_obligations(const std::vector<ActionDefinition>& actions, const std::string& owner) {
        std::set<std::string> seen;
        std::vector<Pathway::Obligation> out;
        for (const auto& action : actions) {
            if (!seen.insert(action.id).second) {
                fail_at(action.where, "<action id=\"" + action.id + "\">: the id is already used in " + owner,
                        "give each action of a transition or outcome a distinct id");
            }
            out.push_back(obligation(action));
        }
        return out;
    }

    void check_obligation_ids(const StageDefinition& stage) {
        std::set<std::string> seen;
        auto check = [&](const std::string& id, const SourceLocation& where, const char* what) {
            if (!seen.insert(id).second) {
                fail_at(where, std::string("<") + what + " id=\"" + id + "\">: the id is already used in stage \"" + stage.id + "\"",
                        "give each step and action of a stage a distinct id");
            }
        };
        for (const auto& step : stage.steps) check(step.id, step.where, "step");
        for (const auto& action : stage.actions) check(action.id, action.where, "action");
    }

    void nodes() {
        Pathway& p = *out_;
        std::unordered_map<std::string, SourceLocation> first_use;
        auto claim = [&](const std::string& id, const SourceLocation& where, const char* what) {
            auto [it, fresh] = first_use.emplace(id, where);
            if (!fresh) {
                fail_at(where, std::string("<") + what + " id=\"" + id + "\">: the id is already used at line " +
                                   std::to_string(it->second.line),
                        "stages and outcomes share one set of ids; rename one of them");
            }
        };
        for (const auto& stage : def_.stages) {
            claim(stage.id, stage.where, "stage");
            auto tier = tier_index_.find(stage.tier);
            if (tier == tier_index_.end()) {
                fail_at(stage.where, "<stage id=\"" + stage.id + "\">: unknown tier \"" + stage.tier + "\"",
                        "use one of the pathway's tiers: " + known_ids(tier_index_));
            }
            check_obligation_ids(stage);
            Pathway::Stage compiled;
            compiled.id = stage.id;
            compiled.name = stage.name;
            compiled.tier = tier->second;
            compiled.deadline = stage.deadline;
            compiled.clause = stage.clause;
            every_deadline_.push_back(&stage.deadline);
            for (const auto& step : stage.steps) compiled.steps.push_back(obligation(step));
            for (const auto& action : stage.actions) compiled.actions.push_back(obligation(action));
            p.stage_index_.emplace(stage.id, static_cast<int>(p.stages_.size()));
            p.stages_.push_back(std::move(compiled));
        }
        for (const auto& outcome : def_.outcomes) {
            claim(outcome.id, outcome.where, "outcome");
            p.outcome_index_.emplace(outcome.id, static_cast<int>(p.outcomes_.size()));
            check_variants(outcome.variants);
            p.outcomes_.push_back({outcome.id, outcome.name, outcome.kind, outcome.variants,
                                   event_obligations(outcome.actions, "outcome \"" + outcome.id + "\""), outcome.clause});
        }
        p.entry_ = p.find_stage(def_.start.entry_stage);
        if (p.entry_ < 0) {
            fail_at(def_.start.where, "<start stage=\"" + def_.start.entry_stage + "\">: no stage has this id",
                    "name the pathway's first stage, one of: " + known_ids(p.stage_index_));
        }
    }

    void limits() {
        Pathway& p = *out_;
        std::set<std::string> ids;
        for (const auto& limit : def_.limits) {
            if (!ids.insert(limit.id).second) {
                fail_at(limit.where, "<limit id=\"" + limit.id + "\">: a limit with this id is already defined",
                        "give each limit a distinct id");
            }
            const int index = static_cast<int>(p.limits_.size());
            for (const auto& covered : limit.covers) {
                const int stage = p.find_stage(covered);
                if (stage < 0) {
                    fail_at(limit.where, "<limit id=\"" + limit.id + "\">: covers unknown stage \"" + covered + "\"",
                            "list stage ids of this pathway: " + known_ids(p.stage_index_));
                }
                if (p.stages_[stage].limit >= 0) {
                    // == index: listed twice in this limit's covers; this limit is not in limits_ yet.
                    fail_at(limit.where, "<limit id=\"" + limit.id + "\">: stage \"" + covered +
                                             "\" is already covered by limit \"" + (p.stages_[stage].limit == index ? limit.id : p.limits_[p.stages_[stage].limit].id) + "\"",
                            "a stage may be covered by one overall limit; keep the one the source states for it");
                }
                p.stages_[stage].limit = index;
            }
            p.limits_.push_back({limit.id, limit.name, limit.working_days, limit.force, limit.reading, limit.clause});
        }
    }

    void add_transition(int from, const TransitionDefinition& t, const std::string& from_name) {
        Pathway& p = *out_;
        Pathway::Transition compiled;
        compiled.from = from;
        compiled.clause = t.clause;
        compiled.event = p.find_event(t.event);
        if (compiled.event < 0) {
            fail_at(t.where, "<transition on=\"" + t.event + "\">: unknown event in " + from_name,
                    "use resolved, unresolved or immediate-risk, or declare it with <event id=\"" + t.event +
                        "\" name=\"...\" clause=\"...\"/>");
        }
        if (!t.subject.empty()) {
            compiled.subject = p.find_subject(t.subject);
            if (compiled.subject < 0) {
                fail_at(t.where, "<transition subject=\"" + t.subject + "\">: the pathway does not cover this subject",
                        "add it to the pathway's subjects or remove the guard");
            }
        }
        const int stage = p.find_stage(t.target);
        const int outcome = p.find_outcome(t.target);
        if (stage < 0 && outcome < 0) {
            fail_at(t.where, "<transition to=\"" + t.target + "\">: no stage or outcome has this id",
                    "use a stage (" + known_ids(p.stage_index_) + ") or an outcome (" + known_ids(p.outcome_index_) + ")");
        }
        compiled.target = stage >= 0 ? Target{false, stage} : Target{true, outcome};
        compiled.actions = event_obligations(t.actions, "this transition");
        if (from < 0 && compiled.side_track()) {
            fail_at(t.where, "<transition to=\"" + t.target + "\">: a side track needs a stage to stay at",
                    "in <start>, route the event to a stage or an outcome");
        }
        for (const auto& other : p.transitions_) {
            if (other.from == from && other.event == compiled.event && other.subject == compiled.subject) {
                fail_at(t.where, "<transition on=\"" + t.event + "\">: " + from_name + " already has a transition on this event" +
                                     (t.subject.empty() ? std::string() : " for subject " + t.subject),
                        "keep one, or guard them with subject=\"child\" / subject=\"adult\"");
            }
        }
        p.transitions_.push_back(compiled);
    }

    void transitions() {
        Pathway& p = *out_;
        for (const auto& t : def_.start.transitions) add_transition(-1, t, "<start>");
        for (std::size_t s = 0; s < def_.stages.size(); ++s) {
            for (const auto& t : def_.stages[s].transitions) {
                add_transition(static_cast<int>(s), t, "stage \"" + def_.stages[s].id + "\"");
            }
        }
        // Group by origin (start first) for O(degree) look-ups; stable keeps file order.
        std::stable_sort(p.transitions_.begin(), p.transitions_.end(),
                         [](const auto& a, const auto& b) { return a.from < b.from; });
        p.transitions_from_.assign(p.stages_.size() + 2, 0);
        for (const auto& t : p.transitions_) ++p.transitions_from_[t.from + 2];
        for (std::size_t i = 1; i < p.transitions_from_.size(); ++i) p.transitions_from_[i] += p.transitions_from_[i - 1];
    }

    int vertex_of(const Target& t) const { return t.terminal ? static_cast<int>(out_->stages_.size()) + t.index : t.index; }

    void graph() {
        Pathway& p = *out_;
        const int start = p.start_vertex();
        std::vector<std::pair<int, int>> edges;
        std::vector<TransitionEdge> properties;
        edges.emplace_back(start, p.entry_);
        properties.push_back({-1});
        for (std::size_t i = 0; i < p.transitions_.size(); ++i) {
            const auto& t = p.transitions_[i];
            edges.emplace_back(t.from < 0 ? start : t.from, vertex_of(t.target));
            properties.push_back({static_cast<int>(i)});
        }
        p.graph_ = StageGraph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), properties.begin(),
                              static_cast<std::size_t>(start + 1));
    }

    const SourceLocation& stage_where(int s) const { return def_.stages[s].where; }

    void order_and_cycles() {
        Pathway& p = *out_;
        const std::size_t n = boost::num_vertices(p.graph_);
        std::vector<int> parent(n, -1), postorder;
        std::optional<std::pair<int, int>> back;
        std::vector<boost::default_color_type> colors(n);
        CycleFinder visitor;
        visitor.parent = &parent;
        visitor.postorder = &postorder;
        visitor.first_back_edge = &back;
        boost::depth_first_search(p.graph_, visitor,
                                  boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, p.graph_)),
                                  static_cast<std::size_t>(p.start_vertex()));
        if (back) {
            // back edge u -> v: the cycle is v ... u -> v along tree edges.
            std::vector<int> cycle{back->first};
            for (int v = back->first; v != back->second && parent[v] >= 0;) {
                v = parent[v];
                cycle.push_back(v);
            }
            std::reverse(cycle.begin(), cycle.end());
            std::string path;
            for (int v : cycle) path += p.stages_[v].id + " -> ";
            path += p.stages_[back->second].id;
            fail_at(stage_where(back->first), "<pathway id=\"" + p.id_ + "\">: the stages form a cycle: " + path,
                    "an escalation only moves forward; point the last transition at a later stage or an outcome");
        }
        topological_.assign(postorder.rbegin(), postorder.rend());
    }

    void reachability() {
        Pathway& p = *out_;
        const int start = p.start_vertex();
        const std::size_t n = boost::num_vertices(p.graph_);
        std::vector<char> reached(n, 0), reaches_outcome(n, 0);
        reached[start] = 1;
        for (int v : topological_) {  // every vertex is in topological_ (DFS visits all)
            if (!reached[v]) continue;
            for (auto e : boost::make_iterator_range(boost::out_edges(static_cast<std::size_t>(v), p.graph_))) reached[boost::target(e, p.graph_)] = 1;
        }
        for (std::size_t s = 0; s < p.stages_.size(); ++s) {
            if (!reached[s]) {
                fail_at(stage_where(static_cast<int>(s)),
                        "<stage id=\"" + p.stages_[s].id + "\">: cannot be reached from the start of the pathway",
                        "add a transition to it from an earlier stage (or from <start>), or remove it");
            }
        }
        for (std::size_t o = 0; o < p.outcomes_.size(); ++o) {
            if (!reached[p.stages_.size() + o]) {
                fail_at(def_.outcomes[o].where, "<outcome id=\"" + p.outcomes_[o].id + "\">: no transition leads to it",
                        "add a transition to it, or remove it");
            }
        }
        // With no cycles and at least one transition out of every stage (the reader insists),
        // every stage reaches an outcome; this stays as the format's own check should either
        // rule ever loosen.
        for (std::size_t o = 0; o < p.outcomes_.size(); ++o) reaches_outcome[p.stages_.size() + o] = 1;
        for (auto it = topological_.rbegin(); it != topological_.rend(); ++it) {
            for (auto e : boost::make_iterator_range(boost::out_edges(static_cast<std::size_t>(*it), p.graph_))) {
                if (reaches_outcome[boost::target(e, p.graph_)]) reaches_outcome[*it] = 1;
            }
        }
        for (std::size_t s = 0; s < p.stages_.size(); ++s) {
            if (!reaches_outcome[s]) {
                fail_at(stage_where(static_cast<int>(s)),
                        "<stage id=\"" + p.stages_[s].id + "\">: no outcome can be reached from it",
                        "add a transition from it towards an outcome");
            }
        }
    }

    // Worst case, in working days from the outset, of the date a deadline falls due, given the
    // worst case of the date it counts from; nullopt when it has no working-day bound.
    static std::optional<int> worst_case(const DeadlineDefinition& d, std::optional<int> from) {
        if (d.anchor == Anchor::pathway_start) from = 0;
        if (d.anchor == Anchor::on_event) return std::nullopt;  // known only from a case history
        switch (d.kind) {
            case DeadlineKind::working_days: return from ? std::optional<int>(*from + d.days) : std::nullopt;
            case DeadlineKind::immediately: return from;
            case DeadlineKind::calendar_days:
            case DeadlineKind::hours:
            case DeadlineKind::none: return std::nullopt;
        }
        return std::nullopt;
    }

    void check_declared(const DeadlineDefinition& d, std::optional<int> compiled, const std::string& what, int limit) {
        if (!d.declared_cumulative) return;
        const int declared = *d.declared_cumulative;
        if (limit >= 0 && declared > out_->limits_[limit].working_days) {
            const auto& l = out_->limits_[limit];
            fail_at(d.where, what + ": states a cumulative worst case of " + std::to_string(declared) +
                                 " working days, but the overall limit \"" + l.id + "\" covering it allows " +
                                 std::to_string(l.working_days),
                    "the stated timescales contradict the overall limit; re-read the source and record the reading that agrees with itself");
        }
        if (!compiled) {
            fail_at(d.where, what + ": states a cumulative total of " + std::to_string(declared) +
                                 " working days, but a stage on the way to it has no working-day timescale",
                    "remove cumulative=\"...\" or give every stage before it a working-day timescale");
        }
        if (*compiled != declared) {
            fail_at(d.where, what + ": states a cumulative total of " + std::to_string(declared) +
                                 " working days, but the stages leading to it add up to " + std::to_string(*compiled) +
                                 " (longest path from the start, each stage at its full timescale)",
                    "correct the timescales or the stated total so that they agree");
        }
    }

    void rules_and_cumulative() {
        Pathway& p = *out_;
        const int start = p.start_vertex();
        // entry_worst[v]: worst case of the date stage v is entered (max over its predecessors'
        // due dates). Walk in topological order; nullopt marks "unbounded".
        const std::size_t n = boost::num_vertices(p.graph_);
        std::vector<std::optional<int>> entry_worst(n, std::nullopt);
        std::vector<char> has_entry(n, 0);
        entry_worst[start] = 0;
        has_entry[start] = 1;
        std::vector<std::optional<int>> due_worst(n, std::nullopt);
        due_worst[start] = 0;
        p.rules_.resize(p.stages_.size());
        for (int v : topological_) {
            if (v < static_cast<int>(p.stages_.size())) {
                auto& stage = p.stages_[v];
                const auto& d = stage.deadline;
                StageRule& rule = p.rules_[v];
                static_cast<Clock&>(rule) = Clock::of(d);
                rule.limit_days = stage.limit >= 0 ? p.limits_[stage.limit].working_days : -1;

                std::optional<int> due = worst_case(d, entry_worst[v]);
                if (stage.limit >= 0) {
                    const int cap = p.limits_[stage.limit].working_days;
                    due = due ? std::min(*due, cap) : cap;
                }
                due_worst[v] = due;
                stage.cumulative_working_days = due;
                const std::string what = "<stage id=\"" + stage.id + "\"> deadline";
                check_declared(d, due, what, stage.limit);
                check_steps(stage, entry_worst[v], def_.stages[v]);
            }
            for (auto e : boost::make_iterator_range(boost::out_edges(static_cast<std::size_t>(v), p.graph_))) {
                const auto t = boost::target(e, p.graph_);
                const auto from = due_worst[v];
                if (!has_entry[t]) {
                    entry_worst[t] = from;
                    has_entry[t] = 1;
                } else if (!entry_worst[t] || !from) {
                    entry_worst[t] = std::nullopt;
                } else {
                    entry_worst[t] = std::max(*entry_worst[t], *from);
                }
            }
        }
    }

    // Steps run inside their stage: each step's worst case must be checkable against its
    // declaration, and no step may fall due after the stage itself.
    void check_steps(const Pathway::Stage& stage, std::optional<int> entry, const StageDefinition& definition) {
        std::optional<int> previous = entry;
        // Offsets from the stage entry, for the "not after the stage" check.
        std::optional<int> previous_offset = 0;
        const auto& sd = stage.deadline;
        std::optional<int> stage_offset;
        if (sd.anchor == Anchor::stage_entry) {
            if (sd.kind == DeadlineKind::working_days) stage_offset = sd.days;
            if (sd.kind == DeadlineKind::immediately) stage_offset = 0;
        }
        for (std::size_t i = 0; i < stage.steps.size(); ++i) {
            const auto& d = stage.steps[i].deadline;
            const auto from = d.anchor == Anchor::previous_step ? previous : entry;
            const auto due = worst_case(d, from);
            check_declared(d, due, "<step id=\"" + stage.steps[i].id + "\"> deadline", -1);
            std::optional<int> offset;
            if ((d.anchor == Anchor::stage_entry || d.anchor == Anchor::previous_step) && (d.kind == DeadlineKind::working_days || d.kind == DeadlineKind::immediately)) {
                const auto base = d.anchor == Anchor::previous_step ? previous_offset : std::optional<int>(0);
                if (base) offset = *base + (d.kind == DeadlineKind::working_days ? d.days : 0);
            }
            if (offset && stage_offset && *offset > *stage_offset) {
                fail_at(definition.steps[i].where,
                        "<step id=\"" + stage.steps[i].id + "\">: falls due " + std::to_string(*offset) +
                            " working days after the stage is entered, after the stage's own deadline (" +
                            describe_deadline(sd) + ")",
                        "a step cannot outlast its stage; re-read the source and record the reading that agrees with itself");
            }
            previous = due;
            previous_offset = offset;
        }
    }

    // Every anchor on:ID names a step or action of the pathway, or an event (docs/semantics.md).
    void anchors() const {
        for (const DeadlineDefinition* d : every_deadline_) {
            if (d->anchor != Anchor::on_event) continue;
            if (obligation_ids_.count(d->on) || out_->find_event(d->on) >= 0) continue;
            std::vector<std::string> ids(obligation_ids_.begin(), obligation_ids_.end());
            fail_at(d->where, "<deadline anchor=\"on:" + d->on + "\">: no step, action or event has the id \"" + d->on + "\"",
                    "name a step or action of this pathway (" + join_keys(ids) + ") or an event (" +
                        join_keys(out_->events()) + ")");
        }
    }

    const PathwayDefinition& def_;
    const std::unordered_map<std::string, std::shared_ptr<const Calendar>>& calendars_;
    std::vector<const DeadlineDefinition*> every_deadline_;
    std::set<std::string> obligation_ids_;
    std::unique_ptr<Pathway> out_;
    std::unordered_map<std::string, int> tier_index_;
    std::vector<int> topological_;
};

std::shared_ptr<const Pathway> Pathway::compile(
    const PathwayDefinition& definition,
    const std::unordered_map<std::string, std::shared_ptr<const Calendar>>& calendars) {
    return PathwayCompiler(definition, calendars).run();
}

}  // namespace escalate
