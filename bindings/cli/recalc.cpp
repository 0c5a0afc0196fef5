// `escalate recalc`: the due date of every case in a CSV file, streamed in chunks through
// esc_recalculate so that memory stays flat however long the file is.
#include <algorithm>
#include <condition_variable>
#include <csignal>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
#include "output.hpp"
#include "progress.hpp"
#include "worklist.hpp"

namespace escalate::cli {

const char* const recalc_usage =
    "usage: escalate recalc --input CASES.csv [--output DUE.csv] [--threads N]\n"
    "                       [--compare OTHER_RULESETS [--changed-only]] [--add-holiday DATE=NAME ...]\n"
    "                       [--as-of DATE] [--keep] [--columns tier,tier_name,stage_name]\n"
    "\n"
    "The due date of every case in a CSV file, as `decide` would give it for the case's current\n"
    "stage. Built for whole caseloads: the file is read, computed and written in chunks, so\n"
    "memory does not grow with its length.\n"
    "\n"
    "  --input FILE      the cases; - for standard input\n"
    "  --output FILE     where to write the due dates; - (the default) for standard output\n"
    "  --threads N       worker threads; 0 (the default) for one per core. This thread reads the\n"
    "                    input and cuts it at record boundaries; the workers take it 128 KiB at\n"
    "                    a time, parse and compute it and write it out in input order.\n"
    "                    1: everything on this thread.\n"
    "  --compare DIR     also compute each due date under the rulesets in DIR (a calendar with a\n"
    "                    newly announced bank holiday, revised timescales) and say which change\n"
    "  --changed-only    with --compare: write only the rows whose due date changes (and bad rows)\n"
    "  --add-holiday [CALENDAR:]DATE=NAME\n"
    "                    previews an announced one-off bank holiday without editing any file:\n"
    "                    the due dates are computed as if every calendar (or only CALENDAR)\n"
    "                    declared it. With --compare the holiday goes to the compared rulesets,\n"
    "                    so `--compare DIR --changed-only` with DIR the same rulesets lists the\n"
    "                    cases it would move. May be given more than once.\n"
    "  --as-of DATE      adds days_left (calendar days from DATE to the due date, negative when\n"
    "                    overdue, as `escalate worklist` counts them) and overdue (true when DATE\n"
    "                    is after the due date); both empty when there is no due date. DATE is\n"
    "                    YYYY-MM-DD or today.\n"
    "  --keep            writes every input column, unchanged and in its order (quoted where the\n"
    "                    value needs it), in place of case_id,pathway,stage; a bad row keeps its\n"
    "                    columns too (one with too few fields is filled out with empty ones, one\n"
    "                    with too many cut to the header's count)\n"
    "  --columns LIST    adds the stage's tier (its id), tier_name and stage_name, in the order\n"
    "                    given, separated by commas\n"
    "\n"
    "Input: a header row naming the columns case_id, pathway, stage, entered and started, in any\n"
    "order (started may be left out); other columns are allowed and ignored (kept with --keep).\n"
    "Every row has as many fields as the header. Dates are YYYY-MM-DD; started (the outset of the\n"
    "disagreement) may be empty when the stage does not count from it. Fields may be quoted as in\n"
    "RFC 4180.\n"
    "\n"
    "Output: case_id,pathway,stage (with --keep, the input's columns), then due, [due_compare,\n"
    "changed with --compare], [days_left,overdue with --as-of], [the --columns], status, error.\n"
    "due is empty when the source states no timescale; status is ok or what is wrong with the row\n"
    "and error says it in words. The library's reasons (docs/c-api.md): unknown-pathway,\n"
    "unknown-stage, missing-entered, missing-started, start-after-entry, out-of-range,\n"
    "due-out-of-range, no-version; and the file's: bad-date, wrong-column-count, malformed. A bad\n"
    "row's computed columns are empty, but for status and error. Each row is answered by the\n"
    "version of its pathway in force on its outset (started, else entered), as decide answers it.\n"
    "\n"
    "Lines end in LF, CRLF or CR. Every line is accounted for: a quote left open refuses the\n"
    "whole input (naming its lines) rather than swallow the rows after it.\n"
    "\n"
    "A bad row never stops the run: it is written with its error and reported on stderr as\n"
    "FILE:LINE: what is wrong. On a terminal, stderr shows progress. Exit status 0 when no row\n"
    "was bad, 1 when any was or the input could not be read, 2 for a wrong command line.\n";

namespace {

// The calling thread reads the input and cuts it into stretches of whole records (CsvSplitter);
// worker threads take a stretch each, parse it in place, compute its due dates in one call to
// the bulk kernel and format its output, and the chunks are written in input order. The
// computing is about a nanosecond a row against a couple of hundred for the text, so it is the
// text that is shared out, its parsing included. After a record the splitter leaves to CsvReader
// (over 1 MiB, or a quote open at the end) the calling thread reads records as before, 8,192 to
// a chunk. The chunks in flight (two per worker, and one) keep memory flat.
constexpr std::size_t rows_per_chunk = 1 << 13;
// A chunk is also handed over once its rows' text passes this, so rows with very long fields
// cannot take the memory either; a row that held a long field gives that memory back.
constexpr std::size_t max_chunk_text = 4 << 20;
constexpr std::size_t max_kept_record_capacity = 64 << 10;
constexpr std::size_t max_reported_rows = 20;

/// The bytes the calling thread reads at a time and cuts into a chunk: about 2,300 rows of a
/// typical caseload, so that a worker's stretch, its fields' views and its output stay within
/// a core's second-level cache. ESCALATE_TEST_RECALC_STRETCH_BYTES sets it for the tests, which
/// cut the input everywhere with a few bytes.
std::size_t stretch_bytes() {
    if (const char* text = std::getenv("ESCALATE_TEST_RECALC_STRETCH_BYTES")) {
        const long value = std::strtol(text, nullptr, 10);
        if (value > 0) return static_cast<std::size_t>(value);
    }
    return std::size_t{128} << 10;
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

/// Dates read and written through the library (esc_date_from_ymd, esc_date_format), each
/// distinct one once: a caseload has a few thousand distinct dates in millions of rows. Two
/// small direct-mapped tables, one per worker.
class DateCache {
public:
    /// Exactly YYYY-MM-DD naming a real day, or nullopt.
    std::optional<esc_date> parse(std::string_view text) {
        if (text.size() != 10) return std::nullopt;
        // Looked up by the text itself; only text that was parsed below is ever stored.
        std::uint64_t head = 0;
        std::uint16_t tail = 0;
        std::memcpy(&head, text.data(), 8);
        std::memcpy(&tail, text.data() + 8, 2);
        // The bytes that vary (month and day) are the high ones: fold them down before the
        // multiplication spreads them (without the fold, 120 dates of one year share 88 slots).
        const std::uint64_t folded = head ^ (head >> 29) ^ (std::uint64_t{tail} << 3);
        Parsed& slot = parsed_[(folded * 0x9E3779B97F4A7C15ull) >> (64 - table_bits)];
        if (slot.used && slot.head == head && slot.tail == tail) {
            if (slot.date == ESC_NO_DATE) return std::nullopt;
            return slot.date;
        }
        if (text[4] != '-' || text[7] != '-') return std::nullopt;
        int value[3] = {0, 0, 0};
        const std::size_t starts[3] = {0, 5, 8}, lengths[3] = {4, 2, 2};
        for (int part = 0; part < 3; ++part) {
            for (std::size_t i = starts[part]; i < starts[part] + lengths[part]; ++i) {
                if (text[i] < '0' || text[i] > '9') return std::nullopt;
                value[part] = value[part] * 10 + (text[i] - '0');
            }
        }
        slot = {true, head, tail, esc_date_from_ymd(value[0], value[1], value[2])};
        if (slot.date == ESC_NO_DATE) return std::nullopt;
        return slot.date;
    }

    /// Appends YYYY-MM-DD; nothing for ESC_NO_DATE.
    void append(std::string& out, esc_date date) {
        if (date == ESC_NO_DATE) return;
        Formatted& slot = formatted_[static_cast<std::uint32_t>(date) & (table_size - 1)];
        if (slot.date != date) {
            char buffer[ESC_DATE_BUFFER_SIZE];
            slot.date = date;
            slot.length = esc_date_format(date, buffer, sizeof buffer) == ESC_OK
                              ? static_cast<std::uint8_t>(std::strlen(buffer))
                              : 0;
            std::memcpy(slot.text, buffer, slot.length);
        }
        out.append(slot.text, slot.length);
    }

private:
    static constexpr unsigned table_bits = 12;
    static constexpr std::size_t table_size = std::size_t{1} << table_bits;
    struct Parsed {
        bool used = false;
        std::uint64_t head = 0;
        std::uint16_t tail = 0;
        esc_date date = ESC_NO_DATE;
    };
    struct Formatted {
        esc_date date = ESC_NO_DATE;
        std::uint8_t length = 0;
        char text[ESC_DATE_BUFFER_SIZE] = {};
    };
    std::vector<Parsed> parsed_ = std::vector<Parsed>(table_size);
    std::vector<Formatted> formatted_ = std::vector<Formatted>(table_size);
};

using StageColumn = RecalcStageColumn;

std::vector<StageColumn> parse_stage_columns(const std::optional<std::string>& text) {
    std::vector<StageColumn> columns;
    if (!text) return columns;
    std::string_view rest = *text;
    while (true) {
        const std::size_t comma = rest.find(',');
        const std::string_view name = trim(rest.substr(0, comma));
        const StageColumn column = name == "tier"         ? StageColumn::tier
                                   : name == "tier_name"  ? StageColumn::tier_name
                                   : name == "stage_name" ? StageColumn::stage_name
                                   : throw UsageError("--columns takes tier, tier_name and stage_name, separated by "
                                                      "commas; not " + quoted(name));
        if (std::find(columns.begin(), columns.end(), column) != columns.end())
            throw UsageError("--columns names " + std::string(name) + " twice");
        columns.push_back(column);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return columns;
}

const char* stage_column_name(StageColumn column) {
    switch (column) {
        case StageColumn::tier: return "tier";
        case StageColumn::tier_name: return "tier_name";
        case StageColumn::stage_name: return "stage_name";
    }
    return "";
}

/// Where the named columns are in each row.
struct Layout {
    int case_id = -1, pathway = -1, stage = -1, entered = -1, started = -1;
    std::size_t width = 0;
    std::vector<std::string> names;  // the header's fields as written, for --keep
};

Layout read_header(const CsvRecord& header, const std::string& input_name) {
    const std::vector<int> columns =
        find_header_columns(header, input_name, {"case_id", "pathway", "stage", "entered", "started"}, 4,
                            "case_id, pathway, stage, entered and started (started may be left out)");
    Layout layout;
    layout.width = header.field_count();
    for (std::size_t i = 0; i < header.field_count(); ++i) layout.names.emplace_back(header.field(i));
    layout.case_id = columns[0];
    layout.pathway = columns[1];
    layout.stage = columns[2];
    layout.entered = columns[3];
    layout.started = columns[4];
    return layout;
}

/// Whether `text` holds a NUL, a CR or a LF: eight bytes at a time (the bit trick for a zero
/// byte, over the word xor each byte repeated), the rest one by one.
bool holds_nul_or_line_break(std::string_view text) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    std::size_t i = 0;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, text.data() + i, 8);
        if (has_zero(word) | has_zero(word ^ (ones * '\r')) | has_zero(word ^ (ones * '\n'))) return true;
    }
    for (; i < text.size(); ++i) {
        if (text[i] == '\0' || text[i] == '\r' || text[i] == '\n') return true;
    }
    return false;
}

/// What is wrong with the first id or date column that holds a NUL byte or a line break (only
/// other columns may: a note quoted over several lines), or nullopt.
template <class Row>
std::optional<std::string> bad_bytes_in_ids(const Row& record, const Layout& layout) {
    for (const auto& [column, name] : {std::pair{layout.case_id, "case_id"}, {layout.pathway, "pathway"},
                                       {layout.stage, "stage"}, {layout.entered, "entered"}, {layout.started, "started"}}) {
        if (column < 0 || static_cast<std::size_t>(column) >= record.field_count()) continue;
        const std::string_view text = record.field(static_cast<std::size_t>(column));
        if (!holds_nul_or_line_break(text)) continue;
        if (text.find('\0') != std::string_view::npos) return std::string(name) + " holds a NUL byte";
        return std::string(name) + " holds a line break";
    }
    return std::nullopt;
}

/// Hashes std::string keys and looks them up by std::string_view, without a copy.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const noexcept { return std::hash<std::string_view>{}(text); }
};
template <class Value>
using StringMap = std::unordered_map<std::string, Value, StringHash, std::equal_to<>>;

/// Pathway and stage indices of one engine, looked up once per distinct id. Only ids that
/// exist are kept, so the cache is bounded by the rulesets, not by the file. One per worker.
class IdCache {
public:
    /// What --columns shows of a stage; the strings belong to the engine.
    struct StageText {
        const char* tier = "";
        const char* tier_name = "";
        const char* name = "";
    };
    struct Pathway {
        int32_t index = -1;
        std::string id;
        std::string calendar;
        esc_date first_date = ESC_NO_DATE, last_date = ESC_NO_DATE;
        StringMap<int32_t> stages;
        std::vector<std::optional<StageText>> stage_text;  // by stage index, looked up when first asked
    };

    explicit IdCache(const esc_engine* engine) : engine_(engine), pairs_(pair_slots) {}

    /// A pathway and stage pair remember()ed before: one cheap hash and two compares, where
    /// pathway() and stage() hash each id into its map. Sets `found` and `stage`.
    bool recall(std::string_view pathway_id, std::string_view stage_id, Pathway*& found, int32_t& stage) const {
        const Pair& slot = pairs_[pair_slot(pathway_id, stage_id)];
        if (!slot.pathway || slot.pathway->id != pathway_id || slot.stage_id != stage_id) return false;
        found = slot.pathway;
        stage = slot.stage;
        return true;
    }
    /// A pair pathway() and stage() found (so the slots hold only ids the rulesets have).
    void remember(std::string_view stage_id, Pathway& pathway, int32_t stage) {
        Pair& slot = pairs_[pair_slot(pathway.id, stage_id)];
        slot.pathway = &pathway;
        slot.stage_id.assign(stage_id);
        slot.stage = stage;
    }

    Pathway* pathway(std::string_view id) {
        if (const auto found = pathways_.find(id); found != pathways_.end()) return &found->second;
        std::string key(id);
        int32_t index = -1;
        if (esc_engine_pathway_index(engine_, key.c_str(), &index) != ESC_OK) return nullptr;
        Pathway entry;
        entry.index = index;
        entry.id = key;
        esc_pathway_info info{};
        info.size = sizeof info;
        check(esc_pathway_info_get(engine_, index, &info));
        entry.calendar = info.calendar;
        entry.stage_text.resize(static_cast<std::size_t>(std::max(info.stage_count, 0)));
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
        if (const auto found = pathway.stages.find(id); found != pathway.stages.end()) return found->second;
        std::string key(id);
        int32_t index = -1;
        if (esc_pathway_stage_index(engine_, pathway.index, key.c_str(), &index) != ESC_OK) return std::nullopt;
        pathway.stages.emplace(std::move(key), index);
        return index;
    }

    /// A stage of `version`, one of the pathway's versions (the latest is pathway.index).
    const StageText& stage_text(Pathway& pathway, int32_t version, int32_t stage) {
        std::optional<StageText>& text = version == pathway.index
                                             ? pathway.stage_text.at(static_cast<std::size_t>(stage))
                                             : older_stage_text_[{version, stage}];
        if (!text) {
            esc_stage_info info = ESC_STAGE_INFO_INIT;
            check(esc_stage_info_get(engine_, version, stage, &info));
            esc_tier_info tier = ESC_TIER_INFO_INIT;
            check(esc_pathway_tier_get(engine_, version, info.tier, nullptr, &tier));
            text = StageText{info.tier_id ? info.tier_id : "", tier.name ? tier.name : "", info.name ? info.name : ""};
        }
        return *text;
    }

    const esc_engine* engine() const { return engine_; }

private:
    // Stages of versions other than the latest, by (version, stage): bounded by the rulesets.
    std::map<std::pair<int32_t, int32_t>, std::optional<StageText>> older_stage_text_;
    static constexpr std::size_t pair_slots = 1024;
    struct Pair {
        Pathway* pathway = nullptr;  // null: empty
        std::string stage_id;
        int32_t stage = -1;
    };
    /// Its first and last eight bytes (or all of a short id) and its length, mixed.
    static std::uint64_t mix(std::string_view text) {
        std::uint64_t head = 0, tail = 0;
        if (text.size() >= 8) {
            std::memcpy(&head, text.data(), 8);
            std::memcpy(&tail, text.data() + text.size() - 8, 8);
        } else if (!text.empty()) {
            std::memcpy(&head, text.data(), text.size());
        }
        return (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ text.size();
    }
    static std::size_t pair_slot(std::string_view pathway_id, std::string_view stage_id) {
        const std::uint64_t h = (mix(pathway_id) * 31) ^ mix(stage_id);
        return static_cast<std::size_t>((h * 0x9E3779B97F4A7C15ull) >> 54) & (pair_slots - 1);
    }

    const esc_engine* engine_;
    StringMap<Pathway> pathways_;
    std::vector<Pair> pairs_;
};

constexpr uint32_t no_message = UINT32_MAX;

struct Row {
    std::uint32_t message = no_message;
    const char* code = nullptr;  // the status column when the row is bad
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

struct Totals {
    std::uint64_t rows = 0, bad = 0, changed = 0;
    std::uint64_t written = 0;      // rows out (--changed-only leaves some out)
    std::uint64_t row_lines = 0;    // physical lines the rows took
    std::uint64_t blank_lines = 0;  // blank lines between them (stretches parsed by workers)
    std::map<std::string, std::uint64_t> bad_by_reason;  // status code -> rows

    void add(const Totals& other) {
        rows += other.rows;
        bad += other.bad;
        changed += other.changed;
        written += other.written;
        row_lines += other.row_lines;
        blank_lines += other.blank_lines;
        for (const auto& [code, count] : other.bad_by_reason) bad_by_reason[code] += count;
    }
};

/// Rows on their way through: a stretch of whole records cut by the calling thread (`raw`), or
/// records it read with CsvReader (the careful path: after a record CsvSplitter leaves to it),
/// turned into `out` (their output rows) by a worker, written in input order.
struct Chunk {
    bool raw = false;
    std::string bytes;             // raw: the stretch, parsed in place by the worker
    std::uint64_t first_line = 0;  // raw: the physical line it starts on
    std::vector<CsvRecord> records;  // else the first `count` hold this chunk's rows; kept for reuse
    std::size_t count = 0;
    std::size_t text_bytes = 0;
    std::uint64_t bytes_read = 0;  // of the input, when the chunk was handed over (progress)

    std::string out;
    Totals totals;
    std::vector<std::pair<std::uint64_t, std::string>> reports;  // line and message of the first bad rows
    std::exception_ptr error;
    bool done = false;  // guarded by the pipeline's mutex

    /// The record to read the next row into.
    CsvRecord& next_record() {
        if (records.size() == count) records.emplace_back();
        return records[count];
    }
    void added() {
        const CsvRecord& record = records[count++];
        text_bytes += record.text.size() + record.spans.size() * sizeof record.spans[0];
    }
    bool full() const { return count == rows_per_chunk || text_bytes > max_chunk_text; }

    void reset() {
        // A record that held a long field gives its memory back.
        for (std::size_t i = 0; i < count; ++i) {
            if (records[i].text.capacity() + records[i].spans.capacity() * sizeof records[i].spans[0] >
                max_kept_record_capacity)
                records[i] = CsvRecord();
        }
        count = text_bytes = 0;
        bytes_read = 0;
        raw = false;
        if (bytes.capacity() > 2 * max_chunk_text) std::string().swap(bytes);
        out.clear();
        if (out.capacity() > 2 * max_chunk_text) out.shrink_to_fit();
        totals = Totals();
        reports.clear();
        error = nullptr;
        done = false;
    }
};

/// What every worker shares: read-only.
struct RecalcSetup {
    const esc_engine* engine = nullptr;
    const esc_engine* other = nullptr;  // --compare
    std::string other_name;
    std::string input_name;
    Layout layout;
    RecalcOptions options;  // engine, other and other_name are the fields above
    bool report = true;     // keep the first bad rows' messages for stderr
};

/// A row as a worker sees it: its fields are views into the chunk (its stretch, or its records).
struct RowView {
    std::uint64_t line = 0, last_line = 0;
    std::uint32_t first_field = 0, fields = 0;
    std::string_view problem;  // a careful-path record's (over 1 MiB)
    std::uint64_t lines() const { return last_line - line + 1; }
};

/// Turns a chunk's records into output rows. Each worker thread has its own (its caches are
/// not shared); the output does not depend on which worker took a chunk.
class RowWorker {
public:
    explicit RowWorker(const RecalcSetup& setup) : setup_(setup), ids_(setup.engine) {
        if (setup.other) other_ids_.emplace(setup.other);
    }

    void process(Chunk& chunk) {
        split(chunk);
        rows_.clear();
        messages_.clear();
        entered_.clear();
        started_.clear();
        main_.clear();
        other_.clear();
        for (const RowView& view : views_) read_row(Record{view, fields_.data()});
        compute(ids_.engine(), main_);
        if (other_ids_) compute(other_ids_->engine(), other_);
        write_rows(chunk);
    }

    /// The output's header row.
    static std::string header(const RecalcSetup& setup) {
        std::string out;
        if (setup.options.keep) {
            for (std::size_t i = 0; i < setup.layout.names.size(); ++i) {
                if (i > 0) out += ',';
                append_csv_field(out, setup.layout.names[i]);
            }
        } else {
            out += "case_id,pathway,stage";
        }
        for (const std::string& name : added_columns(setup)) out += "," + name;
        out += '\n';
        return out;
    }

    /// The columns the command computes, after the input's (or case_id, pathway, stage).
    static std::vector<std::string> added_columns(const RecalcSetup& setup) {
        std::vector<std::string> names{"due"};
        if (setup.other) names.insert(names.end(), {"due_compare", "changed"});
        if (setup.options.as_of != ESC_NO_DATE) names.insert(names.end(), {"days_left", "overdue"});
        for (const StageColumn column : setup.options.stage_columns) names.emplace_back(stage_column_name(column));
        names.insert(names.end(), {"status", "error"});
        return names;
    }

private:
    /// A row and its fields, read as a CsvRecord is.
    struct Record {
        const RowView& view;
        const std::string_view* all_fields;
        std::uint64_t line() const { return view.line; }
        std::uint64_t last_line() const { return view.last_line; }
        std::uint64_t lines() const { return view.lines(); }
        std::size_t field_count() const { return view.fields; }
        std::string_view field(std::size_t i) const { return all_fields[view.first_field + i]; }
    };

    /// The chunk's rows as views: a raw stretch parsed in place (parse_csv_record, the grammar
    /// CsvReader reads by), or the careful path's records.
    void split(Chunk& chunk) {
        views_.clear();
        fields_.clear();
        if (chunk.raw) {
            char* at = chunk.bytes.data();
            char* const end = at + chunk.bytes.size();
            std::uint64_t line = chunk.first_line;
            while (at < end) {
                RowView view;
                view.line = line;
                view.first_field = static_cast<std::uint32_t>(fields_.size());
                bool without_break = false;
                const CsvParse parsed = parse_csv_record(at, end, true, line, view.last_line, without_break, &fields_);
                if (parsed == CsvParse::blank) {
                    ++chunk.totals.blank_lines;
                } else if (parsed == CsvParse::record) {
                    view.fields = static_cast<std::uint32_t>(fields_.size()) - view.first_field;
                    views_.push_back(view);
                } else {
                    throw std::logic_error("a stretch of the input was cut inside a record");
                }
            }
            return;
        }
        for (std::size_t i = 0; i < chunk.count; ++i) {
            const CsvRecord& record = chunk.records[i];
            RowView view;
            view.line = record.line;
            view.last_line = record.last_line;
            view.first_field = static_cast<std::uint32_t>(fields_.size());
            view.fields = static_cast<std::uint32_t>(record.field_count());
            view.problem = record.problem;
            for (std::size_t f = 0; f < record.field_count(); ++f) fields_.push_back(record.field(f));
            views_.push_back(view);
        }
    }

    /// A field of a row; empty when the row has no such field or is malformed (cut off at
    /// 1 MiB, its fields not trusted).
    static std::string_view field(const Record& record, int column) {
        return record.view.problem.empty() && column >= 0 && static_cast<std::size_t>(column) < record.field_count()
                   ? record.field(static_cast<std::size_t>(column))
                   : std::string_view();
    }

    void fail(Row& row, const char* code, std::string message) {
        row.code = code;
        row.message = static_cast<uint32_t>(messages_.size());
        messages_.push_back(std::move(message));
    }

    void read_row(const Record& record) {
        const Layout& layout = setup_.layout;
        Row& row = rows_.emplace_back();
        int32_t pathway = -1, stage = -1, other_pathway = -1, other_stage = -1;
        esc_date entered = ESC_NO_DATE, started = ESC_NO_DATE;
        // A quoted field holding line breaks makes one row of several lines: said whenever such
        // a row is bad, since a stray quote closed by another makes one too.
        const auto span = [&] {
            return record.lines() > 1 ? " (the row spans lines " + std::to_string(record.line()) + " to " +
                                            std::to_string(record.last_line()) + ": a quoted field holds line breaks)"
                                      : std::string();
        };
        if (!record.view.problem.empty()) {
            fail(row, "malformed", std::string(record.view.problem));
        } else if (record.field_count() != layout.width) {
            fail(row, "wrong-column-count",
                 std::to_string(record.field_count()) + (record.field_count() == 1 ? " field" : " fields") +
                     ", but the header has " + std::to_string(layout.width) + span());
        } else if (const auto problem = bad_bytes_in_ids(record, layout)) {
            // The library takes ids as C strings: an id cut at a NUL would be another id.
            fail(row, "malformed", *problem + span());
        } else {
            const std::string_view pathway_id = trim(field(record, layout.pathway));
            const std::string_view stage_id = trim(field(record, layout.stage));
            const std::string_view entered_text = trim(field(record, layout.entered));
            const std::string_view started_text = trim(field(record, layout.started));
            // `compared`: the --compare rulesets, named in the messages (built only for a bad row).
            const auto look_up = [&](IdCache& ids, IdCache::Pathway*& found, int32_t& p, int32_t& s, bool compared) {
                const auto where = [&] { return compared ? " in " + setup_.other_name : std::string(); };
                if (ids.recall(pathway_id, stage_id, found, s)) {
                    p = found->index;
                    return;
                }
                if (pathway_id.empty()) return fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY), "no pathway given");
                found = ids.pathway(pathway_id);
                if (!found) return fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY), "unknown pathway " + quoted(pathway_id) + where());
                p = found->index;
                if (stage_id.empty()) return fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE), "no stage given");
                const auto index = ids.stage(*found, stage_id);
                if (!index)
                    return fail(row, esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE),
                                "pathway " + quoted(pathway_id) + " has no stage " + quoted(stage_id) + where());
                s = *index;
                ids.remember(stage_id, *found, s);
            };
            look_up(ids_, row.pathway, pathway, stage, false);
            if (!row.code && other_ids_) look_up(*other_ids_, row.other_pathway, other_pathway, other_stage, true);
            if (!row.code) {
                if (entered_text.empty()) {
                    fail(row, esc_row_reason_name(ESC_ROW_MISSING_ENTERED), "entered is empty");
                } else if (const auto date = dates_.parse(entered_text)) {
                    entered = *date;
                } else {
                    fail(row, "bad-date", "entered " + quoted(entered_text) + " is not a real date in the form YYYY-MM-DD");
                }
            }
            if (!row.code && !started_text.empty()) {
                if (const auto date = dates_.parse(started_text))
                    started = *date;
                else
                    fail(row, "bad-date", "started " + quoted(started_text) + " is not a real date in the form YYYY-MM-DD");
            }
        }
        // A row found bad here goes to the library with pathway -1: it fails there too, and
        // its result is ignored. Keeping it in place keeps row i of every array row i.
        if (row.code) pathway = other_pathway = -1;
        main_.pathways.push_back(pathway);
        main_.stages.push_back(stage);
        if (other_ids_) {
            other_.pathways.push_back(other_pathway);
            other_.stages.push_back(other_stage);
        }
        entered_.push_back(entered);
        started_.push_back(started);
    }

    void compute(const esc_engine* engine, Columns& columns) {
        const std::size_t count = rows_.size();
        columns.due.resize(count);
        columns.reasons.resize(count);
        // Ids were looked up as their latest versions: each case is answered by the version in
        // force on its outset (started, else entered), as `decide` answers it.
        check(esc_select_versions(engine, count, columns.pathways.data(), columns.stages.data(), entered_.data(),
                                  started_.data(), nullptr));
        // One thread: the workers are the parallelism.
        check(esc_recalculate_reasons(engine, count, columns.pathways.data(), columns.stages.data(), entered_.data(),
                                      started_.data(), columns.due.data(), columns.reasons.data(), 1, nullptr));
    }

    void write_rows(Chunk& chunk) {
        const Layout& layout = setup_.layout;
        const RecalcOptions& options = setup_.options;
        std::string& out = chunk.out;
        // Every row's own text and the added columns, once, rather than growing as it goes.
        out.reserve(chunk.bytes.size() + rows_.size() * 48);
        Totals& totals = chunk.totals;
        for (std::size_t i = 0; i < rows_.size(); ++i) {
            Row& row = rows_[i];
            const Record record{views_[i], fields_.data()};
            totals.row_lines += record.lines();
            if (!row.code && main_.reasons[i] != ESC_ROW_OK)
                describe_failure(row, i, main_.reasons[i], ids_, *row.pathway, main_, trim(field(record, layout.stage)), "");
            if (!row.code && other_ids_ && other_.reasons[i] != ESC_ROW_OK)
                describe_failure(row, i, other_.reasons[i], *other_ids_, *row.other_pathway, other_,
                                 trim(field(record, layout.stage)), " in " + setup_.other_name);
            const bool changed = other_ids_ && !row.code && main_.due[i] != other_.due[i];
            ++totals.rows;
            if (row.code) {
                ++totals.bad;
                ++totals.bad_by_reason[row.code];
                if (setup_.report && chunk.reports.size() < max_reported_rows)
                    chunk.reports.emplace_back(record.line(), messages_[row.message]);
            }
            if (changed) ++totals.changed;
            if (options.changed_only && !changed && !row.code) continue;
            ++totals.written;
            if (options.keep) {
                // Every input column as it was (quoted where it needs it); a row with too few
                // fields is filled out with empty ones, one with too many cut to the header's.
                for (std::size_t column = 0; column < layout.width; ++column) {
                    if (column > 0) out += ',';
                    append_csv_field(out, field(record, static_cast<int>(column)));
                }
            } else {
                append_csv_field(out, field(record, layout.case_id));
                out += ',';
                append_csv_field(out, trim(field(record, layout.pathway)));
                out += ',';
                append_csv_field(out, trim(field(record, layout.stage)));
            }
            const esc_date due = row.code ? ESC_NO_DATE : main_.due[i];
            out += ',';
            dates_.append(out, due);
            if (other_ids_) {
                out += ',';
                dates_.append(out, row.code ? ESC_NO_DATE : other_.due[i]);
                out += row.code ? "," : changed ? ",true" : ",false";
            }
            if (options.as_of != ESC_NO_DATE) {
                // The worklist's rule (days_left), so both commands count alike; both empty with
                // no due date. Overdue: the as-of date is after the due date.
                if (due != ESC_NO_DATE) {
                    const std::int64_t left = days_left(due, options.as_of);
                    out += ',';
                    out += std::to_string(left);
                    out += left < 0 ? ",true" : ",false";
                } else {
                    out += ",,";
                }
            }
            if (!options.stage_columns.empty()) {
                const IdCache::StageText* text = row.code ? nullptr : &ids_.stage_text(*row.pathway, main_.pathways[i], main_.stages[i]);
                for (const StageColumn column : options.stage_columns) {
                    out += ',';
                    if (!text) continue;
                    append_csv_field(out, column == StageColumn::tier        ? text->tier
                                          : column == StageColumn::tier_name ? text->tier_name
                                                                             : text->name);
                }
            }
            if (!row.code) {
                out.append(",ok,\n", 5);
                continue;
            }
            out += ',';
            out += row.code;
            out += ',';
            append_csv_field(out, messages_[row.message]);
            out += '\n';
        }
    }

    /// The status column is the library's reason, as it names it; the error column says it in
    /// words with the row's own values.
    void describe_failure(Row& row, std::size_t i, esc_row_reason reason, IdCache& ids, const IdCache::Pathway& pathway,
                          const Columns& columns, std::string_view stage_in_file, const std::string& where) {
        const esc_date entered = entered_[i], started = started_[i];
        const int32_t version = columns.pathways[i];  // the version esc_select_versions chose
        const char* stage_id = "?";
        esc_pathway_stage_id(ids.engine(), version >= 0 ? version : pathway.index, columns.stages[i], &stage_id);
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
            case ESC_ROW_NO_VERSION: {
                // The one-case rule's own words: which version is the earliest, and from when.
                int32_t none = -1;
                const esc_status status =
                    esc_engine_pathway_for_case(ids.engine(), pathway.id.c_str(), nullptr, entered, started, &none);
                words = last_error_message(status) + where;
                break;
            }
            case ESC_ROW_UNKNOWN_STAGE: {
                // The stage is in the latest version but not in the one in force on the outset.
                esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
                const bool named = version >= 0 && esc_pathway_info_get(ids.engine(), version, &info) == ESC_OK;
                // Its dates come from the library, which alone knows the rule for a case's outset.
                std::string in_force;
                if (named && info.in_force_from != ESC_NO_DATE) {
                    in_force = " (in force from " + iso(info.in_force_from) +
                               (info.in_force_until != ESC_NO_DATE ? " to " + iso(info.in_force_until) : std::string()) + ")";
                }
                words = "stage " + quoted(stage_in_file) + " is not in version " + quoted(named ? info.version : "?") +
                        " of " + quoted(pathway.id) + ", the version that governs the case's outset" + in_force + where;
                break;
            }
            default:
                words = std::string("the library rejected the row") + where;
                break;
        }
        fail(row, esc_row_reason_name(reason), std::move(words));
    }

    const RecalcSetup& setup_;
    IdCache ids_;
    std::optional<IdCache> other_ids_;
    DateCache dates_;
    std::vector<RowView> views_;
    std::vector<std::string_view> fields_;
    std::vector<Row> rows_;
    std::vector<std::string> messages_;
    std::vector<esc_date> entered_, started_;
    Columns main_, other_;
};

/// Chunks handed to worker threads and written in input order: the worker that finishes the
/// oldest chunk in flight writes it (and any finished after it), so the calling thread only
/// reads. With no workers, each chunk is processed and written where it is handed over: the
/// same code on one thread.
class ChunkPipeline {
public:
    using Write = std::function<void(Chunk&)>;

    ChunkPipeline(const RecalcSetup& setup, std::size_t workers, Write write) : setup_(setup), write_(std::move(write)) {
        const std::size_t slots = workers == 0 ? 1 : 2 * workers + 1;
        for (std::size_t i = 0; i < slots; ++i) free_.push_back(std::make_unique<Chunk>());
        if (workers == 0) inline_worker_ = std::make_unique<RowWorker>(setup);
        for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { work(); });
    }
    ~ChunkPipeline() {
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        work_ready_.notify_all();
        for (std::thread& thread : threads_) thread.join();
    }
    ChunkPipeline(const ChunkPipeline&) = delete;
    ChunkPipeline& operator=(const ChunkPipeline&) = delete;

    /// The chunk being filled; waits for one to be free when every chunk is in flight.
    Chunk& filling() {
        if (!filling_) {
            std::unique_lock<std::mutex> lock(mutex_);
            space_.wait(lock, [&] { return !free_.empty() || error_; });
            if (error_) std::rethrow_exception(error_);
            filling_ = std::move(free_.back());
            free_.pop_back();
            lock.unlock();
            filling_->reset();
        }
        return *filling_;
    }

    /// Hands the chunk being filled over (if it holds any rows).
    void hand_over(std::uint64_t bytes_read) {
        if (!filling_ || (filling_->count == 0 && !filling_->raw)) return;
        filling_->bytes_read = bytes_read;
        if (inline_worker_) {
            inline_worker_->process(*filling_);
            write_(*filling_);
            free_.push_back(std::move(filling_));
            return;
        }
        Chunk* chunk = filling_.get();
        {
            const std::lock_guard<std::mutex> lock(mutex_);
            in_flight_.push_back(std::move(filling_));
            work_.push_back(chunk);
        }
        work_ready_.notify_one();
    }

    /// Hands over what is being filled and waits until every chunk is written.
    void finish(std::uint64_t bytes_read) {
        hand_over(bytes_read);
        std::unique_lock<std::mutex> lock(mutex_);
        space_.wait(lock, [&] { return (in_flight_.empty() && !writing_) || error_; });
        if (error_) std::rethrow_exception(error_);
    }

private:
    void work() {
        std::optional<RowWorker> worker;
        std::unique_lock<std::mutex> lock(mutex_);
        while (true) {
            work_ready_.wait(lock, [&] { return stopping_ || !work_.empty(); });
            if (stopping_) return;
            Chunk* chunk = work_.front();
            work_.pop_front();
            lock.unlock();
            try {
                if (!worker) worker.emplace(setup_);
                worker->process(*chunk);
            } catch (...) {
                chunk->error = std::current_exception();
            }
            lock.lock();
            chunk->done = true;
            write_finished(lock);
        }
    }

    /// Writes the oldest chunks while they are finished, unless another worker is at it.
    void write_finished(std::unique_lock<std::mutex>& lock) {
        while (!writing_ && !stopping_ && !in_flight_.empty() && in_flight_.front()->done) {
            std::unique_ptr<Chunk> chunk = std::move(in_flight_.front());
            in_flight_.pop_front();
            writing_ = true;
            lock.unlock();
            std::exception_ptr error = chunk->error;
            if (!error) {
                try {
                    write_(*chunk);
                } catch (...) {
                    error = std::current_exception();
                }
            }
            lock.lock();
            writing_ = false;
            free_.push_back(std::move(chunk));
            if (error) {
                // The calling thread rethrows it; the other chunks are abandoned.
                error_ = error;
                stopping_ = true;
                work_ready_.notify_all();
            }
            space_.notify_all();
        }
    }

    const RecalcSetup& setup_;
    Write write_;
    std::unique_ptr<RowWorker> inline_worker_;
    std::unique_ptr<Chunk> filling_;  // the calling thread's only
    std::mutex mutex_;
    std::condition_variable work_ready_, space_;
    std::vector<std::unique_ptr<Chunk>> free_;
    std::deque<std::unique_ptr<Chunk>> in_flight_;  // handed over, in input order
    std::deque<Chunk*> work_;                       // handed over, not yet taken by a worker
    std::exception_ptr error_;
    bool stopping_ = false, writing_ = false;
    std::vector<std::thread> threads_;
};

/// The rows of one run: read by the caller, processed by the pipeline, written in order with
/// the totals, the first bad rows reported on stderr, and progress.
class Recalculation {
public:
    Recalculation(const RecalcSetup& setup, std::size_t workers, CsvWriter& writer, ProgressMeter* progress)
        : setup_(setup), writer_(writer), progress_(progress),
          pipeline_(setup_, workers, [this](Chunk& chunk) { write(chunk); }) {}

    void write_header() { writer_.buffer() += RowWorker::header(setup_); }

    /// Reads every row after the header (`header` read it from `input`), handing the rows over a
    /// chunk at a time: stretches cut by a CsvSplitter, and from a record it cannot cut on, the
    /// rest read by CsvReader. Throws UnclosedQuoteError (the rows read before the quote are
    /// then handed over by finish()).
    void read_all(const CsvReader& header, std::FILE* input) {
        blank_lines_ = header.blank_lines();
        CsvSplitter splitter(input, header, stretch_bytes());
        while (true) {
            Chunk& chunk = pipeline_.filling();
            chunk.raw = true;
            const CsvSplitter::Next next = splitter.next(chunk.bytes, chunk.first_line);
            if (next == CsvSplitter::Next::stretch) {
                pipeline_.hand_over(splitter.bytes_read());
                continue;
            }
            chunk.raw = false;
            if (next == CsvSplitter::Next::end) {
                lines_read_ = splitter.lines_read();
                bytes_read_ = splitter.bytes_read();
                return;
            }
            break;
        }
        Chunk& first = pipeline_.filling();
        CsvReader reader(input, first.bytes, splitter.careful_line(), splitter.bytes_read());
        while (true) {
            Chunk& chunk = pipeline_.filling();
            chunk.raw = false;
            if (!reader.read(chunk.next_record())) break;
            chunk.added();
            if (chunk.full()) pipeline_.hand_over(reader.bytes_read());
        }
        lines_read_ = reader.lines_read();
        blank_lines_ += reader.blank_lines();
        bytes_read_ = reader.bytes_read();
    }

    /// Physical lines of the input, the header's included; blank lines among them.
    std::uint64_t lines_read() const { return lines_read_; }
    std::uint64_t blank_lines() const { return blank_lines_ + totals_.blank_lines; }

    /// Hands over the rows read and not yet handed over, and writes every row.
    void finish() { pipeline_.finish(bytes_read_); }

    const Totals& totals() const { return totals_; }

private:
    void write(Chunk& chunk) {
        // The first bad rows of the run are reported, in input order.
        for (std::size_t k = 0; k < chunk.reports.size() && totals_.bad + k < max_reported_rows; ++k) {
            if (progress_) progress_->finish();
            std::cerr << setup_.input_name << ":" << chunk.reports[k].first << ": " << chunk.reports[k].second << "\n";
        }
        totals_.add(chunk.totals);
        writer_.write(chunk.out);
        if (progress_) progress_->update(totals_.rows, chunk.bytes_read);
    }

    const RecalcSetup& setup_;
    CsvWriter& writer_;
    ProgressMeter* progress_;
    Totals totals_;
    std::uint64_t bytes_read_ = 0, lines_read_ = 0, blank_lines_ = 0;
    ChunkPipeline pipeline_;  // last: its workers stop before the rest goes
};

}  // namespace

CsvRecalcTotals recalculate_csv(const esc_engine* engine, std::FILE* input, const std::string& input_name,
                                std::FILE* output, int /*threads*/) {
    CsvReader reader(input, std::min<std::size_t>(stretch_bytes(), 1 << 20));
    CsvRecord record;
    if (!reader.read(record)) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
    RecalcSetup setup;
    setup.engine = engine;
    setup.input_name = input_name;
    setup.layout = read_header(record, input_name);
    setup.report = false;  // the output's status and error columns carry every bad row
    CsvWriter writer(output, "the response");
    // One thread: the server runs requests side by side already.
    Recalculation recalculation(setup, 0, writer, nullptr);
    recalculation.write_header();
    recalculation.read_all(reader, input);
    recalculation.finish();
    writer.flush();
    return CsvRecalcTotals{recalculation.totals().rows, recalculation.totals().bad};
}

int run_recalc(const std::vector<std::string>& args) {
    const Arguments arguments =
        parse_arguments(args, {"--input", "--output", "--threads", "--compare", "--as-of", "--columns"},
                        {"--changed-only", "--keep"}, {"--add-holiday"});
    if (!arguments.positional.empty()) throw UsageError("unexpected argument " + arguments.positional[0]);
    const auto input_path = arguments.value("--input");
    if (!input_path) throw UsageError("--input FILE is required (- for standard input)");
    const auto compare_path = arguments.value("--compare");
    RecalcOptions options;
    options.threads = parse_threads(arguments.value("--threads"));
    options.changed_only = arguments.flags.count("--changed-only") > 0;
    if (options.changed_only && !compare_path) throw UsageError("--changed-only needs --compare OTHER_RULESETS");
    if (const auto as_of = arguments.value("--as-of")) options.as_of = parse_date_option(*as_of, "--as-of");
    options.keep = arguments.flags.count("--keep") > 0;
    options.stage_columns = parse_stage_columns(arguments.value("--columns"));

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

    const InputFile opened(*input_path);
    std::FILE* const input = opened.file();
    const std::string& input_name = opened.name();
    const std::uint64_t input_size = opened.size();

    options.engine = engine.get();
    options.other = other.get();
    options.other_name = compare_path.value_or("");
    return recalculate_csv_to(options, input, input_name, input_size, arguments.value("--output").value_or("-"),
                              started_at);
}

int recalculate_csv_to(const RecalcOptions& options, std::FILE* input, const std::string& input_name,
                       std::uint64_t input_size, const std::string& output_path,
                       std::chrono::steady_clock::time_point started_at) {
    const int threads = options.threads;
    // Small only when a test makes the stretches small (the splitter starts where this stops).
    CsvReader reader(input, std::min<std::size_t>(stretch_bytes(), 1 << 20));
    CsvRecord record;
    bool has_header = false;
    try {
        has_header = reader.read(record);
    } catch (const UnclosedQuoteError& error) {
        throw std::runtime_error(input_name + ":" + std::to_string(error.first_line) + ": " + error.what());
    }
    if (!has_header) throw std::runtime_error(input_name + ": the input is empty; it needs a header row");
    RecalcSetup setup;
    setup.engine = options.engine;
    setup.other = options.other;
    setup.other_name = options.other_name;
    setup.input_name = input_name;
    setup.layout = read_header(record, input_name);
    setup.options = options;
    const std::uint64_t header_record_lines = record.lines();
    if (options.keep) {
        // A kept column with the name of one the command adds would make two columns of one name.
        const std::vector<std::string> added_names = RowWorker::added_columns(setup);
        for (const std::string& name : setup.layout.names) {
            if (std::find(added_names.begin(), added_names.end(), lower_case(trim(name))) != added_names.end())
                throw std::runtime_error(input_name + ":" + std::to_string(record.line) + ": with --keep the input may not have a column named " +
                                         lower_case(trim(name)) + ", which the output adds; rename it or leave out --keep");
        }
    }

    Output output(output_path);
    CsvWriter writer(output.file(), output.name() == "-" ? "standard output" : output.name());
    ProgressMeter progress(input_size);
    // --threads 1: everything on this thread; else that many workers (one per core for 0),
    // this thread reading and writing beside them.
    const std::size_t workers = threads == 1 ? 0
                                : threads > 1 ? static_cast<std::size_t>(threads)
                                              : std::thread::hardware_concurrency() > 1 ? std::thread::hardware_concurrency() : 0;
    Recalculation recalculation(setup, workers, writer, &progress);
    recalculation.write_header();
    std::string refusal;
    try {
        recalculation.read_all(reader, input);
    } catch (const UnclosedQuoteError& error) {
        refusal = input_name + ":" + std::to_string(error.first_line) + ": " + error.what();
    }
    if (!refusal.empty()) {
        // Never a normal partial run: a file is not written at all (its temporary is removed);
        // standard output, already streaming, gets the rows before the quote and the summary
        // says it is incomplete. Either way the rows before it are finished, so the bad ones
        // among them are reported whatever the chunks in flight were.
        recalculation.finish();
        if (output.is_stdout()) writer.flush();
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
    recalculation.finish();
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
    const std::uint64_t header_lines = header_record_lines, lines = recalculation.lines_read();
    const std::uint64_t accounted = header_lines + totals.row_lines + recalculation.blank_lines();
    std::string reasons;
    for (const auto& [code, count] : totals.bad_by_reason)
        reasons += (reasons.empty() ? " (" : ", ") + code + " " + with_thousands(count);
    if (!reasons.empty()) reasons += ")";
    std::cerr << "escalate recalc: rows in " << with_thousands(totals.rows) << ", rows out "
              << with_thousands(totals.written) << ", rows failed " << with_thousands(totals.bad) << reasons << "; "
              << with_thousands(lines) << (lines == 1 ? " line: " : " lines: ") << header_lines << " header, "
              << with_thousands(totals.row_lines) << " in rows, " << with_thousands(recalculation.blank_lines()) << " blank";
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
