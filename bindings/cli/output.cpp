// The output file of the streaming commands (output.hpp).
#include "output.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.hpp"

namespace escalate::cli {

namespace {

// The temporary file of the run in progress, removed by the signal handler: a fixed buffer
// (a handler may not allocate), set before the handlers are installed.
char pending_temp_path[4096];
volatile std::sig_atomic_t pending_temp = 0;

extern "C" void remove_pending_temp_and_reraise(int signal_number) {
    if (pending_temp) unlink(pending_temp_path);
    std::signal(signal_number, SIG_DFL);
    std::raise(signal_number);
}

}  // namespace

Output::Output(const std::string& path) : path_(path) {
    if (path == "-") {
        file_ = stdout;
        return;
    }
    struct stat info {};
    const bool exists = lstat(path.c_str(), &info) == 0;
    bool replace = !exists || S_ISREG(info.st_mode);
    if (exists && S_ISLNK(info.st_mode)) {
        struct stat target {};
        replace = stat(path.c_str(), &target) != 0 || S_ISREG(target.st_mode);
    }
    if (!replace) {
        file_ = std::fopen(path.c_str(), "wb");
        if (!file_) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
        return;
    }
    const std::size_t slash = path.rfind('/');
    const std::string directory = slash == std::string::npos ? "" : path.substr(0, slash + 1);
    const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
    std::string temp = directory + "." + base + ".partial-XXXXXX";
    if (temp.size() >= sizeof pending_temp_path)
        throw std::runtime_error("cannot write " + path + ": the path is too long");
    const int fd = mkstemp(temp.data());
    if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
    temp_path_ = temp;
    std::memcpy(pending_temp_path, temp.c_str(), temp.size() + 1);
    pending_temp = 1;
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, remove_pending_temp_and_reraise);
    // mkstemp makes the file 0600; give it the mode a new file would have.
    const mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    file_ = fdopen(fd, "wb");
    if (!file_) {
        const int error = errno;
        close(fd);
        throw std::runtime_error("cannot write " + path + ": " + std::strerror(error));
    }
}
Output::~Output() {
    if (file_ && file_ != stdout) std::fclose(file_);
    if (!committed_ && !temp_path_.empty()) {
        unlink(temp_path_.c_str());
        forget_temp();
    }
}
void Output::commit() {
    if (file_ != stdout) {
        const auto failed = [&](const char* what) {
            return std::runtime_error("cannot write " + path_ + ": " + what + std::strerror(errno));
        };
        if (std::fflush(file_) != 0) throw failed("");
        if (!temp_path_.empty() && fsync(fileno(file_)) != 0) throw failed("");
        const int closed = std::fclose(file_);
        file_ = nullptr;
        if (closed != 0) throw failed("");
        if (!temp_path_.empty() && std::rename(temp_path_.c_str(), path_.c_str()) != 0)
            throw failed("cannot rename the temporary file into place: ");
    }
    committed_ = true;
    forget_temp();
}

void Output::forget_temp() {
    if (temp_path_.empty()) return;
    pending_temp = 0;
    for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) std::signal(signal_number, SIG_DFL);
}

int parse_threads(const std::optional<std::string>& text) {
    if (!text) return 0;
    int threads = -1;
    try {
        std::size_t used = 0;
        threads = std::stoi(*text, &used);
        if (used != text->size()) threads = -1;
    } catch (const std::exception&) {
    }
    if (threads < 0 || threads > 1024) throw UsageError("--threads must be a whole number from 0 (one per core) to 1024");
    return threads;
}

}  // namespace escalate::cli
