// libFuzzer target (issue 12): the CSV reader of `escalate recalc` and the whole recalc row
// path. The input is a CSV file.
//
// Checks besides "no crash, no sanitizer report":
//  - the reader: every physical line (LF, CRLF or a lone CR) is the header, part of a record,
//    or blank, or the input is refused for a quote left open, naming lines that exist; records
//    start where the previous one ended; fields lie inside the record's text; no record holds
//    more than the reader's bound;
//  - the row path (`escalate recalc` itself, on a small ruleset): it ends with exit 0 or 1,
//    never an unaccounted line; when it completes, the output has one row per input row, each
//    with a status; when it refuses the input, no output file is left, nor any temporary.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
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

// The process's scratch directory, removed at exit (a plain array: it outlives every
// destructor the exit handlers run after).
char work_path[64];

std::string work_dir() {
    if (work_path[0] == '\0') {
        std::strcpy(work_path, "/tmp/fuzz-csv-recalc-XXXXXX");
        if (!mkdtemp(work_path)) fail("mkdtemp");
        std::atexit([] {
            std::error_code ignored;
            fs::remove_all(work_path, ignored);
        });
    }
    return work_path;
}

void check_recalc(const std::uint8_t* data, std::size_t size) {
    const std::string dir = work_dir();
    const std::string input = dir + "/in.csv", output = dir + "/out.csv";
    std::FILE* in = std::fopen(input.c_str(), "wb");
    if (!in) fail("cannot write the input");
    std::fwrite(data, 1, size, in);
    std::fclose(in);
    std::remove(output.c_str());
    // The command reports on stderr: into a file, read back for the summary.
    std::fflush(stderr);
    const int saved = dup(2);
    std::FILE* log = std::fopen((dir + "/log").c_str(), "w+");
    dup2(fileno(log), 2);
    int code = 0;
    try {
        code = escalate::cli::run_recalc({"--input", input, "--output", output, "--threads", "1", "--rulesets",
                                          ESCALATE_FUZZ_CSV_RULESETS});
    } catch (const std::exception&) {
        code = 1;  // a whole-file problem (no header, no column): reported by main
    }
    std::fflush(stderr);
    dup2(saved, 2);
    close(saved);
    std::string said;
    std::rewind(log);
    for (int c; (c = std::fgetc(log)) != EOF;) said += static_cast<char>(c);
    std::fclose(log);
    if (code != 0 && code != 1) fail("exit status other than 0 or 1");
    if (said.find("NOT ACCOUNTED") != std::string::npos) fail("lines not accounted for");
    const bool completed = said.find("rows in ") != std::string::npos;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(".out.csv.partial", 0) == 0) fail("a temporary file was left behind");
        if (name == "out.csv" && !completed) fail("an output file for a run that did not complete");
    }
    if (!completed) return;
    // rows in N: the output holds a header and N rows (read with the same reader).
    const std::size_t at = said.find("rows in ");
    const unsigned long long rows_in = std::strtoull(said.c_str() + at + 8, nullptr, 10);
    if (said.compare(at + 8, std::to_string(rows_in).size(), std::to_string(rows_in)) != 0) return;  // 1,234 style
    std::FILE* out = std::fopen(output.c_str(), "rb");
    if (!out) fail("a completed run wrote no output");
    CsvReader reader(out);
    CsvRecord record;
    unsigned long long rows_out = 0;
    while (reader.read(record)) {
        if (record.field_count() != 6) fail("an output row without its six columns");
        ++rows_out;
    }
    std::fclose(out);
    if (rows_out != rows_in + 1) fail("the output does not hold one row per input row");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    check_reader(data, size);
    if (size <= 64 * 1024) check_recalc(data, size);
    return 0;
}
