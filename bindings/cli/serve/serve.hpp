// `escalate serve`: the engine over HTTP/1.1 (JSON API, studio page). Like the rest of the
// command it is a client of the C interface only; the handlers reuse the command's own
// JSON and CSV writers so that the API and the CLI give the same answers.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../cli.hpp"

namespace escalate::serve {

using nlohmann::json;

/// A file of the studio page, held in memory: the server serves nothing else from disk.
struct StaticFile {
    std::string content;
    std::string content_type;
};

/// What one load of the rulesets gives: the engine and everything the handlers precompute
/// from it. Immutable once built; a reload builds a new one and swaps it in, and requests
/// holding the old one finish on it (it is freed with the last shared_ptr).
struct Snapshot {
    cli::EnginePtr engine;
    std::uint64_t generation = 0;
    std::string loaded_at;                                   // UTC, ISO 8601
    std::vector<std::string> ruleset_paths;
    std::vector<std::string> calendar_files;                 // for POST /v1/validate
    std::map<std::string, std::string> pathway_sources;      // id -> the XML as loaded
    json pathways;                                           // GET /v1/pathways
    std::map<std::string, json> pathway_details;             // GET /v1/pathways/{id}
    json calendars;                                          // GET /v1/calendars
    std::map<std::string, StaticFile> studio;                // "/index.html" -> file

    // Flowcharts are drawn by a child process, so each is drawn once per snapshot.
    mutable std::mutex svg_mutex;
    mutable std::map<std::string, std::string> svg_cache;
};

/// Loads the rulesets (one or several paths, as one engine) and the studio folder into a new
/// snapshot. Throws cli::CallError with the library's message when the load fails.
std::shared_ptr<const Snapshot> load_snapshot(const std::vector<std::string>& ruleset_paths,
                                              const std::filesystem::path& studio_dir,
                                              std::uint64_t generation);

/// The current snapshot, swapped whole on reload.
class EngineStore {
public:
    EngineStore(std::vector<std::string> ruleset_paths, std::filesystem::path studio_dir)
        : ruleset_paths_(std::move(ruleset_paths)), studio_dir_(std::move(studio_dir)) {}

    /// Loads the first snapshot; throws as load_snapshot does.
    void load_initial();
    std::shared_ptr<const Snapshot> current() const;

    struct ReloadResult {
        bool ok = false;
        esc_status status = ESC_OK;
        std::string message;  // why the load failed; empty when it succeeded
        std::uint64_t generation = 0;
    };
    /// Loads anew and swaps the result in; on failure the current snapshot stays.
    /// Reloads are serialised; requests are never blocked by one.
    ReloadResult reload();

    const std::vector<std::string>& ruleset_paths() const { return ruleset_paths_; }

private:
    std::vector<std::string> ruleset_paths_;
    std::filesystem::path studio_dir_;
    mutable std::mutex mutex_;  // guards current_ only, for the copy of a pointer
    std::shared_ptr<const Snapshot> current_;
    std::mutex reload_mutex_;
    std::uint64_t generation_ = 0;
};

/// The root element's name of an XML text ("pathway", "calendar"), skipping the declaration,
/// comments and a doctype; "" when there is none. Used only to find files (the calendars to
/// stage beside a draft, a pathway's source to show); the engine decides what they mean.
std::string root_element(const std::string& text);
/// The value of an attribute of the root element, or "".
std::string root_attribute(const std::string& text, const std::string& name);

/// A pathway's stages, events, tiers and clauses as JSON, from the C interface.
json describe_pathway(const esc_engine* engine, int32_t pathway);

// ---- HTTP ----------------------------------------------------------------------------

struct Limits {
    std::size_t max_body = 1 << 20;           // JSON and XML bodies
    std::size_t max_csv_body = 64 << 20;      // CSV bodies of POST /v1/recalculate
    std::size_t max_header = 8 << 10;         // the request line and headers together
    // To receive a whole request, counted from when the server starts waiting for it (so it
    // also closes a keep-alive connection left idle that long), and to send a response.
    std::chrono::milliseconds request_timeout{10000};
    std::size_t max_connections = 512;
    int max_json_depth = 16;
    std::size_t max_json_values = 2'000'000;  // every value in a JSON body, arrays included
    std::size_t max_rows = 1'000'000;         // rows of a JSON recalculation
};

struct Request {
    std::string method;
    std::string target;   // path and query as sent
    std::string path;     // decoded path
    std::map<std::string, std::string> query;
    std::string content_type;  // media type only, lower case
    std::string authorization;
    std::string body;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    bool head = false;  // answering HEAD: the headers of the GET answer (its length too), no body
};

/// The API: routes, parsing, problem details. Independent of the transport.
class Api {
public:
    Api(EngineStore& store, Limits limits, std::optional<std::string> token,
        std::optional<std::string> admin_token)
        : store_(store), limits_(limits), token_(std::move(token)), admin_token_(std::move(admin_token)) {}

    Response handle(const Request& request);
    /// Whether the body of this request may be as large as max_csv_body.
    static bool takes_csv(const std::string& method, const std::string& path, const std::string& content_type);
    /// "GET /v1/pathways" lines, one per route (for --list-routes and the OpenAPI check).
    static std::vector<std::string> route_list();

    const Limits& limits() const { return limits_; }

private:
    EngineStore& store_;
    Limits limits_;
    std::optional<std::string> token_, admin_token_;
};

/// A problem details response (RFC 9457).
Response problem(int status, const std::string& detail, const std::string& escalate_status = "",
                 const std::string& instance = "");

/// The OpenAPI 3 document, compiled in from serve/openapi.json.
extern const char* const openapi_document;

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    int threads = 2;
    Limits limits;
};

/// Runs the server until SIGINT or SIGTERM; SIGHUP reloads. Prints the address it listens
/// on (the port actually bound, for --port 0) on standard output as its first line.
int run_server(const ServerOptions& options, EngineStore& store, Api& api);

}  // namespace escalate::serve
