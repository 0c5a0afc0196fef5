#include "escalate/recalculate.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <map>
#include <set>
#include <optional>
#include <tuple>
#include <type_traits>
#include <stdexcept>
#include <thread>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "bulk/bulk_kernel.hpp"
#include "bulk/worker_pool.hpp"
#include "evaluate/due.hpp"

namespace escalate {

using namespace bulk;

namespace {

// The most the bulk tables may take; beyond it, recalculation takes the careful path.
constexpr std::size_t table_budget_bytes = std::size_t{256} << 20;

}  // namespace

BulkTables::BulkTables(const Engine& engine) {
    const auto& pathways = engine.pathways();
    pathways_ = static_cast<std::uint32_t>(pathways.size());
    std::size_t most_stages = 1;
    for (const auto& pathway : pathways) most_stages = std::max(most_stages, pathway->stages().size());
    while (stride_ < most_stages) {
        stride_ *= 2;
        ++stride_shift_;
    }
    if (pathways.empty()) return;

    Date last = pathways.front()->calendar().last_date();
    first_ = pathways.front()->calendar().first_date();
    for (const auto& pathway : pathways) {
        first_ = std::min(first_, pathway->calendar().first_date());
        last = std::max(last, pathway->calendar().last_date());
    }
    span_ = static_cast<std::uint32_t>(last - first_);
    const std::size_t table_size = span_ + 3;
    const std::uint32_t out_of_range_slot = span_ + 1, no_start_slot = span_ + 2;

    auto code_of = [&](Date due, const Calendar& calendar) -> std::uint32_t {
        if (due == no_date) return none_code;
        if (due > calendar.last_date()) return beyond_code;
        return static_cast<std::uint32_t>(due - first_) + real_base;
    };
    // Tables are shared between rules that need the same one: a table by entry date depends
    // only on a timescale counted from the entry; one by start date only on a timescale counted
    // from the outset and the overall limit.
    auto normal = [](StageRuleShape shape, bool by_start) {
        const bool own_here = shape.kind != static_cast<std::uint8_t>(DeadlineKind::none) && bool(shape.from_start) == by_start;
        if (!own_here) {
            shape.kind = static_cast<std::uint8_t>(DeadlineKind::none);
            shape.days = 0;
            shape.roll = 0;
        }
        if (!by_start) {
            shape.limit_days = -1;
            shape.from_start = false;
        }
        return shape;
    };
    auto key_of = [&](const Calendar* calendar, const StageRuleShape& raw, bool by_start) {
        const StageRuleShape shape = normal(raw, by_start);
        return std::make_tuple(calendar, int(shape.kind), bool(shape.from_start), shape.days, shape.limit_days, by_start,
                               bool(shape.roll));
    };
    using Key = decltype(key_of(nullptr, StageRuleShape{}, false));
    std::map<Key, std::uint32_t> made;
    auto table = [&](const Calendar* calendar, const StageRuleShape& raw, bool by_start) -> std::uint32_t {
        const auto key = key_of(calendar, raw, by_start);
        const StageRuleShape shape = normal(raw, by_start);
        auto [it, fresh] = made.emplace(key, static_cast<std::uint32_t>(tables_.size()));
        if (!fresh) return it->second;
        const std::size_t at = tables_.size();
        tables_.resize(at + table_size, invalid_code);
        Code* out = tables_.data() + at;
        if (!calendar) return it->second;  // padding past a pathway's last stage: every row fails
        // The one evaluator (evaluate/due.hpp) for every date, on the part of the rule that
        // counts from this table's date; the kernel takes the earlier of the two tables.
        StageRule part;
        part.kind = static_cast<DeadlineKind>(shape.kind);
        part.anchor = by_start ? Anchor::pathway_start : Anchor::stage_entry;
        part.days = shape.days;
        part.roll_to_working_day = shape.roll;
        part.limit_days = shape.limit_days;
        // The kind and whether a limit applies are made constants of the loop, so the compiler
        // drops the evaluator's other branches: about half the time of loading an engine is
        // spent here (docs/performance.md).
        auto fill = [&](auto kind, auto limited) {
            StageRule rule = part;
            rule.kind = decltype(kind)::value;
            if constexpr (!decltype(limited)::value) rule.limit_days = -1;
            for (Date d = calendar->first_date(); d <= calendar->last_date(); ++d) {
                const DueWorking w = evaluate::stage_due(*calendar, rule, {d, d, no_date, no_date});
                const std::uint32_t code = w.status != DueStatus::ok ? beyond_code
                                           : w.due                   ? code_of(*w.due, *calendar)
                                                                     : none_code;
                out[d - first_] = static_cast<Code>(code);
            }
        };
        auto with_limit = [&](auto kind) {
            if (part.limit_days >= 0) fill(kind, std::true_type{});
            else fill(kind, std::false_type{});
        };
        using K = DeadlineKind;
        switch (part.kind) {
            case K::none: with_limit(std::integral_constant<K, K::none>{}); break;
            case K::immediately: with_limit(std::integral_constant<K, K::immediately>{}); break;
            case K::working_days: with_limit(std::integral_constant<K, K::working_days>{}); break;
            case K::calendar_days: with_limit(std::integral_constant<K, K::calendar_days>{}); break;
            case K::hours: with_limit(std::integral_constant<K, K::hours>{}); break;
        }
        const bool needs_start = shape.from_start || shape.limit_days >= 0;
        out[out_of_range_slot] = static_cast<Code>(invalid_code);
        out[no_start_slot] = static_cast<Code>(by_start && !needs_start ? none_code : invalid_code);
        return it->second;
    };

    // First the rules, then the tables they need, if those fit the budget: a calendar may
    // span centuries (1583 to 9999), and tables over such ranges for many distinct timescales
    // would take gigabytes. Over budget, every row takes the careful path (still O(1) per
    // case, from the calendar's own tables, but without the vector loop).
    plain_.resize(static_cast<std::size_t>(pathways_) * stride_);
    std::set<Key> needed{key_of(nullptr, StageRuleShape{}, false)};
    for (std::size_t p = 0; p < pathways.size(); ++p) {
        const auto& stage_rules = pathways[p]->rules();
        for (std::size_t s = 0; s < stage_rules.size(); ++s) {
            const StageRule& rule = stage_rules[s];
            StageRuleShape shape;
            // A stage that waits for something (on:ID) has no date of its own in bulk.
            const bool dated = rule.anchor == Anchor::stage_entry || rule.anchor == Anchor::pathway_start;
            shape.kind = static_cast<std::uint8_t>(dated ? rule.kind : DeadlineKind::none);
            shape.from_start = rule.anchor == Anchor::pathway_start;
            shape.days = rule.days;
            shape.roll = rule.roll_to_working_day;
            shape.limit_days = rule.limit_days;
            shape.valid = true;
            plain_[p * stride_ + s] = {&pathways[p]->calendar(), shape, &rule};
            for (bool by_start : {false, true}) needed.insert(key_of(&pathways[p]->calendar(), shape, by_start));
        }
    }
    if (span_ > max_span || needed.size() > 0xFFFF || needed.size() * table_size * sizeof(Code) > table_budget_bytes) return;

    tables_.reserve(needed.size() * table_size + 1);  // one allocation: no copies as tables are added
    rule_tables_.resize(plain_.size());
    auto numbers = [&](std::uint32_t by_entry, std::uint32_t by_start) {
        return static_cast<std::uint32_t>(by_entry / table_size | (by_start / table_size) << 16);
    };
    const std::uint32_t padding_table = table(nullptr, StageRuleShape{}, false);
    for (std::size_t r = 0; r < plain_.size(); ++r) {
        const auto& [calendar, shape, rule] = plain_[r];
        rule_tables_[r] = shape.valid ? numbers(table(calendar, shape, false), table(calendar, shape, true))
                                      : numbers(padding_table, padding_table);
    }
    tables_.push_back(0);  // the vector loop reads each code as the low half of 32 bits
}

RowStatus BulkTables::classify(const CaseColumns& cases, std::size_t i, Date& due) const {
    due = no_date;
    const auto p = static_cast<std::uint32_t>(cases.pathway[i]);
    const auto s = static_cast<std::uint32_t>(cases.stage[i]);
    const Date entered = cases.entered[i];
    const Date started = cases.started ? cases.started[i] : no_date;
    if (cases.pathway[i] == Engine::no_version_in_force) return RowStatus::no_version;
    if (p >= pathways_) return RowStatus::bad_pathway;
    if (s >= stride_ || !plain_[p * stride_ + s].shape.valid) return RowStatus::bad_stage;
    const auto& [calendar, shape, rule] = plain_[p * stride_ + s];
    const bool needs_start = shape.from_start || shape.limit_days >= 0;
    if (entered == no_date) return RowStatus::missing_date;
    if (needs_start && started == no_date) return RowStatus::missing_start;
    if (!calendar->covers(entered) || (started != no_date && !calendar->covers(started))) return RowStatus::out_of_range;
    if (started != no_date && started > entered) return RowStatus::bad_dates;
    // The one evaluator, on the stage's own rule.
    const DueWorking w = evaluate::stage_due(*calendar, *rule, {entered, started, no_date, no_date});
    if (w.status == DueStatus::needs_start) return RowStatus::missing_start;
    if (w.status == DueStatus::past_calendar_end) return RowStatus::due_out_of_range;
    due = w.due.value_or(no_date);
    return RowStatus::ok;
}

RecalculateSummary BulkTables::run(const CaseColumns& cases, std::size_t begin, std::size_t end, Date* due,
                                   RowStatus* status, std::vector<BadRow>* bad_rows) const {
    static const Kernel kernel = best_kernel();
    RecalculateSummary summary;
    auto careful = [&](std::size_t i) {  // in row order, so the first bad row is found first
        Date exact;
        const RowStatus row = classify(cases, i, exact);
        due[i] = exact;
        if (status) status[i] = row;
        if (row == RowStatus::ok) return;
        if (bad_rows) bad_rows->push_back({i, row});
        if (summary.bad_rows == 0) {
            summary.first_bad_row = i;
            summary.first_bad_status = row;
        }
        ++summary.bad_rows;
    };
    if (rule_tables_.empty()) {  // no pathways, or tables over budget: every row the careful way
        for (std::size_t i = begin; i < end; ++i) careful(i);
        return summary;
    }
    std::vector<std::size_t> flagged;
    const KernelTables tables{rule_tables_.data(), tables_.data(), span_ + 3, pathways_, stride_shift_, span_, first_};
    kernel(tables, cases, begin, end, due, status, flagged);
    for (const std::size_t i : flagged) careful(i);
    return summary;
}

RecalculateSummary BulkTables::recalculate(const CaseColumns& cases, Date* due, RowStatus* status, unsigned threads,
                                           std::vector<BadRow>* bad_rows) const {
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    // Below this, handing a slice to another thread costs more than it saves.
    constexpr std::size_t min_slice = 1 << 16;
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, cases.count / min_slice)));
    if (threads <= 1) return run(cases, 0, cases.count, due, status, bad_rows);

    // Many parts per thread, claimed one at a time: a thread that starts late (woken, or set
    // aside by a busy system) then holds up only a small part while the others take the rest;
    // at a million rows on two threads, 64 parts of about 16,000 rows (some 40 microseconds).
    constexpr std::size_t parts_per_thread = 32, min_part = 1 << 13;
    const auto part_count = static_cast<unsigned>(
        std::clamp<std::size_t>(cases.count / min_part, threads, std::size_t{threads} * parts_per_thread));
    std::vector<RecalculateSummary> parts(part_count);
    std::vector<std::vector<BadRow>> part_bad_rows(bad_rows ? part_count : 0);
    std::vector<std::exception_ptr> errors(part_count);
    // Parts start on a 64-byte line of the due dates (16 rows), so no two threads write one line.
    const std::size_t slice = ((cases.count + part_count - 1) / part_count + 15) / 16 * 16;
    // The pool's threads persist between calls (worker_pool.hpp): starting threads per call
    // cost more than a second thread saved at a million rows.
    run_in_pool(part_count, threads, [&](unsigned t) {
        const std::size_t begin = std::min(cases.count, t * slice);
        const std::size_t end = std::min(cases.count, begin + slice);
        try {  // an exception must not leave a pool thread (that would terminate the host)
            parts[t] = run(cases, begin, end, due, status, bad_rows ? &part_bad_rows[t] : nullptr);
        } catch (...) {
            errors[t] = std::current_exception();
        }
    });
    for (const auto& error : errors) {
        if (error) std::rethrow_exception(error);
    }
    RecalculateSummary total;
    for (const auto& part : parts) {  // slices are in order, so the first bad row is the first found
        if (part.bad_rows && !total.bad_rows) {
            total.first_bad_row = part.first_bad_row;
            total.first_bad_status = part.first_bad_status;
        }
        total.bad_rows += part.bad_rows;
    }
    for (auto& part : part_bad_rows) bad_rows->insert(bad_rows->end(), part.begin(), part.end());
    return total;
}

}  // namespace escalate
