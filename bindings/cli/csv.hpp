// Streaming CSV (RFC 4180) for `escalate recalc`: records are read one at a time from a fixed
// buffer and written through another, so memory does not grow with the file.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace escalate::cli {

/// One record: its fields' contents (quotes removed, "" unescaped) back to back in `text`.
struct CsvRecord {
    std::uint64_t line = 0;  // the physical line the record starts on, 1-based
    std::string text;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> spans;  // offset and length of each field
    std::string problem;  // non-empty when the record is malformed (unclosed quote, too long)

    std::size_t field_count() const { return spans.size(); }
    std::string_view field(std::size_t i) const { return {text.data() + spans[i].first, spans[i].second}; }
};

/// Reads records from a stream. Fields may be quoted ("a, b" and "say ""hi"""), and a quoted
/// field may span lines. Lines end in LF or CRLF; a UTF-8 byte-order mark at the start and
/// blank lines are skipped. A record longer than max_record_bytes is cut off and reported as
/// malformed (the reader resumes at the next line), so one bad record cannot take the memory.
class CsvReader {
public:
    static constexpr std::size_t max_record_bytes = 1 << 20;

    explicit CsvReader(std::FILE* file) : file_(file), buffer_(1 << 20) {}

    /// The next record; false at the end of the input. Throws std::runtime_error when the
    /// stream cannot be read.
    bool read(CsvRecord& record);

    /// Bytes consumed so far (for progress).
    std::uint64_t bytes_read() const { return consumed_ + position_; }

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

    std::FILE* file_;
    std::vector<char> buffer_;
    std::size_t position_ = 0, filled_ = 0;
    std::uint64_t consumed_ = 0;  // bytes in buffers already used up
    std::uint64_t line_ = 1;
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

}  // namespace escalate::cli
