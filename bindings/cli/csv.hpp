// Streaming CSV (RFC 4180) for `escalate recalc`: records are read one at a time from a fixed
// buffer and written through another, so memory does not grow with the file.
#pragma once

#include <cstdint>
#include <cstdio>
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

    explicit CsvReader(std::FILE* file) : file_(file), buffer_(1 << 20) {}

    /// The next record; false at the end of the input. Throws std::runtime_error when the
    /// stream cannot be read.
    bool read(CsvRecord& record);

    /// Bytes consumed so far (for progress).
    std::uint64_t bytes_read() const { return consumed_ + position_; }
    /// Blank lines skipped so far.
    std::uint64_t blank_lines() const { return blank_lines_; }
    /// Physical lines read so far (a last line without a line break counts).
    std::uint64_t lines_read() const { return line_ - 1 + (partial_line_ ? 1 : 0); }

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

/// Appends a field, quoted when it holds a comma, a quote or a line break.
void append_csv_field(std::string& out, std::string_view field);

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

private:
    std::FILE* file_;
    std::string name_;
    std::string buffer_;
};

/// `text` without the spaces and tabs around it.
std::string_view trim(std::string_view text);
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
