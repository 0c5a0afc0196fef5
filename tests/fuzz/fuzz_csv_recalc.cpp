// libFuzzer target (issue 12): the CSV reader of `escalate recalc` and the whole recalc row
// path. The input is a CSV file.
//
// Checks besides "no crash, no sanitizer report":
//  - the reader: every physical line (LF, CRLF or a lone CR) is the header, part of a record,
//    or blank, or the input is refused for a quote left open, naming lines that exist; records
//    start where the previous one ended; fields lie inside the record's text; no record holds
//    more than the reader's bound;
//  - the row path (`escalate recalc` itself after its arguments, on a small ruleset loaded once
//    per process, the input read from memory): it ends with exit 0 or 1,
//    never an unaccounted line; when it completes, the output has one row per input row, each
//    with a status; when it refuses the input, no output file is left, nor any temporary.
#include <unistd.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "csv.hpp"
#include "cli.hpp"

namespace {

namespace fs = std::filesystem;
using escalate::cli::CsvReader;
using escalate::cli::CsvRecord;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_csv_recalc: %s\n", what);
    std::abort();
}

std::uint64_t physical_lines(const std::uint8_t* data, std::size_t size) {
    std::uint64_t lines = 0;
    std::size_t i = 0;
    if (size >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) i = 3;
    const std::size_t start = i;
    for (; i < size; ++i) {
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'))) ++lines;
    }
    if (size > start && data[size - 1] != '\n' && data[size - 1] != '\r') ++lines;  // a last line without an end
    return lines;
}

void check_reader(const std::uint8_t* data, std::size_t size) {
    std::FILE* file = fmemopen(const_cast<std::uint8_t*>(data), size, "rb");
    if (!file) return;  // fmemopen refuses size 0 on some libcs
    CsvReader reader(file);
    CsvRecord record;
    std::uint64_t record_lines = 0, next_line = 1;
    try {
        while (reader.read(record)) {
            if (record.line < next_line || record.last_line < record.line) fail("records out of order");
            next_line = record.last_line + 1;
            record_lines += record.lines();
            if (record.text.size() > CsvReader::max_record_bytes) fail("a record over the bound");
            for (std::size_t i = 0; i < record.field_count(); ++i) {
                if (std::size_t{record.spans[i].first} + record.spans[i].second > record.text.size())
                    fail("a field outside its record");
            }
        }
        if (record_lines + reader.blank_lines() != reader.lines_read()) fail("lines not accounted for");
        if (reader.lines_read() != physical_lines(data, size)) fail("the reader's line count is not the file's");
    } catch (const escalate::cli::UnclosedQuoteError& error) {
        if (error.first_line > error.last_line || error.last_line > physical_lines(data, size) + 1)
            fail("an open quote reported on lines that do not exist");
    }
    std::fclose(file);
}

// Loaded once per process (the small rulesets of csv_rulesets/): loading per input cost more
// than everything else the target does. Never freed: esc_engine_free from a static destructor
// clears the calling thread's last-error string, which C++ destroys before any static
// (a use-after-free ASan reports at exit; see docs/reliability.md, "Fuzz campaign"). Still
// reachable through this pointer, so the leak checker does not count it.
const esc_engine* engine() {
    static const esc_engine* const loaded = [] {
        esc_engine* out = nullptr;
        if (esc_engine_load(ESCALATE_FUZZ_CSV_RULESETS, &out) != ESC_OK) fail("cannot load csv_rulesets");
        return out;
    }();
    return loaded;
}

// The process's scratch directory, on tmpfs where there is one (the command syncs its output
// before renaming it into place), removed at exit (a plain array: it outlives every destructor
// the exit handlers run after).
char work_path[64];

std::string work_dir() {
    if (work_path[0] == '\0') {
        std::strcpy(work_path, access("/dev/shm", W_OK) == 0 ? "/dev/shm/fuzz-csv-recalc-XXXXXX" : "/tmp/fuzz-csv-recalc-XXXXXX");
        if (!mkdtemp(work_path)) fail("mkdtemp");
        std::atexit([] {
            std::error_code ignored;
            fs::remove_all(work_path, ignored);
        });
    }
    return work_path;
}

// `escalate recalc` after its arguments (recalculate_csv_to, the function run_recalc ends in):
// the input read from memory, the output a real file (so the temporary-and-rename path is the
// one under test), the report captured. Inputs of odd length also compare against the same
// engine (--compare), where no due date may change.
bool check_recalc(const std::uint8_t* data, std::size_t size) {
    const std::string dir = work_dir();
    const std::string output = dir + "/out.csv";
    std::remove(output.c_str());
    // fmemopen refuses an empty buffer on some libcs: an empty file reads the same.
    std::FILE* input = size > 0 ? fmemopen(const_cast<std::uint8_t*>(data), size, "rb") : std::fopen("/dev/null", "rb");
    if (!input) fail("cannot open the input");
    escalate::cli::RecalcOptions options;
    options.engine = engine();
    options.threads = 1;
    const bool compare = size % 2 == 1;
    if (compare) {
        options.other = engine();
        options.other_name = "the same rulesets";
    }
    // The input cut into stretches of 1 to 37 bytes (recalc's test setting), so that the
    // worker threads' record boundaries fall everywhere in it.
    setenv("ESCALATE_TEST_RECALC_STRETCH_BYTES", std::to_string(1 + size / 2 % 37).c_str(), 1);
    // The command reports on std::cerr: captured in memory for the summary.
    std::ostringstream report;
    std::streambuf* const saved = std::cerr.rdbuf(report.rdbuf());
    int code = 0;
    try {
        code = escalate::cli::recalculate_csv_to(options, input, "in.csv", size, output, std::chrono::steady_clock::now());
    } catch (const std::exception&) {
        code = 1;  // a whole-file problem (no header, no column): reported by main
    }
    std::cerr.rdbuf(saved);
    std::fclose(input);
    const std::string said = report.str();
    if (code != 0 && code != 1) fail("exit status other than 0 or 1");
    // The summary is the command's own line; a bad row's report quotes the row's bytes, which
    // may hold the same words (the fuzzer found that within seconds), so only a line start counts.
    const std::string summary = "escalate recalc: rows in ";
    const std::size_t at = said.rfind("\n" + summary) != std::string::npos ? said.rfind("\n" + summary) + 1
                           : said.rfind(summary, 0) == 0                  ? 0
                                                                          : std::string::npos;
    const bool completed = at != std::string::npos;
    // Looked for in the summary line only, for the same reason (found too).
    if (completed && said.substr(at, said.find('\n', at) - at).find("NOT ACCOUNTED") != std::string::npos)
        fail("lines not accounted for");
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(".out.csv.partial", 0) == 0) fail("a temporary file was left behind");
        if (name == "out.csv" && !completed) fail("an output file for a run that did not complete");
    }
    if (!completed) return false;
    // rows in N (written 1,234): the output holds a header and N rows (read with the same reader).
    unsigned long long rows_in = 0;
    for (std::size_t i = at + summary.size(); i < said.size() && (std::isdigit(static_cast<unsigned char>(said[i])) || said[i] == ','); ++i)
        if (said[i] != ',') rows_in = rows_in * 10 + static_cast<unsigned>(said[i] - '0');
    if (compare && said.find("\nescalate recalc: 0 of ", at) == std::string::npos) fail("a due date changed against the same rulesets");
    std::FILE* out = std::fopen(output.c_str(), "rb");
    if (!out) fail("a completed run wrote no output");
    CsvReader reader(out);
    CsvRecord record;
    unsigned long long rows_out = 0;
    const std::size_t columns = compare ? 8 : 6;
    while (reader.read(record)) {
        if (record.field_count() != columns) fail("an output row without all its columns");
        if (compare && rows_out > 0 && record.field(5) == "true") fail("a row changed against the same rulesets");
        ++rows_out;
    }
    std::fclose(out);
    if (rows_out != rows_in + 1) fail("the output does not hold one row per input row");
    return true;
}

// Once, before any input: a good row must come out "ok", so a harness that never reaches the
// row path (an earlier version passed an option recalc refuses, and every input ended in a
// usage error) fails at once instead of checking nothing.
void check_the_row_path_is_reached() {
    const std::string good = "case_id,pathway,stage,entered,started\nC-1,p,s,2024-05-06,2024-05-06\n";
    if (!check_recalc(reinterpret_cast<const std::uint8_t*>(good.data()), good.size())) fail("a good file did not complete");
    std::FILE* out = std::fopen((work_dir() + "/out.csv").c_str(), "rb");
    if (!out) fail("a good file wrote no output");
    CsvReader reader(out);
    CsvRecord record;
    bool ok = reader.read(record) && reader.read(record) && record.field(4) == "ok" && !record.field(3).empty();
    std::fclose(out);
    if (!ok) fail("a good row did not come out ok with a due date");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    check_the_row_path_is_reached();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_reader(data, size);
    if (size <= 64 * 1024) check_recalc(data, size);
    return 0;
}
