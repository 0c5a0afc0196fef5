// `escalate graph`: a pathway's flowchart as DOT, or as SVG drawn by Graphviz's `dot`.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <unistd.h>
#include <iostream>
#include <string>
#include <sys/wait.h>

#include "cli.hpp"

namespace escalate::cli {

const char* const graph_usage =
    "usage: escalate graph PATHWAY [--format dot|svg] [--subject child|adult] [--output FILE]\n"
    "                             [--version V]\n"
    "\n"
    "Draws the pathway as a flowchart: stages with their tier, timescale and worst case from the\n"
    "outset, outcomes by kind, and every route labelled with its event. DOT is written as is;\n"
    "SVG is drawn by Graphviz (`dot`, from Debian's graphviz package). Tier names follow\n"
    "--subject where a pathway names them by subject. Written to standard output unless\n"
    "--output FILE is given. --version V draws that version of the pathway (see `escalate\n"
    "validate`); without it, the latest.\n";

std::string dot_text(const esc_engine* engine, int32_t pathway, const char* subject) {
    size_t length = 0;
    check(esc_pathway_dot(engine, pathway, subject, nullptr, 0, &length));
    std::string text(length + 1, '\0');
    check(esc_pathway_dot(engine, pathway, subject, text.data(), text.size(), &length));
    text.resize(length);
    return text;
}

namespace {

constexpr const char* dot_missing = "Graphviz's dot failed to draw the flowchart (is the graphviz package installed?)";

struct Fd {
    int fd = -1;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) close(fd);
        fd = -1;
    }
};

}  // namespace

// `dot -Tsvg` with the DOT on its standard input and the SVG read from its standard output,
// both through pipes watched with poll() so neither side can block the other. A drawing that
// takes longer than 20 seconds is abandoned.
std::string svg_from_dot(const std::string& dot) {
    int to_child[2], from_child[2];
    if (pipe2(to_child, O_CLOEXEC) != 0) throw std::runtime_error(dot_missing);
    Fd write_end{to_child[1]}, child_in{to_child[0]};
    if (pipe2(from_child, O_CLOEXEC) != 0) throw std::runtime_error(dot_missing);
    Fd read_end{from_child[0]}, child_out{from_child[1]};

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_in.fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, child_out.fd, STDOUT_FILENO);
    char arg0[] = "dot", arg1[] = "-Tsvg";
    char* argv[] = {arg0, arg1, nullptr};
    pid_t pid = -1;
    const int spawned = posix_spawnp(&pid, "dot", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    child_in.reset();
    child_out.reset();
    if (spawned != 0) throw std::runtime_error(dot_missing);

    fcntl(write_end.fd, F_SETFL, O_NONBLOCK);
    std::string svg;
    std::size_t written = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    bool failed = false;
    while (read_end.fd >= 0) {
        if (write_end.fd >= 0 && written == dot.size()) write_end.reset();
        pollfd fds[2];
        nfds_t count = 0;
        fds[count++] = pollfd{read_end.fd, POLLIN, 0};
        if (write_end.fd >= 0) fds[count++] = pollfd{write_end.fd, POLLOUT, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || poll(fds, count, static_cast<int>(left.count())) < 0) {
            if (errno == EINTR && left.count() > 0) continue;
            failed = true;
            break;
        }
        if (count == 2 && (fds[1].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t n = ::write(write_end.fd, dot.data() + written, dot.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            else if (n < 0 && errno != EAGAIN && errno != EINTR) write_end.reset();  // dot has gone
        }
        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[65536];
            const ssize_t n = ::read(read_end.fd, buffer, sizeof buffer);
            if (n > 0) svg.append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || (errno != EINTR && errno != EAGAIN)) read_end.reset();
        }
    }
    if (failed) kill(pid, SIGKILL);
    write_end.reset();
    read_end.reset();
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0 || written != dot.size())
        throw std::runtime_error(dot_missing);
    return svg;
}

int run_graph(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--format", "--subject", "--output", "--version"}, {});
    if (arguments.positional.size() != 1) throw UsageError("give exactly one PATHWAY");
    const std::string format = arguments.value("--format").value_or("dot");
    if (format != "dot" && format != "svg") throw UsageError("--format is dot or svg, not \"" + format + "\"");
    const EnginePtr engine = load_engine(arguments);
    int32_t pathway = -1;
    // The version named, else the latest: there is no case, so no outset to choose by.
    const auto version = arguments.value("--version");
    check(esc_engine_pathway_select(engine.get(), arguments.positional[0].c_str(), version ? version->c_str() : nullptr, ESC_NO_DATE,
                                    &pathway));
    const auto subject = arguments.value("--subject");
    const std::string dot = dot_text(engine.get(), pathway, subject ? subject->c_str() : nullptr);
    const auto output = arguments.value("--output");
    const std::string text = format == "svg" ? svg_from_dot(dot) : dot;
    if (output) {
        std::ofstream file(*output, std::ios::binary);
        if (!(file << text)) throw std::runtime_error("cannot write " + *output);
    } else {
        std::cout << text;
    }
    return exit_ok;
}

}  // namespace escalate::cli
