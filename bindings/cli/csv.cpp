// Streaming CSV reading and writing for `escalate recalc`.
#include "csv.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace escalate::cli {

bool CsvReader::refill() {
    consumed_ += filled_;
    position_ = filled_ = 0;
    filled_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    if (filled_ == 0 && std::ferror(file_))
        throw std::runtime_error(std::string("cannot read the input: ") + std::strerror(errno));
    return filled_ > 0;
}

void CsvReader::skip_line() {
    for (int c = get(); c != -1; c = get()) {
        if (c == '\n') {
            ++line_;
            return;
        }
    }
}

bool CsvReader::read(CsvRecord& record) {
    if (at_start_) {
        at_start_ = false;
        // A UTF-8 byte-order mark, as spreadsheet programs write, is not part of the header.
        if (peek() == 0xEF) {
            const std::size_t saved = position_;
            if (position_ + 3 <= filled_ && static_cast<unsigned char>(buffer_[position_ + 1]) == 0xBB &&
                static_cast<unsigned char>(buffer_[position_ + 2]) == 0xBF)
                position_ += 3;
            else
                position_ = saved;
        }
    }
    for (;;) {
        record.text.clear();
        record.spans.clear();
        record.problem.clear();
        record.line = line_;
        if (peek() == -1) return false;

        std::size_t field_start = 0;
        bool in_quotes = false;
        bool field_quoted = false;
        bool any_quoted = false;
        bool trailing_cr = false;  // the field's last character is an unquoted CR (of a CRLF)
        auto end_field = [&] {
            if (trailing_cr) record.text.pop_back();
            record.spans.emplace_back(static_cast<std::uint32_t>(field_start),
                                      static_cast<std::uint32_t>(record.text.size() - field_start));
            field_start = record.text.size();
            field_quoted = trailing_cr = false;
        };
        for (;;) {
            const int c = get();
            if (c == -1) {
                if (in_quotes) record.problem = "a quoted field is not closed before the end of the input";
                end_field();
                break;
            }
            if (in_quotes) {
                if (c == '"') {
                    if (peek() == '"') {
                        get();
                        record.text.push_back('"');
                    } else {
                        in_quotes = false;
                    }
                } else {
                    if (c == '\n') ++line_;
                    record.text.push_back(static_cast<char>(c));
                }
                trailing_cr = false;
            } else if (c == ',') {
                end_field();
            } else if (c == '\n') {
                ++line_;
                end_field();
                break;
            } else if (c == '"' && record.text.size() == field_start && !field_quoted) {
                in_quotes = field_quoted = any_quoted = true;
            } else {
                // A quote inside an unquoted field is kept as it is, as most readers do.
                record.text.push_back(static_cast<char>(c));
                trailing_cr = c == '\r';
            }
            if (record.text.size() > max_record_bytes) {
                record.problem = "the record is longer than 1 MiB (is a quote left open?)";
                skip_line();
                record.text.clear();
                record.spans.clear();
                break;
            }
        }
        const bool blank = record.problem.empty() && !any_quoted && record.spans.size() == 1 && record.spans[0].second == 0;
        if (!blank) return true;
    }
}

void append_csv_field(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (const char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void CsvWriter::flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        throw std::runtime_error("cannot write " + name_ + ": " + std::strerror(errno));
    buffer_.clear();
    if (std::fflush(file_) != 0) throw std::runtime_error("cannot write " + name_ + ": " + std::strerror(errno));
}

}  // namespace escalate::cli
