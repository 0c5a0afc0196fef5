#include "xml/prescan.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "escalate/errors.hpp"

namespace escalate::xml {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// XML 1.0's Char production.
bool is_xml_char(std::uint32_t c) {
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
           (c >= 0x10000 && c <= 0x10FFFF);
}

bool is_control(std::uint32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

std::string code_point(std::uint32_t c) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(c));
    return buffer;
}

class Scanner {
public:
    Scanner(std::string_view text, const std::string& file) : text_(text), file_(file) {}

    void run() {
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == '<') {
                if (!tag()) return;  // malformed: tinyxml2 says what
            } else if (c == '&') {
                reference(false);
            } else {
                byte(false);
            }
        }
    }

private:
    [[noreturn]] void fail(const std::string& what, const std::string& how) const {
        throw ParseError(file_ + ":" + std::to_string(line_) + ": " + what + "; " + how);
    }

    bool starts(std::string_view prefix) const { return text_.substr(at_, prefix.size()) == prefix; }

    // One byte of text or of an attribute value: counts lines, refuses raw controls.
    void byte(bool in_name_value) {
        const auto c = static_cast<unsigned char>(text_[at_]);
        if (c == '\n') ++line_;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            fail("the file contains the control character " + code_point(c), "XML does not allow it; remove it");
        if (in_name_value) {
            // DEL, or a C1 control (U+0080 to U+009F, UTF-8 C2 80 to C2 9F), or tab and line breaks.
            std::uint32_t value = c < 0x80 ? c : 0xFFFF;
            if (c == 0xC2 && at_ + 1 < text_.size()) {
                const auto next = static_cast<unsigned char>(text_[at_ + 1]);
                if (next >= 0x80 && next <= 0x9F) value = next;
            }
            if (is_control(value))
                fail("a name holds the control character " + code_point(value),
                     "names are shown on terminals and in reports; write them on one line without control characters");
        }
        ++at_;
    }

    // Skips to just past `end`, counting lines; false when it never comes.
    bool skip_past(std::string_view end) {
        const std::size_t found = text_.find(end, at_);
        if (found == std::string_view::npos) return false;
        for (std::size_t i = at_; i < found; ++i)
            if (text_[i] == '\n') ++line_;
        at_ = found + end.size();
        return true;
    }

    // &#NNN; or &#xHHH;: the code point must be one XML allows (and no control in a name).
    void reference(bool in_name_value) {
        if (!starts("&#")) {
            ++at_;
            return;
        }
        std::size_t i = at_ + 2;
        const bool hex = i < text_.size() && text_[i] == 'x';
        if (hex) ++i;
        std::uint64_t value = 0;
        std::size_t digits = 0;
        for (; i < text_.size(); ++i, ++digits) {
            const char d = text_[i];
            int v = -1;
            if (d >= '0' && d <= '9') v = d - '0';
            else if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
            else if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
            if (v < 0) break;
            // Past U+10FFFF it stays past (no overflow however many digits).
            value = std::min<std::uint64_t>(value * (hex ? 16 : 10) + static_cast<unsigned>(v), 0x110000);
        }
        if (i >= text_.size() || text_[i] != ';' || digits == 0) {
            ++at_;  // not a complete reference: tinyxml2 keeps or refuses it
            return;
        }
        const std::string written(text_.substr(at_, i + 1 - at_));
        if (value > 0x10FFFF || !is_xml_char(static_cast<std::uint32_t>(value)))
            fail("the character reference " + written + " names a character XML does not allow",
                 "remove it (surrogates, NUL and control characters other than tab and line breaks cannot be written)");
        if (in_name_value && is_control(static_cast<std::uint32_t>(value)))
            fail("a name holds the control character " + code_point(static_cast<std::uint32_t>(value)) + " (written " +
                     written + ")",
                 "names are shown on terminals and in reports; write them on one line without control characters");
        at_ = i + 1;
    }

    std::string_view name() {
        const std::size_t start = at_;
        while (at_ < text_.size() && !is_space(text_[at_]) && text_[at_] != '/' && text_[at_] != '>' &&
               text_[at_] != '=' && text_[at_] != '<')
            ++at_;
        const std::string_view found = text_.substr(start, at_ - start);
        if (found.size() > max_name_bytes)
            fail("a name of " + std::to_string(found.size()) + " bytes",
                 "element and attribute names are at most " + std::to_string(max_name_bytes) + " bytes");
        return found;
    }

    void skip_spaces() {
        while (at_ < text_.size() && is_space(text_[at_])) {
            if (text_[at_] == '\n') ++line_;
            ++at_;
        }
    }

    // At '<'. False when the markup is malformed (left to tinyxml2).
    bool tag() {
        if (starts("<!--")) return skip_past("-->");
        if (starts("<?")) return skip_past("?>");
        if (starts("<![CDATA[")) return skip_past("]]>");
        if (starts("<!")) return skip_past(">");
        if (starts("</")) {
            --depth_;
            return skip_past(">");
        }
        ++at_;
        if (name().empty()) return false;
        std::size_t attributes = 0;
        for (;;) {
            skip_spaces();
            if (at_ >= text_.size()) return false;
            if (starts("/>")) {
                at_ += 2;
                return true;
            }
            if (text_[at_] == '>') {
                ++at_;
                if (++depth_ > max_element_depth)
                    fail("elements are nested more than " + std::to_string(max_element_depth) + " deep",
                         "a ruleset nests a few levels; check for unclosed elements");
                return true;
            }
            const std::string_view attribute = name();
            if (attribute.empty()) return false;
            if (++attributes > max_attributes_per_element)
                fail("an element has more than " + std::to_string(max_attributes_per_element) + " attributes",
                     "ruleset elements take a few attributes each; check the element");
            skip_spaces();
            if (at_ >= text_.size() || text_[at_] != '=') return false;
            ++at_;
            skip_spaces();
            if (at_ >= text_.size() || (text_[at_] != '"' && text_[at_] != '\'')) return false;
            const char quote = text_[at_++];
            const bool is_name = attribute == "name";
            while (at_ < text_.size() && text_[at_] != quote) {
                if (text_[at_] == '&')
                    reference(is_name);
                else
                    byte(is_name);
            }
            if (at_ >= text_.size()) return false;
            ++at_;
        }
    }

    std::string_view text_;
    const std::string& file_;
    std::size_t at_ = 0;
    int line_ = 1;
    int depth_ = 0;
};

}  // namespace

void prescan(std::string_view text, const std::string& file) { Scanner(text, file).run(); }

}  // namespace escalate::xml
