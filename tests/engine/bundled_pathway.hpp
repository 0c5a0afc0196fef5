// What the golden tests of the bundled pathways share: the bundled rulesets loaded once, and
// short ways to ask a question and to find a step or action in the answer.
#pragma once

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "escalate/engine.hpp"

namespace escalate::testing {

inline Date ymd(int year, int month, int day) { return *date_from_ymd(year, month, day); }

inline std::string iso(Date date) { return format_iso_date(date); }

inline const Engine& engine() {
    static const std::shared_ptr<const Engine> loaded = Engine::load(ESCALATE_RULESETS_DIR);
    return *loaded;
}

/// Questions about one bundled pathway: `decide(stage, event, at, started[, subject])`, with
/// the pathway's usual subject when none is given.
struct PathwayQuestions {
    std::string_view pathway;
    std::string_view usual_subject = {};

    Decision operator()(std::string_view stage, std::string_view event, Date at, Date started,
                        std::optional<std::string_view> subject = std::nullopt) const {
        return engine().decide(Query{.pathway = pathway, .stage = stage, .event = event,
                                     .subject = subject.value_or(usual_subject), .at = at, .started = started});
    }

    /// An event that may keep the case at `stage` (a side track): the stage was entered on
    /// `entered`, and its clock keeps running from there.
    Decision kept(std::string_view stage, std::string_view event, Date at, Date started, Date entered,
                  std::optional<std::string_view> subject = std::nullopt) const {
        return engine().decide(Query{.pathway = pathway, .stage = stage, .event = event,
                                     .subject = subject.value_or(usual_subject), .at = at, .started = started,
                                     .entered = entered});
    }
};

inline const ObligationDue& obligation(const std::vector<ObligationDue>& list, std::string_view id) {
    for (const auto& item : list) {
        if (item.obligation->id == id) return item;
    }
    throw std::runtime_error("no step or action \"" + std::string(id) + "\"");
}

inline const Pathway::Obligation& obligation_definition(const std::vector<Pathway::Obligation>& list,
                                                       std::string_view id) {
    for (const auto& item : list) {
        if (item.id == id) return item;
    }
    throw std::runtime_error("no step or action \"" + std::string(id) + "\"");
}

}  // namespace escalate::testing
