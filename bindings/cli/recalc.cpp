// `escalate recalc`: the due date of every case in a CSV file, streamed in chunks through
// esc_recalculate so that memory stays flat however long the file is.
#include <algorithm>
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
    "usage: escalate recalc --input CASES.csv [--output DUE.csv] [--threads N] [--rulesets DIR]\n"
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
    "  --rulesets DIR    load rulesets from DIR instead of the bundled ones\n"
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
    "states no timescale; status is ok or what is wrong with the row (unknown-pathway,\n"
    "unknown-stage, bad-date, missing-date, start-after-entry, out-of-range,\n"
    "wrong-column-count, malformed) and error says it in words.\n"
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
    std::vector<esc_status> status;
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
            columns->status.reserve(capacity_);
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
        // A malformed record's fields are not trusted (an unclosed quote swallows what follows).
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
        if (!record.problem.empty()) {
            chunk_.fail(row, "malformed", record.problem);
        } else if (record.field_count() != layout.width) {
            chunk_.fail(row, "wrong-column-count",
                        std::to_string(record.field_count()) + (record.field_count() == 1 ? " field" : " fields") +
                            ", but the header has " + std::to_string(layout.width));
        } else {
            const std::string_view pathway_id = trim(field(layout.pathway));
            const std::string_view stage_id = trim(field(layout.stage));
            const std::string_view entered_text = trim(field(layout.entered));
            const std::string_view started_text = trim(field(layout.started));
            const auto look_up = [&](IdCache& ids, IdCache::Pathway*& found, int32_t& p, int32_t& s,
                                     const std::string& where) {
                if (pathway_id.empty()) return chunk_.fail(row, "unknown-pathway", "no pathway given");
                found = ids.pathway(pathway_id);
                if (!found) return chunk_.fail(row, "unknown-pathway", "unknown pathway " + quoted(pathway_id) + where);
                p = found->index;
                if (stage_id.empty()) return chunk_.fail(row, "unknown-stage", "no stage given");
                const auto index = ids.stage(*found, stage_id);
                if (!index)
                    return chunk_.fail(row, "unknown-stage",
                                       "pathway " + quoted(pathway_id) + " has no stage " + quoted(stage_id) + where);
                s = *index;
            };
            look_up(ids_, row.pathway, pathway, stage, "");
            if (!row.code && other_ids_)
                look_up(*other_ids_, row.other_pathway, other_pathway, other_stage, " in " + other_name_);
            if (!row.code) {
                if (entered_text.empty()) {
                    chunk_.fail(row, "missing-date", "entered is empty");
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
            if (!row.code && chunk_.main.status[i] != ESC_OK)
                explain_failure(row, i, chunk_.main.status[i], ids_, *row.pathway, chunk_.main, "");
            if (!row.code && other_ids_ && chunk_.other.status[i] != ESC_OK)
                explain_failure(row, i, chunk_.other.status[i], *other_ids_, *row.other_pathway, chunk_.other,
                                " in " + other_name_);
            const bool changed = other_ids_ && !row.code && chunk_.main.due[i] != chunk_.other.due[i];
            ++totals_.rows;
            if (row.code) {
                ++totals_.bad;
                report(row);
            }
            if (changed) ++totals_.changed;
            if (changed_only_ && !changed && !row.code) {
                prefix_start = row.prefix_end;
                continue;
            }
            out.append(chunk_.prefixes, prefix_start, row.prefix_end - prefix_start);
            prefix_start = row.prefix_end;
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

private:
    void compute(const esc_engine* engine, Columns& columns) {
        const std::size_t count = chunk_.rows.size();
        columns.due.resize(count);
        columns.status.resize(count);
        check(esc_recalculate(engine, count, columns.pathways.data(), columns.stages.data(), chunk_.entered.data(),
                              chunk_.started.data(), columns.due.data(), columns.status.data(), threads_, nullptr));
    }

    /// Turns the library's row status into a status code and words.
    void explain_failure(Row& row, std::size_t i, esc_status status, IdCache& ids, const IdCache::Pathway& pathway,
                         const Columns& columns, const std::string& where) {
        const esc_date entered = chunk_.entered[i], started = chunk_.started[i];
        const char* stage_id = "?";
        esc_pathway_stage_id(ids.engine(), pathway.index, columns.stages[i], &stage_id);
        if (status == ESC_INVALID_ARGUMENT && started == ESC_NO_DATE) {
            chunk_.fail(row, "missing-date",
                        "started is empty, but stage " + quoted(stage_id) + " of " + quoted(pathway.id) +
                            " counts from the outset (an overall limit or a timescale from the start)" + where);
        } else if (status == ESC_INVALID_ARGUMENT && started > entered) {
            chunk_.fail(row, "start-after-entry", "started " + iso(started) + " is after entered " + iso(entered));
        } else if (status == ESC_OUT_OF_RANGE) {
            const std::string range = "the " + pathway.calendar + " calendar" + where + " (" + iso(pathway.first_date) +
                                      " to " + iso(pathway.last_date) + ")";
            const auto outside = [&](esc_date d) { return d < pathway.first_date || d > pathway.last_date; };
            if (outside(entered))
                chunk_.fail(row, "out-of-range", "entered " + iso(entered) + " is outside " + range);
            else if (started != ESC_NO_DATE && outside(started))
                chunk_.fail(row, "out-of-range", "started " + iso(started) + " is outside " + range);
            else
                chunk_.fail(row, "out-of-range", "the due date falls beyond the end of " + range);
        } else {
            chunk_.fail(row, "invalid", std::string("the library rejected the row (") + esc_status_name(status) + ")" + where);
        }
    }

    void report(const Row& row) {
        if (totals_.bad > max_reported_rows) return;
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
};

/// The output file. A regular file is written beside its final name and renamed into place
/// only when the run completes, so a failed run never leaves half a file that looks whole.
class Output {
public:
    explicit Output(const std::string& path) : path_(path) {
        if (path == "-") {
            file_ = stdout;
            return;
        }
        struct stat info {};
        const bool exists = lstat(path.c_str(), &info) == 0;
        if (!exists || S_ISREG(info.st_mode)) temp_path_ = path + ".partial";
        file_ = std::fopen((temp_path_.empty() ? path : temp_path_).c_str(), "wb");
        if (!file_) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    }
    ~Output() {
        if (file_ && file_ != stdout) std::fclose(file_);
        if (!committed_ && !temp_path_.empty()) std::remove(temp_path_.c_str());
    }
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    std::FILE* file() const { return file_; }
    const std::string& name() const { return path_; }

    void commit() {
        if (file_ != stdout) {
            const int closed = std::fclose(file_);
            file_ = nullptr;
            if (closed != 0) throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
            if (!temp_path_.empty() && std::rename(temp_path_.c_str(), path_.c_str()) != 0)
                throw std::runtime_error("cannot write " + path_ + ": " + std::strerror(errno));
        }
        committed_ = true;
    }

private:
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

int run_recalc(const std::vector<std::string>& args) {
    const Arguments arguments =
        parse_arguments(args, {"--input", "--output", "--threads", "--rulesets", "--compare"}, {"--changed-only"},
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
    const std::string rulesets_path = arguments.value("--rulesets").value_or(default_rulesets_path());
    const EnginePtr engine = load_engine_with_holidays(rulesets_path, compare_path ? std::vector<AddedHoliday>{} : holidays);
    EnginePtr other;
    if (compare_path) other = load_engine_with_holidays(*compare_path, holidays);

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

    CsvReader reader(input);
    CsvRecord record;
    if (!reader.read(record)) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
    const Layout layout = read_header(record, input_name);

    Output output(arguments.value("--output").value_or("-"));
    CsvWriter writer(output.file(), output.name() == "-" ? "standard output" : output.name());
    ProgressMeter progress(input_size);
    Recalculation recalculation(engine.get(), other.get(), compare_path.value_or(""), threads, changed_only,
                                input_name, writer);
    recalculation.set_progress(&progress);
    recalculation.write_header();
    while (reader.read(record)) {
        recalculation.set_bytes_read(reader.bytes_read());
        recalculation.add(record, layout, progress);
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
    if (compare_path)
        std::cerr << "escalate recalc: " << with_thousands(totals.changed) << " of "
                  << with_thousands(totals.rows - totals.bad) << " due dates change under " << *compare_path << "\n";
    return totals.bad > 0 ? exit_failure : exit_ok;
}

}  // namespace escalate::cli
