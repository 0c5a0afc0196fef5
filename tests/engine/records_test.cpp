// factorize_records (the string-id columns' codes, docs/performance.md "String ids factorized in
// C") against an independent answer: a std::map from each record's bytes to the code of its
// first occurrence. The suite is named Recalculate* so that CTest runs it again with each bulk
// kernel pinned (ESCALATE_BULK_KERNEL=scalar / avx2): the vector loop and the word loop.
#include <cstdint>
#include <cstring>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "escalate/records.hpp"

using escalate::factorize_records;

namespace {

/// The answer worked out without hashing: codes in order of first appearance.
std::vector<std::int32_t> expected_codes(const std::vector<unsigned char>& records, std::size_t count,
                                         std::size_t width, std::size_t stride, std::vector<std::size_t>& firsts) {
    std::map<std::string, std::int32_t> seen;
    std::vector<std::int32_t> codes;
    firsts.clear();
    for (std::size_t row = 0; row < count; ++row) {
        const std::string bytes(reinterpret_cast<const char*>(records.data() + row * stride), width);
        const auto [at, added] = seen.emplace(bytes, static_cast<std::int32_t>(seen.size()));
        if (added) firsts.push_back(row);
        codes.push_back(at->second);
    }
    return codes;
}

void expect_like_the_map(const std::vector<unsigned char>& records, std::size_t count, std::size_t width,
                         std::size_t stride) {
    std::vector<std::size_t> firsts;
    const std::vector<std::int32_t> expected = expected_codes(records, count, width, stride, firsts);
    std::vector<std::int32_t> codes(count, -7);
    const escalate::Factorized found = factorize_records(records.data(), count, width, stride, codes.data());
    EXPECT_EQ(found.distinct, firsts.size()) << "width " << width << " stride " << stride;
    EXPECT_EQ(found.firsts, firsts) << "width " << width << " stride " << stride;
    EXPECT_EQ(codes, expected) << "width " << width << " stride " << stride;
}

/// A NumPy 'U' column of `characters` characters a row (UCS4, little-endian, NUL-padded).
std::vector<unsigned char> ucs4_rows(const std::vector<std::u32string>& rows, std::size_t characters) {
    std::vector<unsigned char> records(rows.size() * characters * 4, 0);
    for (std::size_t row = 0; row < rows.size(); ++row) {
        for (std::size_t c = 0; c < rows[row].size() && c < characters; ++c) {
            const std::uint32_t code_point = rows[row][c];
            std::memcpy(&records[(row * characters + c) * 4], &code_point, 4);
        }
    }
    return records;
}

}  // namespace

// 'A' (U+0041) and 'Ł' (U+0141) share their low byte: as UCS4 records they differ only in the
// second byte of one character. Every width from 5 to 64 characters (20 to 256 bytes: both
// vector sizes and every chunk count), the differing character first, in the middle and last.
TEST(RecalculateFactorize, UcsRecordsEqualInTheirLowBytesStayDistinct) {
    for (std::size_t characters = 5; characters <= 64; ++characters) {
        for (const std::size_t at : {std::size_t{0}, characters / 2, characters - 1}) {
            std::u32string a(characters, U'x'), b(characters, U'x');
            a[at] = U'A';
            b[at] = U'\u0141';
            const std::vector<std::u32string> rows = {a, b, a, a, b, b, a};
            const std::vector<unsigned char> records = ucs4_rows(rows, characters);
            std::vector<std::int32_t> codes(rows.size());
            const auto found = factorize_records(records.data(), rows.size(), characters * 4, characters * 4, codes.data());
            EXPECT_EQ(found.distinct, 2u) << characters << " characters, differing at " << at;
            EXPECT_EQ(codes, (std::vector<std::int32_t>{0, 1, 0, 0, 1, 1, 0})) << characters << " characters";
        }
    }
}

// Fixed-width ids are NUL-padded: "stage-1" and "stage-1" padded are one record, and a record
// that differs from another only by a character in the padding ("stage-1" and "stage-1x") is
// another. An all-NUL record (an empty id) is one more.
TEST(RecalculateFactorize, TrailingPaddingIsPartOfTheRecord) {
    for (std::size_t characters : {8u, 9u, 23u, 33u, 64u}) {
        const std::vector<std::u32string> rows = {U"stage-1", U"stage-1x", U"", U"stage-1", U"", U"stage-1x"};
        const std::vector<unsigned char> records = ucs4_rows(rows, characters);
        std::vector<std::int32_t> codes(rows.size());
        const auto found = factorize_records(records.data(), rows.size(), characters * 4, characters * 4, codes.data());
        EXPECT_EQ(found.distinct, 3u) << characters;
        EXPECT_EQ(codes, (std::vector<std::int32_t>{0, 1, 2, 0, 2, 1})) << characters;
        EXPECT_EQ(found.firsts, (std::vector<std::size_t>{0, 1, 2})) << characters;
    }
}

// Random records of every width from 1 to 300 bytes, few distinct (as ids in a caseload) and
// many (the table grows while rows are coded), each pair of distinct records differing in one
// random byte, with strides longer than the width: codes and firsts as the map gives them.
TEST(RecalculateFactorize, EveryWidthAgreesWithAMapOfTheBytes) {
    std::mt19937 random(14);
    for (std::size_t width = 1; width <= 300; ++width) {
        for (const std::size_t distinct : {std::size_t{3}, std::size_t{40}, std::size_t{3000}}) {
            const std::size_t stride = width + (width % 3 == 0 ? 5 : 0);
            const std::size_t count = distinct == 3000 ? 6000 : 400;
            std::vector<unsigned char> base(width);
            for (auto& byte : base) byte = static_cast<unsigned char>(random());
            std::vector<std::vector<unsigned char>> kinds(distinct, base);
            for (auto& kind : kinds) kind[random() % width] = static_cast<unsigned char>(random());
            std::vector<unsigned char> records(count * stride, 0xEE);
            for (std::size_t row = 0; row < count; ++row)
                std::memcpy(&records[row * stride], kinds[random() % distinct].data(), width);
            expect_like_the_map(records, count, width, stride);
        }
    }
}
