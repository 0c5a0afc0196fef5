// Pathway's look-ups: by id, the route taken on an event, names for a subject. Read-only
// queries of a compiled pathway (compile.cpp builds it).
#include "escalate/pathway.hpp"

namespace escalate {

int Pathway::find_stage(std::string_view id) const noexcept {
    auto it = stage_index_.find(id);
    return it == stage_index_.end() ? -1 : it->second;
}

int Pathway::find_outcome(std::string_view id) const noexcept {
    auto it = outcome_index_.find(id);
    return it == outcome_index_.end() ? -1 : it->second;
}

int Pathway::find_event(std::string_view id) const noexcept {
    auto it = event_index_.find(id);
    return it == event_index_.end() ? -1 : it->second;
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
