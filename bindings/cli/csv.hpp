// Streaming CSV (RFC 4180) for `escalate recalc`: records are read one at a time from a fixed
// buffer and written through another, so memory does not grow with the file.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escalate::cli {

/// One record: its fields' contents (quotes removed, "" unescaped) back to back in `text`.
struct CsvRecord {
    std::uint64_t line = 0;       // the physical line the record starts on, 1-based
    std::uint64_t last_line = 0;  // the physical line it ends on (later when a quoted field spans lines)
    std::string text;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // offset and length of each field
    std::string problem;  // non-empty when the record is malformed (too long)

    std::uint64_t lines() const { return last_line - line + 1; }

    std::size_t field_count() const { return spans.size(); }
    std::string_view field(std::size_t i) const { return {text.data() + spans[i].first, spans[i].second}; }
};

/// A quote opened and never closed (before the end of the input, or within max_record_bytes):
/// everything after it would be read as one field, so the input is refused as a whole rather
/// than losing the cases it swallowed. Lines are physical lines, 1-based.
class UnclosedQuoteError : public std::runtime_error {
public:
    UnclosedQuoteError(std::uint64_t first_line, std::uint64_t last_line, bool at_end);
    std::uint64_t first_line, last_line;
};

/// Reads records from a stream. Fields may be quoted ("a, b" and "say ""hi"""), and a quoted
/// field may span lines. Lines end in LF, CRLF or a lone CR (old Mac and "CSV (Macintosh)"),
/// and each counts as one physical line; a UTF-8 byte-order mark at the start and blank lines
/// are skipped (and counted: blank_lines()). An unquoted record longer than max_record_bytes
/// (its fields' bytes and the commas between them) is cut off and reported as malformed (the
/// reader resumes at the next line), so one bad record cannot take the memory; a quote left
/// open throws UnclosedQuoteError. So every physical line ends up in a record, in
/// blank_lines(), or in an error.
class CsvReader {
public:
    static constexpr std::size_t max_record_bytes = 1 << 20;

    /// `buffer_bytes`: what it reads at a time (at least 4; the tests make it small so that a
    /// CsvSplitter going on from it starts early in the input).
    explicit CsvReader(std::FILE* file, std::size_t buffer_bytes = 1 << 20)
        : file_(file), buffer_(std::max<std::size_t>(buffer_bytes, 4)) {}
    /// Carries on where a CsvSplitter stopped (CsvSplitter::careful_from): `unread` holds the
    /// bytes it took from `file` and did not hand over, which begin at physical line `line`
    /// after `consumed` bytes of the input.
    CsvReader(std::FILE* file, std::string_view unread, std::uint64_t line, std::uint64_t consumed);

    /// The bytes taken from the stream and not yet read (for a CsvSplitter to go on from).
    std::string_view unread() const { return {buffer_.data() + position_, filled_ - position_}; }
    /// The physical line the next record starts on.
    std::uint64_t next_line() const { return line_; }

    /// The next record; false at the end of the input. Throws std::runtime_error when the
    /// stream cannot be read.
    bool read(CsvRecord& record);

    /// Bytes consumed so far (for progress).
    std::uint64_t bytes_read() const { return consumed_ + position_; }
    /// Blank lines skipped so far.
    std::uint64_t blank_lines() const { return blank_lines_; }
    /// Physical lines read so far (a last line without a line break counts).
    std::uint64_t lines_read() const { return line_ - 1 + (partial_line_ ? 1 : 0); }
    /// Whether the input ended without a line break after the last record.
    bool partial_line() const { return partial_line_; }

private:
    int get() {
        if (position_ == filled_ && !refill()) return -1;
        return static_cast<unsigned char>(buffer_[position_++]);
    }
    int peek() {
        if (position_ == filled_ && !refill()) return -1;
        return static_cast<unsigned char>(buffer_[position_]);
    }
    bool refill();
    void skip_line();
    /// After a CR: swallows the LF of a CRLF. Either way one line ends.
    void end_of_line_after_cr() {
        if (peek() == '\n') get();
        ++line_;
    }

    std::FILE* file_;
    std::vector<char> buffer_;
    std::size_t position_ = 0, filled_ = 0;
    std::uint64_t consumed_ = 0;  // bytes in buffers already used up
    std::uint64_t line_ = 1;
    std::uint64_t blank_lines_ = 0;
    bool partial_line_ = false;  // the input ended without a line break after the last record
    bool at_start_ = true;
};

/// The fast path of the same grammar, for a worker thread: records parsed in place in a block of
/// bytes cut at a record boundary by a CsvSplitter; fields are views into the block (a quoted
/// field is unescaped where it lies). CsvReader is the reference: tests/cli/csv_test.cpp reads
/// random inputs both ways, the blocks cut everywhere, and compares every record and count.
enum class CsvParse {
    record,      // a record: its fields appended to `fields`
    blank,       // a blank line (no fields appended)
    incomplete,  // the bytes end inside the record and more may follow
    careful,     // a record CsvReader must read: an open quote at the end of the input, or over
                 // CsvReader::max_record_bytes of raw bytes (its errors and cut-offs live there)
};
/// Parses the record at `at` (the bytes up to `end`; `at_end`: no more follow), moving `at`
/// past it and `line` (the physical line it starts on) to the next record's line, and setting
/// `last_line` and `without_break` (the input ended it without a line break). With `fields`
/// null nothing is written (a CsvSplitter finding boundaries); else quoted fields are unescaped
/// in place and every field's view appended. On incomplete or careful nothing moves.
CsvParse parse_csv_record(char*& at, char* end, bool at_end, std::uint64_t& line, std::uint64_t& last_line,
                          bool& without_break, std::vector<std::string_view>* fields);

/// Cuts the input after a header into stretches of whole records, for worker threads to parse
/// with parse_csv_record. It only reads blocks and finds a boundary: a stretch with no quote
/// byte is cut after its last line break; one with quotes after the last record that
/// parse_csv_record finds whole in it. Counts physical lines (LF, CRLF, CR: one each; a CRLF
/// split between two stretches once) so that every stretch knows its first line.
class CsvSplitter {
public:
    enum class Next { stretch, end, careful };
    /// Goes on from `header` (the reader that read the header row).
    CsvSplitter(std::FILE* file, const CsvReader& header, std::size_t block_bytes);

    /// Fills `stretch` with the next stretch (its first line in `first_line`). `careful`: the
    /// next record needs CsvReader (CsvParse::careful, or no record boundary within
    /// max_record_bytes): `stretch` then holds the bytes taken and not handed over, for
    /// CsvReader's carrying-on constructor with careful_line() and bytes_read().
    Next next(std::string& stretch, std::uint64_t& first_line);

    std::uint64_t careful_line() const { return line_; }
    /// Bytes of the input handed over (or, after careful, before the bytes left in `stretch`).
    std::uint64_t bytes_read() const { return consumed_; }
    /// Physical lines read so far, the header's included (a last line without a break counts).
    std::uint64_t lines_read() const { return line_ - 1 + (partial_line_ ? 1 : 0); }

private:
    bool fill(std::string& stretch);

    std::FILE* file_;
    std::size_t block_bytes_;
    std::string carry_;  // bytes read and not handed over
    std::uint64_t line_;
    std::uint64_t consumed_;
    bool at_end_ = false;
    bool skip_line_feed_ = false;  // the last stretch ended in CR: a LF starting the next is its CRLF's
    bool partial_line_ = false;
};

/// Whether a field needs quotes when written: it holds a comma, a quote or a line break. Eight
/// bytes at a time (the bit trick for a zero byte, over the word xor each byte repeated), inline
/// because recalc asks it of three fields a row.
inline bool csv_field_needs_quotes(std::string_view field) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    const auto has_zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    const auto any = [&](std::uint64_t word) {
        return has_zero(word ^ (ones * ',')) | has_zero(word ^ (ones * '"')) | has_zero(word ^ (ones * '\r')) |
               has_zero(word ^ (ones * '\n'));
    };
    std::size_t i = 0;
    for (; i + 8 <= field.size(); i += 8) {
        std::uint64_t word;
        std::memcpy(&word, field.data() + i, 8);
        if (any(word)) return true;
    }
    for (; i < field.size(); ++i) {
        const char c = field[i];
        if (c == ',' || c == '"' || c == '\r' || c == '\n') return true;
    }
    return false;
}

/// Appends `field` quoted, its quotes doubled.
void append_quoted_csv_field(std::string& out, std::string_view field);

/// Appends a field, quoted when it holds a comma, a quote or a line break.
inline void append_csv_field(std::string& out, std::string_view field) {
    if (csv_field_needs_quotes(field))
        append_quoted_csv_field(out, field);
    else
        out.append(field);
}

/// Buffered writing to a stream; throws std::runtime_error naming `name` when a write fails.
class CsvWriter {
public:
    CsvWriter(std::FILE* file, std::string name) : file_(file), name_(std::move(name)) {}
    std::string& buffer() { return buffer_; }
    /// Writes the buffer out once it holds more than a megabyte.
    void maybe_flush() {
        if (buffer_.size() >= (1 << 20)) flush();
    }
    void flush();
    /// Appends `text`, or writes the buffer and then `text` straight out when they would pass a
    /// megabyte (a worker's chunk of output is not copied again).
    void write(std::string_view text);

private:
    std::FILE* file_;
    std::string name_;
    std::string buffer_;
};

/// `text` without the spaces and tabs around it.
// Always inlined: recalc trims four fields a row, and GCC kept an out-of-line copy it called.
[[gnu::always_inline]] inline std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}
/// `text` in lower case (ASCII letters only).
std::string lower_case(std::string_view text);

/// Where the columns a command reads are in a header row: for each of `names`, the index of
/// the field that names it (spaces and case ignored), or -1. The first `required` names must be
/// there; other fields are ignored. Throws, naming `input_name` and the line, for a malformed
/// header, a column named twice, or a required one missing ("the first line must name the
/// columns " + `expected`).
std::vector<int> find_header_columns(const CsvRecord& header, const std::string& input_name,
                                     std::initializer_list<std::string_view> names, std::size_t required,
                                     std::string_view expected);

/// A command's input, opened for reading: "-" is standard input (named "<stdin>" in messages).
/// Closes the file it opened. Throws std::runtime_error, naming the path, when it cannot open it.
class InputFile {
public:
    explicit InputFile(const std::string& path);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    std::FILE* file() const { return file_; }
    const std::string& name() const { return name_; }
    /// Its size in bytes for a progress meter, or 0 when it is not a regular file (a pipe).
    std::uint64_t size() const { return size_; }

private:
    std::FILE* file_ = nullptr;
    bool owned_ = false;
    std::string name_;
    std::uint64_t size_ = 0;
};

}  // namespace escalate::cli
