// The catch ladder in front of every entry point (capi/src/boundary.cpp), driven with every
// kind of exception, including those no input can provoke through the interface
// (std::bad_alloc, foreign exceptions), so each maps to its documented status with a message
// that names the function. Expected statuses are the mapping docs/c-api.md and escalate.h
// document, not the code's own output.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <new>
#include <stdexcept>
#include <string>

#include "boundary.hpp"
#include "escalate.h"
#include "escalate/errors.hpp"

namespace {

using escalate::capi::guarded;

template <class Exception>
esc_status status_for(const Exception& exception) {
    return guarded("esc_example", [&]() -> esc_status { throw exception; });
}

TEST(Boundary, EachEngineErrorHasItsOwnStatus) {
    EXPECT_EQ(status_for(escalate::ParseError("a.xml:3: not XML")), ESC_PARSE_ERROR);
    EXPECT_STREQ(esc_last_error(), "esc_example: a.xml:3: not XML");
    EXPECT_EQ(status_for(escalate::RulesetError("a.xml:9: bad")), ESC_INVALID_RULESET);
    EXPECT_STREQ(esc_last_error(), "esc_example: a.xml:9: bad");
    EXPECT_EQ(status_for(escalate::IoError("cannot read")), ESC_IO_ERROR);
    EXPECT_EQ(status_for(escalate::NotFoundError("no such id")), ESC_NOT_FOUND);
    EXPECT_EQ(status_for(escalate::NoTransitionError("no route")), ESC_NO_TRANSITION);
    EXPECT_EQ(status_for(escalate::OutOfRangeError("2200")), ESC_OUT_OF_RANGE);
    EXPECT_EQ(status_for(escalate::InvalidArgumentError("negative")), ESC_INVALID_ARGUMENT);
    EXPECT_STREQ(esc_last_error(), "esc_example: negative");
}

TEST(Boundary, MemoryExhaustionIsNoMemory) {
    EXPECT_EQ(status_for(std::bad_alloc()), ESC_NO_MEMORY);
    EXPECT_NE(std::strstr(esc_last_error(), "out of memory"), nullptr);
    EXPECT_EQ(guarded("esc_example", []() -> esc_status { throw std::bad_array_new_length(); }),
              ESC_NO_MEMORY);
}

TEST(Boundary, FileSystemErrorsAreIoErrors) {
    EXPECT_EQ(status_for(std::filesystem::filesystem_error(
                  "cannot open", std::make_error_code(std::errc::permission_denied))),
              ESC_IO_ERROR);
}

TEST(Boundary, AnythingElseIsAnInternalErrorWithAMessage) {
    EXPECT_EQ(status_for(std::logic_error("vector::at")), ESC_INTERNAL_ERROR);
    EXPECT_NE(std::strstr(esc_last_error(), "vector::at"), nullptr);
    EXPECT_NE(std::strstr(esc_last_error(), "please report"), nullptr);
    EXPECT_EQ(status_for(escalate::Error("a new kind")), ESC_INTERNAL_ERROR);
    EXPECT_EQ(status_for(42), ESC_INTERNAL_ERROR);
    EXPECT_NE(std::strstr(esc_last_error(), "unknown exception"), nullptr);
    EXPECT_EQ(status_for(std::string("thrown string")), ESC_INTERNAL_ERROR);
}

TEST(Boundary, SuccessClearsTheLastError) {
    EXPECT_EQ(status_for(std::bad_alloc()), ESC_NO_MEMORY);
    EXPECT_STRNE(esc_last_error(), "");
    EXPECT_EQ(guarded("esc_example", [] { return ESC_OK; }), ESC_OK);
    EXPECT_STREQ(esc_last_error(), "");
}

TEST(Boundary, LongMessagesAreKeptWhole) {
    const std::string long_message(100000, 'x');
    EXPECT_EQ(status_for(escalate::RulesetError(long_message)), ESC_INVALID_RULESET);
    EXPECT_EQ(std::strlen(esc_last_error()), std::strlen("esc_example: ") + long_message.size());
}

}  // namespace
