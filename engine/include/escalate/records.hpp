// Distinct fixed-width records: the ids of a column turned into small codes in one hashed pass,
// so that a binding maps each distinct id once rather than each row (docs/python.md, "Columns";
// docs/c-api.md, "Bulk recalculation"). Records are compared as bytes: a NumPy fixed-width
// string is one (its padding included), and so is an object column's pointer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace escalate {

/// What factorize_records found: the number of distinct records, and the row of each one's
/// first occurrence in order of code (firsts.size() == distinct).
struct Factorized {
    std::size_t distinct = 0;
    std::vector<std::size_t> firsts;
};

/// codes[i] = the code of record i (records + i * stride, width bytes): 0 for the first
/// distinct record met, 1 for the next, and so on, equal records equal codes. O(count * width)
/// expected, through a hash table of the distinct records (grows as they come). Requires
/// width > 0, stride >= width and count <= INT32_MAX + 1 (codes are int32). Throws
/// std::bad_alloc only.
Factorized factorize_records(const unsigned char* records, std::size_t count, std::size_t width,
                             std::size_t stride, std::int32_t* codes);

}  // namespace escalate
