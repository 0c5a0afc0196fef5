// The shared shape of ruleset errors (see escalate/errors.hpp).
#include "escalate/errors.hpp"

#include <sstream>

namespace escalate {

void fail_at(const SourceLocation& where, std::string_view what, std::string_view how) {
    std::ostringstream message;
    message << where.file << ':' << where.line << ": " << what;
    if (!how.empty()) message << "; " << how;
    throw RulesetError(message.str());
}

bool is_kebab_id(std::string_view text) noexcept {
    if (text.empty() || text.front() == '-' || text.back() == '-') return false;
    char previous = 0;
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
        if (!ok || (c == '-' && previous == '-')) return false;
        previous = c;
    }
    return true;
}

}  // namespace escalate
