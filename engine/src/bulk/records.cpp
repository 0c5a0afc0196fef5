// factorize_records: open addressing (linear probing) over the distinct records, each slot a
// code; each code's full hash is kept so that a probe compares bytes only when hashes match.
// The table is indexed by the hash's top bits (Fibonacci hashing), so records whose low bits
// never vary (pointers, 16-byte aligned) still spread. Records of 17 to 256 bytes (NumPy
// strings: 'U' ids are four bytes a character) are read, hashed and compared in 16- or 32-byte
// vectors where the CPU has AVX2 (chosen at run time, as the bulk kernel is;
// ESCALATE_BULK_KERNEL=scalar pins the word-at-a-time loop, so tests run both).
#include "escalate/records.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <string_view>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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


#if defined(__x86_64__)
/// Records of more than one vector and at most Chunks vectors (V: 16 or 32 bytes), read as
/// Chunks loads, the last ending at the record's end (overlapping the one before). Hashed by
/// adding the vectors' 64-bit lanes, each vector first xored with constants of its own (so
/// that equal vectors at different places do not cancel), and multiplying the lanes down to
/// one word: a few instructions a row where the word loop took one multiply per 8 bytes.
/// Every byte is still compared, so records that agree in their low bytes ('A' and U+0141
/// in UCS4: 0x41 and 0x141) stay distinct.
template <class V, std::size_t Chunks>
struct Vectors {
    std::size_t width;
    static constexpr std::size_t size = sizeof(V);
    struct Key {
        V chunk[Chunks];
    };
    std::size_t offset(std::size_t j) const noexcept { return j + 1 < Chunks ? size * j : width - size; }
    __attribute__((target("avx2"))) static V load_vector(const unsigned char* at) noexcept {
        if constexpr (size == 32) {
            return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at));
        } else {
            return _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
        }
    }
    __attribute__((target("avx2"))) Key read(const unsigned char* record) const noexcept {
        Key key;
        for (std::size_t j = 0; j < Chunks; ++j) key.chunk[j] = load_vector(record + offset(j));
        return key;
    }
    __attribute__((target("avx2"))) std::uint64_t hash(const Key& key) const noexcept {
        const auto salt = [](std::size_t j, std::size_t lane) {
            return static_cast<long long>(kMultipliers[(j + lane) % 4] + j);
        };
        std::uint64_t h = width;
        if constexpr (size == 32) {
            __m256i sum = _mm256_setzero_si256();
            for (std::size_t j = 0; j < Chunks; ++j)
                sum = _mm256_add_epi64(sum, _mm256_xor_si256(key.chunk[j], _mm256_set_epi64x(salt(j, 3), salt(j, 2),
                                                                                            salt(j, 1), salt(j, 0))));
            const __m128i low = _mm256_castsi256_si128(sum), high = _mm256_extracti128_si256(sum, 1);
            h += static_cast<std::uint64_t>(_mm_cvtsi128_si64(high)) * kMultipliers[2] +
                 static_cast<std::uint64_t>(_mm_extract_epi64(high, 1)) * kMultipliers[3];
            h += static_cast<std::uint64_t>(_mm_cvtsi128_si64(low)) * kMultipliers[0] +
                 static_cast<std::uint64_t>(_mm_extract_epi64(low, 1)) * kMultipliers[1];
        } else {
            __m128i sum = _mm_setzero_si128();
            for (std::size_t j = 0; j < Chunks; ++j)
                sum = _mm_add_epi64(sum, _mm_xor_si128(key.chunk[j], _mm_set_epi64x(salt(j, 1), salt(j, 0))));
            h += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sum)) * kMultipliers[0] +
                 static_cast<std::uint64_t>(_mm_extract_epi64(sum, 1)) * kMultipliers[1];
        }
        h ^= h >> 32;
        return h * 0xff51afd7ed558ccdull;
    }
    __attribute__((target("avx2"))) bool same(const Key& key, const unsigned char* known) const noexcept {
        if constexpr (size == 32) {
            __m256i differ = _mm256_setzero_si256();
            for (std::size_t j = 0; j < Chunks; ++j)
                differ = _mm256_or_si256(differ, _mm256_xor_si256(key.chunk[j], load_vector(known + offset(j))));
            return _mm256_testz_si256(differ, differ);
        } else {
            __m128i differ = _mm_setzero_si128();
            for (std::size_t j = 0; j < Chunks; ++j)
                differ = _mm_or_si128(differ, _mm_xor_si128(key.chunk[j], load_vector(known + offset(j))));
            return _mm_testz_si128(differ, differ);
        }
    }
};
#endif

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

// Inlined into each caller, so that the AVX2 callers' kinds inline into it.
// Up to this many bits the table grows rather than let two known records share a slot.
constexpr int kQuietBits = 12;

template <class Kind>
[[gnu::always_inline]] inline Factorized factorize(const Kind& kind, const unsigned char* records, std::size_t count,
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
        const std::size_t home = hash >> (64 - bits);
        std::size_t slot = home;
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
            // Kept at most half full; and while the table is small (up to 16 KiB, in the L1
            // cache), grown whenever a record does not land in its own slot: with few distinct
            // ids in random order, every probe past a neighbour is a mispredicted branch.
            bool grow = 2 * firsts.size() > slots.size() || (slot != home && bits < kQuietBits);
            while (grow) {
                ++bits;
                slots.assign(std::size_t{1} << bits, -1);
                mask = slots.size() - 1;
                bool displaced = false;
                for (std::size_t known = 0; known < hashes.size(); ++known) {
                    std::size_t free = hashes[known] >> (64 - bits);
                    displaced |= slots[free] >= 0;
                    while (slots[free] >= 0) free = (free + 1) & mask;
                    slots[free] = static_cast<std::int32_t>(known);
                }
                grow = displaced && bits < kQuietBits;
            }
        }
        codes[row] = code;
    }
    result.distinct = firsts.size();
    return result;
}

#if defined(__x86_64__)
template <class V, std::size_t Chunks>
__attribute__((target("avx2"))) Factorized factorize_vectors(std::size_t width, const unsigned char* records,
                                                             std::size_t count, std::size_t stride, std::int32_t* codes) {
    return factorize(Vectors<V, Chunks>{width}, records, count, stride, codes);
}

bool use_vectors() {
    static const bool chosen = [] {
        const char* forced = std::getenv("ESCALATE_BULK_KERNEL");
        if (forced && std::string_view(forced) == "scalar") return false;
        return __builtin_cpu_supports("avx2") != 0;
    }();
    return chosen;
}
#endif

template <class Kind>
Factorized factorize_words(const Kind& kind, const unsigned char* records, std::size_t count, std::size_t stride,
                           std::int32_t* codes) {
    return factorize(kind, records, count, stride, codes);
}

}  // namespace

Factorized factorize_records(const unsigned char* records, std::size_t count, std::size_t width,
                             std::size_t stride, std::int32_t* codes) {
    if (width == 8) return factorize_words(Word{}, records, count, stride, codes);
    if (width < 8) return factorize_words(AnyBytes{width}, records, count, stride, codes);
#if defined(__x86_64__)
    if (width > 16 && width <= 256 && use_vectors()) {
        if (width <= 32) return factorize_vectors<__m128i, 2>(width, records, count, stride, codes);
        switch ((width + 31) / 32) {
            case 2: return factorize_vectors<__m256i, 2>(width, records, count, stride, codes);
            case 3: return factorize_vectors<__m256i, 3>(width, records, count, stride, codes);
            case 4: return factorize_vectors<__m256i, 4>(width, records, count, stride, codes);
            case 5: return factorize_vectors<__m256i, 5>(width, records, count, stride, codes);
            case 6: return factorize_vectors<__m256i, 6>(width, records, count, stride, codes);
            case 7: return factorize_vectors<__m256i, 7>(width, records, count, stride, codes);
            default: return factorize_vectors<__m256i, 8>(width, records, count, stride, codes);
        }
    }
#endif
    switch ((width + 7) / 8) {  // NumPy strings of up to 32 characters, unrolled
        case 2: return factorize_words(Bytes<2>{width}, records, count, stride, codes);
        case 3: return factorize_words(Bytes<3>{width}, records, count, stride, codes);
        case 4: return factorize_words(Bytes<4>{width}, records, count, stride, codes);
        case 5: return factorize_words(Bytes<5>{width}, records, count, stride, codes);
        case 6: return factorize_words(Bytes<6>{width}, records, count, stride, codes);
        case 7: return factorize_words(Bytes<7>{width}, records, count, stride, codes);
        case 8: return factorize_words(Bytes<8>{width}, records, count, stride, codes);
        case 9: return factorize_words(Bytes<9>{width}, records, count, stride, codes);
        case 10: return factorize_words(Bytes<10>{width}, records, count, stride, codes);
        case 11: return factorize_words(Bytes<11>{width}, records, count, stride, codes);
        case 12: return factorize_words(Bytes<12>{width}, records, count, stride, codes);
        case 13: return factorize_words(Bytes<13>{width}, records, count, stride, codes);
        case 14: return factorize_words(Bytes<14>{width}, records, count, stride, codes);
        case 15: return factorize_words(Bytes<15>{width}, records, count, stride, codes);
        case 16: return factorize_words(Bytes<16>{width}, records, count, stride, codes);
        default: return factorize_words(AnyBytes{width}, records, count, stride, codes);
    }
}

}  // namespace escalate
