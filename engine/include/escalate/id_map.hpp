// Maps keyed by id with look-ups by std::string_view that never allocate (transparent
// hashing), so the noexcept find_* calls cannot run out of memory and terminate.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace escalate {

struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const noexcept { return std::hash<std::string_view>{}(id); }
};

template <class Value>
using IdMap = std::unordered_map<std::string, Value, IdHash, std::equal_to<>>;

}  // namespace escalate
