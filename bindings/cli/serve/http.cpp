// The HTTP/1.1 transport of `escalate serve` (Boost.Beast over Boost.Asio): a pool of threads
// running one io_context, one strand per connection, and the limits that keep a hostile
// client from taking the process (header and body sizes, a deadline per request, a cap on
// connections). The API itself (api.cpp) knows nothing of sockets.
#include <csignal>
#include <utility>  // before Asio: Boost 1.74 uses std::exchange without including it
#include <iostream>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "serve.hpp"

namespace escalate::serve {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

const std::string server_name = std::string("escalate/") + ESCALATE_VERSION_STRING;

/// %XX and nothing else ('+' stays '+' in a path); false for a malformed escape or a NUL.
bool percent_decode(std::string_view text, std::string& out, bool plus_is_space) {
    out.clear();
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) return false;
            const auto hex = [](char h) -> int {
                if (h >= '0' && h <= '9') return h - '0';
                if (h >= 'a' && h <= 'f') return h - 'a' + 10;
                if (h >= 'A' && h <= 'F') return h - 'A' + 10;
                return -1;
            };
            const int high = hex(text[i + 1]), low = hex(text[i + 2]);
            if (high < 0 || low < 0) return false;
            c = static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            c = ' ';
        }
        if (c == '\0') return false;
        out += c;
    }
    return true;
}

std::string_view view(beast::string_view text) { return {text.data(), text.size()}; }

std::string lower(std::string_view text) {
    std::string result(text);
    for (char& c : result) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return result;
}

/// "application/json; charset=utf-8" -> "application/json".
std::string media_type(std::string_view header) {
    std::string type = lower(header.substr(0, header.find(';')));
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.pop_back();
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.erase(0, 1);
    return type;
}

bool is_http_parse_error(const beast::error_code& error) {
    return &error.category() == &http::make_error_code(http::error::bad_target).category();
}

class Server;

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Server& server);
    ~Session();
    void start() {
        net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::read_header, shared_from_this()));
    }

private:
    void read_header();
    void on_header(beast::error_code error, std::size_t);
    void read_body();
    void on_body(beast::error_code error, std::size_t);
    void on_read_failure(const beast::error_code& error);
    void respond(const Request& request, Response response, bool keep_alive, unsigned version);
    void send_problem(int status, const std::string& detail) {
        Request request;
        respond(request, problem(status, detail), false, 11);
    }
    void on_write(bool close, beast::error_code error, std::size_t);
    void close() {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream_.close();
    }

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    Server& server_;
    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> body_parser_;
    std::shared_ptr<http::response<http::empty_body>> continue_;
};

class Server {
public:
    Server(net::io_context& io, const ServerOptions& options, EngineStore& store, Api& api)
        : io_(io), options_(options), store_(store), api_(api), acceptor_(net::make_strand(io)),
          retry_timer_(io), signals_(io, SIGINT, SIGTERM, SIGHUP), stop_timer_(io) {}

    tcp::endpoint listen() {
        const auto address = net::ip::make_address(options_.host == "localhost" ? "127.0.0.1" : options_.host);
        const tcp::endpoint endpoint(address, options_.port);
        acceptor_.open(endpoint.protocol());
        acceptor_.set_option(net::socket_base::reuse_address(true));
        acceptor_.bind(endpoint);
        acceptor_.listen(net::socket_base::max_listen_connections);
        accept();
        wait_for_signal();
        return acceptor_.local_endpoint();
    }

    const Limits& limits() const { return options_.limits; }
    Api& api() { return api_; }
    std::atomic<std::size_t> connections{0};

private:
    void accept() {
        acceptor_.async_accept(net::make_strand(io_), [this](beast::error_code error, tcp::socket socket) {
            if (error == net::error::operation_aborted || !acceptor_.is_open()) return;
            if (error) {
                // Out of descriptors, most likely: wait a moment rather than spin.
                std::cerr << "escalate serve: cannot accept a connection: " << error.message() << "\n";
                retry_timer_.expires_after(std::chrono::milliseconds(50));
                retry_timer_.async_wait([this](beast::error_code) { accept(); });
                return;
            }
            if (connections.load() >= options_.limits.max_connections) {
                refuse(socket);
            } else {
                ++connections;
                std::make_shared<Session>(std::move(socket), *this)->start();
            }
            accept();
        });
    }

    /// Over the connection cap: a short 503 written without waiting, then the socket closes.
    void refuse(tcp::socket& socket) {
        static const std::string busy = [] {
            const Response response = problem(503, "too many connections; try again shortly");
            return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/problem+json\r\nConnection: close\r\n"
                   "Retry-After: 1\r\nContent-Length: " +
                   std::to_string(response.body.size()) + "\r\n\r\n" + response.body;
        }();
        beast::error_code ignored;
        socket.non_blocking(true, ignored);
        socket.write_some(net::buffer(busy), ignored);
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }

    void wait_for_signal() {
        signals_.async_wait([this](beast::error_code error, int signal) {
            if (error) return;
            if (signal == SIGHUP) {
                const auto result = store_.reload();
                if (result.ok)
                    std::cerr << "escalate serve: reloaded the rulesets (generation " << result.generation << ")\n";
                else
                    std::cerr << "escalate serve: reload failed; generation " << result.generation
                              << " keeps serving: " << result.message << "\n";
                wait_for_signal();
                return;
            }
            std::cerr << "escalate serve: stopping\n";
            beast::error_code ignored;
            acceptor_.close(ignored);
            drain(std::chrono::steady_clock::now() + std::chrono::seconds(2));
        });
    }

    /// Lets requests in flight finish (for at most the grace period), then stops.
    void drain(std::chrono::steady_clock::time_point deadline) {
        if (connections.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
            io_.stop();
            return;
        }
        stop_timer_.expires_after(std::chrono::milliseconds(50));
        stop_timer_.async_wait([this, deadline](beast::error_code) { drain(deadline); });
    }

    net::io_context& io_;
    const ServerOptions& options_;
    EngineStore& store_;
    Api& api_;
    tcp::acceptor acceptor_;
    net::steady_timer retry_timer_;
    net::signal_set signals_;
    net::steady_timer stop_timer_;
};

Session::Session(tcp::socket socket, Server& server) : stream_(std::move(socket)), server_(server) {}

Session::~Session() { --server_.connections; }

void Session::read_header() {
    const Limits& limits = server_.limits();
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(limits.max_header));
    // The route's own limit is applied once the header is read; this one only bounds the parse.
    header_parser_->body_limit(std::max(limits.max_body, limits.max_csv_body));
    buffer_.max_size(limits.max_header + 64 * 1024);  // a pipelined body beyond this waits for the next read
    stream_.expires_after(limits.request_timeout);
    http::async_read_header(stream_, buffer_, *header_parser_,
                            beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code error, std::size_t) {
    if (error) return on_read_failure(error);
    const auto& header = header_parser_->get();
    const std::string target(header.target());
    const std::string path = target.substr(0, target.find('?'));
    const std::size_t limit = Api::takes_csv(std::string(header.method_string()), path, media_type(view(header[http::field::content_type])))
                                  ? server_.limits().max_csv_body
                                  : server_.limits().max_body;
    // Refused before a byte of the body is read.
    if (const auto length = header_parser_->content_length(); length && *length > limit)
        return send_problem(413, "the body is " + std::to_string(*length) + " bytes; this route takes at most " +
                                     std::to_string(limit));
    body_parser_.emplace(std::move(*header_parser_));
    body_parser_->body_limit(limit);
    buffer_.max_size(std::numeric_limits<std::size_t>::max());
    if (beast::iequals(body_parser_->get()[http::field::expect], "100-continue")) {
        continue_ = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
        http::async_write(stream_, *continue_, [self = shared_from_this()](beast::error_code write_error, std::size_t) {
            if (write_error) return self->close();
            self->read_body();
        });
        return;
    }
    read_body();
}

void Session::read_body() {
    http::async_read(stream_, buffer_, *body_parser_, beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code error, std::size_t) {
    if (error) return on_read_failure(error);
    http::request<http::string_body> message = body_parser_->release();
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    const std::size_t question = request.target.find('?');
    const std::string_view raw_path = std::string_view(request.target).substr(0, question);
    if (raw_path.empty() || raw_path.front() != '/' || !percent_decode(raw_path, request.path, false))
        return send_problem(400, "the request target must be a path such as /v1/pathways");
    if (question != std::string::npos) {
        std::string_view rest = std::string_view(request.target).substr(question + 1);
        while (!rest.empty()) {
            const std::string_view pair = rest.substr(0, rest.find('&'));
            rest.remove_prefix(std::min(rest.size(), pair.size() + 1));
            std::string key, value;
            const std::size_t equals = pair.find('=');
            if (!percent_decode(pair.substr(0, equals), key, true) ||
                (equals != std::string_view::npos && !percent_decode(pair.substr(equals + 1), value, true)))
                return send_problem(400, "the query string has a malformed %-escape");
            if (!key.empty()) request.query[key] = value;
        }
    }
    request.content_type = media_type(view(message[http::field::content_type]));
    request.authorization = std::string(message[http::field::authorization]);
    request.body = std::move(message.body());
    Response response;
    try {
        response = server_.api().handle(request);
    } catch (...) {
        // Api::handle answers every failure itself; this is the last line of defence, so
        // that no request can take the process down.
        response = Response{500, "application/problem+json",
                            R"({"type":"about:blank","title":"Internal Server Error","status":500,"detail":"an unexpected failure; please report it"})",
                            {}};
    }
    respond(request, std::move(response), message.keep_alive(), message.version());
}

void Session::on_read_failure(const beast::error_code& error) {
    if (error == http::error::end_of_stream || error == net::error::eof) return close();
    if (error == http::error::header_limit)
        return send_problem(431, "the request line and headers exceed " + std::to_string(server_.limits().max_header) + " bytes");
    if (error == http::error::body_limit) return send_problem(413, "the body is larger than this route takes");
    if (is_http_parse_error(error) && error != http::error::partial_message)
        return send_problem(400, "the request is not well-formed HTTP/1.1: " + error.message());
    // A deadline passed (slow headers, a stalled body) or the peer went away: close quietly.
    close();
}

void Session::respond(const Request& request, Response response, bool keep_alive, unsigned version) {
    // The response is written as one buffer: status line, headers and body together (Beast's
    // serializer writes each header as a buffer of its own, which costs more than the answer).
    const bool close = !keep_alive || response.status == 413 || response.status == 431 ||
                       (response.status == 400 && request.method.empty());
    auto out = std::make_shared<std::string>();
    out->reserve(512 + response.body.size());
    *out += "HTTP/1.1 " + std::to_string(response.status) + " " +
            std::string(http::obsolete_reason(static_cast<http::status>(response.status))) + "\r\n";
    const auto header = [&out](std::string_view name, std::string_view value) {
        // Values come from the API's own code, never from the request; a line break would
        // still end a header early, so none may pass.
        if (value.find_first_of("\r\n") != std::string_view::npos) return;
        out->append(name).append(": ").append(value).append("\r\n");
    };
    header("Server", server_name);
    header("Content-Type", response.content_type);
    header("X-Content-Type-Options", "nosniff");
    header("Referrer-Policy", "no-referrer");
    bool cache_set = false;
    for (const auto& [name, value] : response.headers) {
        header(name, value);
        cache_set = cache_set || beast::iequals(name, "Cache-Control");
    }
    if (!cache_set) header("Cache-Control", "no-store");
    if (response.content_type.rfind("text/html", 0) == 0)
        header("Content-Security-Policy",
               "default-src 'self'; img-src 'self' blob: data:; style-src 'self'; script-src 'self'; "
               "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    if (close) header("Connection", "close");
    else if (version < 11) header("Connection", "keep-alive");
    header("Content-Length", std::to_string(response.body.size()));
    *out += "\r\n";
    if (!response.head) *out += response.body;
    if (response.status >= 500)
        std::cerr << "escalate serve: " << response.status << " for " << request.method << " " << request.path << ": "
                  << response.body.substr(0, 300) << "\n";
    stream_.expires_after(server_.limits().request_timeout);
    net::async_write(stream_, net::buffer(*out),
                     [self = shared_from_this(), out, close](beast::error_code error, std::size_t bytes) {
                         self->on_write(close, error, bytes);
                     });
}

void Session::on_write(bool close_after, beast::error_code error, std::size_t) {
    if (error) return close();
    if (close_after) return close();
    read_header();
}

}  // namespace

int run_server(const ServerOptions& options, EngineStore& store, Api& api) {
    std::signal(SIGPIPE, SIG_IGN);  // a client or `dot` that goes away is an error code, not a signal
    const int threads = std::max(1, options.threads);
    net::io_context io(threads);
    Server server(io, options, store, api);
    const tcp::endpoint endpoint = server.listen();
    const bool v6 = endpoint.address().is_v6();
    std::cout << "escalate serve: listening on http://" << (v6 ? "[" : "") << endpoint.address().to_string()
              << (v6 ? "]" : "") << ":" << endpoint.port() << "/" << std::endl;
    std::vector<std::thread> workers;
    for (int i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
    io.run();
    for (std::thread& worker : workers) worker.join();
    return cli::exit_ok;
}

}  // namespace escalate::serve
