// Building an Engine: compile every calendar, then every pathway against them, and index both
// by id. All or nothing: any error leaves no engine behind.
#include "escalate/engine.hpp"

#include <algorithm>
#include <limits>
#include <cstdint>
#include <iterator>

#include "escalate/errors.hpp"
#include "escalate/loader.hpp"
#include "bulk/history_tables.hpp"

namespace escalate {

namespace {

template <typename Items>
std::string list_ids(const Items& items) {
    std::string out;
    const std::string* previous = nullptr;  // versions of one id are adjacent: name it once
    for (const auto& item : items) {
        if (previous && *previous == item->id()) continue;
        out += (out.empty() ? "" : ", ") + item->id();
        previous = &item->id();
    }
    return out.empty() ? "(none loaded)" : out;
}

std::string where_of(const SourceLocation& where) { return where.file + ":" + std::to_string(where.line); }

/// Versions of one id side by side: each needs its own version string and an effective-from
/// that no other version's overlaps (docs/ruleset-format.md, Versions), or a case's outset
/// could not choose between them.
void check_versions(const std::vector<PathwayDefinition>& pathways) {
    std::unordered_map<std::string, std::vector<const PathwayDefinition*>> by_id;
    for (const auto& definition : pathways) {
        auto& earlier = by_id[definition.id];
        const std::string element = "<pathway id=\"" + definition.id + "\" version=\"" + definition.version + "\">";
        for (const PathwayDefinition* other : earlier) {
            if (other->version == definition.version) {
                fail_at(definition.where, element + ": version \"" + definition.version + "\" of this pathway is already defined at " +
                                              where_of(other->where),
                        "give each version of a pathway its own version string, or remove one of the files");
            }
            if (other->effective_from.overlaps(definition.effective_from)) {
                const bool same = other->effective_from.text == definition.effective_from.text;
                fail_at(definition.where,
                        element + ": effective-from \"" + definition.effective_from.text + "\" " +
                            (same ? "is the same as" : "overlaps") + " that of version \"" + other->version + "\" (\"" +
                            other->effective_from.text + "\") at " + where_of(other->where) +
                            ", so a case's outset cannot choose between them",
                        "give each version of a pathway a distinct effective-from; where two fall in one month or year, "
                        "state them to the day");
            }
        }
        earlier.push_back(&definition);
    }
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
    check_versions(pathways);
    for (const auto& definition : pathways) engine->pathways_.push_back(Pathway::compile(definition, by_id));
    // Indices are ordered by id, then effective-from, so they do not depend on file names and
    // the versions of one id are adjacent, oldest first.
    auto by_name = [](const auto& a, const auto& b) { return a->id() < b->id(); };
    auto by_version = [](const auto& a, const auto& b) {
        return a->id() != b->id() ? a->id() < b->id() : a->effective_from().first < b->effective_from().first;
    };
    std::sort(engine->calendars_.begin(), engine->calendars_.end(), by_name);
    std::sort(engine->pathways_.begin(), engine->pathways_.end(), by_version);
    for (std::size_t i = 0; i < engine->calendars_.size(); ++i) engine->calendar_index_.emplace(engine->calendars_[i]->id(), static_cast<int>(i));
    const auto& all = engine->pathways_;
    engine->version_ranges_.resize(all.size());
    engine->in_force_.reserve(all.size());
    for (std::size_t first = 0; first < all.size();) {
        std::size_t last = first + 1;
        while (last < all.size() && all[last]->id() == all[first]->id()) ++last;
        for (std::size_t i = first; i < last; ++i) {
            engine->version_ranges_[i] = {static_cast<int>(first), static_cast<int>(last)};
            // The outsets each version governs, for select_versions' one comparison a row.
            const Date from = all[i]->effective_from().first;  // no_date (the least int): undated
            const Date until = i + 1 < last ? all[i + 1]->effective_from().first - 1 : std::numeric_limits<Date>::max();
            engine->in_force_.push_back({from, until});
        }
        engine->pathway_index_.emplace(all[first]->id(), static_cast<int>(last - 1));
        first = last;
    }
    return engine;  // the bulk and history tables are built on first use (bulk(), history_tables())
}

const BulkTables& Engine::bulk() const {
    // A throw (out of memory) leaves the flag unset, so a later call tries again.
    std::call_once(bulk_once_, [this] { bulk_ = std::make_unique<const BulkTables>(*this); });
    return *bulk_;
}

const bulk::HistoryTables& Engine::history_tables() const {
    std::call_once(histories_once_, [this] { histories_ = std::make_shared<const bulk::HistoryTables>(*this, bulk()); });
    return *histories_;
}

int Engine::find_pathway(std::string_view id) const noexcept {
    // Up to this many pathways, comparing ids in order is cheaper than hashing one: no hash, no
    // division by the table's prime (esc_decide's look-up, docs/performance.md).
    constexpr std::size_t scan_limit = 16;
    if (pathways_.size() <= scan_limit) {
        // From the end: the versions of an id are adjacent, oldest first, so the first match
        // is the id's latest version, as in pathway_index_.
        for (std::size_t i = pathways_.size(); i-- > 0;) {
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

Engine::VersionRange Engine::versions(std::string_view id) const noexcept {
    const int latest = find_pathway(id);
    return latest < 0 ? VersionRange{} : versions_of(latest);
}

int Engine::version_in_force(int pathway, Date outset) const noexcept {
    const VersionRange range = versions_of(pathway);
    for (int i = range.last - 1; i >= range.first; --i) {
        if (pathways_[static_cast<std::size_t>(i)]->effective_from().first <= outset) return i;
    }
    return -1;
}

std::size_t Engine::select_versions(std::int32_t* pathways, std::int32_t* stages, const Date* entered,
                                   const Date* started, std::size_t count) const noexcept {
    const auto known = static_cast<std::int32_t>(pathways_.size());
    std::size_t changed = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::int32_t p = pathways[i];
        if (p < 0 || p >= known) continue;
        const Date outset = outset_of(entered[i], started ? started[i] : no_date);
        if (outset == no_date) continue;
        // Most rows: the version given is the one in force (always so for an undated pathway).
        const InForce& term = in_force_[static_cast<std::size_t>(p)];
        if (term.from <= outset && outset <= term.until) continue;
        const VersionRange range = version_ranges_[static_cast<std::size_t>(p)];
        const Pathway& given = *pathways_[static_cast<std::size_t>(p)];
        const std::int32_t s = stages[i];
        if (s < 0 || static_cast<std::size_t>(s) >= given.stages().size()) continue;  // reported against the id's stages
        const int in_force = version_in_force(p, outset);
        if (in_force < 0) {
            // As pathway(id, "", outset): an outset the calendar does not cover is out of range
            // (the recalculation says so), not older than every version.
            if (!pathways_[static_cast<std::size_t>(range.first)]->calendar().covers(outset)) continue;
            pathways[i] = no_version_in_force;
        } else {
            const Pathway& governing = *pathways_[static_cast<std::size_t>(in_force)];
            pathways[i] = in_force;
            stages[i] = governing.find_stage(given.stages()[static_cast<std::size_t>(s)].id);
        }
        ++changed;
    }
    return changed;
}

int Engine::index_of(const Pathway& pathway) const noexcept {
    const VersionRange range = versions(pathway.id());
    for (int i = range.first; i < range.last; ++i) {
        if (pathways_[static_cast<std::size_t>(i)].get() == &pathway) return i;
    }
    return -1;
}

const Pathway& Engine::pathway(std::string_view id, std::string_view version, Date outset) const {
    const int latest = find_pathway(id);
    if (latest < 0) return pathway(id);  // throws, naming the ids there are
    const VersionRange range = versions_of(latest);
    if (!version.empty()) {
        std::string known;
        for (int i = range.first; i < range.last; ++i) {
            const Pathway& p = *pathways_[static_cast<std::size_t>(i)];
            if (p.version() == version) return p;
            known += (known.empty() ? "\"" : ", \"") + p.version() + "\"";
        }
        throw NotFoundError("pathway \"" + std::string(id) + "\" has no version \"" + std::string(version) +
                            "\"; its versions are " + known);
    }
    if (outset == no_date) return *pathways_[static_cast<std::size_t>(latest)];
    const int in_force = version_in_force(latest, outset);
    if (in_force < 0) {
        const Pathway& earliest = *pathways_[static_cast<std::size_t>(range.first)];
        // A date no calendar covers (a zeroed C struct's 1970-01-01) is out of range, as it
        // was before versions, rather than merely older than every version.
        const Calendar& calendar = earliest.calendar();
        if (!calendar.covers(outset)) {
            throw OutOfRangeError("the case's outset " + format_iso_date(outset) + " is outside calendar \"" + calendar.id() +
                                  "\", which covers " + format_iso_date(calendar.first_date()) + " to " +
                                  format_iso_date(calendar.last_date()));
        }
        throw NotFoundError("pathway \"" + std::string(id) + "\" has no version in force on " + format_iso_date(outset) +
                            " (the case's outset): its earliest version, \"" + earliest.version() + "\", is effective from " +
                            earliest.effective_from().text);
    }
    return *pathways_[static_cast<std::size_t>(in_force)];
}

const Calendar& Engine::calendar(std::string_view id) const {
    const int index = find_calendar(id);
    if (index < 0) throw NotFoundError("unknown calendar \"" + std::string(id) + "\"; the loaded calendars are " + list_ids(calendars_));
    return *calendars_[index];
}

}  // namespace escalate
