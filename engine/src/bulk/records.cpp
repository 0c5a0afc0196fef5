// factorize_records: open addressing (linear probing) over the distinct records, each slot a
// code; each code's full hash is kept so that a probe compares bytes only when hashes match.
// The table is indexed by the hash's top bits (Fibonacci hashing), so records whose low bits
// never vary (pointers, 16-byte aligned) still spread.
#include "escalate/records.hpp"

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

/// Records of 8 bytes (an object column's pointers, int64): one word, one multiply; equal
/// hashes are equal records, so no bytes need comparing.
struct Word {
    std::uint64_t hash(const unsigned char* record) const noexcept {
        const std::uint64_t h = load(record, 8) * kMultipliers[0];
        return h ^ (h >> 29);  // a bijection: distinct words keep distinct hashes
    }
    static bool same(const unsigned char*, const unsigned char*) noexcept { return true; }
};

/// Other records (NumPy strings: four bytes a character): four independent lanes of 8-byte
/// words, so that a long record does not wait on one chain of multiplies; bytes compared.
/// Words > 0 fixes the number of 8-byte words (the last one overlapping the one before when
/// the width is not a multiple of 8), so that the loops unroll for the usual widths; Words == 0
/// reads the width at run time (and handles records shorter than a word).
template <std::size_t Words>
struct Bytes {
    std::size_t width;
    std::size_t words() const noexcept { return Words ? Words : (width + 7) / 8; }
    // Word i of a record: the last one ends at the record's end (overlapping, so that every
    // load has a constant size and needs no call to memcpy).
    std::uint64_t word(const unsigned char* record, std::size_t i) const noexcept {
        if (Words == 0 && width < 8) return load(record, width);
        return load(record + (8 * i + 8 <= width ? 8 * i : width - 8), 8);
    }
    std::uint64_t hash(const unsigned char* record) const noexcept {
        std::uint64_t lanes[4] = {width, 0, 0, 0};
        for (std::size_t i = 0; i < words(); ++i)
            lanes[i % 4] = (lanes[i % 4] ^ word(record, i)) * kMultipliers[i % 4];
        std::uint64_t h = lanes[0] ^ rotate(lanes[1], 17) ^ rotate(lanes[2], 31) ^ rotate(lanes[3], 47);
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;  // MurmurHash3's finaliser
        return h ^ (h >> 33);
    }
    bool same(const unsigned char* a, const unsigned char* b) const noexcept {
        std::uint64_t differ = 0;  // inline, word by word: ids are short, a call costs more
        for (std::size_t i = 0; i < words(); ++i) differ |= word(a, i) ^ word(b, i);
        return differ == 0;
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
        const std::uint64_t hash = kind.hash(record);
        std::size_t slot = hash >> (64 - bits);
        std::int32_t code;
        while (true) {
            code = slots[slot];
            if (code < 0) break;
            const auto known = static_cast<std::size_t>(code);
            if (hashes[known] == hash && kind.same(firsts[known], record)) break;
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
    if (width < 8) return factorize(Bytes<0>{width}, records, count, stride, codes);
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
        default: return factorize(Bytes<0>{width}, records, count, stride, codes);
    }
}

}  // namespace escalate
