// Pathway's look-ups: by id, the route taken on an event, names for a subject. Read-only
// queries of a compiled pathway (compile.cpp builds it).
#include "escalate/pathway.hpp"

namespace escalate {

namespace {

// A pathway has a handful of stages, outcomes and events: up to this many, comparing the ids
// in order is cheaper than hashing one (no hash of the id, no division by the table's prime),
// which is most of what esc_decide spends on look-ups (docs/performance.md). Larger pathways
// use the hash index. Both give the first item with the id.
constexpr std::size_t scan_limit = 16;

template <class Items, class IdOf>
int find_id(const Items& items, const IdMap<int>& index, std::string_view id, IdOf id_of) noexcept {
    if (items.size() > scan_limit) {
        auto it = index.find(id);
        return it == index.end() ? -1 : it->second;
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (std::string_view(id_of(items[i])) == id) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace

int Pathway::find_stage(std::string_view id) const noexcept {
    return find_id(stages_, stage_index_, id, [](const Stage& stage) -> const std::string& { return stage.id; });
}

int Pathway::find_outcome(std::string_view id) const noexcept {
    return find_id(outcomes_, outcome_index_, id, [](const Outcome& outcome) -> const std::string& { return outcome.id; });
}

int Pathway::find_event(std::string_view id) const noexcept {
    return find_id(events_, event_index_, id, [](const std::string& event) -> const std::string& { return event; });
}

int Pathway::find_subject(std::string_view subject) const noexcept {
    for (std::size_t i = 0; i < subjects_.size(); ++i) {
        if (subjects_[i] == subject) return static_cast<int>(i);
    }
    return -1;
}

const Pathway::Transition* Pathway::next(int stage, int event, int subject) const noexcept {
    if (stage < -1 || stage >= static_cast<int>(stages_.size())) return nullptr;
    const Transition* general = nullptr;
    for (int i = transitions_from_[stage + 1]; i < transitions_from_[stage + 2]; ++i) {
        const Transition& t = transitions_[i];
        if (t.event != event) continue;
        if (t.subject < 0) general = &t;
        else if (t.subject == subject) return &t;  // a guard for this subject beats the general rule
    }
    return general;
}

const std::string& Pathway::tier_name(int tier, int subject) const noexcept {
    return name_for(tiers_[tier].name, tiers_[tier].variants, subject);
}

const std::string& Pathway::name_for(const std::string& general, const std::vector<TierNameVariant>& variants,
                                     int subject) const noexcept {
    if (subject >= 0) {
        for (const auto& variant : variants) {
            if (variant.subject == subjects_[subject]) return variant.name;
        }
    }
    return general;
}

Clock Clock::of(const DeadlineDefinition& deadline) noexcept {
    Clock clock;
    clock.kind = deadline.kind;
    clock.anchor = deadline.anchor;
    clock.days = deadline.kind == DeadlineKind::hours ? (deadline.hours + 23) / 24 : deadline.days;
    clock.roll_to_working_day = deadline.roll_to_working_day;
    return clock;
}

}  // namespace escalate
