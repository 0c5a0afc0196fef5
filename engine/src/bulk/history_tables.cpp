#include "bulk/history_tables.hpp"

#include <algorithm>

#include "bulk/bulk_kernel.hpp"
#include "escalate/engine.hpp"
#include "escalate/history.hpp"

namespace escalate {

std::vector<std::string_view> obligation_ids(const Pathway& p) {
    std::vector<std::string_view> ids;
    auto add = [&](const std::vector<Pathway::Obligation>& list) {
        for (const auto& o : list) {
            if (std::find(ids.begin(), ids.end(), std::string_view(o.id)) == ids.end()) ids.push_back(o.id);
        }
    };
    for (const auto& s : p.stages()) {
        add(s.steps);
        add(s.actions);
    }
    for (const auto& t : p.transitions()) add(t.actions);
    for (const auto& o : p.outcomes()) add(o.actions);
    return ids;
}

std::int32_t bulk_event_code(const Pathway& p, std::string_view event, bool* known) {
    if (known) *known = true;
    if (event == start_event) return bulk_start_event;
    if (event.starts_with(done_prefix)) {
        const auto ids = obligation_ids(p);
        const auto k = std::find(ids.begin(), ids.end(), event.substr(done_prefix.size())) - ids.begin();
        if (known) *known = k < static_cast<std::ptrdiff_t>(ids.size());
        return bulk_done_first - static_cast<std::int32_t>(k);
    }
    const int index = p.find_event(event);
    if (known) *known = index >= 0;
    return index < 0 ? bulk_unknown_event : index;
}

}  // namespace escalate

namespace escalate::bulk {

HistoryTables::HistoryTables(const Engine& engine, const BulkTables& bulk) : table_first_(bulk.table_first()) {
    for (std::size_t pi = 0; pi < engine.pathways().size(); ++pi) {
        const Pathway& p = *engine.pathways()[pi];
        PathwayHistoryTables h;
        h.ids = obligation_ids(p);
        most_ids_ = std::max(most_ids_, h.ids.size());
        auto numbers = [&](const std::vector<Pathway::Obligation>& list) {
            std::vector<std::int32_t> out;
            for (const auto& o : list) {
                out.push_back(static_cast<std::int32_t>(std::find(h.ids.begin(), h.ids.end(), std::string_view(o.id)) - h.ids.begin()));
            }
            return out;
        };
        for (const auto& s : p.stages()) {
            h.stage_steps.push_back(numbers(s.steps));
            h.stage_actions.push_back(numbers(s.actions));
        }
        for (const auto& t : p.transitions()) h.transition_actions.push_back(numbers(t.actions));
        for (const auto& o : p.outcomes()) h.outcome_actions.push_back(numbers(o.actions));

        // Whether the fast path can take this pathway's cases.
        bool fast = h.ids.size() <= 64;
        std::uint64_t stage_ids = 0;
        for (std::size_t s = 0; fast && s < p.stages().size(); ++s) {
            std::uint64_t mask = 0;
            for (const auto& list : {h.stage_steps[s], h.stage_actions[s]}) {
                for (const std::int32_t k : list) {
                    const std::uint64_t bit = std::uint64_t{1} << k;
                    fast = fast && !(mask & bit);  // one stage owes each id at most once
                    mask |= bit;
                }
            }
            h.stage_masks.push_back(mask);
            stage_ids |= mask;
            const std::uint16_t* by_entry = bulk.stage_table(pi, s, false);
            const std::uint16_t* by_start = bulk.stage_table(pi, s, true);
            fast = fast && by_entry && by_start;
            h.by_entry.push_back(by_entry);
            h.by_start.push_back(by_start);
        }
        if (fast) {
            for (const auto& lists : {&h.transition_actions, &h.outcome_actions}) {
                for (const auto& list : *lists) {
                    for (const std::int32_t k : list) h.persistent_mask |= std::uint64_t{1} << k;
                }
            }
            fast = !(h.persistent_mask & stage_ids);
        }
        h.fast = fast;
        if (fast) {
            h.first = p.calendar().first_date();
            h.last = p.calendar().last_date();
            h.stages = static_cast<std::int32_t>(p.stages().size());
            h.events = static_cast<std::int32_t>(p.events().size());
            h.subjects = static_cast<std::int32_t>(p.subjects().size());
            h.entry_stage = p.entry_stage();
            h.moves.resize(static_cast<std::size_t>(h.subjects + 1) * static_cast<std::size_t>(h.stages + 1) *
                           static_cast<std::size_t>(std::max(h.events, 1)));
            for (int subject = -1; subject < h.subjects; ++subject) {
                for (int from = -1; from < h.stages; ++from) {
                    for (int event = 0; event < h.events; ++event) {
                        HistoryMove& m = h.moves[(static_cast<std::size_t>(subject + 1) * static_cast<std::size_t>(h.stages + 1) +
                                                  static_cast<std::size_t>(from + 1)) * static_cast<std::size_t>(h.events) +
                                                 static_cast<std::size_t>(event)];
                        const Pathway::Transition* t = p.next(from, event, subject);
                        if (!t) continue;  // none: the careful path says why
                        m.persist_begin = static_cast<std::uint32_t>(h.persist.size());
                        const auto& own = h.transition_actions[static_cast<std::size_t>(t - p.transitions().data())];
                        h.persist.insert(h.persist.end(), own.begin(), own.end());
                        if (t->side_track()) {
                            m.target = HistoryMove::side_track;
                        } else if (t->target.terminal) {
                            m.target = HistoryMove::outcome_first - t->target.index;
                            const auto& reached = h.outcome_actions[static_cast<std::size_t>(t->target.index)];
                            h.persist.insert(h.persist.end(), reached.begin(), reached.end());
                        } else {
                            m.target = t->target.index;
                        }
                        m.persist_count = static_cast<std::uint32_t>(h.persist.size()) - m.persist_begin;
                    }
                }
            }
        }
        pathways_.push_back(std::move(h));
    }
}

}  // namespace escalate::bulk
