// Strict reading of tinyxml2 elements: each attribute read is ticked off, and finish() rejects
// anything left over, so a misspelt attribute is an error rather than silently ignored.
// Private to the engine's loader.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tinyxml2.h>

#include "escalate/calendar_model.hpp"
#include "escalate/date.hpp"
#include "escalate/errors.hpp"

namespace escalate::xml {

class ElementReader {
public:
    ElementReader(const tinyxml2::XMLElement& element, const std::string& file);

    const tinyxml2::XMLElement& element() const noexcept { return element_; }
    std::string_view name() const noexcept { return element_.Name(); }
    int line() const noexcept { return element_.GetLineNum(); }
    SourceLocation where() const { return {file_, line()}; }
    const std::string& file() const noexcept { return file_; }

    /// The attribute's value; throws RulesetError naming the element when it is missing or
    /// empty. `example` shows a valid value in the message.
    std::string required(const char* attribute, std::string_view example);
    std::optional<std::string> optional(const char* attribute);

    int required_int(const char* attribute, int min, int max);
    std::optional<int> optional_int(const char* attribute, int min, int max);
    Date required_date(const char* attribute);
    std::optional<Date> optional_date(const char* attribute);
    /// A date as a source states it: YYYY-MM-DD, YYYY-MM or YYYY (date.hpp, StatedDate).
    StatedDate required_stated_date(const char* attribute);
    std::optional<StatedDate> optional_stated_date(const char* attribute);
    /// One of `allowed` (kebab-case keywords).
    std::string required_keyword(const char* attribute, std::initializer_list<const char*> allowed);
    std::optional<std::string> optional_keyword(const char* attribute,
                                                std::initializer_list<const char*> allowed);
    /// A whitespace-separated list, each item checked to be a kebab-case id.
    std::vector<std::string> required_list(const char* attribute, std::string_view example);

    /// The child elements, each checked to be one of `allowed`; text content is rejected.
    std::vector<const tinyxml2::XMLElement*> children(std::initializer_list<const char*> allowed) const;

    /// Throws if an attribute was not read: the format does not define it.
    void finish() const;

    /// Throws RulesetError "file:line: <element id=...>: what; how".
    [[noreturn]] void fail(std::string_view what, std::string_view how) const;

private:
    std::string describe() const;
    const tinyxml2::XMLElement& element_;
    const std::string& file_;
    std::vector<std::string> read_;
};

}  // namespace escalate::xml
