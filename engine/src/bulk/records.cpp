// factorize_records: open addressing (linear probing) over the distinct records, each slot a
// code; each code's full hash is kept so that a probe compares bytes only when hashes match.
// The table is indexed by the hash's top bits (Fibonacci hashing), so records whose low bits
// never vary (pointers, 16-byte aligned) still spread.
#include "escalate/records.hpp"

#include <array>
#include <cstring>

namespace escalate {
namespace {

constexpr std::uint64_t kMultipliers[4] = {0x9E3779B97F4A7C15ull, 0xC2B2AE3D27D4EB4Full,
                                           0x165667B19E3779F9ull, 0xD6E8FEB86659FD93ull};

std::uint64_t load(const unsigned char* bytes, std::size_t size) noexcept {
    std::uint64_t word = 0;
    std::memcpy(&word, bytes, size);
    return word;
}

std::uint64_t rotate(std::uint64_t x, int bits) noexcept { return x >> bits | x << (64 - bits); }

// Each kind of record reads a row once into a Key (registers, for the usual widths), hashes the
// key, and compares it with a known record's bytes.

/// Records of 8 bytes (an object column's pointers, int64): one word, one multiply; equal
/// hashes are equal records, so no bytes need comparing.
struct Word {
    using Key = std::uint64_t;
    static Key read(const unsigned char* record) noexcept { return load(record, 8); }
    static std::uint64_t hash(Key key) noexcept {
        const std::uint64_t h = key * kMultipliers[0];
        return h ^ (h >> 29);  // a bijection: distinct words keep distinct hashes
    }
    static bool same(Key, const unsigned char*) noexcept { return true; }
};

/// Four independent lanes of 8-byte words, so that a long record does not wait on one chain
/// of multiplies, then MurmurHash3's finaliser.
template <class Words>
std::uint64_t hash_words(std::size_t width, std::size_t count, const Words& word) noexcept {
    std::uint64_t lanes[4] = {width, 0, 0, 0};
    for (std::size_t i = 0; i < count; ++i)
        lanes[i % 4] = (lanes[i % 4] ^ word(i)) * kMultipliers[i % 4];
    std::uint64_t h = lanes[0] ^ rotate(lanes[1], 17) ^ rotate(lanes[2], 31) ^ rotate(lanes[3], 47);
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    return h ^ (h >> 33);
}

/// Other records (NumPy strings: four bytes a character), as Words 8-byte words, the last one
/// ending at the record's end (overlapping the one before when the width is not a multiple of
/// 8), so that every load has a constant size and the loops unroll; bytes compared inline
/// (ids are short: a call to memcmp costs more than the words).
template <std::size_t Words>
struct Bytes {
    std::size_t width;
    using Key = std::array<std::uint64_t, Words>;
    std::uint64_t word(const unsigned char* record, std::size_t i) const noexcept {
        return load(record + (8 * i + 8 <= width ? 8 * i : width - 8), 8);
    }
    Key read(const unsigned char* record) const noexcept {
        Key key;
        for (std::size_t i = 0; i < Words; ++i) key[i] = word(record, i);
        return key;
    }
    std::uint64_t hash(const Key& key) const noexcept {
        return hash_words(width, Words, [&](std::size_t i) { return key[i]; });
    }
    bool same(const Key& key, const unsigned char* known) const noexcept {
        std::uint64_t differ = 0;
        for (std::size_t i = 0; i < Words; ++i) differ |= key[i] ^ word(known, i);
        return differ == 0;
    }
};

/// Any width, read at run time (records shorter than a word, or longer than 128 bytes).
struct AnyBytes {
    std::size_t width;
    using Key = const unsigned char*;
    std::size_t words() const noexcept { return (width + 7) / 8; }
    std::uint64_t word(const unsigned char* record, std::size_t i) const noexcept {
        if (width < 8) return load(record, width);
        return load(record + (8 * i + 8 <= width ? 8 * i : width - 8), 8);
    }
    static Key read(const unsigned char* record) noexcept { return record; }
    std::uint64_t hash(Key record) const noexcept {
        return hash_words(width, words(), [&](std::size_t i) { return word(record, i); });
    }
    bool same(Key record, const unsigned char* known) const noexcept {
        return std::memcmp(record, known, width) == 0;
    }
};

template <class Kind>
Factorized factorize(const Kind& kind, const unsigned char* records, std::size_t count,
                     std::size_t stride, std::int32_t* codes) {
    Factorized result;
    std::vector<std::uint64_t> hashes;           // per code
    std::vector<const unsigned char*> firsts;    // per code: its first record
    int bits = 6;
    std::vector<std::int32_t> slots(std::size_t{1} << bits, -1);  // a code, or -1: empty
    std::size_t mask = slots.size() - 1;
    for (std::size_t row = 0; row < count; ++row) {
        const unsigned char* record = records + row * stride;
        const typename Kind::Key key = kind.read(record);
        const std::uint64_t hash = kind.hash(key);
        std::size_t slot = hash >> (64 - bits);
        std::int32_t code;
        while (true) {
            code = slots[slot];
            if (code < 0) break;
            const auto known = static_cast<std::size_t>(code);
            if (hashes[known] == hash && kind.same(key, firsts[known])) break;
            slot = (slot + 1) & mask;
        }
        if (code < 0) {  // a record not met before
            code = static_cast<std::int32_t>(firsts.size());
            result.firsts.push_back(row);
            firsts.push_back(record);
            hashes.push_back(hash);
            slots[slot] = code;
            if (2 * firsts.size() > slots.size()) {  // kept at most half full
                ++bits;
                slots.assign(std::size_t{1} << bits, -1);
                mask = slots.size() - 1;
                for (std::size_t known = 0; known < hashes.size(); ++known) {
                    std::size_t free = hashes[known] >> (64 - bits);
                    while (slots[free] >= 0) free = (free + 1) & mask;
                    slots[free] = static_cast<std::int32_t>(known);
                }
            }
        }
        codes[row] = code;
    }
    result.distinct = firsts.size();
    return result;
}

}  // namespace

Factorized factorize_records(const unsigned char* records, std::size_t count, std::size_t width,
                             std::size_t stride, std::int32_t* codes) {
    if (width == 8) return factorize(Word{}, records, count, stride, codes);
    if (width < 8) return factorize(AnyBytes{width}, records, count, stride, codes);
    switch ((width + 7) / 8) {  // NumPy strings of up to 32 characters, unrolled
        case 2: return factorize(Bytes<2>{width}, records, count, stride, codes);
        case 3: return factorize(Bytes<3>{width}, records, count, stride, codes);
        case 4: return factorize(Bytes<4>{width}, records, count, stride, codes);
        case 5: return factorize(Bytes<5>{width}, records, count, stride, codes);
        case 6: return factorize(Bytes<6>{width}, records, count, stride, codes);
        case 7: return factorize(Bytes<7>{width}, records, count, stride, codes);
        case 8: return factorize(Bytes<8>{width}, records, count, stride, codes);
        case 9: return factorize(Bytes<9>{width}, records, count, stride, codes);
        case 10: return factorize(Bytes<10>{width}, records, count, stride, codes);
        case 11: return factorize(Bytes<11>{width}, records, count, stride, codes);
        case 12: return factorize(Bytes<12>{width}, records, count, stride, codes);
        case 13: return factorize(Bytes<13>{width}, records, count, stride, codes);
        case 14: return factorize(Bytes<14>{width}, records, count, stride, codes);
        case 15: return factorize(Bytes<15>{width}, records, count, stride, codes);
        case 16: return factorize(Bytes<16>{width}, records, count, stride, codes);
        default: return factorize(AnyBytes{width}, records, count, stride, codes);
    }
}

}  // namespace escalate
