// Building an Engine: compile every calendar, then every pathway against them, and index both
// by id. All or nothing: any error leaves no engine behind.
#include "escalate/engine.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

namespace escalate {

namespace {

template <typename Items>
std::string list_ids(const Items& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item->id();
    return out.empty() ? "(none loaded)" : out;
}

}  // namespace

std::shared_ptr<const Engine> Engine::load(const std::filesystem::path& path) {
    const RulesetFiles files = read_rulesets(path);
    return compile(files.calendars, files.pathways);
}

std::shared_ptr<const Engine> Engine::load(const std::vector<std::filesystem::path>& paths,
                                           const std::vector<Document>& documents) {
    if (paths.empty() && documents.empty()) throw InvalidArgumentError("no ruleset paths or documents were given");
    RulesetFiles all;
    for (const auto& path : paths) {
        RulesetFiles files = read_rulesets(path);
        std::move(files.calendars.begin(), files.calendars.end(), std::back_inserter(all.calendars));
        std::move(files.pathways.begin(), files.pathways.end(), std::back_inserter(all.pathways));
    }
    for (const auto& document : documents) read_ruleset_text(document.text, document.name, all);
    return compile(all.calendars, all.pathways);
}

std::shared_ptr<const Engine> Engine::compile(const std::vector<CalendarDefinition>& calendars,
                                              const std::vector<PathwayDefinition>& pathways) {
    std::shared_ptr<Engine> engine(new Engine());
    std::unordered_map<std::string, std::shared_ptr<const Calendar>> by_id;
    std::unordered_map<std::string, SourceLocation> defined_at;
    // Each calendar's tables take 8 bytes a day of its range (a calendar over the whole range
    // 1583-9999, 25 MB); an engine's calendars together may cover at most about four such
    // ranges (docs/reliability.md, limits on work).
    constexpr std::int64_t max_calendar_days = 12'500'000;
    std::int64_t calendar_days = 0;
    for (const auto& definition : calendars) {
        calendar_days += std::max(0, definition.last_year - definition.first_year + 1) * std::int64_t{366};
        if (calendar_days > max_calendar_days) {
            fail_at(definition.where,
                    "<calendar id=\"" + definition.id + "\">: the calendars loaded together cover more than " +
                        std::to_string(max_calendar_days) + " days (about four times 1583 to 9999)",
                    "narrow the calendars' first-year/last-year to the years cases need");
        }
        if (auto it = defined_at.find(definition.id); it != defined_at.end()) {
            fail_at(definition.where, "<calendar id=\"" + definition.id + "\">: a calendar with this id is already defined at " +
                                               it->second.file + ":" + std::to_string(it->second.line),
                         "give each calendar a distinct id, or remove one of the files");
        }
        defined_at.emplace(definition.id, definition.where);
        auto calendar = Calendar::compile(definition);
        by_id.emplace(definition.id, calendar);
        engine->calendars_.push_back(std::move(calendar));
    }
    defined_at.clear();
    for (const auto& definition : pathways) {
        if (auto it = defined_at.find(definition.id); it != defined_at.end()) {
            fail_at(definition.where, "<pathway id=\"" + definition.id + "\">: a pathway with this id is already defined at " +
                                               it->second.file + ":" + std::to_string(it->second.line),
                         "give each pathway a distinct id, or remove one of the files");
        }
        defined_at.emplace(definition.id, definition.where);
        engine->pathways_.push_back(Pathway::compile(definition, by_id));
    }
    // Indices are ordered by id, so they do not depend on file names.
    auto by_name = [](const auto& a, const auto& b) { return a->id() < b->id(); };
    std::sort(engine->calendars_.begin(), engine->calendars_.end(), by_name);
    std::sort(engine->pathways_.begin(), engine->pathways_.end(), by_name);
    for (std::size_t i = 0; i < engine->calendars_.size(); ++i) engine->calendar_index_.emplace(engine->calendars_[i]->id(), static_cast<int>(i));
    for (std::size_t i = 0; i < engine->pathways_.size(); ++i) engine->pathway_index_.emplace(engine->pathways_[i]->id(), static_cast<int>(i));
    return engine;  // the bulk tables are built on the first recalculate (bulk())
}

const BulkTables& Engine::bulk() const {
    // A throw (out of memory) leaves the flag unset, so a later call tries again.
    std::call_once(bulk_once_, [this] { bulk_ = std::make_unique<const BulkTables>(*this); });
    return *bulk_;
}

int Engine::find_pathway(std::string_view id) const noexcept {
    // Up to this many pathways, comparing ids in order is cheaper than hashing one: no hash, no
    // division by the table's prime (esc_decide's look-up, docs/performance.md).
    constexpr std::size_t scan_limit = 16;
    if (pathways_.size() <= scan_limit) {
        for (std::size_t i = 0; i < pathways_.size(); ++i) {
            if (pathways_[i]->id() == id) return static_cast<int>(i);
        }
        return -1;
    }
    auto it = pathway_index_.find(id);
    return it == pathway_index_.end() ? -1 : it->second;
}

int Engine::find_calendar(std::string_view id) const noexcept {
    auto it = calendar_index_.find(id);
    return it == calendar_index_.end() ? -1 : it->second;
}

void Engine::unknown_pathway(std::string_view id) const {
    throw NotFoundError("unknown pathway \"" + std::string(id) + "\"; the loaded pathways are " + list_ids(pathways_));
}

const Pathway& Engine::pathway(std::string_view id) const {
    const int index = find_pathway(id);
    if (index < 0) unknown_pathway(id);
    return *pathways_[index];
}

const Calendar& Engine::calendar(std::string_view id) const {
    const int index = find_calendar(id);
    if (index < 0) throw NotFoundError("unknown calendar \"" + std::string(id) + "\"; the loaded calendars are " + list_ids(calendars_));
    return *calendars_[index];
}

}  // namespace escalate
