// A linear pass over a ruleset file's bytes before tinyxml2 sees them (docs/reliability.md,
// "Limits on work"): tinyxml2's attribute parsing is quadratic in the attributes of an element,
// and it turns character references into any code point, so both are bounded or checked here.
// Private to the engine's loader.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace escalate::xml {

/// The limits the pre-scan enforces.
inline constexpr std::size_t max_attributes_per_element = 64;
inline constexpr std::size_t max_name_bytes = 256;  // element and attribute names
inline constexpr int max_element_depth = 100;       // tinyxml2's own limit, checked before it

/// Throws ParseError "file:line: ..." for: an element with more than max_attributes_per_element
/// attributes; an element or attribute name longer than max_name_bytes; elements nested deeper
/// than max_element_depth; a character reference (&#...; or &#x...;) to a code point XML 1.0
/// does not allow (its Char production: no NUL, C0 controls other than tab, LF and CR,
/// surrogates, U+FFFE/U+FFFF, nothing past U+10FFFF); a raw C0 control other than tab, LF and
/// CR; and in the value of a `name` attribute (what `validate` and `decide` print) any control
/// character at all, raw or by reference (tab, LF, CR, DEL, U+0080 to U+009F). Anything else
/// malformed is left for tinyxml2 to report. The text must already be valid UTF-8.
void prescan(std::string_view text, const std::string& file);

}  // namespace escalate::xml
