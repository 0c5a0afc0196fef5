#include "xml/xml_reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sstream>

#include "escalate/errors.hpp"

namespace escalate::xml {

namespace {

std::string join(std::initializer_list<const char*> items) {
    std::string out;
    for (const char* item : items) {
        if (!out.empty()) out += ", ";
        out += item;
    }
    return out;
}

bool is_blank(const char* text) {
    for (; text && *text; ++text) {
        if (!std::isspace(static_cast<unsigned char>(*text))) return false;
    }
    return true;
}

}  // namespace

ElementReader::ElementReader(const tinyxml2::XMLElement& element, const std::string& file)
    : element_(element), file_(file) {}

std::string ElementReader::describe() const {
    std::string out = "<";
    out += element_.Name();
    if (const char* id = element_.Attribute("id")) {
        out += " id=\"";
        out += id;
        out += "\"";
    } else if (const char* name = element_.Attribute("name")) {
        out += " name=\"";
        out += name;
        out += "\"";
    }
    out += ">";
    return out;
}

void ElementReader::fail(std::string_view what, std::string_view how) const {
    fail_at(where(), describe() + ": " + std::string(what), how);
}

std::optional<std::string> ElementReader::optional(const char* attribute) {
    read_.emplace_back(attribute);
    const char* value = element_.Attribute(attribute);
    if (!value) return std::nullopt;
    std::string text(value);
    if (is_blank(value)) {
        fail(std::string("attribute '") + attribute + "' is empty",
             "give it a value or leave the attribute out");
    }
    return text;
}

std::string ElementReader::required(const char* attribute, std::string_view example) {
    auto value = optional(attribute);
    if (!value) {
        fail(std::string("missing attribute '") + attribute + "'",
             std::string("add it, for example ") + attribute + "=\"" + std::string(example) + "\"");
    }
    return *value;
}

std::optional<int> ElementReader::optional_int(const char* attribute, int min, int max) {
    auto text = optional(attribute);
    if (!text) return std::nullopt;
    int value = 0;
    const char* begin = text->data();
    const char* end = begin + text->size();
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc() || ptr != end || value < min || value > max) {
        fail(std::string("attribute '") + attribute + "' is \"" + *text +
                 "\", not a whole number from " + std::to_string(min) + " to " + std::to_string(max),
             "write a whole number in that range");
    }
    return value;
}

int ElementReader::required_int(const char* attribute, int min, int max) {
    if (!element_.Attribute(attribute)) {
        fail(std::string("missing attribute '") + attribute + "'",
             "add it with a whole number from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return *optional_int(attribute, min, max);
}

std::optional<Date> ElementReader::optional_date(const char* attribute) {
    auto text = optional(attribute);
    if (!text) return std::nullopt;
    auto date = parse_iso_date(*text);
    if (!date) {
        fail(std::string("attribute '") + attribute + "' is \"" + *text + "\", not a real date",
             "write the date as YYYY-MM-DD, for example 2023-03-03");
    }
    return *date;
}

std::optional<StatedDate> ElementReader::optional_stated_date(const char* attribute) {
    auto text = optional(attribute);
    if (!text) return std::nullopt;
    auto date = parse_stated_date(*text);
    if (!date) {
        fail(std::string("attribute '") + attribute + "' is \"" + *text + "\", not a real date, month or year",
             "write it as the source states it: YYYY-MM-DD, YYYY-MM or YYYY, for example 2023-03-03 or 2024-04");
    }
    return date;
}

StatedDate ElementReader::required_stated_date(const char* attribute) {
    if (!element_.Attribute(attribute)) {
        fail(std::string("missing attribute '") + attribute + "'",
             std::string("add it as the source states it (YYYY-MM-DD, YYYY-MM or YYYY), for example ") + attribute +
                 "=\"2024-04\"");
    }
    return *optional_stated_date(attribute);
}

Date ElementReader::required_date(const char* attribute) {
    if (!element_.Attribute(attribute)) {
        fail(std::string("missing attribute '") + attribute + "'",
             std::string("add it as YYYY-MM-DD, for example ") + attribute + "=\"2023-03-03\"");
    }
    return *optional_date(attribute);
}

std::optional<std::string> ElementReader::optional_keyword(const char* attribute,
                                                           std::initializer_list<const char*> allowed) {
    auto text = optional(attribute);
    if (!text) return std::nullopt;
    for (const char* keyword : allowed) {
        if (*text == keyword) return text;
    }
    fail(std::string("attribute '") + attribute + "' is \"" + *text + "\"",
         "use one of: " + join(allowed));
}

std::string ElementReader::required_keyword(const char* attribute,
                                            std::initializer_list<const char*> allowed) {
    if (!element_.Attribute(attribute)) {
        fail(std::string("missing attribute '") + attribute + "'", "add it with one of: " + join(allowed));
    }
    return *optional_keyword(attribute, allowed);
}

std::vector<std::string> ElementReader::required_list(const char* attribute, std::string_view example) {
    std::string text = required(attribute, example);
    std::vector<std::string> items;
    std::istringstream stream(text);
    for (std::string item; stream >> item;) {
        if (!is_kebab_id(item)) {
            fail(std::string("attribute '") + attribute + "' has \"" + item + "\", which is not an id",
                 "ids are lower-case words joined by hyphens, separated by spaces, for example \"" +
                     std::string(example) + "\"");
        }
        items.push_back(item);
    }
    return items;
}

std::vector<const tinyxml2::XMLElement*> ElementReader::children(
    std::initializer_list<const char*> allowed) const {
    std::vector<const tinyxml2::XMLElement*> out;
    for (const tinyxml2::XMLNode* node = element_.FirstChild(); node; node = node->NextSibling()) {
        if (node->ToComment() || node->ToDeclaration()) continue;
        if (const auto* text = node->ToText()) {
            if (is_blank(text->Value())) continue;
            fail_at({file_, text->GetLineNum()},
                    describe() + ": unexpected text \"" + std::string(text->Value()).substr(0, 40) + "\"",
                    "the format keeps everything in attributes; write notes as <!-- comments -->");
        }
        const auto* child = node->ToElement();
        if (!child) {
            fail_at({file_, node->GetLineNum()}, describe() + ": unexpected content",
                    "remove it; only elements and comments may appear here");
        }
        const std::string_view name = child->Name();
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return name == a; })) {
            fail_at({file_, child->GetLineNum()},
                    "unknown element <" + std::string(name) + "> inside " + describe(),
                    allowed.size() ? "the elements allowed here are " + join(allowed)
                                   : std::string("this element takes no child elements"));
        }
        out.push_back(child);
    }
    return out;
}

void ElementReader::finish() const {
    for (const tinyxml2::XMLAttribute* a = element_.FirstAttribute(); a; a = a->Next()) {
        if (std::find(read_.begin(), read_.end(), a->Name()) == read_.end()) {
            std::string known;
            for (const auto& r : read_) known += (known.empty() ? "" : ", ") + r;
            fail(std::string("unknown attribute '") + a->Name() + "'",
                 known.empty() ? std::string("this element takes no attributes")
                               : "the attributes of <" + std::string(element_.Name()) + "> are " + known);
        }
    }
}

}  // namespace escalate::xml
