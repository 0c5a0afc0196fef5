// The CSV grammar's two readers agree: CsvReader (the reference, one byte at a time) and the
// recalc fast path (CsvSplitter cutting the input into stretches, parse_csv_record parsing
// them in place, CsvReader taking over where the splitter leaves a record to it). Random
// inputs of quotes, CR/CRLF/LF mixes, blank lines, a byte-order mark and NULs, read with
// stretches of 1 byte up, so that the boundaries fall everywhere.
#include <gtest/gtest.h>

#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "csv.hpp"

namespace {

using escalate::cli::CsvParse;
using escalate::cli::CsvReader;
using escalate::cli::CsvRecord;
using escalate::cli::CsvSplitter;
using escalate::cli::UnclosedQuoteError;

struct Row {
    std::uint64_t line = 0, last_line = 0;
    std::vector<std::string> fields;
    std::string problem;
    bool operator==(const Row&) const = default;
};

struct Reading {
    std::vector<Row> rows;  // the header's first
    std::uint64_t blank_lines = 0, lines = 0;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> unclosed;  // the open quote's lines
    bool operator==(const Reading&) const = default;
};

Row row_of(const CsvRecord& record) {
    Row row{record.line, record.last_line, {}, record.problem};
    for (std::size_t i = 0; i < record.field_count(); ++i) row.fields.emplace_back(record.field(i));
    return row;
}

std::FILE* open_text(const std::string& text) {
    return fmemopen(const_cast<char*>(text.data()), text.size(), "rb");
}

// Reads on with `reader` to the end, into `reading`.
void read_carefully(CsvReader& reader, Reading& reading) {
    CsvRecord record;
    try {
        while (reader.read(record)) reading.rows.push_back(row_of(record));
    } catch (const UnclosedQuoteError& error) {
        // The input is refused: the rows before the quote count (standard output has them),
        // the line counts do not.
        reading.unclosed = {error.first_line, error.last_line};
        reading.blank_lines = 0;
        return;
    }
    reading.blank_lines += reader.blank_lines();
    reading.lines = reader.lines_read();
}

Reading read_with_reference(const std::string& text) {
    Reading reading;
    std::FILE* file = open_text(text);
    CsvReader reader(file);
    read_carefully(reader, reading);
    std::fclose(file);
    return reading;
}

// As `escalate recalc` reads: the header with CsvReader, then stretches.
Reading read_with_stretches(const std::string& text, std::size_t stretch_bytes) {
    Reading reading;
    std::FILE* file = open_text(text);
    CsvReader header(file, stretch_bytes);
    CsvRecord record;
    try {
        if (!header.read(record)) {
            reading.lines = header.lines_read();
            reading.blank_lines = header.blank_lines();
            std::fclose(file);
            return reading;
        }
    } catch (const UnclosedQuoteError& error) {
        reading.unclosed = {error.first_line, error.last_line};
        std::fclose(file);
        return reading;
    }
    reading.rows.push_back(row_of(record));
    reading.blank_lines = header.blank_lines();
    CsvSplitter splitter(file, header, stretch_bytes);
    std::string stretch;
    std::uint64_t first_line = 0;
    while (true) {
        const CsvSplitter::Next next = splitter.next(stretch, first_line);
        if (next == CsvSplitter::Next::end) {
            reading.lines = splitter.lines_read();
            break;
        }
        if (next == CsvSplitter::Next::careful) {
            CsvReader reader(file, stretch, splitter.careful_line(), splitter.bytes_read());
            read_carefully(reader, reading);
            break;
        }
        char* at = stretch.data();
        char* const end = at + stretch.size();
        std::uint64_t line = first_line;
        std::vector<std::string_view> fields;
        while (at < end) {
            Row row;
            row.line = line;
            bool without_break = false;
            fields.clear();
            const CsvParse parsed = escalate::cli::parse_csv_record(at, end, true, line, row.last_line, without_break, &fields);
            if (parsed == CsvParse::blank) {
                ++reading.blank_lines;
                continue;
            }
            if (parsed != CsvParse::record) {
                ADD_FAILURE() << "a stretch cut inside a record";
                std::fclose(file);
                return reading;
            }
            for (const std::string_view field : fields) row.fields.emplace_back(field);
            reading.rows.push_back(std::move(row));
        }
    }
    std::fclose(file);
    return reading;
}

std::string describe(const std::string& text) {
    std::string out;
    for (const char c : text) {
        if (c == '\r') out += "\\r";
        else if (c == '\n') out += "\\n";
        else if (c == '\0') out += "\\0";
        else out += c;
    }
    return out;
}

void expect_same_reading(const std::string& text, std::initializer_list<std::size_t> stretches) {
    const Reading reference = read_with_reference(text);
    for (const std::size_t stretch : stretches) {
        const Reading fast = read_with_stretches(text, stretch);
        EXPECT_TRUE(fast == reference) << "stretches of " << stretch << " bytes over \"" << describe(text.substr(0, 300))
                                       << "\": " << fast.rows.size() << " rows against " << reference.rows.size()
                                       << ", lines " << fast.lines << " against " << reference.lines << ", blank "
                                       << fast.blank_lines << " against " << reference.blank_lines;
        if (!(fast == reference)) return;
    }
}

TEST(CsvFastPath, AgreesWithTheReaderOnHandPickedInputs) {
    for (const std::string& text : {
             std::string("a,b\n1,2\n"), std::string("a,b\r1,2\r3,4"), std::string("a,b\r\n1,2\r\n\r\n3,4\r\n"),
             std::string("\xEF\xBB\xBF" "a,b\n\n\n1,2\n"), std::string("a\n\"x\"\"y\",\"p\nq\"\n"),
             std::string("a\n\"x\"y\"z,w\n"), std::string("a\nb\"c,\"d\"\"\"\n"), std::string("a\n\"open\n1\n2\n"),
             std::string("a\n1\r\n\"\"\r\n"), std::string("a,b\n1,2\n\"x\r\ny\",z\r"), std::string("a\n1\0x,2\n", 9),
             std::string("a\n\r\n\r\r\n\n"), std::string("a\n\"\""), std::string("a\n\"")}) {
        expect_same_reading(text, {1, 2, 3, 4, 5, 7, 11, 64, 1 << 19});
    }
}

TEST(CsvFastPath, AgreesWithTheReaderOnRandomInputs) {
    std::mt19937 random(20261130);
    const char alphabet[] = {'a', 'b', ',', ',', '"', '"', '\r', '\n', '\n', '\0', ' '};
    for (int round = 0; round < 3000; ++round) {
        std::string text = random() % 8 == 0 ? "\xEF\xBB\xBF" : "";
        const std::size_t length = 1 + random() % 120;
        for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % sizeof alphabet];
        expect_same_reading(text, {1, 2, 3, 5, 8, 13, 32, 1 << 19});
        if (HasFailure()) return;
    }
}

TEST(CsvFastPath, LeavesRecordsOverTheBoundToTheReader) {
    // A line over 1 MiB between ordinary ones, unquoted and quoted; and a quote left open over 1 MiB.
    const std::string long_field(CsvReader::max_record_bytes + 10, 'x');
    expect_same_reading("a,b\n1,2\n" + long_field + ",3\n4,5\r6,7\n", {4096, 1 << 19});
    expect_same_reading("a,b\n1,2\n\"" + long_field + "\",3\n4,5\n", {4096, 1 << 19});
    expect_same_reading("a,b\n1,2\n\"" + long_field + "\n4,5\n", {4096});
    // Just under the bound: the fast path keeps it.
    expect_same_reading("a,b\n" + std::string(CsvReader::max_record_bytes - 40, 'y') + ",1\n2,3\n", {4096});
}

TEST(CsvWriting, AFieldNeedsQuotesWhenItHoldsACommaAQuoteOrALineBreak) {
    // Eight bytes at a time in csv_field_needs_quotes; find_first_of here, every length and place.
    std::mt19937 random(7);
    const char alphabet[] = {'a', 'b', ',', '"', '\r', '\n', '\0', ' ', '\x80', '\xff', '+', '-'};
    for (int round = 0; round < 20000; ++round) {
        std::string field;
        const std::size_t length = random() % 20;
        for (std::size_t i = 0; i < length; ++i) field += alphabet[random() % (round % 4 == 0 ? sizeof alphabet : 2)];
        const bool expected = field.find_first_of(std::string_view(",\"\r\n", 4)) != std::string::npos;
        ASSERT_EQ(escalate::cli::csv_field_needs_quotes(field), expected) << describe(field);
        std::string out;
        escalate::cli::append_csv_field(out, field);
        std::string quoted = "\"";
        for (const char c : field) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        ASSERT_EQ(out, expected ? quoted + "\"" : field);
    }
}

}  // namespace
