// `escalate serve`: options, the safe defaults, and start-up.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <boost/asio/ip/address.hpp>

#include "serve.hpp"

namespace escalate::cli {

const char* const serve_usage =
    "usage: escalate serve [--host 127.0.0.1] [--port 8080] [--rulesets PATH]... [--token-file FILE]\n"
    "                      [--admin-token-file FILE] [--threads N] [--studio DIR] [limits]\n"
    "\n"
    "Serves the engine over HTTP/1.1: a JSON API under /v1/ (described at /v1/openapi.json and\n"
    "in docs/server.md) and the studio page at /, for seeing pathways, trying cases and checking\n"
    "draft pathway files (docs/studio.md).\n"
    "\n"
    "  --host H               the address to listen on; 127.0.0.1 (this machine only) unless\n"
    "                         given. Any other address needs --token-file.\n"
    "  --port N               the port; 8080 by default, 0 for any free port (printed on start)\n"
    "  --rulesets PATH        a ruleset file or directory; repeat to load several together as\n"
    "                         one engine (the bundled rulesets when none is given)\n"
    "  --token-file FILE      every /v1/ request must carry Authorization: Bearer TOKEN, TOKEN\n"
    "                         being the file's first line (at least 16 characters)\n"
    "  --admin-token-file F   the token of POST /v1/reload; without it reload only by SIGHUP\n"
    "  --threads N            worker threads (default: the cores, at most 4)\n"
    "  --studio DIR           the studio page's files (default: found beside the installed\n"
    "                         command, then in the source tree)\n"
    "\n"
    "limits (defaults in brackets):\n"
    "  --max-body BYTES           a JSON or XML body [1048576]\n"
    "  --max-csv-body BYTES       a CSV body of POST /v1/recalculate [67108864]\n"
    "  --max-header BYTES         the request line and headers [8192]\n"
    "  --request-timeout MS       to receive a request, or send a response [10000]\n"
    "  --max-connections N        open connections; more are answered 503 and closed [512]\n"
    "\n"
    "Signals: SIGHUP loads the rulesets again and swaps the new engine in (requests in flight\n"
    "finish on the old one; when the load fails the old one keeps serving, and the reason is\n"
    "written to stderr). SIGINT and SIGTERM stop the server after the requests in flight.\n"
    "\n"
    "  --list-routes          print the routes (METHOD PATH) and exit\n";

namespace {

std::size_t parse_count(const Arguments& arguments, const std::string& name, std::size_t fallback,
                        std::size_t lowest, std::size_t highest) {
    const auto text = arguments.value(name);
    if (!text) return fallback;
    std::size_t value = 0, used = 0;
    try {
        value = std::stoull(*text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text->size() || text->empty() || (*text)[0] == '-' || value < lowest || value > highest)
        throw UsageError(name + " must be a whole number from " + std::to_string(lowest) + " to " +
                         std::to_string(highest));
    return value;
}

std::string read_token(const std::string& path, const std::string& option) {
    std::ifstream file(path);
    if (!file) throw UsageError(option + " " + path + " cannot be read");
    std::string token;
    std::getline(file, token);
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.pop_back();
    while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.erase(0, 1);
    if (token.size() < 16)
        throw UsageError(option + " " + path + ": the token must be at least 16 characters on the file's first line");
    for (const unsigned char c : token)
        if (c < 0x21 || c > 0x7E) throw UsageError(option + " " + path + ": the token must be printable ASCII without spaces");
    return token;
}

std::filesystem::path default_studio_dir() {
    namespace fs = std::filesystem;
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error) {
        const fs::path beside = executable.parent_path().parent_path() / "share" / "escalate" / "studio";
        if (fs::is_directory(beside, error)) return beside;
    }
    if (fs::is_directory(ESCALATE_SOURCE_STUDIO, error)) return ESCALATE_SOURCE_STUDIO;
    return ESCALATE_INSTALLED_STUDIO;
}

}  // namespace

int run_serve(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(
        args,
        {"--host", "--port", "--token-file", "--admin-token-file", "--threads", "--studio", "--max-body",
         "--max-csv-body", "--max-header", "--request-timeout", "--max-connections"},
        {"--list-routes"});
    if (!arguments.positional.empty()) throw UsageError("unexpected argument " + arguments.positional[0]);
    if (arguments.flags.count("--list-routes")) {
        for (const std::string& route : serve::Api::route_list()) std::cout << route << "\n";
        return exit_ok;
    }

    serve::ServerOptions options;
    options.host = arguments.value("--host").value_or("127.0.0.1");
    boost::system::error_code bad_address;
    const auto address = boost::asio::ip::make_address(options.host == "localhost" ? "127.0.0.1" : options.host, bad_address);
    if (bad_address) throw UsageError("--host " + options.host + " is not an IP address (such as 127.0.0.1 or 0.0.0.0)");
    std::optional<std::string> token, admin_token;
    if (const auto file = arguments.value("--token-file")) token = read_token(*file, "--token-file");
    if (const auto file = arguments.value("--admin-token-file")) admin_token = read_token(*file, "--admin-token-file");
    if (!address.is_loopback() && !token)
        throw UsageError("--host " + options.host +
                         " reaches beyond this machine: give --token-file FILE so that every request needs the token "
                         "(or put a gateway in front and listen on 127.0.0.1)");
    options.port = static_cast<unsigned short>(parse_count(arguments, "--port", 8080, 0, 65535));
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    options.threads = static_cast<int>(parse_count(arguments, "--threads", std::min<std::size_t>(cores, 4), 1, 256));
    serve::Limits& limits = options.limits;
    limits.max_body = parse_count(arguments, "--max-body", limits.max_body, 1024, std::size_t{1} << 30);
    limits.max_csv_body = parse_count(arguments, "--max-csv-body", limits.max_csv_body, 1024, std::size_t{1} << 32);
    limits.max_header = parse_count(arguments, "--max-header", limits.max_header, 1024, 1 << 20);
    limits.request_timeout = std::chrono::milliseconds(
        parse_count(arguments, "--request-timeout", static_cast<std::size_t>(limits.request_timeout.count()), 100, 3'600'000));
    limits.max_connections = parse_count(arguments, "--max-connections", limits.max_connections, 1, 1'000'000);

    // Resolved to paths because reload loads them again and the draft checker needs the
    // calendar files among them.
    const std::vector<std::string> ruleset_paths = resolved_rulesets_paths();
    const std::filesystem::path studio = arguments.value("--studio").value_or(default_studio_dir().string());
    serve::EngineStore store(ruleset_paths, studio);
    store.load_initial();
    const auto snapshot = store.current();
    std::cerr << "escalate serve: " << snapshot->pathways.size() << " pathways from";
    for (const std::string& path : ruleset_paths) std::cerr << " " << path;
    std::cerr << "; studio " << (snapshot->studio.empty() ? "missing from " : "from ") << studio.string() << "; "
              << options.threads << " threads\n";
    serve::Api api(store, limits, token, admin_token);
    return serve::run_server(options, store, api);
}

}  // namespace escalate::cli
