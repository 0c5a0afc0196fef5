// Reading ruleset XML (tinyxml2) into definitions. Strict: every element and attribute the
// format does not define is an error, and every error reads "file:line: what; how to fix it".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "escalate/calendar_model.hpp"
#include "escalate/pathway_model.hpp"

namespace escalate {

struct RulesetFiles {
    std::vector<CalendarDefinition> calendars;
    std::vector<PathwayDefinition> pathways;
};

/// Reads one file or every *.xml below a directory (sorted by path, so errors are stable).
/// Throws IoError, ParseError or RulesetError.
RulesetFiles read_rulesets(const std::filesystem::path& path);

/// Reads one document from memory; `file` names it in messages. The root element decides
/// whether it is a <calendar> or a <pathway>. Throws ParseError or RulesetError.
void read_ruleset_text(std::string_view text, const std::string& file, RulesetFiles& into);

}  // namespace escalate
