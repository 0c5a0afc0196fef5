#include "escalate/recalculate.hpp"

#include <algorithm>
#include <limits>
#include <thread>

#include "escalate/engine.hpp"

namespace escalate {

namespace {

// Padding past the last working day, so nth[through[d] + days] never reads out of bounds for
// any timescale the format allows (days and limits up to 3650); a padded entry holds
// `beyond`, which marks the due date as outside the calendar.
constexpr std::int32_t max_days = 3650;
constexpr Date beyond = std::numeric_limits<Date>::max();

}  // namespace

BulkTables::BulkTables(const Engine& engine) {
    const auto& calendars = engine.calendars();
    padded_nth_.reserve(calendars.size());
    for (const auto& calendar : calendars) {
        const Date* nth = calendar->nth_working_day_table();
        std::vector<Date> padded(nth, nth + calendar->total_working_days() + 1);
        padded.resize(padded.size() + max_days + 1, beyond);
        padded_nth_.push_back(std::move(padded));
    }
    for (const auto& pathway : engine.pathways()) {
        pathway_offset_.push_back(static_cast<std::int32_t>(rules_.size()));
        pathway_stages_.push_back(static_cast<std::int32_t>(pathway->stages().size()));
        const Calendar& calendar = pathway->calendar();
        const int c = engine.find_calendar(calendar.id());
        for (const StageRule& rule : pathway->rules()) {
            Rule flat{};
            flat.through = calendar.working_days_through_table() - calendar.first_date();
            flat.nth = padded_nth_[c].data();
            flat.first = calendar.first_date();
            flat.span = static_cast<std::uint32_t>(calendar.last_date() - calendar.first_date());
            flat.days = rule.days;
            flat.limit_days = rule.limit_days;
            flat.kind = static_cast<std::uint8_t>(rule.kind);
            flat.from_start = rule.anchor == Anchor::pathway_start;
            rules_.push_back(flat);
        }
    }
}

RecalculateSummary BulkTables::run(const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due,
                                   RowStatus* status) const {
    RecalculateSummary summary;
    const auto pathway_count = static_cast<std::uint32_t>(pathway_offset_.size());
    for (std::size_t i = begin; i < end; ++i) {
        RowStatus row = RowStatus::ok;
        Date result = no_date;
        const auto p = static_cast<std::uint32_t>(cases.pathway[i]);
        const auto s = static_cast<std::uint32_t>(cases.stage[i]);
        const Date entered = cases.entered[i];
        const Date started = cases.started ? cases.started[i] : no_date;
        if (p >= pathway_count) {
            row = RowStatus::bad_pathway;
        } else if (s >= static_cast<std::uint32_t>(pathway_stages_[p])) {
            row = RowStatus::bad_stage;
        } else {
            const Rule& rule = rules_[pathway_offset_[p] + s];
            const bool needs_start = rule.from_start || rule.limit_days >= 0;
            if (entered == no_date || (needs_start && started == no_date)) {
                row = RowStatus::missing_date;
            } else if (static_cast<std::uint32_t>(entered - rule.first) > rule.span ||
                       (started != no_date && static_cast<std::uint32_t>(started - rule.first) > rule.span)) {
                row = RowStatus::out_of_range;
            } else if (started != no_date && started > entered) {
                row = RowStatus::bad_dates;
            } else {
                const Date anchor = rule.from_start ? started : entered;
                Date own = beyond;
                switch (static_cast<DeadlineKind>(rule.kind)) {
                    case DeadlineKind::working_days: own = rule.nth[rule.through[anchor] + rule.days]; break;
                    case DeadlineKind::calendar_days: own = anchor + rule.days; break;
                    case DeadlineKind::immediately: own = anchor; break;
                    case DeadlineKind::none: break;
                }
                Date capped = own;
                if (rule.limit_days >= 0) capped = std::min(own, rule.nth[rule.through[started] + rule.limit_days]);
                if (capped == beyond) {
                    // Either no timescale at all (fine: no date) or past the calendar's end.
                    const bool timeless = static_cast<DeadlineKind>(rule.kind) == DeadlineKind::none && rule.limit_days < 0;
                    if (!timeless) row = RowStatus::out_of_range;
                } else {
                    result = capped;
                }
            }
        }
        due[i] = result;
        if (status) status[i] = row;
        if (row != RowStatus::ok) {
            if (summary.bad_rows == 0) {
                summary.first_bad_row = i;
                summary.first_bad_status = row;
            }
            ++summary.bad_rows;
        }
    }
    return summary;
}

RecalculateSummary BulkTables::recalculate(const CaseColumns& cases, Date* due, RowStatus* status, unsigned threads) const {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    // Below this, starting threads costs more than it saves.
    constexpr std::size_t min_slice = 1 << 16;
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, cases.count / min_slice)));
    if (threads <= 1) return run(cases, 0, cases.count, due, status);

    std::vector<RecalculateSummary> parts(threads);
    std::vector<std::thread> workers;
    workers.reserve(threads);
    const std::size_t slice = (cases.count + threads - 1) / threads;
    try {
        for (unsigned t = 0; t < threads; ++t) {
            const std::size_t begin = std::min(cases.count, t * slice);
            const std::size_t end = std::min(cases.count, begin + slice);
            workers.emplace_back([&, t, begin, end] { parts[t] = run(cases, begin, end, due, status); });
        }
    } catch (...) {  // a thread could not start: join the others before reporting it
        for (auto& worker : workers) worker.join();
        throw;
    }
    for (auto& worker : workers) worker.join();
    RecalculateSummary total;
    for (const auto& part : parts) {  // slices are in order, so the first bad row is the first found
        if (part.bad_rows && !total.bad_rows) {
            total.first_bad_row = part.first_bad_row;
            total.first_bad_status = part.first_bad_status;
        }
        total.bad_rows += part.bad_rows;
    }
    return total;
}

}  // namespace escalate
