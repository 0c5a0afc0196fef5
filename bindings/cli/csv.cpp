// Streaming CSV reading and writing for `escalate recalc`.
#include "csv.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include <sys/stat.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace escalate::cli {

bool CsvReader::refill() {
    consumed_ += filled_;
    position_ = filled_ = 0;
    filled_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
    if (filled_ == 0 && std::ferror(file_))
        throw std::runtime_error(std::string("cannot read the input: ") + std::strerror(errno));
    return filled_ > 0;
}

CsvReader::CsvReader(std::FILE* file, std::string_view unread, std::uint64_t line, std::uint64_t consumed)
    : file_(file), buffer_(std::max<std::size_t>(1 << 20, unread.size())), line_(line), at_start_(false) {
    std::copy(unread.begin(), unread.end(), buffer_.begin());
    filled_ = unread.size();
    consumed_ = consumed;
}

UnclosedQuoteError::UnclosedQuoteError(std::uint64_t first, std::uint64_t last, bool at_end)
    : std::runtime_error("a quote opened on line " + std::to_string(first) +
                         (at_end ? " is never closed, so lines " + std::to_string(first) + " to " + std::to_string(last) +
                                       " (" + std::to_string(last - first + 1) + (last == first ? " line" : " lines") +
                                       ", the rest of the input) would be read as one field"
                                 : " is not closed within 1 MiB (by line " + std::to_string(last) + ", " +
                                       std::to_string(last - first + 1) + " lines)") +
                         "; close the quote, or double a quote inside a quoted field (\"say \"\"hi\"\"\")"),
      first_line(first),
      last_line(last) {}

namespace {

// The first line break (CR or LF) or `other` in [begin, end), or end: the end of a run of bytes
// that mean nothing to the grammar (`other` is a quote inside quotes, a comma outside them; a
// quote outside quotes means something only at the start of a field, which the reader checks).
// Sixteen bytes at a time where SSE2 is there (every x86-64), a byte at a time elsewhere.
const char* find_line_break_or(const char* begin, const char* end, char other) {
    const char* at = begin;
#if defined(__SSE2__)
    const __m128i others = _mm_set1_epi8(other), returns = _mm_set1_epi8('\r'), feeds = _mm_set1_epi8('\n');
    for (; end - at >= 16; at += 16) {
        const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        const __m128i hits = _mm_or_si128(_mm_cmpeq_epi8(bytes, others),
                                          _mm_or_si128(_mm_cmpeq_epi8(bytes, returns), _mm_cmpeq_epi8(bytes, feeds)));
        if (const int mask = _mm_movemask_epi8(hits)) return at + __builtin_ctz(static_cast<unsigned>(mask));
    }
#endif
    while (at < end && *at != other && *at != '\r' && *at != '\n') ++at;
    return at;
}

}  // namespace

void CsvReader::skip_line() {
    for (int c = get(); c != -1; c = get()) {
        if (c == '\n') {
            ++line_;
            return;
        }
        if (c == '\r') {
            end_of_line_after_cr();
            return;
        }
    }
    partial_line_ = true;
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
        record.line = record.last_line = line_;
        if (peek() == -1) return false;

        std::size_t field_start = 0;
        bool in_quotes = false;
        bool field_quoted = false;
        bool any_quoted = false;
        std::uint64_t quote_line = 0;  // where the open quote began
        bool after_break = false;      // the last byte read inside quotes ended a line
        // Over 1 MiB (the separators count too, so a line of a million commas, each a field's
        // span, cannot take the memory either): the rest of the line is skipped and the record
        // is malformed; inside quotes the file is refused, as for any quote left open.
        auto refused_as_too_long = [&] {
            if (record.text.size() + record.spans.size() <= max_record_bytes) return false;
            if (in_quotes) throw UnclosedQuoteError(quote_line, line_, false);
            record.problem = "the record is longer than 1 MiB";
            record.last_line = line_;
            skip_line();
            record.text.clear();
            record.spans.clear();
            return true;
        };
        auto end_field = [&] {
            record.spans.emplace_back(static_cast<std::uint32_t>(field_start),
                                      static_cast<std::uint32_t>(record.text.size() - field_start));
            field_start = record.text.size();
            field_quoted = false;
        };
        for (;;) {
            // A run of bytes that mean nothing to the grammar is copied at once (the loop below
            // would take them one by one, to the same effect).
            if (position_ < filled_) {
                const char* const begin = buffer_.data() + position_;
                const char* const end = buffer_.data() + filled_;
                const char* run = begin;
                if (in_quotes) {
                    run = find_line_break_or(begin, end, '"');
                } else if (!(*begin == '"' && record.text.size() == field_start && !field_quoted)) {
                    run = find_line_break_or(begin, end, ',');
                }
                if (run != begin) {
                    record.text.append(begin, run);
                    position_ += static_cast<std::size_t>(run - begin);
                    if (in_quotes) after_break = false;
                    if (refused_as_too_long()) break;
                    continue;
                }
            }
            const int c = get();
            if (c == -1) {
                // A line break just before the end ends the last line; none begins after it.
                if (in_quotes) throw UnclosedQuoteError(quote_line, after_break ? line_ - 1 : line_, true);
                partial_line_ = true;
                record.last_line = line_;
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
                    // Line breaks inside quotes are kept as they are and counted as lines.
                    record.text.push_back(static_cast<char>(c));
                    after_break = c == '\n' || (c == '\r' && peek() != '\n');
                    if (after_break) ++line_;
                }
            } else if (c == ',') {
                end_field();
            } else if (c == '\n' || c == '\r') {
                record.last_line = line_;
                if (c == '\r')
                    end_of_line_after_cr();
                else
                    ++line_;
                end_field();
                break;
            } else if (c == '"' && record.text.size() == field_start && !field_quoted) {
                in_quotes = field_quoted = any_quoted = true;
                quote_line = line_;
                after_break = false;  // not the last quoted field's: it may have ended in a line break
            } else {
                // A quote inside an unquoted field is kept as it is, as most readers do.
                record.text.push_back(static_cast<char>(c));
            }
            if (refused_as_too_long()) break;
        }
        const bool blank = record.problem.empty() && !any_quoted && record.spans.size() == 1 && record.spans[0].second == 0;
        if (!blank) return true;
        ++blank_lines_;
    }
}

CsvParse parse_csv_record(char*& cursor, char* const end, const bool at_end, std::uint64_t& line,
                          std::uint64_t& last_line, bool& without_break, std::vector<std::string_view>* fields) {
    char* at = cursor;
    const char* const record_start = at;
    const std::size_t first_field = fields ? fields->size() : 0;
    std::uint64_t breaks = 0;  // line breaks inside quotes
    bool any_quoted = false;
    without_break = false;
    const auto give_up = [&](CsvParse how) {
        if (fields) fields->resize(first_field);
        return how;
    };
    // Moves [from, to) down to `write` (a quoted field's text closes up over its quotes).
    const auto keep = [&](char*& write, const char* from, const char* to) {
        if (fields && write != from) std::memmove(write, from, static_cast<std::size_t>(to - from));
        write += to - from;
    };
    while (true) {
        char* const field_begin = at;
        char* write = at;
        if (at < end && *at == '"') {
            any_quoted = true;
            ++at;
            while (true) {
                const char* const run = find_line_break_or(at, end, '"');
                keep(write, at, run);
                at = const_cast<char*>(run);
                if (at == end) return give_up(at_end ? CsvParse::careful : CsvParse::incomplete);
                if (*at == '"') {
                    if (at + 1 == end && !at_end) return give_up(CsvParse::incomplete);
                    if (at + 1 < end && at[1] == '"') {
                        if (fields) *write = '"';
                        ++write;
                        at += 2;
                        continue;
                    }
                    ++at;  // the closing quote
                    break;
                }
                // Line breaks inside quotes are kept as they are and counted as lines.
                if (*at == '\r') {
                    if (at + 1 == end && !at_end) return give_up(CsvParse::incomplete);
                    if (at + 1 < end && at[1] == '\n') keep(write, at, at + 1), ++at;
                }
                keep(write, at, at + 1);
                ++at;
                ++breaks;
            }
        }
        // Unquoted bytes (after a closing quote too): a quote here is kept as it is.
        const char* const run = find_line_break_or(at, end, ',');
        keep(write, at, run);
        at = const_cast<char*>(run);
        if (fields) fields->emplace_back(field_begin, static_cast<std::size_t>(write - field_begin));
        if (at == end) {
            if (!at_end) return give_up(CsvParse::incomplete);
            without_break = true;
            break;
        }
        if (*at == ',') {
            ++at;
            continue;
        }
        if (*at == '\r') {
            if (at + 1 == end && !at_end) return give_up(CsvParse::incomplete);
            ++at;
            if (at < end && *at == '\n') ++at;
        } else {
            ++at;
        }
        break;
    }
    // CsvReader cuts a record at max_record_bytes of unescaped text and separators, which never
    // exceed its raw bytes and one: a record within this bound is never cut, one over it is its.
    if (static_cast<std::size_t>(at - record_start) + 16 > CsvReader::max_record_bytes) return give_up(CsvParse::careful);
    cursor = at;
    last_line = line + breaks;
    line = last_line + (without_break ? 0 : 1);
    // Only a worker tells a blank line from a record (a CsvSplitter needs neither).
    const bool blank = fields && !any_quoted && fields->size() == first_field + 1 && (*fields)[first_field].empty();
    if (blank) fields->resize(first_field);
    return blank ? CsvParse::blank : CsvParse::record;
}

CsvSplitter::CsvSplitter(std::FILE* file, const CsvReader& header, std::size_t block_bytes)
    : file_(file), block_bytes_(std::max<std::size_t>(block_bytes, 1)), carry_(header.unread()),
      line_(header.next_line()), consumed_(header.bytes_read()), partial_line_(header.partial_line()) {}

bool CsvSplitter::fill(std::string& stretch) {
    if (at_end_) return false;
    const std::size_t old = stretch.size();
    // At least doubling a stretch that holds no whole record yet, so that a long one is
    // scanned a bounded number of times whatever the block size.
    const std::size_t wanted = std::max(block_bytes_, old);
    stretch.resize(old + wanted);
    const std::size_t got = std::fread(stretch.data() + old, 1, wanted, file_);
    stretch.resize(old + got);
    if (got == 0) {
        if (std::ferror(file_)) throw std::runtime_error(std::string("cannot read the input: ") + std::strerror(errno));
        at_end_ = true;
        return false;
    }
    return true;
}

CsvSplitter::Next CsvSplitter::next(std::string& stretch, std::uint64_t& first_line) {
    stretch.swap(carry_);
    carry_.clear();
    while (true) {
        if (skip_line_feed_ && !stretch.empty()) {
            // The LF of a CRLF whose CR ended the last stretch: that line is counted already.
            if (stretch[0] == '\n') {
                stretch.erase(0, 1);
                ++consumed_;
            }
            skip_line_feed_ = false;
        }
        if (stretch.size() < block_bytes_ && !at_end_) {
            fill(stretch);
            continue;
        }
        if (stretch.empty()) return Next::end;
        char* const begin = stretch.data();
        char* const end = begin + stretch.size();
        std::size_t cut = 0;
        std::uint64_t line = line_;
        bool without_break = false;
        if (!std::memchr(begin, '"', stretch.size())) {
            // No quote: every line break ends a record. The lines are counted here, once; a
            // line over CsvReader's bound (as parse_csv_record measures it) goes to CsvReader.
            const char* at = begin;
            const char* cut_at = begin;
            bool too_long = false;
            while (true) {
                const char* const line_start = at;
                at = find_line_break_or(at, end, '\n');
                if (at == end) {
                    if (at_end_ && at > line_start) {
                        if (static_cast<std::size_t>(at - line_start) + 16 <= CsvReader::max_record_bytes) {
                            cut_at = at;
                            without_break = true;
                        } else {
                            too_long = true;
                        }
                    }
                    break;
                }
                if (*at == '\r' && at + 1 < end && at[1] == '\n') ++at;
                ++at;
                if (static_cast<std::size_t>(at - line_start) + 16 > CsvReader::max_record_bytes) {
                    too_long = true;
                    break;
                }
                ++line;
                cut_at = at;
            }
            cut = static_cast<std::size_t>(cut_at - begin);
            if (cut == 0 && too_long) return Next::careful;  // the first line is over the bound
        } else {
            char* at = begin;
            std::uint64_t last_line = 0;
            bool careful = false;
            while (at < end) {
                const CsvParse parsed = parse_csv_record(at, end, at_end_, line, last_line, without_break, nullptr);
                if (parsed == CsvParse::incomplete) break;
                if (parsed == CsvParse::careful) {
                    careful = true;
                    break;
                }
            }
            cut = static_cast<std::size_t>(at - begin);
            if (careful && cut == 0) return Next::careful;
        }
        if (cut == 0) {
            // No whole record yet: read on, as far as CsvReader's bound.
            if (at_end_ || stretch.size() > CsvReader::max_record_bytes + block_bytes_) return Next::careful;
            fill(stretch);
            continue;
        }
        carry_.assign(stretch, cut, std::string::npos);
        stretch.resize(cut);
        first_line = line_;
        line_ = line;
        consumed_ += cut;
        if (without_break) partial_line_ = true;
        skip_line_feed_ = stretch.back() == '\r';
        return Next::stretch;
    }
}

void append_quoted_csv_field(std::string& out, std::string_view field) {
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

void CsvWriter::write(std::string_view text) {
    if (buffer_.size() + text.size() < (1 << 20)) {
        buffer_ += text;
        return;
    }
    flush();
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size())
        throw std::runtime_error("cannot write " + name_ + ": " + std::strerror(errno));
}

std::string lower_case(std::string_view text) {
    std::string name(text);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
    return name;
}

std::vector<int> find_header_columns(const CsvRecord& header, const std::string& input_name,
                                     std::initializer_list<std::string_view> names, std::size_t required,
                                     std::string_view expected) {
    const std::string where = input_name + ":" + std::to_string(header.line) + ": ";
    if (!header.problem.empty()) throw std::runtime_error(where + "the header row is malformed: " + header.problem);
    std::vector<int> columns(names.size(), -1);
    for (std::size_t i = 0; i < header.field_count(); ++i) {
        const std::string name = lower_case(trim(header.field(i)));
        const auto found = std::find(names.begin(), names.end(), name);
        if (found == names.end()) continue;  // a column the command does not read
        int& column = columns[static_cast<std::size_t>(found - names.begin())];
        if (column >= 0) throw std::runtime_error(where + "the header names the column " + name + " twice");
        column = static_cast<int>(i);
    }
    for (std::size_t k = 0; k < required && k < names.size(); ++k) {
        if (columns[k] < 0)
            throw std::runtime_error(where + "the header has no " + std::string(names.begin()[k]) +
                                     " column; the first line must name the columns " + std::string(expected));
    }
    return columns;
}

InputFile::InputFile(const std::string& path) {
    if (path == "-") {
        file_ = stdin;
        name_ = "<stdin>";
    } else {
        file_ = std::fopen(path.c_str(), "rb");
        if (!file_) throw std::runtime_error("cannot read " + path + ": " + std::strerror(errno));
        owned_ = true;
        name_ = path;
    }
    struct stat info {};
    if (fstat(fileno(file_), &info) == 0 && S_ISREG(info.st_mode)) size_ = static_cast<std::uint64_t>(info.st_size);
}

InputFile::~InputFile() {
    if (owned_) std::fclose(file_);
}

}  // namespace escalate::cli
