// A one-line progress meter on stderr for long commands, shown only on a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace escalate::cli {

/// "12,345,678"
std::string with_thousands(std::uint64_t value);

/// Redraws "  1,234,567 rows  812,345 rows/s  [#####     ]  37%" in place at most ten times a
/// second. Disabled (every call does nothing) unless stderr is a terminal, so logs and pipes
/// never receive carriage returns. total_bytes 0: the input's size is unknown (a pipe), and
/// the bar and percentage are left out.
class ProgressMeter {
public:
    /// show false: never draws (for callers that are not at a terminal's command line).
    explicit ProgressMeter(std::uint64_t total_bytes, bool show = true);
    ~ProgressMeter() { finish(); }
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;
    void update(std::uint64_t rows, std::uint64_t bytes);
    /// Erases the line, so what follows starts on a clean line.
    void finish();
    bool enabled() const { return enabled_; }

private:
    bool enabled_;
    bool drawn_ = false;
    std::uint64_t total_bytes_;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace escalate::cli
