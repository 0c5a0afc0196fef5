// `escalate recalc`: the due date of every case in a CSV file, streamed in chunks through
// esc_recalculate so that memory stays flat however long the file is.
#include <algorithm>
#include <csignal>
#include <map>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string_view>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <unordered_map>

#include "cli.hpp"
#include "csv.hpp"
#include "progress.hpp"

namespace escalate::cli {

const char* const recalc_usage =
    "usage: escalate recalc --input CASES.csv [--output DUE.csv] [--threads N]\n"
    "                       [--compare OTHER_RULESETS [--changed-only]] [--add-holiday DATE=NAME ...]\n"
    "\n"
    "The due date of every case in a CSV file, as `decide` would give it for the case's current\n"
    "stage. Built for whole caseloads: the file is read, computed and written in chunks, so\n"
    "memory does not grow with its length.\n"
    "\n"
    "  --input FILE      the cases; - for standard input\n"
    "  --output FILE     where to write the due dates; - (the default) for standard output\n"
    "  --threads N       threads for the due-date computation; 0 (the default) for one per\n"
    "                    core. Reading and writing the CSV, which take nearly all the time, run\n"
    "                    on one thread, and a chunk of 131,072 rows keeps at most two busy.\n"
    "  --compare DIR     also compute each due date under the rulesets in DIR (a calendar with a\n"
    "                    newly announced bank holiday, revised timescales) and say which change\n"
    "  --changed-only    with --compare: write only the rows whose due date changes (and bad rows)\n"
    "  --add-holiday [CALENDAR:]DATE=NAME\n"
    "                    previews an announced one-off bank holiday without editing any file:\n"
    "                    the due dates are computed as if every calendar (or only CALENDAR)\n"
    "                    declared it. With --compare the holiday goes to the compared rulesets,\n"
    "                    so `--compare DIR --changed-only` with DIR the same rulesets lists the\n"
    "                    cases it would move. May be given more than once.\n"
    "\n"
    "Input: a header row naming the columns case_id, pathway, stage, entered and started, in any\n"
    "order (started may be left out); other columns are allowed and ignored. Every row has as\n"
    "many fields as the header. Dates are YYYY-MM-DD; started (the outset of the disagreement)\n"
    "may be empty when the stage does not count from it. Fields may be quoted as in RFC 4180.\n"
    "\n"
    "Output: case_id,pathway,stage,due,status,error (with --compare:\n"
    "case_id,pathway,stage,due,due_compare,changed,status,error). due is empty when the source\n"
    "states no timescale; status is ok or what is wrong with the row and error says it in\n"
    "words. The library's reasons (docs/c-api.md): unknown-pathway, unknown-stage,\n"
    "missing-entered, missing-started, start-after-entry, out-of-range, due-out-of-range; and\n"
    "the file's: bad-date, wrong-column-count, malformed.\n"
    "\n"
    "Lines end in LF, CRLF or CR. Every line is accounted for: a quote left open refuses the\n"
    "whole input (naming its lines) rather than swallow the rows after it.\n"
    "\n"
    "A bad row never stops the run: it is written with its error and reported on stderr as\n"
    "FILE:LINE: what is wrong. On a terminal, stderr shows progress. Exit status 0 when no row\n"
    "was bad, 1 when any was or the input could not be read, 2 for a wrong command line.\n";

namespace {

// esc_recalculate gives each of its threads at least 65,536 rows. A chunk of twice that lets
// it use two; computing takes about a nanosecond a row against a few hundred for reading and
// writing the CSV, so bigger chunks would cost memory (about 100 bytes a row) and gain nothing.
constexpr std::size_t rows_per_thread = 1 << 16;
constexpr std::size_t max_threads_per_chunk = 2;
constexpr std::size_t max_reported_rows = 20;
// A chunk is also written out once its copied text passes this, so rows with very long fields
// cannot take the memory either.
constexpr std::size_t max_chunk_text = 8 << 20;

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

/// "text" for a message, cut short (at a UTF-8 character boundary) when very long, so that a
/// hostile field cannot swell the messages.
std::string quoted(std::string_view text) {
    constexpr std::size_t longest = 60;
    bool cut = false;
    if (text.size() > longest) {
        std::size_t end = longest;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        text = text.substr(0, end);
        cut = true;
    }
    std::string result;
    result.reserve(text.size() + 5);
    result += '"';
    result += text;
    result += cut ? "...\"" : "\"";
    return result;
}

/// Exactly YYYY-MM-DD naming a real day, or nullopt.
std::optional<esc_date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    int value[3] = {0, 0, 0};
    const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
    for (int part = 0; part < 3; ++part) {
        for (std::size_t i = starts[part]; i < starts[part] + lengths[part]; ++i) {
            if (text[i] < '0' || text[i] > '9') return std::nullopt;
            value[part] = value[part] * 10 + (text[i] - '0');
        }
    }
    const esc_date date = esc_date_from_ymd(value[0], value[1], value[2]);
    if (date == ESC_NO_DATE) return std::nullopt;
    return date;
}

/// Where the named columns are in each row.
struct Layout {
    int case_id = -1, pathway = -1, stage = -1, entered = -1, started = -1;
    std::size_t width = 0;
};

Layout read_header(const CsvRecord& header, const std::string& input_name) {
    const std::string where = input_name + ":" + std::to_string(header.line) + ": ";
    if (!header.problem.empty()) throw std::runtime_error(where + "the header row is malformed: " + header.problem);
    Layout layout;
    layout.width = header.field_count();
    for (std::size_t i = 0; i < header.field_count(); ++i) {
        std::string name(trim(header.field(i)));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
        int* column = name == "case_id" ? &layout.case_id
                      : name == "pathway" ? &layout.pathway
                      : name == "stage"   ? &layout.stage
                      : name == "entered" ? &layout.entered
                      : name == "started" ? &layout.started
                                          : nullptr;
        if (!column) continue;  // another column the caller keeps in the file: ignored
        if (*column >= 0) throw std::runtime_error(where + "the header names the column " + name + " twice");
        *column = static_cast<int>(i);
    }
    for (const auto& [column, name] : {std::pair{layout.case_id, "case_id"}, {layout.pathway, "pathway"},
                                       {layout.stage, "stage"}, {layout.entered, "entered"}}) {
        if (column < 0)
            throw std::runtime_error(where + "the header has no " + name +
                                     " column; the first line must name the columns case_id, pathway, "
                                     "stage, entered and started (started may be left out)");
    }
    return layout;
}

/// What is wrong with the first id or date column that holds a NUL byte or a line break (only
/// other columns may: a note quoted over several lines), or nullopt.
std::optional<std::string> bad_bytes_in_ids(const CsvRecord& record, const Layout& layout) {
    for (const auto& [column, name] : {std::pair{layout.case_id, "case_id"}, {layout.pathway, "pathway"},
                                       {layout.stage, "stage"}, {layout.entered, "entered"}, {layout.started, "started"}}) {
        if (column < 0 || static_cast<std::size_t>(column) >= record.field_count()) continue;
        const std::string_view text = record.field(static_cast<std::size_t>(column));
        if (text.find('\0') != std::string_view::npos) return std::string(name) + " holds a NUL byte";
        if (text.find_first_of("\r\n") != std::string_view::npos) return std::string(name) + " holds a line break";
    }
    return std::nullopt;
}

/// Pathway and stage indices of one engine, looked up once per distinct id. Only ids that
/// exist are kept, so the cache is bounded by the rulesets, not by the file.
class IdCache {
public:
    struct Pathway {
        int32_t index = -1;
        std::string id;
        std::string calendar;
        esc_date first_date = ESC_NO_DATE, last_date = ESC_NO_DATE;
        std::unordered_map<std::string, int32_t> stages;
    };

    explicit IdCache(const esc_engine* engine) : engine_(engine) {}

    Pathway* pathway(std::string_view id) {
        std::string key(id);
        if (const auto found = pathways_.find(key); found != pathways_.end()) return &found->second;
        int32_t index = -1;
        if (esc_engine_pathway_index(engine_, key.c_str(), &index) != ESC_OK) return nullptr;
        Pathway entry;
        entry.index = index;
        entry.id = key;
        esc_pathway_info info{};
        info.size = sizeof info;
        check(esc_pathway_info_get(engine_, index, &info));
        entry.calendar = info.calendar;
        const esc_calendar* calendar = nullptr;
        check(esc_engine_calendar(engine_, info.calendar, &calendar));
        esc_calendar_info range{};
        range.size = sizeof range;
        check(esc_calendar_info_get(calendar, &range));
        entry.first_date = range.first_date;
        entry.last_date = range.last_date;
        return &pathways_.emplace(std::move(key), std::move(entry)).first->second;
    }

    std::optional<int32_t> stage(Pathway& pathway, std::string_view id) {
        std::string key(id);
        if (const auto found = pathway.stages.find(key); found != pathway.stages.end()) return found->second;
        int32_t index = -1;
        if (esc_pathway_stage_index(engine_, pathway.index, key.c_str(), &index) != ESC_OK) return std::nullopt;
        pathway.stages.emplace(std::move(key), index);
        return index;
    }

    const esc_engine* engine() const { return engine_; }

private:
    const esc_engine* engine_;
    std::unordered_map<std::string, Pathway> pathways_;
};

constexpr uint32_t no_message = UINT32_MAX;

struct Row {
    std::uint64_t line = 0;
    std::uint32_t prefix_end = 0;  // end of the row's "case_id,pathway,stage" in Chunk::prefixes
    std::uint32_t message = no_message;
    const char* code = nullptr;    // the status column when the row is bad
    IdCache::Pathway* pathway = nullptr;
    IdCache::Pathway* other_pathway = nullptr;
};

/// One engine's columns for esc_recalculate.
struct Columns {
    std::vector<int32_t> pathways, stages;
    std::vector<esc_date> due;
    std::vector<esc_row_reason> reasons;
    void clear() {
        pathways.clear();
        stages.clear();
    }
};

struct Chunk {
    std::vector<Row> rows;
    std::string prefixes;
    std::vector<std::string> messages;
    std::vector<esc_date> entered, started;
    Columns main, other;

    void clear() {
        rows.clear();
        prefixes.clear();
        messages.clear();
        message_bytes = 0;
        entered.clear();
        started.clear();
        main.clear();
        other.clear();
    }
    void fail(Row& row, const char* code, std::string message) {
        row.code = code;
        row.message = static_cast<uint32_t>(messages.size());
        message_bytes += message.size();
        messages.push_back(std::move(message));
    }
    std::size_t text_bytes() const { return prefixes.size() + message_bytes; }

    std::size_t message_bytes = 0;
};

struct Totals {
    std::uint64_t rows = 0, bad = 0, changed = 0;
    std::uint64_t written = 0;      // rows out (--changed-only leaves some out)
    std::uint64_t row_lines = 0;    // physical lines the rows took
    std::map<std::string, std::uint64_t> bad_by_reason;  // status code -> rows
};

class Recalculation {
public:
    Recalculation(const esc_engine* engine, const esc_engine* other, std::string other_name, int threads,
                  bool changed_only, std::string input_name, CsvWriter& writer)
        : ids_(engine), threads_(threads), changed_only_(changed_only),
          input_name_(std::move(input_name)), other_name_(std::move(other_name)), writer_(writer) {
        if (other) other_ids_.emplace(other);
        const std::size_t cores = threads > 0 ? static_cast<std::size_t>(threads)
                                              : std::max(1u, std::thread::hardware_concurrency());
        capacity_ = rows_per_thread * std::min(cores, max_threads_per_chunk);
        // Reserved once, so the arrays never pass through a doubling copy.
        chunk_.rows.reserve(capacity_);
        for (auto* columns : {&chunk_.main, &chunk_.other}) {
            if (columns == &chunk_.other && !other) break;
            columns->pathways.reserve(capacity_);
            columns->stages.reserve(capacity_);
            columns->due.reserve(capacity_);
            columns->reasons.reserve(capacity_);
        }
        chunk_.entered.reserve(capacity_);
        chunk_.started.reserve(capacity_);
    }

    void write_header() {
        writer_.buffer() += other_ids_ ? "case_id,pathway,stage,due,due_compare,changed,status,error\n"
                                       : "case_id,pathway,stage,due,status,error\n";
    }

    /// Takes one data row; computes and writes a chunk once it is full.
    void add(const CsvRecord& record, const Layout& layout, ProgressMeter& progress) {
        Row& row = chunk_.rows.emplace_back();
        row.line = record.line;
        totals_.row_lines += record.lines();
        // A malformed record's fields are not trusted (cut off at 1 MiB).
        auto field = [&](int column) -> std::string_view {
            return record.problem.empty() && column >= 0 && static_cast<std::size_t>(column) < record.field_count()
                       ? record.field(static_cast<std::size_t>(column))
                       : std::string_view();
        };
        append_csv_field(chunk_.prefixes, field(layout.case_id));
        chunk_.prefixes += ',';
        append_csv_field(chunk_.prefixes, trim(field(layout.pathway)));
        chunk_.prefixes += ',';
        append_csv_field(chunk_.prefixes, trim(field(layout.stage)));
        row.prefix_end = static_cast<std::uint32_t>(chunk_.prefixes.size());

        int32_t pathway = -1, stage = -1, other_pathway = -1, other_stage = -1;
        esc_date entered = ESC_NO_DATE, started = ESC_NO_DATE;
        // A quoted field holding line breaks makes one row of several lines: said whenever such
        // a row is bad, since a stray quote closed by another makes one too.
        const std::string span = record.lines() > 1 ? " (the row spans lines " + std::to_string(record.line) + " to " +
                                                          std::to_string(record.last_line) +
                                                          ": a quoted field holds line breaks)"
                                                    : std::string();
        if (!record.problem.empty()) {
            chunk_.fail(row, "malformed", record.problem);
        } else if (record.field_count() != layout.width) {
            chunk_.fail(row, "wrong-column-count",
                        std::to_string(record.field_count()) + (record.field_count() == 1 ? " field" : " fields") +
                            ", but the header has " + std::to_string(layout.width) + span);
        } else if (const auto problem = bad_bytes_in_ids(record, layout)) {
            // The library takes ids as C strings: an id cut at a NUL would be another id.
            chunk_.fail(row, "malformed", *problem + span);
        } else {
            const std::string_view pathway_id = trim(field(layout.pathway));
            const std::string_view stage_id = trim(field(layout.stage));
            const std::string_view entered_text = trim(field(layout.entered));
            const std::string_view started_text = trim(field(layout.started));
            const auto look_up = [&](IdCache& ids, IdCache::Pathway*& found, int32_t& p, int32_t& s,
                                     const std::string& where) {
                if (pathway_id.empty()) return chunk_.fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY), "no pathway given");
                found = ids.pathway(pathway_id);
                if (!found) return chunk_.fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY), "unknown pathway " + quoted(pathway_id) + where);
                p = found->index;
                if (stage_id.empty()) return chunk_.fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE), "no stage given");
                const auto index = ids.stage(*found, stage_id);
                if (!index)
                    return chunk_.fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE),
                                       "pathway " + quoted(pathway_id) + " has no stage " + quoted(stage_id) + where);
                s = *index;
            };
            look_up(ids_, row.pathway, pathway, stage, "");
            if (!row.code && other_ids_)
                look_up(*other_ids_, row.other_pathway, other_pathway, other_stage, " in " + other_name_);
            if (!row.code) {
                if (entered_text.empty()) {
                    chunk_.fail(row, esc_row_reason_name(ESC_ROW_MISSING_ENTERED), "entered is empty");
                } else if (const auto date = parse_date(entered_text)) {
                    entered = *date;
                } else {
                    chunk_.fail(row, "bad-date", "entered " + quoted(entered_text) + " is not a real date in the form YYYY-MM-DD");
                }
            }
            if (!row.code && !started_text.empty()) {
                if (const auto date = parse_date(started_text))
                    started = *date;
                else
                    chunk_.fail(row, "bad-date", "started " + quoted(started_text) + " is not a real date in the form YYYY-MM-DD");
            }
        }
        // A row found bad here goes to the library with pathway -1: it fails there too, and
        // its result is ignored. Keeping it in place keeps row i of every array row i.
        if (row.code) pathway = other_pathway = -1;
        chunk_.main.pathways.push_back(pathway);
        chunk_.main.stages.push_back(stage);
        if (other_ids_) {
            chunk_.other.pathways.push_back(other_pathway);
            chunk_.other.stages.push_back(other_stage);
        }
        chunk_.entered.push_back(entered);
        chunk_.started.push_back(started);
        if (chunk_.rows.size() == capacity_ || chunk_.text_bytes() > max_chunk_text) flush(progress);
    }

    /// Computes and writes whatever the chunk holds.
    void flush(ProgressMeter& progress) {
        if (chunk_.rows.empty()) return;
        compute(ids_.engine(), chunk_.main);
        if (other_ids_) compute(other_ids_->engine(), chunk_.other);
        std::string& out = writer_.buffer();
        std::uint32_t prefix_start = 0;
        for (std::size_t i = 0; i < chunk_.rows.size(); ++i) {
            Row& row = chunk_.rows[i];
            if (!row.code && chunk_.main.reasons[i] != ESC_ROW_OK)
                describe_failure(row, i, chunk_.main.reasons[i], ids_, *row.pathway, chunk_.main, "");
            if (!row.code && other_ids_ && chunk_.other.reasons[i] != ESC_ROW_OK)
                describe_failure(row, i, chunk_.other.reasons[i], *other_ids_, *row.other_pathway, chunk_.other,
                                 " in " + other_name_);
            const bool changed = other_ids_ && !row.code && chunk_.main.due[i] != chunk_.other.due[i];
            ++totals_.rows;
            if (row.code) {
                ++totals_.bad;
                ++totals_.bad_by_reason[row.code];
                report(row);
            }
            if (changed) ++totals_.changed;
            if (changed_only_ && !changed && !row.code) {
                prefix_start = row.prefix_end;
                continue;
            }
            out.append(chunk_.prefixes, prefix_start, row.prefix_end - prefix_start);
            prefix_start = row.prefix_end;
            ++totals_.written;
            out += ',';
            append_date(out, row.code ? ESC_NO_DATE : chunk_.main.due[i]);
            if (other_ids_) {
                out += ',';
                append_date(out, row.code ? ESC_NO_DATE : chunk_.other.due[i]);
                out += row.code ? "," : changed ? ",true" : ",false";
            }
            out += ',';
            out += row.code ? row.code : "ok";
            out += ',';
            if (row.code) append_csv_field(out, chunk_.messages[row.message]);
            out += '\n';
            writer_.maybe_flush();
        }
        chunk_.clear();
        progress.update(totals_.rows, bytes_read_);
    }

    void set_bytes_read(std::uint64_t bytes) { bytes_read_ = bytes; }
    const Totals& totals() const { return totals_; }
    void set_progress(ProgressMeter* progress) { progress_ = progress; }
    /// No FILE:LINE reports on stderr: the output's status and error columns carry them.
    void set_quiet() { quiet_ = true; }

private:
    void compute(const esc_engine* engine, Columns& columns) {
        const std::size_t count = chunk_.rows.size();
        columns.due.resize(count);
        columns.reasons.resize(count);
        check(esc_recalculate_reasons(engine, count, columns.pathways.data(), columns.stages.data(),
                                      chunk_.entered.data(), chunk_.started.data(), columns.due.data(),
                                      columns.reasons.data(), threads_, nullptr));
    }

    /// The status column is the library's reason, as it names it; the error column says it in
    /// words with the row's own values.
    void describe_failure(Row& row, std::size_t i, esc_row_reason reason, IdCache& ids, const IdCache::Pathway& pathway,
                          const Columns& columns, const std::string& where) {
        const esc_date entered = chunk_.entered[i], started = chunk_.started[i];
        const char* stage_id = "?";
        esc_pathway_stage_id(ids.engine(), pathway.index, columns.stages[i], &stage_id);
        const std::string range = "the " + pathway.calendar + " calendar" + where + " (" + iso(pathway.first_date) +
                                  " to " + iso(pathway.last_date) + ")";
        const auto outside = [&](esc_date d) { return d < pathway.first_date || d > pathway.last_date; };
        std::string words;
        switch (reason) {
            case ESC_ROW_MISSING_STARTED:
                words = "started is empty, but stage " + quoted(stage_id) + " of " + quoted(pathway.id) +
                        " counts from the outset (an overall limit or a timescale from the start)" + where;
                break;
            case ESC_ROW_START_AFTER_ENTRY:
                words = "started " + iso(started) + " is after entered " + iso(entered);
                break;
            case ESC_ROW_DATE_OUT_OF_RANGE:
                words = (outside(entered) ? "entered " + iso(entered) : "started " + iso(started)) + " is outside " + range;
                break;
            case ESC_ROW_DUE_OUT_OF_RANGE:
                words = "the due date falls beyond the end of " + range;
                break;
            default:
                words = std::string("the library rejected the row") + where;
                break;
        }
        chunk_.fail(row, esc_row_reason_name(reason), std::move(words));
    }

    void report(const Row& row) {
        if (quiet_ || totals_.bad > max_reported_rows) return;
        if (progress_) progress_->finish();
        std::cerr << input_name_ << ":" << row.line << ": " << chunk_.messages[row.message] << "\n";
    }

    static void append_date(std::string& out, esc_date date) {
        char buffer[ESC_DATE_BUFFER_SIZE];
        if (date != ESC_NO_DATE && esc_date_format(date, buffer, sizeof buffer) == ESC_OK) out += buffer;
    }

    IdCache ids_;
    std::optional<IdCache> other_ids_;
    int threads_;
    bool changed_only_;
    std::string input_name_, other_name_;
    CsvWriter& writer_;
    std::size_t capacity_ = rows_per_thread;
    Chunk chunk_;
    Totals totals_;
    std::uint64_t bytes_read_ = 0;
    ProgressMeter* progress_ = nullptr;
    bool quiet_ = false;
};

// The temporary file of the run in progress, removed by the signal handler: a fixed buffer
// (a handler may not allocate), set before the handlers are installed.
char pending_temp_path[4096];
volatile std::sig_atomic_t pending_temp = 0;

extern "C" void remove_pending_temp_and_reraise(int signal_number) {
    if (pending_temp) unlink(pending_temp_path);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

/// The output file. A regular file (or a name that does not exist yet, or a symbolic link, which
/// is replaced rather than written through) is written to a new temporary file beside it,
/// created with mkstemp (O_EXCL: never an existing file, never through a planted link), synced
/// and renamed over the name only when the run completes, so a failed or interrupted run never
/// leaves half a file, or a temporary, behind, and two runs never share a temporary. SIGINT and
/// SIGTERM remove the temporary. Standard output, a device or a FIFO (a link to one included,
/// such as /dev/stdout) is written in place.
class Output {
public:
    explicit Output(const std::string& path) : path_(path) {
        if (path == "-") {
            file_ = stdout;
            return;
        }
        struct stat info {};
        const bool exists = lstat(path.c_str(), &info) == 0;
        bool replace = !exists || S_ISREG(info.st_mode);
        if (exists && S_ISLNK(info.st_mode)) {
            struct stat target {};
            replace = stat(path.c_str(), &target) != 0 || S_ISREG(target.st_mode);
        }
        if (!replace) {
            file_ = std::fopen(path.c_str(), "wb");
            if (!file_) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
            return;
        }
        const std::size_t slash = path.rfind('/');
        const std::string directory = slash == std::string::npos ? "" : path.substr(0, slash + 1);
        const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
        std::string temp = directory + "." + base + ".partial-XXXXXX";
        if (temp.size() >= sizeof pending_temp_path)
            throw std::runtime_error("cannot write " + path + ": the path is too long");
        const int fd = mkstemp(temp.data());
        if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        temp_path_ = temp;
        std::memcpy(pending_temp_path, temp.c_str(), temp.size() + 1);
        pending_temp = 1;
        for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, remove_pending_temp_and_reraise);
        // mkstemp makes the file 0600; give it the mode a new file would have.
        const mode_t mask = umask(0);
        umask(mask);
        fchmod(fd, 0666 & ~mask);
        file_ = fdopen(fd, "wb");
        if (!file_) {
            const int error = errno;
            close(fd);
            throw std::runtime_error("cannot write " + path + ": " + std::strerror(error));
        }
    }
    ~Output() {
        if (file_ && file_ != stdout) std::fclose(file_);
        if (!committed_ && !temp_path_.empty()) {
            unlink(temp_path_.c_str());
            forget_temp();
        }
    }
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    std::FILE* file() const { return file_; }
    const std::string& name() const { return path_; }
    bool is_stdout() const { return file_ == stdout; }

    void commit() {
        if (file_ != stdout) {
            const auto failed = [&](const char* what) {
                return std::runtime_error("cannot write " + path_ + ": " + what + std::strerror(errno));
            };
            if (std::fflush(file_) != 0) throw failed("");
            if (!temp_path_.empty() && fsync(fileno(file_)) != 0) throw failed("");
            const int closed = std::fclose(file_);
            file_ = nullptr;
            if (closed != 0) throw failed("");
            if (!temp_path_.empty() && std::rename(temp_path_.c_str(), path_.c_str()) != 0)
                throw failed("cannot rename the temporary file into place: ");
        }
        committed_ = true;
        forget_temp();
    }

private:
    void forget_temp() {
        if (temp_path_.empty()) return;
        pending_temp = 0;
        for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, SIG_DFL);
    }

    std::string path_, temp_path_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

int parse_threads(const std::optional<std::string>& text) {
    if (!text) return 0;
    int threads = -1;
    try {
        std::size_t used = 0;
        threads = std::stoi(*text, &used);
        if (used != text->size()) threads = -1;
    } catch (const std::exception&) {
    }
    if (threads < 0 || threads > 1024) throw UsageError("--threads must be a whole number from 0 (one per core) to 1024");
    return threads;
}

}  // namespace

CsvRecalcTotals recalculate_csv(const esc_engine* engine, std::FILE* input, const std::string& input_name,
                                std::FILE* output, int threads) {
    CsvReader reader(input);
    CsvRecord record;
    if (!reader.read(record)) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
    const Layout layout = read_header(record, input_name);
    CsvWriter writer(output, "the response");
    ProgressMeter progress(0, false);
    Recalculation recalculation(engine, nullptr, "", threads, false, input_name, writer);
    recalculation.set_quiet();
    recalculation.write_header();
    while (reader.read(record)) recalculation.add(record, layout, progress);
    recalculation.flush(progress);
    writer.flush();
    return CsvRecalcTotals{recalculation.totals().rows, recalculation.totals().bad};
}

int run_recalc(const std::vector<std::string>& args) {
    const Arguments arguments =
        parse_arguments(args, {"--input", "--output", "--threads", "--compare"}, {"--changed-only"},
                        {"--add-holiday"});
    if (!arguments.positional.empty()) throw UsageError("unexpected argument " + arguments.positional[0]);
    const auto input_path = arguments.value("--input");
    if (!input_path) throw UsageError("--input FILE is required (- for standard input)");
    const int threads = parse_threads(arguments.value("--threads"));
    const auto compare_path = arguments.value("--compare");
    const bool changed_only = arguments.flags.count("--changed-only") > 0;
    if (changed_only && !compare_path) throw UsageError("--changed-only needs --compare OTHER_RULESETS");

    const auto started_at = std::chrono::steady_clock::now();
    const auto added = arguments.repeated.find("--add-holiday");
    const std::vector<AddedHoliday> holidays =
        parse_added_holidays(added == arguments.repeated.end() ? std::vector<std::string>{} : added->second);
    // The announced holidays go to the side that shows the new world: the compared rulesets
    // when there are some, else the only ones.
    const EnginePtr engine = compare_path || holidays.empty()
                                 ? load_engine(arguments)
                                 : load_engine_with_holidays(resolved_rulesets_paths(), holidays);
    EnginePtr other;
    if (compare_path) other = load_engine_with_holidays({*compare_path}, holidays);

    const bool from_stdin = *input_path == "-";
    const std::string input_name = from_stdin ? "<stdin>" : *input_path;
    std::FILE* input = from_stdin ? stdin : std::fopen(input_path->c_str(), "rb");
    if (!input) throw std::runtime_error("cannot read " + *input_path + ": " + std::strerror(errno));
    struct CloseFile {
        void operator()(std::FILE* file) const noexcept { std::fclose(file); }
    };
    const std::unique_ptr<std::FILE, CloseFile> input_owner(from_stdin ? nullptr : input);
    struct stat input_info {};
    const std::uint64_t input_size =
        fstat(fileno(input), &input_info) == 0 && S_ISREG(input_info.st_mode) ? static_cast<std::uint64_t>(input_info.st_size) : 0;

    RecalcOptions options;
    options.engine = engine.get();
    options.other = other.get();
    options.other_name = compare_path.value_or("");
    options.threads = threads;
    options.changed_only = changed_only;
    return recalculate_csv_to(options, input, input_name, input_size, arguments.value("--output").value_or("-"),
                              started_at);
}

int recalculate_csv_to(const RecalcOptions& options, std::FILE* input, const std::string& input_name,
                       std::uint64_t input_size, const std::string& output_path,
                       std::chrono::steady_clock::time_point started_at) {
    CsvReader reader(input);
    CsvRecord record;
    bool has_header = false;
    try {
        has_header = reader.read(record);
    } catch (const UnclosedQuoteError& error) {
        throw std::runtime_error(input_name + ":" + std::to_string(error.first_line) + ": " + error.what());
    }
    if (!has_header) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
    const Layout layout = read_header(record, input_name);
    const std::uint64_t header_record_lines = record.lines();

    Output output(output_path);
    CsvWriter writer(output.file(), output.name() == "-" ? "standard output" : output.name());
    ProgressMeter progress(input_size);
    Recalculation recalculation(options.engine, options.other, options.other_name, options.threads,
                                options.changed_only, input_name, writer);
    recalculation.set_progress(&progress);
    recalculation.write_header();
    std::string refusal;
    try {
        while (reader.read(record)) {
            recalculation.set_bytes_read(reader.bytes_read());
            recalculation.add(record, layout, progress);
        }
    } catch (const UnclosedQuoteError& error) {
        refusal = input_name + ":" + std::to_string(error.first_line) + ": " + error.what();
    }
    if (!refusal.empty()) {
        // Never a normal partial run: a file is not written at all; standard output, already
        // streaming, gets the rows before the quote and the summary says it is incomplete.
        if (output.is_stdout()) {
            recalculation.flush(progress);
            writer.flush();
        }
        progress.finish();
        std::cerr << refusal << "\n";
        const Totals& totals = recalculation.totals();
        if (output.is_stdout())
            std::cerr << "escalate recalc: INCOMPLETE: the input is refused; standard output holds only the "
                      << with_thousands(totals.rows) << (totals.rows == 1 ? " row" : " rows")
                      << " before the open quote, and nothing from it on\n";
        else
            std::cerr << "escalate recalc: the input is refused; " << output.name() << " is not written\n";
        return exit_failure;
    }
    recalculation.flush(progress);
    writer.flush();
    output.commit();
    progress.finish();

    const Totals& totals = recalculation.totals();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_at).count();
    if (totals.bad > max_reported_rows)
        std::cerr << input_name << ": " << with_thousands(totals.bad - max_reported_rows)
                  << " more bad rows not shown; the output's status and error columns give every one\n";
    char timing[64];
    std::snprintf(timing, sizeof timing, "%.2f s", seconds);
    std::cerr << "escalate recalc: " << with_thousands(totals.rows) << (totals.rows == 1 ? " row, " : " rows, ") << with_thousands(totals.bad) << " bad, "
              << timing << ", " << with_thousands(static_cast<std::uint64_t>(seconds > 0 ? totals.rows / seconds : 0))
              << " rows/s\n";
    // Every physical line of the input is the header, part of a row, or blank.
    const std::uint64_t header_lines = header_record_lines, lines = reader.lines_read();
    const std::uint64_t accounted = header_lines + totals.row_lines + reader.blank_lines();
    std::string reasons;
    for (const auto& [code, count] : totals.bad_by_reason)
        reasons += (reasons.empty() ? " (" : ", ") + code + " " + with_thousands(count);
    if (!reasons.empty()) reasons += ")";
    std::cerr << "escalate recalc: rows in " << with_thousands(totals.rows) << ", rows out "
              << with_thousands(totals.written) << ", rows failed " << with_thousands(totals.bad) << reasons << "; "
              << with_thousands(lines) << (lines == 1 ? " line: " : " lines: ") << header_lines << " header, "
              << with_thousands(totals.row_lines) << " in rows, " << with_thousands(reader.blank_lines()) << " blank";
    if (accounted != lines) {
        std::cerr << "; " << (accounted > lines ? accounted - lines : lines - accounted)
                  << " lines NOT ACCOUNTED FOR (please report)\n";
        return exit_failure;
    }
    std::cerr << "\n";
    if (options.other)
        std::cerr << "escalate recalc: " << with_thousands(totals.changed) << " of "
                  << with_thousands(totals.rows - totals.bad) << " due dates change under " << options.other_name << "\n";
    return totals.bad > 0 ? exit_failure : exit_ok;
}

}  // namespace escalate::cli
