// The output file of the streaming commands (`recalc`, `worklist`): written whole or not at all.
#pragma once

#include <cstdio>
#include <optional>
#include <string>

namespace escalate::cli {

/// The output file. A regular file (or a name that does not exist yet, or a symbolic link, which
/// is replaced rather than written through) is written to a new temporary file beside it,
/// created with mkstemp (O_EXCL: never an existing file, never through a planted link), synced
/// and renamed over the name only when the run completes, so a failed or interrupted run never
/// leaves half a file, or a temporary, behind, and two runs never share a temporary. SIGINT and
/// SIGTERM remove the temporary. Standard output, a device or a FIFO (a link to one included,
/// such as /dev/stdout) is written in place.
class Output {
public:
    explicit Output(const std::string& path);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    std::FILE* file() const { return file_; }
    const std::string& name() const { return path_; }
    bool is_stdout() const { return file_ == stdout; }

    /// Flushes, syncs and renames the temporary into place; throws std::runtime_error on failure.
    void commit();

private:
    void forget_temp();

    std::string path_, temp_path_;
    std::FILE* file_ = nullptr;
    bool committed_ = false;
};

/// The value of a --threads option: 0 (one per core, the default when absent) to 1024.
int parse_threads(const std::optional<std::string>& text);

}  // namespace escalate::cli
