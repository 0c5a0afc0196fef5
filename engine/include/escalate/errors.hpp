// The engine's exceptions. Each kind maps to exactly one C ABI status (capi/ does the mapping);
// the message is complete and says what is wrong and, for rulesets, where and how to fix it.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "escalate/source_location.hpp"

namespace escalate {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A ruleset or calendar file that is not well-formed XML. Message: "file:line: ...".
class ParseError : public Error {
public:
    using Error::Error;
};

/// Well-formed XML that breaks the format or the compilation checks. Message: "file:line: ...".
class RulesetError : public Error {
public:
    using Error::Error;
};

/// A file or directory that cannot be read.
class IoError : public Error {
public:
    using Error::Error;
};

/// An unknown pathway, stage, calendar or event id.
class NotFoundError : public Error {
public:
    using Error::Error;
};

/// An event with no transition from the given stage (and facts).
class NoTransitionError : public Error {
public:
    using Error::Error;
};

/// A date outside the range a calendar was compiled for.
class OutOfRangeError : public Error {
public:
    using Error::Error;
};

/// An argument that is malformed or inconsistent (a negative count, a missing subject).
class InvalidArgumentError : public Error {
public:
    using Error::Error;
};

/// Throws RulesetError "file:line: what; how": the one shape of every ruleset error, used by
/// the readers and the compiler alike.
[[noreturn]] void fail_at(const SourceLocation& where, std::string_view what, std::string_view how);

/// True for a lower-case kebab-case id: [a-z0-9]+(-[a-z0-9]+)*.
bool is_kebab_id(std::string_view text) noexcept;

}  // namespace escalate
