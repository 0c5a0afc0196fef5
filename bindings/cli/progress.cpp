// The terminal progress meter of `escalate recalc`.
#include "progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace escalate::cli {

std::string with_thousands(std::uint64_t value) {
    const std::string digits = std::to_string(value);
    std::string grouped;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
        grouped += digits[i];
    }
    return grouped;
}

ProgressMeter::ProgressMeter(std::uint64_t total_bytes, bool show)
    : enabled_(show && isatty(STDERR_FILENO) == 1),
      total_bytes_(total_bytes),
      start_(std::chrono::steady_clock::now()),
      // The first update draws at once, so even a short run shows what it did.
      last_draw_(start_ - std::chrono::seconds(1)) {}

void ProgressMeter::update(std::uint64_t rows, std::uint64_t bytes) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::string line = "\r\x1b[K  " + with_thousands(rows) + " rows  " +
                       with_thousands(static_cast<std::uint64_t>(seconds > 0 ? rows / seconds : 0)) + " rows/s";
    if (total_bytes_ > 0) {
        const double fraction = bytes >= total_bytes_ ? 1.0 : static_cast<double>(bytes) / static_cast<double>(total_bytes_);
        constexpr int width = 30;
        const int filled = static_cast<int>(fraction * width);
        line += "  [" + std::string(static_cast<std::size_t>(filled), '#') +
                std::string(static_cast<std::size_t>(width - filled), ' ') + "]  " +
                std::to_string(static_cast<int>(fraction * 100)) + "%";
    }
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressMeter::finish() {
    if (!enabled_ || !drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
}

}  // namespace escalate::cli
