// Where a ruleset element came from, so that every error can name the file and the line.
#pragma once

#include <string>

namespace escalate {

struct SourceLocation {
    std::string file;
    int line = 0;
};

}  // namespace escalate
