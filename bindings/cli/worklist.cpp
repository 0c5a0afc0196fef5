// `escalate worklist`: every open case of a caseload of histories (docs/case-histories.md), as
// of a date, most urgent first, with a summary by tier and state. The events are streamed: the
// rows of one case are gathered, and cases are evaluated in batches by the library's bulk
// history call (esc_cases_evaluate), so memory holds one batch of events at a time, plus one
// small record per case for the sort and the contiguity check.
#include "worklist.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

#include "cli.hpp"
#include "csv.hpp"
#include "output.hpp"
#include "progress.hpp"

namespace escalate::cli {

const char* const worklist_usage =
    "usage: escalate worklist --events EVENTS.csv --as-of DATE [--output FILE]\n"
    "                         [--format csv|table] [--threads N] [--rulesets DIR]\n"
    "\n"
    "Every open case of a caseload as of a date, from what was recorded in each case: its\n"
    "current stage, tier, due date and days left, most urgent first (overdue first, then the\n"
    "fewest days left, then the case id), with a summary by tier and state. Cases that reached\n"
    "an outcome are counted as closed; cases whose history cannot be evaluated are listed with\n"
    "the reason and the lines they span. Streamed: memory does not grow with the number of\n"
    "events.\n"
    "\n"
    "  --events FILE     the events, one row each: a header naming the columns case_id, pathway,\n"
    "                    date and event, and optionally subject (child or adult), in any order;\n"
    "                    other columns are ignored. The rows of one case must be together and in\n"
    "                    date order, as record systems export them (sorted by case). The first\n"
    "                    event of a case is start (its date is the outset) or a start event;\n"
    "                    then a transition's event or done:ID. pathway and subject are read from\n"
    "                    a case's first row (later rows may leave them empty). - reads standard\n"
    "                    input\n"
    "  --as-of DATE      the day to look at the caseload; events after it are not applied\n"
    "  --output FILE     where to write the worklist; - (the default) for standard output\n"
    "  --format F        csv, or table (aligned columns); the default is table when standard\n"
    "                    output is a terminal, else csv\n"
    "  --threads N       threads for the evaluation; 0 (the default) for one per core\n"
    "  --rulesets DIR    load rulesets from DIR instead of the bundled ones\n"
    "\n"
    "Output (CSV): case_id,pathway,stage,tier,entered,due,days_left,state,lines,error. days_left\n"
    "is calendar days from DATE to the due date, negative when overdue; state is overdue,\n"
    "due-today, due-later or no-due-date (the source states no timescale). The bad cases follow\n"
    "the open ones, with state error, the lines they span and what is wrong. The summary goes to\n"
    "standard error with CSV, after the table with --format table.\n"
    "\n"
    "Exit status 0 when no case was bad, 1 when any was or the input could not be read, 2 for a\n"
    "wrong command line.\n"
    "\n"
    "example: escalate worklist --events events.csv --as-of 2025-01-07\n";

const char* work_state_name(WorkState state) {
    switch (state) {
        case WorkState::overdue: return "overdue";
        case WorkState::due_today: return "due-today";
        case WorkState::due_later: return "due-later";
        case WorkState::no_due_date: return "no-due-date";
    }
    return "no-due-date";
}

WorkState work_state(const esc_case_row& row, esc_date as_of) {
    if (row.due == ESC_NO_DATE) return WorkState::no_due_date;
    if (row.overdue) return WorkState::overdue;
    return row.due == as_of ? WorkState::due_today : WorkState::due_later;
}

PathwayTable::PathwayTable(const esc_engine* engine) {
    int32_t count = 0;
    check(esc_engine_pathway_count(engine, &count));
    for (int32_t p = 0; p < count; ++p) {
        esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
        check(esc_pathway_info_get(engine, p, &info));
        Pathway pathway;
        pathway.id = info.id;
        std::istringstream subjects(info.subjects);
        for (std::string subject; subjects >> subject;) pathway.subjects.push_back(subject);
        for (int32_t t = 0; t < info.tier_count; ++t) {
            esc_tier_info tier = ESC_TIER_INFO_INIT;
            check(esc_pathway_tier_get(engine, p, t, nullptr, &tier));
            pathway.tier_ids.emplace_back(tier.id);
        }
        for (int32_t s = 0; s < info.stage_count; ++s) {
            esc_stage_info stage = ESC_STAGE_INFO_INIT;
            check(esc_stage_info_get(engine, p, s, &stage));
            pathway.stage_tiers.push_back(stage.tier);
        }
        pathway.label = pathway.id;
        int32_t first = 0, versions = 1;
        check(esc_engine_pathway_versions(engine, info.id, &first, &versions));
        if (versions > 1) pathway.label += std::string(" ") + info.version;
        pathways_.push_back(std::move(pathway));
    }
}

std::int32_t PathwayTable::subject_index(std::int32_t pathway, std::string_view subject) const {
    if (subject.empty()) return -1;
    const auto& list = subjects(pathway);
    const auto found = std::find(list.begin(), list.end(), subject);
    return static_cast<std::int32_t>(found - list.begin());
}

void WorklistSummary::add_open(std::int32_t pathway, std::int32_t tier, WorkState state) {
    ++open_by_tier_[{pathway, tier}][static_cast<std::size_t>(state)];
    ++open_;
}

void WorklistSummary::remove_open(std::int32_t pathway, std::int32_t tier, WorkState state) {
    --open_by_tier_[{pathway, tier}][static_cast<std::size_t>(state)];
    --open_;
}

void WorklistSummary::write(std::ostream& out, const PathwayTable& table, esc_date as_of) const {
    const std::string indent = "  ";
    out << "worklist as of " << iso_with_weekday(as_of) << ": " << with_thousands(cases())
        << (cases() == 1 ? " case: " : " cases: ") << with_thousands(open_) << " open, " << with_thousands(closed_)
        << " closed (at an outcome), " << with_thousands(bad_) << " bad\n";
    std::vector<std::vector<std::string>> rows;
    rows.push_back({"pathway", "tier"});
    for (int s = 0; s < work_state_count; ++s) rows[0].emplace_back(work_state_name(static_cast<WorkState>(s)));
    rows[0].emplace_back("open");
    std::array<std::uint64_t, work_state_count> all{};
    for (const auto& [key, counts] : open_by_tier_) {
        std::vector<std::string> row{table.pathway_label(key.first), table.tier_id(key.first, key.second)};
        std::uint64_t total = 0;
        for (int s = 0; s < work_state_count; ++s) {
            row.push_back(with_thousands(counts[static_cast<std::size_t>(s)]));
            total += counts[static_cast<std::size_t>(s)];
            all[static_cast<std::size_t>(s)] += counts[static_cast<std::size_t>(s)];
        }
        row.push_back(with_thousands(total));
        if (total > 0) rows.push_back(std::move(row));  // 0: its one case was taken back (split)
    }
    std::vector<std::string> last{"all open cases", ""};
    for (const std::uint64_t count : all) last.push_back(with_thousands(count));
    last.push_back(with_thousands(open_));
    rows.push_back(std::move(last));
    std::vector<std::size_t> widths(rows[0].size(), 0);
    for (const auto& row : rows)
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], row[c].size());
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t c = 0; c < row.size(); ++c) {
            // Names to the left, counts to the right.
            const std::string pad(widths[c] - row[c].size(), ' ');
            line += c < 2 ? row[c] + pad : pad + row[c];
            if (c + 1 < row.size()) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
    if (!bad_by_reason_.empty()) {
        out << indent << "bad cases by reason:";
        bool first = true;
        for (const auto& [reason, count] : bad_by_reason_) {
            out << (first ? " " : ", ") << reason << " " << with_thousands(count);
            first = false;
        }
        out << "\n";
    }
}

namespace {

// A batch is evaluated once it holds this many events (or cases); its arrays are reserved
// once. One case may make a batch bigger, up to max_events_per_case.
constexpr std::size_t batch_events = 1 << 18;
constexpr std::size_t batch_cases = 1 << 16;
constexpr std::size_t max_events_per_case = 1 << 20;
constexpr std::size_t min_cases_per_thread = 1 << 13;
constexpr std::size_t max_reported_cases = 20;
// esc_pathway_event_index's answer for an id the pathway does not know: out of range, so the
// bulk call reports the case as unknown-event at that entry (the engine's check, not ours).
constexpr int32_t unknown_event = 1 << 30;

/// "text" for a message, cut short when very long.
std::string in_quotes(std::string_view text) {
    constexpr std::size_t longest = 60;
    if (text.size() <= longest) return "\"" + std::string(text) + "\"";
    std::size_t end = longest;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return "\"" + std::string(text.substr(0, end)) + "...\"";
}

/// "5" or "5-7", for the lines column.
std::string lines_text(std::uint64_t first, std::uint64_t last) {
    return first == last ? std::to_string(first) : std::to_string(first) + "-" + std::to_string(last);
}

/// "line 5" or "lines 5-7", for messages.
std::string lines_phrase(std::uint64_t first, std::uint64_t last) {
    return (first == last ? "line " : "lines ") + lines_text(first, last);
}

struct Layout {
    int case_id = -1, pathway = -1, date = -1, event = -1, subject = -1;
    std::size_t width = 0;
};

Layout read_header(const CsvRecord& header, const std::string& input_name) {
    const std::vector<int> columns =
        find_header_columns(header, input_name, {"case_id", "pathway", "date", "event", "subject"}, 4,
                            "case_id, pathway, date and event (and optionally subject)");
    Layout layout;
    layout.width = header.field_count();
    layout.case_id = columns[0];
    layout.pathway = columns[1];
    layout.date = columns[2];
    layout.event = columns[3];
    layout.subject = columns[4];
    return layout;
}

/// An open case, kept for the sort.
struct OpenCase {
    std::string case_id;
    std::int32_t pathway = -1, stage = -1, tier = -1;
    const char* stage_id = nullptr;  // engine-owned
    esc_date entered = ESC_NO_DATE, due = ESC_NO_DATE;
    WorkState state = WorkState::no_due_date;
    std::uint64_t first_line = 0, last_line = 0;
    bool retracted = false;  // its rows turned out not to be together: listed as bad instead
};

/// A bad case: what is wrong, and where.
struct BadCase {
    std::string case_id, pathway, reason, message;
    std::uint64_t first_line = 0, last_line = 0;
};

/// Every case id seen, for the contiguity check: where its (first) run of rows was and what
/// became of it.
struct SeenCase {
    enum class Kind : std::uint8_t { pending, open, closed, bad };
    std::uint64_t first_line = 0, last_line = 0;
    std::uint32_t index = 0;  // into the batch (pending) or the open cases (open)
    std::int32_t pathway = -1;
    Kind kind = Kind::pending;
    bool split = false;
};

class Worklist {
public:
    Worklist(const esc_engine* engine, esc_date as_of, int threads, std::string input_name, const Layout& layout)
        : engine_(engine), table_(engine), as_of_(as_of), input_name_(std::move(input_name)), layout_(layout) {
        const unsigned cores = threads > 0 ? static_cast<unsigned>(threads) : std::max(1u, std::thread::hardware_concurrency());
        threads_ = cores;
        dates_.reserve(batch_events);
        events_.reserve(batch_events);
        entry_lines_.reserve(batch_events);
        event_ends_.reserve(batch_events);
        offsets_.reserve(batch_cases + 1);
        offsets_.push_back(0);
        event_ids_.resize(static_cast<std::size_t>(table_.count()));
    }

    /// Takes one data row.
    void add(const CsvRecord& record) {
        ++rows_;
        row_lines_ += record.lines();
        const bool readable = record.problem.empty();
        auto field = [&](int column) -> std::string_view {
            return readable && column >= 0 && static_cast<std::size_t>(column) < record.field_count()
                       ? record.field(static_cast<std::size_t>(column))
                       : std::string_view();
        };
        const bool has_id = readable && static_cast<std::size_t>(layout_.case_id) < record.field_count() &&
                            !field(layout_.case_id).empty();
        // A row whose case id cannot be read cannot start a case: it belongs to the one being read.
        if (!in_case_ || (has_id && field(layout_.case_id) != current_.case_id)) {
            if (in_case_) finish_case();
            start_case(record, has_id ? field(layout_.case_id) : std::string_view());
        }
        current_.last_line = record.last_line;
        ++current_.rows;
        if (!current_.problem.empty()) return;  // already bad: its rows are only counted
        const auto here = [&record] { return "line " + std::to_string(record.line); };
        if (!readable) return fail_current("malformed", here() + ": " + record.problem);
        if (record.field_count() != layout_.width)
            return fail_current("wrong-column-count", here() + ": " + std::to_string(record.field_count()) +
                                                          (record.field_count() == 1 ? " field" : " fields") +
                                                          ", but the header has " + std::to_string(layout_.width));
        if (!has_id) return fail_current("malformed", here() + ": no case_id");
        for (const auto& [column, name] : {std::pair{layout_.case_id, "case_id"}, {layout_.pathway, "pathway"},
                                           {layout_.date, "date"}, {layout_.event, "event"}, {layout_.subject, "subject"}}) {
            if (column < 0) continue;
            const std::string_view text = field(column);
            if (text.find('\0') != std::string_view::npos) return fail_current("malformed", here() + ": " + name + " holds a NUL byte");
            if (text.find_first_of("\r\n") != std::string_view::npos)
                return fail_current("malformed", here() + ": " + name + " holds a line break");
        }
        const std::string_view pathway = trim(field(layout_.pathway));
        const std::string_view subject = trim(field(layout_.subject));
        if (current_.rows == 1) {
            current_.pathway_text = pathway;
            current_.subject_text = subject;
            if (pathway.empty()) return fail_current("bad-pathway", here() + ": no pathway on the case's first row");
            if (esc_engine_pathway_index(engine_, current_.pathway_text.c_str(), &current_.pathway) != ESC_OK)
                current_.pathway = -1;  // the bulk call reports it (bad-pathway)
        } else {
            if (!pathway.empty() && pathway != current_.pathway_text)
                return fail_current("inconsistent-pathway", here() + ": pathway " + in_quotes(pathway) +
                                                                " differs from the case's first row's " +
                                                                in_quotes(current_.pathway_text));
            if (!subject.empty() && subject != current_.subject_text)
                return fail_current("inconsistent-subject", here() + ": subject " + in_quotes(subject) +
                                                                " differs from the case's first row's " +
                                                                in_quotes(current_.subject_text));
        }
        if (dates_.size() - current_.begin >= max_events_per_case)
            return fail_current("too-many-events", here() + ": the case has more than " +
                                                       with_thousands(max_events_per_case) + " events");
        const std::string_view date_text = trim(field(layout_.date));
        esc_date date = ESC_NO_DATE;  // none: the bulk call reports missing-date at this entry
        if (!date_text.empty() && esc_date_parse(std::string(date_text).c_str(), &date) != ESC_OK)
            return fail_current("bad-date", here() + ": date " + in_quotes(date_text) + " is not a real date in the form YYYY-MM-DD");
        if (current_.rows == 1 && current_.pathway >= 0 && date != ESC_NO_DATE) {
            // The version in force on the case's outset, its first row's date, governs the case
            // (docs/ruleset-format.md#versions); the bulk call applies the index it is given.
            std::int32_t version = -1;
            if (const esc_status status = esc_engine_pathway_select(engine_, current_.pathway_text.c_str(), nullptr, date, &version);
                status != ESC_OK)
                return fail_current("no-version", here() + ": " + last_error_message(status));
            current_.pathway = version;
        }
        const std::string_view event = trim(field(layout_.event));
        dates_.push_back(date);
        events_.push_back(event_index(event));
        entry_lines_.push_back(record.line);
        event_text_.append(event);
        event_ends_.push_back(static_cast<std::uint32_t>(event_text_.size()));
    }

    /// The end of the input: the last case, and the last batch.
    void finish() {
        if (in_case_) finish_case();
        in_case_ = false;
        evaluate_batch();
    }

    /// Bad cases on stderr as found (CSV output; a table lists them itself).
    void set_report_bad(bool report) { report_bad_ = report; }

    void set_progress(ProgressMeter* progress, const CsvReader* reader) {
        progress_ = progress;
        reader_ = reader;
    }

    /// The open cases, most urgent first; retracted ones left out.
    std::vector<const OpenCase*> sorted_open() const {
        std::vector<const OpenCase*> out;
        out.reserve(open_.size());
        for (const OpenCase& c : open_)
            if (!c.retracted) out.push_back(&c);
        std::sort(out.begin(), out.end(), [](const OpenCase* a, const OpenCase* b) {
            const bool a_dated = a->due != ESC_NO_DATE, b_dated = b->due != ESC_NO_DATE;
            if (a_dated != b_dated) return a_dated;  // cases with no due date last
            if (a->due != b->due) return a->due < b->due;  // the same as fewest days left, overdue first
            return a->case_id < b->case_id;
        });
        return out;
    }
    /// The bad cases in the order of their first line.
    std::vector<BadCase> sorted_bad() {
        std::vector<BadCase> out = std::move(bad_);
        std::stable_sort(out.begin(), out.end(), [](const BadCase& a, const BadCase& b) { return a.first_line < b.first_line; });
        return out;
    }

    const WorklistSummary& summary() const { return summary_; }
    const PathwayTable& table() const { return table_; }
    std::uint64_t rows() const { return rows_; }
    std::uint64_t row_lines() const { return row_lines_; }

private:
    /// The case being read. Its entries go straight into the batch's arrays from `begin`.
    struct Current {
        std::string case_id, pathway_text, subject_text, problem, reason;
        std::int32_t pathway = -1;
        std::uint64_t first_line = 0, last_line = 0, rows = 0;
        std::size_t begin = 0, text_begin = 0;
    };

    void start_case(const CsvRecord& record, std::string_view id) {
        in_case_ = true;
        current_.case_id = id;
        current_.pathway_text.clear();
        current_.subject_text.clear();
        current_.problem.clear();
        current_.reason.clear();
        current_.pathway = -1;
        current_.first_line = record.line;
        current_.rows = 0;
        current_.begin = dates_.size();
        current_.text_begin = event_text_.size();
    }

    void fail_current(const char* reason, std::string problem) {
        current_.reason = reason;
        current_.problem = std::move(problem);
    }

    int32_t event_index(std::string_view event) {
        if (current_.pathway < 0) return 0;  // the case fails as bad-pathway
        // Every id, done:ID included, through the library: it decides what a done code is and
        // how far the bulk call checks it.
        auto& ids = event_ids_[static_cast<std::size_t>(current_.pathway)];
        std::string key(event);
        if (const auto found = ids.find(key); found != ids.end()) return found->second;
        int32_t index = unknown_event;
        if (esc_pathway_event_index(engine_, current_.pathway, key.c_str(), &index) != ESC_OK) return unknown_event;
        // Only ids the library knows are kept; a library that gives every done:ID one code
        // (ESCALATE_1.2) would let them grow with the file, so those are not kept.
        if (index != ESC_EVENT_DONE) ids.emplace(std::move(key), index);
        return index;
    }

    void drop_current_entries() {
        dates_.resize(current_.begin);
        events_.resize(current_.begin);
        entry_lines_.resize(current_.begin);
        event_ends_.resize(current_.begin);
        event_text_.resize(current_.text_begin);
    }

    void finish_case() {
        if (current_.case_id.empty()) {
            // Rows with no readable case id before any case: bad, and no id to track.
            drop_current_entries();
            add_bad(current_.case_id, current_.pathway_text, current_.first_line, current_.last_line, current_.reason,
                    current_.problem);
            return;
        }
        auto [seen, fresh] = seen_.try_emplace(current_.case_id);
        if (!fresh) {
            // The rows of this case are not together: this run and the earlier one are both
            // bad (each alone is an incomplete history), and nothing is dropped.
            drop_current_entries();
            SeenCase& earlier = seen->second;
            add_bad(current_.case_id, current_.pathway_text, current_.first_line, current_.last_line, "split",
                    "its rows at " + lines_phrase(current_.first_line, current_.last_line) +
                        " come after other cases; its earlier rows are at " +
                        lines_phrase(earlier.first_line, earlier.last_line) +
                        " (the rows of one case must be together)");
            if (!earlier.split) retract(current_.case_id, earlier, current_.first_line);
            earlier.split = true;
            return;
        }
        seen->second.first_line = current_.first_line;
        seen->second.last_line = current_.last_line;
        if (!current_.problem.empty()) {
            drop_current_entries();
            seen->second.kind = SeenCase::Kind::bad;
            add_bad(current_.case_id, current_.pathway_text, current_.first_line, current_.last_line, current_.reason,
                    current_.problem);
            return;
        }
        seen->second.kind = SeenCase::Kind::pending;
        seen->second.pathway = current_.pathway;
        seen->second.index = static_cast<std::uint32_t>(cases_.size());
        offsets_.push_back(dates_.size());
        pathways_.push_back(current_.pathway);
        subjects_.push_back(current_.pathway >= 0 ? table_.subject_index(current_.pathway, current_.subject_text) : -1);
        cases_.push_back(BatchCase{current_.case_id, current_.pathway_text, current_.subject_text, current_.first_line,
                                   current_.last_line, &seen->second, false});
        if (dates_.size() >= batch_events || cases_.size() >= batch_cases) evaluate_batch();
    }

    /// The earlier run of a case found split: listed as bad instead of what it was.
    void retract(const std::string& case_id, SeenCase& earlier, std::uint64_t later_line) {
        const std::string message = "its rows at " + lines_phrase(earlier.first_line, earlier.last_line) +
                                    " continue at line " + std::to_string(later_line) +
                                    " after other cases (the rows of one case must be together)";
        switch (earlier.kind) {
            case SeenCase::Kind::pending:
                cases_[earlier.index].retracted = true;  // listed as bad when its batch is evaluated
                pending_messages_.emplace(earlier.index, message);
                return;
            case SeenCase::Kind::open: {
                OpenCase& open = open_[earlier.index];
                open.retracted = true;
                summary_.remove_open(open.pathway, open.tier, open.state);
                add_bad(case_id, table_.pathway_id(open.pathway), earlier.first_line, earlier.last_line, "split", message);
                return;
            }
            case SeenCase::Kind::closed:
                summary_.remove_closed();
                add_bad(case_id, earlier.pathway >= 0 ? table_.pathway_id(earlier.pathway) : "", earlier.first_line,
                        earlier.last_line, "split", message);
                return;
            case SeenCase::Kind::bad:
                return;  // listed already, with its own reason
        }
    }

    void add_bad(const std::string& case_id, const std::string& pathway, std::uint64_t first, std::uint64_t last,
                 const std::string& reason, const std::string& message) {
        summary_.add_bad(reason);
        bad_.push_back(BadCase{case_id, pathway, reason, message, first, last});
        if (report_bad_ && bad_.size() <= max_reported_cases) {
            if (progress_) progress_->finish();
            std::cerr << input_name_ << ":" << lines_text(first, last) << ": case " << in_quotes(case_id) << ": " << reason
                      << ": " << message << "\n";
        }
    }

    void evaluate_batch() {
        const std::size_t count = cases_.size();
        if (count > 0) {
            results_.resize(count);
            esc_case_columns columns{};
            columns.size = sizeof columns;
            columns.as_of = as_of_;
            // Slices of the batch on several threads: each call reads only its own cases.
            const std::size_t slices =
                std::max<std::size_t>(1, std::min<std::size_t>(threads_, count / min_cases_per_thread));
            std::vector<std::thread> workers;
            std::vector<esc_status> statuses(slices, ESC_OK);
            for (std::size_t k = 0; k < slices; ++k) {
                const std::size_t begin = count * k / slices, end = count * (k + 1) / slices;
                esc_case_columns part = columns;
                part.case_count = end - begin;
                part.offsets = offsets_.data() + begin;
                part.pathways = pathways_.data() + begin;
                part.subjects = subjects_.data() + begin;
                part.dates = dates_.data();
                part.events = events_.data();
                auto run = [this, part, begin, k, &statuses] {
                    statuses[k] = esc_cases_evaluate(engine_, &part, results_.data() + begin, nullptr);
                };
                if (k + 1 == slices) run();
                else workers.emplace_back(run);
            }
            for (auto& worker : workers) worker.join();
            for (const esc_status status : statuses) check(status);
            for (std::size_t i = 0; i < count; ++i) take_result(i);
        }
        cases_.clear();
        pending_messages_.clear();
        offsets_.assign(1, 0);
        pathways_.clear();
        subjects_.clear();
        dates_.clear();
        events_.clear();
        entry_lines_.clear();
        event_ends_.clear();
        event_text_.clear();
        if (progress_ && reader_) progress_->update(rows_, reader_->bytes_read());
    }

    void take_result(std::size_t i) {
        const BatchCase& c = cases_[i];
        const esc_case_row& row = results_[i];
        if (c.retracted) {
            c.seen->kind = SeenCase::Kind::bad;
            add_bad(c.case_id, c.pathway_text, c.first_line, c.last_line, "split", pending_messages_[static_cast<std::uint32_t>(i)]);
            return;
        }
        if (row.status != ESC_CASE_OK) {
            c.seen->kind = SeenCase::Kind::bad;
            add_bad(c.case_id, c.pathway_text, c.first_line, c.last_line, esc_case_status_name(row.status),
                    describe_failure(i, row));
            return;
        }
        if (row.terminal) {
            c.seen->kind = SeenCase::Kind::closed;
            summary_.add_closed();
            return;
        }
        OpenCase open;
        open.case_id = c.case_id;
        open.pathway = pathways_[i];
        open.stage = row.stage_index;
        open.stage_id = row.stage;
        open.tier = table_.tier(open.pathway, open.stage);
        open.entered = row.entered;
        open.due = row.due;
        open.state = work_state(row, as_of_);
        open.first_line = c.first_line;
        open.last_line = c.last_line;
        summary_.add_open(open.pathway, open.tier, open.state);
        c.seen->kind = SeenCase::Kind::open;
        c.seen->index = static_cast<std::uint32_t>(open_.size());
        open_.push_back(std::move(open));
    }

    /// The entry at fault with its line, date and event; the reason is the status's name.
    /// `escalate case` on the case's rows says more.
    std::string describe_failure(std::size_t i, const esc_case_row& row) const {
        if (row.bad_entry < 0) {
            if (row.status == ESC_CASE_BAD_PATHWAY) return "unknown pathway " + in_quotes(cases_[i].pathway_text);
            if (row.status == ESC_CASE_AS_OF_BEFORE_OUTSET)
                return "the as-of date " + iso(as_of_) + " is before the outset " + iso(dates_[offsets_[i]]);
            return "the whole case";
        }
        const std::size_t entry = offsets_[i] + static_cast<std::size_t>(row.bad_entry);
        const std::size_t text_begin = entry == 0 ? 0 : event_ends_[entry - 1];
        const std::string_view event(event_text_.data() + text_begin, event_ends_[entry] - text_begin);
        std::string where = "entry " + std::to_string(row.bad_entry) + " (line " + std::to_string(entry_lines_[entry]) +
                            ", " + (dates_[entry] == ESC_NO_DATE ? std::string("no date") : iso(dates_[entry])) + ", " +
                            in_quotes(event) + ")";
        if (row.status == ESC_CASE_BAD_SUBJECT)
            where += ": pathway " + in_quotes(cases_[i].pathway_text) + " does not cover the subject " +
                     in_quotes(cases_[i].subject_text);
        return where;
    }

    struct BatchCase {
        std::string case_id, pathway_text, subject_text;
        std::uint64_t first_line = 0, last_line = 0;
        SeenCase* seen = nullptr;
        bool retracted = false;
    };

    const esc_engine* engine_;
    PathwayTable table_;
    esc_date as_of_;
    std::string input_name_;
    Layout layout_;
    unsigned threads_ = 1;

    bool in_case_ = false;
    Current current_;

    // The batch: esc_case_columns' arrays, and per entry its line and event text.
    std::vector<BatchCase> cases_;
    std::vector<std::size_t> offsets_;
    std::vector<std::int32_t> pathways_, subjects_, events_;
    std::vector<esc_date> dates_;
    std::vector<std::uint64_t> entry_lines_;
    std::vector<std::uint32_t> event_ends_;
    std::string event_text_;
    std::vector<esc_case_row> results_;
    std::unordered_map<std::uint32_t, std::string> pending_messages_;

    std::vector<std::unordered_map<std::string, int32_t>> event_ids_;
    std::unordered_map<std::string, SeenCase> seen_;
    std::vector<OpenCase> open_;
    std::vector<BadCase> bad_;
    WorklistSummary summary_;
    std::uint64_t rows_ = 0, row_lines_ = 0;
    ProgressMeter* progress_ = nullptr;
    const CsvReader* reader_ = nullptr;
    bool report_bad_ = true;
};

/// The worklist as CSV: the open cases, then the bad ones.
void write_csv(std::FILE* file, const std::string& name, const Worklist& worklist,
               const std::vector<const OpenCase*>& open, const std::vector<BadCase>& bad, esc_date as_of) {
    CsvWriter writer(file, name);
    std::string& out = writer.buffer();
    out += "case_id,pathway,stage,tier,entered,due,days_left,state,lines,error\n";
    for (const OpenCase* c : open) {
        append_csv_field(out, c->case_id);
        out += ',';
        out += worklist.table().pathway_id(c->pathway);
        out += ',';
        out += c->stage_id;
        out += ',';
        out += worklist.table().tier_id(c->pathway, c->tier);
        out += ',';
        out += iso(c->entered);
        out += ',';
        if (c->due != ESC_NO_DATE) out += iso(c->due) + "," + std::to_string(days_left(c->due, as_of));
        else out += ',';
        out += ',';
        out += work_state_name(c->state);
        out += ',';
        out += lines_text(c->first_line, c->last_line);
        out += ",\n";
        writer.maybe_flush();
    }
    for (const BadCase& c : bad) {
        append_csv_field(out, c.case_id);
        out += ',';
        append_csv_field(out, c.pathway);
        out += ",,,,,,error,";
        out += lines_text(c.first_line, c.last_line);
        out += ',';
        append_csv_field(out, c.reason + ": " + c.message);
        out += '\n';
        writer.maybe_flush();
    }
    writer.flush();
}

/// The worklist as aligned columns, the bad cases below.
void write_table(std::ostream& out, const Worklist& worklist, const std::vector<const OpenCase*>& open,
                 const std::vector<BadCase>& bad, esc_date as_of) {
    std::vector<std::array<std::string, 8>> rows;
    rows.push_back({"case", "pathway", "stage", "tier", "entered", "due", "days left", "state"});
    for (const OpenCase* c : open) {
        const bool dated = c->due != ESC_NO_DATE;
        rows.push_back({c->case_id, worklist.table().pathway_id(c->pathway), c->stage_id,
                        worklist.table().tier_id(c->pathway, c->tier), iso(c->entered), dated ? iso(c->due) : "",
                        dated ? std::to_string(days_left(c->due, as_of)) : "", work_state_name(c->state)});
    }
    std::array<std::size_t, 8> widths{};
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string pad(widths[i] - row[i].size(), ' ');
            line += i == 6 ? pad + row[i] : row[i] + pad;  // days left to the right
            if (i + 1 < row.size()) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out << line << "\n";
    }
    if (!bad.empty()) {
        out << "\nbad cases (" << with_thousands(bad.size()) << "):\n";
        for (const BadCase& c : bad)
            out << "  " << lines_phrase(c.first_line, c.last_line) << ": case " << in_quotes(c.case_id)
                << (c.pathway.empty() ? std::string() : " (" + c.pathway + ")") << ": " << c.reason << ": " << c.message
                << "\n";
    }
    out << "\n";
}

}  // namespace

int run_worklist(const std::vector<std::string>& args) {
    const Arguments arguments =
        parse_arguments(args, {"--events", "--as-of", "--output", "--format", "--threads", "--rulesets"}, {});
    if (!arguments.positional.empty()) throw UsageError("unexpected argument " + arguments.positional[0]);
    const auto events_path = arguments.value("--events");
    if (!events_path) throw UsageError("--events FILE is required (- for standard input)");
    const auto as_of_text = arguments.value("--as-of");
    if (!as_of_text) throw UsageError("--as-of DATE is required");
    const esc_date as_of = parse_date_option(*as_of_text, "--as-of");
    const int threads = parse_threads(arguments.value("--threads"));
    const std::string output_path = arguments.value("--output").value_or("-");
    const auto format = arguments.value("--format");
    if (format && *format != "csv" && *format != "table") throw UsageError("--format must be csv or table");
    const bool table = format ? *format == "table" : output_path == "-" && isatty(STDOUT_FILENO) == 1;

    const auto started_at = std::chrono::steady_clock::now();
    const EnginePtr engine = load_engine(arguments);
    const InputFile opened(*events_path);
    std::FILE* const input = opened.file();
    const std::string& input_name = opened.name();
    const std::uint64_t input_size = opened.size();

    CsvReader reader(input);
    CsvRecord record;
    std::uint64_t header_lines = 0;
    ProgressMeter progress(input_size);
    try {
        if (!reader.read(record)) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
        const Layout layout = read_header(record, input_name);
        header_lines = record.lines();
        Worklist worklist(engine.get(), as_of, threads, input_name, layout);
        worklist.set_progress(&progress, &reader);
        worklist.set_report_bad(!table);
        while (reader.read(record)) worklist.add(record);
        worklist.finish();
        progress.finish();

        // Written only now, sorted: a refused input never leaves part of a worklist.
        const std::vector<const OpenCase*> open = worklist.sorted_open();
        const std::vector<BadCase> bad = worklist.sorted_bad();
        Output output(output_path);
        std::ostringstream summary;
        worklist.summary().write(summary, worklist.table(), as_of);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
        const std::uint64_t lines = reader.lines_read();
        const std::uint64_t accounted = header_lines + worklist.row_lines() + reader.blank_lines();
        char timing[32];
        std::snprintf(timing, sizeof timing, "%.2f s", seconds);
        summary << with_thousands(worklist.rows()) << (worklist.rows() == 1 ? " row" : " rows") << " (events) in "
                << with_thousands(worklist.summary().cases()) << (worklist.summary().cases() == 1 ? " case; " : " cases; ")
                << with_thousands(lines) << (lines == 1 ? " line: " : " lines: ") << header_lines << " header, "
                << with_thousands(worklist.row_lines()) << " in rows, " << with_thousands(reader.blank_lines())
                << " blank; " << timing << ", "
                << with_thousands(static_cast<std::uint64_t>(seconds > 0 ? static_cast<double>(worklist.rows()) / seconds : 0))
                << " events/s\n";
        if (accounted != lines)
            summary << (accounted > lines ? accounted - lines : lines - accounted)
                    << " lines NOT ACCOUNTED FOR (please report)\n";
        if (table) {
            std::ostringstream text;
            write_table(text, worklist, open, bad, as_of);
            text << summary.str();
            const std::string body = text.str();
            if (std::fwrite(body.data(), 1, body.size(), output.file()) != body.size())
                throw std::runtime_error("cannot write " + (output.is_stdout() ? std::string("standard output") : output.name()));
        } else {
            write_csv(output.file(), output.is_stdout() ? "standard output" : output.name(), worklist, open, bad, as_of);
        }
        output.commit();
        if (!table) {
            if (bad.size() > max_reported_cases)
                std::cerr << input_name << ": " << with_thousands(bad.size() - max_reported_cases)
                          << " more bad cases not shown; the output lists every one (state error)\n";
            std::cerr << summary.str();
        }
        if (accounted != lines) return exit_failure;
        return bad.empty() ? exit_ok : exit_failure;
    } catch (const UnclosedQuoteError& error) {
        progress.finish();
        std::cerr << input_name << ":" << error.first_line << ": " << error.what() << "\n"
                  << "escalate worklist: the input is refused; nothing is written\n";
        return exit_failure;
    }
}

}  // namespace escalate::cli
