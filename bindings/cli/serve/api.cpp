// The routes of `escalate serve`: request parsing, the C calls, and problem details.
// docs/server.md describes every route; serve/openapi.json is its machine-readable form, and a
// test holds that document and route_list() to each other.
#include <algorithm>
#include <cstdio>
#include <functional>
#include <regex>

#include <boost/beast/http/status.hpp>

#include "serve.hpp"

namespace escalate::serve {

namespace {

/// A request the API refuses, turned into a problem response.
struct HttpError {
    int status;
    std::string detail;
    std::string escalate_status;  // "" for HTTP-level problems
};

[[noreturn]] void bad_request(const std::string& detail) {
    throw HttpError{400, detail, "ESC_INVALID_ARGUMENT"};
}

int http_status_of(esc_status status) {
    switch (status) {
        case ESC_INVALID_ARGUMENT: return 400;
        case ESC_NOT_FOUND: return 404;
        case ESC_NO_TRANSITION:
        case ESC_OUT_OF_RANGE:
        case ESC_PARSE_ERROR:
        case ESC_INVALID_RULESET: return 422;
        case ESC_NO_MEMORY: return 503;
        default: return 500;
    }
}

std::string reason(int status) {
    return std::string(boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status)));
}

/// "ESC_NO_TRANSITION" -> "no-transition".
std::string problem_slug(const std::string& status_name) {
    std::string slug = status_name.compare(0, 4, "ESC_") == 0 ? status_name.substr(4) : status_name;
    for (char& c : slug) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return slug;
}

/// Serialises JSON, replacing any ill-formed UTF-8 (which a hostile body can put into an
/// echoed value or a parser message) rather than throwing.
std::string dump(const json& value) { return value.dump(-1, ' ', false, json::error_handler_t::replace); }

Response json_response(const json& body, int status = 200) {
    Response response;
    response.status = status;
    response.body = dump(body);
    return response;
}

bool constant_time_equal(const std::string& a, const std::string& b) {
    unsigned char difference = a.size() == b.size() ? 0 : 1;
    const std::string& longer = a.size() >= b.size() ? a : b;
    for (std::size_t i = 0; i < longer.size(); ++i)
        difference |= static_cast<unsigned char>((i < a.size() ? a[i] : 0) ^ (i < b.size() ? b[i] : 0));
    return difference == 0;
}

bool bearer_matches(const std::string& authorization, const std::string& token) {
    static const std::string scheme = "Bearer ";
    if (authorization.size() <= scheme.size()) return false;
    std::string given_scheme = authorization.substr(0, scheme.size());
    std::transform(given_scheme.begin(), given_scheme.end(), given_scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return given_scheme == "bearer " && constant_time_equal(authorization.substr(scheme.size()), token);
}

// ---- JSON bodies --------------------------------------------------------------------------

json parse_json_body(const Request& request, const Limits& limits) {
    if (!request.content_type.empty() && request.content_type != "application/json")
        throw HttpError{415, "send the body as application/json, not " + request.content_type, ""};
    if (request.body.empty()) bad_request("the request has no body; send a JSON object");
    std::size_t values = 0;
    const json::parser_callback_t guard = [&](int depth, json::parse_event_t event, json&) {
        if (depth > limits.max_json_depth)
            throw HttpError{400, "the JSON is nested deeper than " + std::to_string(limits.max_json_depth) + " levels",
                            "ESC_INVALID_ARGUMENT"};
        if ((event == json::parse_event_t::value || event == json::parse_event_t::object_start ||
             event == json::parse_event_t::array_start) &&
            ++values > limits.max_json_values)
            throw HttpError{413, "the JSON holds more than " + std::to_string(limits.max_json_values) + " values", ""};
        return true;
    };
    try {
        json body = json::parse(request.body, guard);
        if (!body.is_object()) bad_request("the body must be a JSON object");
        return body;
    } catch (const json::exception& error) {
        // "[json.exception.parse_error.101] parse error at line 1, column 9: ..." -> from "parse
        // error"; also a number too large for a double ("number overflow").
        std::string message = error.what();
        const auto at = message.find("] ") != std::string::npos ? message.find("] ") + 2 : std::string::npos;
        bad_request("the body is not valid JSON: " + (at == std::string::npos ? message : message.substr(at)));
    }
}

/// Rejects fields the route does not know, so that a misspelt name is not silently ignored.
void only_fields(const json& body, std::initializer_list<const char*> known) {
    for (const auto& item : body.items()) {
        // A named reference, not a structured binding: clang before 16 cannot capture those.
        const std::string& key = item.key();
        if (std::none_of(known.begin(), known.end(), [&](const char* name) { return key == name; })) {
            std::string list;
            for (const char* name : known) list += std::string(list.empty() ? "" : ", ") + name;
            bad_request("unknown field \"" + key.substr(0, 60) + "\"; the fields are " + list);
        }
    }
}

std::optional<std::string> optional_string(const json& body, const char* name) {
    const auto found = body.find(name);
    if (found == body.end() || found->is_null()) return std::nullopt;
    if (!found->is_string()) bad_request(std::string(name) + " must be a string or null");
    return found->get<std::string>();
}

std::string required_string(const json& body, const char* name) {
    auto value = optional_string(body, name);
    if (!value || value->empty()) bad_request(std::string(name) + " is required");
    return *value;
}

esc_date date_from_text(const std::string& text, const std::string& name) {
    esc_date date = ESC_NO_DATE;
    if (esc_date_parse(text.c_str(), &date) != ESC_OK)
        bad_request(name + " \"" + text.substr(0, 40) + "\" is not a real date in the form YYYY-MM-DD");
    return date;
}

esc_date optional_date(const json& body, const char* name) {
    const auto text = optional_string(body, name);
    if (!text) return ESC_NO_DATE;
    return date_from_text(*text, name);
}

esc_date required_date(const json& body, const char* name) {
    const esc_date date = optional_date(body, name);
    if (date == ESC_NO_DATE) bad_request(std::string(name) + " is required (YYYY-MM-DD)");
    return date;
}

// ---- routes -------------------------------------------------------------------------------

struct Context {
    const Request& request;
    std::vector<std::string> params;  // the {...} segments of the route, in order
    std::shared_ptr<const Snapshot> snapshot;
    Api& api;
    EngineStore& store;

    const esc_engine* engine() const { return snapshot->engine.get(); }
    std::optional<std::string> query(const std::string& name) const {
        const auto found = request.query.find(name);
        if (found == request.query.end()) return std::nullopt;
        return found->second;
    }
};

int32_t pathway_index(const Context& context, const std::string& id) {
    int32_t index = -1;
    cli::check(esc_engine_pathway_index(context.engine(), id.c_str(), &index));
    return index;
}

Response list_pathways(Context& context) {
    return json_response({{"pathways", context.snapshot->pathways}});
}

Response get_pathway(Context& context) {
    const auto found = context.snapshot->pathway_details.find(context.params[0]);
    if (found == context.snapshot->pathway_details.end()) {
        pathway_index(context, context.params[0]);  // the library's 404 and message
        throw HttpError{404, "no pathway \"" + context.params[0].substr(0, 60) + "\"", "ESC_NOT_FOUND"};
    }
    return json_response(found->second);
}

Response get_flowchart(Context& context) {
    const int32_t index = pathway_index(context, context.params[0]);
    const auto subject = context.query("subject");
    const std::string key = context.params[0] + "\n" + subject.value_or("");
    Response response;
    response.content_type = "image/svg+xml";
    {
        std::lock_guard lock(context.snapshot->svg_mutex);
        const auto cached = context.snapshot->svg_cache.find(key);
        if (cached != context.snapshot->svg_cache.end()) {
            response.body = cached->second;
            return response;
        }
    }
    const std::string dot = cli::dot_text(context.engine(), index, subject ? subject->c_str() : nullptr);
    response.body = cli::svg_from_dot(dot);
    std::lock_guard lock(context.snapshot->svg_mutex);
    context.snapshot->svg_cache.emplace(key, response.body);
    return response;
}

Response get_source(Context& context) {
    pathway_index(context, context.params[0]);  // 404 for an unknown pathway
    const auto found = context.snapshot->pathway_sources.find(context.params[0]);
    if (found == context.snapshot->pathway_sources.end())
        throw HttpError{404, "the XML file of pathway \"" + context.params[0] + "\" was not found among the rulesets", ""};
    Response response;
    response.content_type = "application/xml; charset=utf-8";
    response.body = found->second;
    return response;
}

Response get_timeline(Context& context) {
    const auto start = context.query("start");
    if (!start) bad_request("start is required (?start=YYYY-MM-DD)");
    const esc_date started = date_from_text(*start, "start");
    const auto subject = context.query("subject");
    const cli::Timeline timeline = cli::walk_timeline(context.engine(), context.params[0], started,
                                                      subject ? subject->c_str() : nullptr);
    Response response;
    response.body = cli::timeline_json(timeline);
    return response;
}

Response list_calendars(Context& context) {
    return json_response({{"calendars", context.snapshot->calendars}});
}

Response get_holidays(Context& context) {
    const auto year_text = context.query("year");
    if (!year_text) bad_request("year is required (?year=2024)");
    int year = 0;
    if (year_text->empty() || year_text->size() > 4 ||
        !std::all_of(year_text->begin(), year_text->end(), [](unsigned char c) { return std::isdigit(c); }))
        bad_request("year \"" + year_text->substr(0, 20) + "\" is not a year such as 2024");
    year = std::stoi(*year_text);
    const esc_calendar* calendar = nullptr;
    cli::check(esc_engine_calendar(context.engine(), context.params[0].c_str(), &calendar));
    size_t count = 0;
    cli::check(esc_calendar_holidays(calendar, year, nullptr, 0, &count));
    std::vector<esc_holiday> holidays(count);
    cli::check(esc_calendar_holidays(calendar, year, holidays.data(), holidays.size(), &count));
    json list = json::array();
    for (const esc_holiday& holiday : holidays)
        list.push_back({{"date", cli::iso(holiday.date)}, {"weekday", cli::weekday_name(holiday.date)},
                        {"name", holiday.name}, {"substitute", holiday.substitute != 0}});
    return json_response({{"calendar", context.params[0]}, {"year", year}, {"holidays", list}});
}

Response post_decide(Context& context) {
    const json body = parse_json_body(context.request, context.api.limits());
    only_fields(body, {"pathway", "stage", "event", "subject", "at", "started", "version", "explain"});
    const std::string pathway = required_string(body, "pathway");
    const auto version = optional_string(body, "version");
    const auto stage = optional_string(body, "stage");
    const auto event = optional_string(body, "event");
    const auto subject = optional_string(body, "subject");
    bool explain = false;
    if (const auto found = body.find("explain"); found != body.end() && !found->is_null()) {
        if (!found->is_boolean()) bad_request("explain must be true or false");
        explain = found->get<bool>();
    }
    esc_query query{};
    query.size = sizeof query;
    query.pathway = pathway.c_str();
    query.stage = stage ? stage->c_str() : nullptr;
    query.event = event ? event->c_str() : nullptr;
    query.subject = subject ? subject->c_str() : nullptr;
    query.at = required_date(body, "at");
    query.started = optional_date(body, "started");
    query.version = version ? version->c_str() : nullptr;
    const cli::DecisionResult result = cli::decide(context.engine(), query);
    Response response;
    response.body = cli::decision_json(context.engine(), query, result, explain);
    return response;
}

Response post_due(Context& context) {
    const json body = parse_json_body(context.request, context.api.limits());
    only_fields(body, {"pathway", "stage", "entered", "started", "version"});
    const std::string pathway = required_string(body, "pathway");
    const std::string stage = required_string(body, "stage");
    const esc_date entered = required_date(body, "entered");
    const esc_date started = optional_date(body, "started");
    const auto version = optional_string(body, "version");
    // The version /v1/decide would apply to the same case.
    int32_t p = -1;
    cli::check(esc_engine_pathway_for_case(context.engine(), pathway.c_str(), version ? version->c_str() : nullptr,
                                           entered, started, &p));
    int32_t s = -1;
    cli::check(esc_pathway_stage_index(context.engine(), p, stage.c_str(), &s));
    esc_date due = ESC_NO_DATE;
    cli::check(esc_pathway_due(context.engine(), p, s, entered, started, &due));
    esc_pathway_info info = ESC_PATHWAY_INFO_INIT;
    cli::check(esc_pathway_info_get(context.engine(), p, &info));
    return json_response({{"pathway", pathway}, {"version", info.version}, {"stage", stage}, {"entered", cli::iso(entered)},
                          {"started", started == ESC_NO_DATE ? json(nullptr) : json(cli::iso(started))},
                          {"due", due == ESC_NO_DATE ? json(nullptr) : json(cli::iso(due))}});
}

Response recalculate_csv_body(Context& context) {
    if (context.request.body.empty()) bad_request("the request has no body; send CSV with a header row");
    std::FILE* input = fmemopen(const_cast<char*>(context.request.body.data()), context.request.body.size(), "rb");
    char* output_data = nullptr;
    size_t output_size = 0;
    std::FILE* output = open_memstream(&output_data, &output_size);
    if (!input || !output) {
        if (input) std::fclose(input);
        if (output) std::fclose(output);
        std::free(output_data);
        throw HttpError{503, "out of memory", "ESC_NO_MEMORY"};
    }
    cli::CsvRecalcTotals totals;
    std::string failure;
    try {
        totals = cli::recalculate_csv(context.engine(), input, "body", output, 1);
    } catch (const cli::CallError&) {
        std::fclose(input);
        std::fclose(output);
        std::free(output_data);
        throw;
    } catch (const std::exception& error) {
        failure = error.what();
    }
    std::fclose(input);
    std::fclose(output);
    Response response;
    response.body.assign(output_data ? output_data : "", output_size);
    std::free(output_data);
    if (!failure.empty()) bad_request(failure);
    response.content_type = "text/csv; charset=utf-8";
    response.headers.emplace_back("Escalate-Rows", std::to_string(totals.rows));
    response.headers.emplace_back("Escalate-Failed-Rows", std::to_string(totals.bad));
    return response;
}

Response post_recalculate(Context& context) {
    if (context.request.content_type == "text/csv") return recalculate_csv_body(context);
    const json body = parse_json_body(context.request, context.api.limits());
    only_fields(body, {"pathways", "stages", "entered", "started"});
    const auto column = [&](const char* name, bool required) -> const json* {
        const auto found = body.find(name);
        if (found == body.end() || found->is_null()) {
            if (required) bad_request(std::string(name) + " is required (an array)");
            return nullptr;
        }
        if (!found->is_array()) bad_request(std::string(name) + " must be an array");
        return &*found;
    };
    const json& pathways = *column("pathways", true);
    const json& stages = *column("stages", true);
    const json& entered = *column("entered", true);
    const json* started = column("started", false);
    const std::size_t count = pathways.size();
    if (stages.size() != count || entered.size() != count || (started && started->size() != count))
        bad_request("pathways, stages, entered and started must be arrays of the same length");
    if (count > context.api.limits().max_rows)
        throw HttpError{413, "at most " + std::to_string(context.api.limits().max_rows) +
                                 " rows a request; send larger caseloads as CSV or in parts", ""};

    const esc_engine* engine = context.engine();
    std::vector<int32_t> p(count, -1), s(count, -1);
    std::vector<esc_date> e(count, ESC_NO_DATE), st(count, ESC_NO_DATE), due(count, ESC_NO_DATE);
    std::vector<esc_row_reason> reasons(count, ESC_ROW_OK);
    std::vector<esc_status> early(count, ESC_OK);
    std::vector<const char*> early_reason(count, nullptr);  // as `escalate recalc` names them
    std::map<std::string, int32_t> pathway_ids;
    std::map<std::pair<int32_t, std::string>, int32_t> stage_ids;
    const auto date_of = [](const json& value, esc_date& out) {
        if (value.is_null()) return true;
        if (!value.is_string()) return false;
        return esc_date_parse(value.get_ref<const std::string&>().c_str(), &out) == ESC_OK;
    };
    for (std::size_t i = 0; i < count; ++i) {
        if (!pathways[i].is_string() || !stages[i].is_string()) {
            early[i] = ESC_INVALID_ARGUMENT;
            early_reason[i] = !pathways[i].is_string() ? esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY) : esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE);
            continue;
        }
        const std::string& pathway = pathways[i].get_ref<const std::string&>();
        auto found = pathway_ids.find(pathway);
        if (found == pathway_ids.end()) {
            int32_t index = -1;
            if (esc_engine_pathway_index(engine, pathway.c_str(), &index) != ESC_OK) index = -1;
            found = pathway_ids.emplace(pathway, index).first;
        }
        if (found->second < 0) {
            early[i] = ESC_NOT_FOUND;
            early_reason[i] = esc_row_reason_name(ESC_ROW_UNKNOWN_PATHWAY);
            continue;
        }
        const std::pair<int32_t, std::string> stage_key{found->second, stages[i].get<std::string>()};
        auto stage = stage_ids.find(stage_key);
        if (stage == stage_ids.end()) {
            int32_t index = -1;
            if (esc_pathway_stage_index(engine, found->second, stage_key.second.c_str(), &index) != ESC_OK) index = -1;
            stage = stage_ids.emplace(stage_key, index).first;
        }
        if (stage->second < 0) {
            early[i] = ESC_NOT_FOUND;
            early_reason[i] = esc_row_reason_name(ESC_ROW_UNKNOWN_STAGE);
            continue;
        }
        if (!date_of(entered[i], e[i]) || (started && !date_of((*started)[i], st[i]))) {
            early[i] = ESC_INVALID_ARGUMENT;
            early_reason[i] = "bad-date";
            continue;
        }
        p[i] = found->second;
        s[i] = stage->second;
    }
    size_t failed = 0;
    // Ids were looked up as their latest versions: each case is answered by the version in
    // force on its outset, as /v1/decide answers it.
    cli::check(esc_select_versions(engine, count, p.data(), s.data(), e.data(), started ? st.data() : nullptr, nullptr));
    // One thread: the server's workers are the parallelism.
    cli::check(esc_recalculate_reasons(engine, count, p.data(), s.data(), e.data(), started ? st.data() : nullptr,
                                       due.data(), reasons.data(), 1, &failed));
    json due_list = json::array(), status_list = json::array(), reason_list = json::array();
    failed = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const esc_row_reason reason = reasons[i];
        const esc_status row = early[i] != ESC_OK ? early[i] : esc_row_reason_status(reason);
        if (row != ESC_OK) ++failed;
        due_list.push_back(row != ESC_OK || due[i] == ESC_NO_DATE ? json(nullptr) : json(cli::iso(due[i])));
        status_list.push_back(esc_status_name(row));
        reason_list.push_back(early_reason[i] ? early_reason[i] : esc_row_reason_name(reason));
    }
    return json_response({{"due", due_list}, {"row_status", status_list}, {"row_reason", reason_list}, {"failed", failed}});
}

Response post_validate(Context& context) {
    const std::string& type = context.request.content_type;
    if (!type.empty() && type != "application/xml" && type != "text/xml" && type != "text/plain")
        throw HttpError{415, "send the draft as application/xml, not " + type, ""};
    if (context.request.body.empty()) bad_request("the request has no body; send the draft pathway's XML");

    // The draft is loaded from memory beside the loaded calendars' files, into an engine of
    // its own: the pathways being served are untouched.
    std::vector<const char*> paths;
    for (const std::string& file : context.snapshot->calendar_files) paths.push_back(file.c_str());
    const esc_ruleset_document draft{"draft.xml", context.request.body.data(), context.request.body.size()};
    esc_engine* loaded = nullptr;
    const esc_status status = esc_engine_load_documents(paths.data(), paths.size(), &draft, 1, &loaded);
    const cli::EnginePtr engine(loaded);
    if (status != ESC_OK) {
        std::string message = esc_last_error();
        if (message.compare(0, 4, "esc_") == 0 && message.find(": ") != std::string::npos)
            message.erase(0, message.find(": ") + 2);
        json error = {{"status", esc_status_name(status)}, {"line", nullptr}, {"message", message}};
        static const std::regex located(R"(^draft\.xml:(\d+): ([\s\S]*)$)");
        std::smatch match;
        if (std::regex_match(message, match, located)) {
            error["line"] = std::stoi(match[1].str());
            error["message"] = match[2].str();
        }
        return json_response({{"valid", false}, {"errors", json::array({error})}});
    }
    int32_t count = 0;
    cli::check(esc_engine_pathway_count(engine.get(), &count));
    if (count == 0)
        return json_response({{"valid", true}, {"kind", root_element(context.request.body)}, {"errors", json::array()},
                              {"pathway", nullptr}, {"flowchart_svg", nullptr}});
    json flowchart = nullptr;
    try {
        flowchart = cli::svg_from_dot(cli::dot_text(engine.get(), 0, nullptr));
    } catch (const std::runtime_error&) {
        // Graphviz missing: the draft is still valid; the page says the drawing is unavailable.
    }
    return json_response({{"valid", true}, {"kind", "pathway"}, {"errors", json::array()},
                          {"pathway", describe_pathway(engine.get(), 0)}, {"flowchart_svg", flowchart}});
}

Response post_reload(Context& context) {
    const EngineStore::ReloadResult result = context.store.reload();
    if (!result.ok) {
        Response response = problem(http_status_of(result.status) == 500 ? 500 : 422,
                                    "the rulesets failed to load, so the engine loaded before (generation " +
                                        std::to_string(result.generation) + ") keeps serving: " + result.message,
                                    esc_status_name(result.status), context.request.path);
        return response;
    }
    const auto snapshot = context.store.current();
    return json_response({{"reloaded", true}, {"generation", snapshot->generation}, {"loaded_at", snapshot->loaded_at},
                          {"pathways", snapshot->pathways.size()}});
}

Response get_health(Context& context) {
    return json_response({{"status", "ok"}, {"version", esc_version()}, {"abi", esc_abi_version()},
                          {"generation", context.snapshot->generation}, {"loaded_at", context.snapshot->loaded_at},
                          {"pathways", context.snapshot->pathways.size()}});
}

Response get_openapi(Context&) {
    Response response;
    response.body = openapi_document;
    return response;
}

struct Route {
    const char* method;
    const char* pattern;  // "/v1/pathways/{id}"; each {...} matches one non-empty segment
    Response (*handler)(Context&);
    enum Access { token, admin } access = token;
};

const Route routes[] = {
    {"GET", "/v1/health", get_health},
    {"GET", "/v1/openapi.json", get_openapi},
    {"GET", "/v1/pathways", list_pathways},
    {"GET", "/v1/pathways/{id}", get_pathway},
    {"GET", "/v1/pathways/{id}/flowchart.svg", get_flowchart},
    {"GET", "/v1/pathways/{id}/source.xml", get_source},
    {"GET", "/v1/pathways/{id}/timeline", get_timeline},
    {"GET", "/v1/calendars", list_calendars},
    {"GET", "/v1/calendars/{id}/holidays", get_holidays},
    {"POST", "/v1/decide", post_decide},
    {"POST", "/v1/due", post_due},
    {"POST", "/v1/recalculate", post_recalculate},
    {"POST", "/v1/validate", post_validate},
    {"POST", "/v1/reload", post_reload, Route::admin},
};

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> parts;
    std::size_t start = 1;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return parts;
}

bool match(const char* pattern, const std::vector<std::string>& parts, std::vector<std::string>& params) {
    const std::vector<std::string> expected = split_path(pattern);
    if (expected.size() != parts.size()) return false;
    params.clear();
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (!expected[i].empty() && expected[i].front() == '{') {
            if (parts[i].empty()) return false;
            params.push_back(parts[i]);
        } else if (expected[i] != parts[i]) {
            return false;
        }
    }
    return true;
}

Response serve_static(const Request& request, const Snapshot& snapshot) {
    const std::string name = request.path == "/" ? "/index.html" : request.path;
    const auto found = snapshot.studio.find(name);
    if (found == snapshot.studio.end())
        throw HttpError{404, "nothing is served at " + request.path.substr(0, 200) + "; the API is under /v1/", ""};
    Response response;
    response.content_type = found->second.content_type;
    response.body = found->second.content;
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
}

}  // namespace

Response problem(int status, const std::string& detail, const std::string& escalate_status,
                 const std::string& instance) {
    json body = {{"type", escalate_status.empty() ? "about:blank" : "urn:escalate:problem:" + problem_slug(escalate_status)},
                 {"title", reason(status)},
                 {"status", status},
                 {"detail", detail}};
    if (!escalate_status.empty()) body["escalate_status"] = escalate_status;
    if (!instance.empty()) body["instance"] = instance;
    Response response;
    response.status = status;
    response.content_type = "application/problem+json";
    response.body = dump(body);
    return response;
}

bool Api::takes_csv(const std::string& method, const std::string& path, const std::string& content_type) {
    return method == "POST" && path == "/v1/recalculate" && content_type == "text/csv";
}

std::vector<std::string> Api::route_list() {
    std::vector<std::string> list;
    for (const Route& route : routes) list.push_back(std::string(route.method) + " " + route.pattern);
    return list;
}

Response Api::handle(const Request& request) {
    const bool head = request.method == "HEAD";
    const std::string method = head ? "GET" : request.method;
    try {
        const auto snapshot = store_.current();
        if (request.path.compare(0, 4, "/v1/") != 0 && request.path != "/v1") {
            if (method != "GET") {
                Response response = problem(405, "the studio's files are read with GET", "", request.path);
                response.headers.emplace_back("Allow", "GET, HEAD");
                return response;
            }
            Response response = serve_static(request, *snapshot);
            response.head = head;
            return response;
        }
        const std::vector<std::string> parts = split_path(request.path);
        std::vector<std::string> params;
        std::string allowed;
        for (const Route& route : routes) {
            if (!match(route.pattern, parts, params)) continue;
            if (method != route.method) {
                allowed += std::string(allowed.empty() ? "" : ", ") + route.method + (std::string(route.method) == "GET" ? ", HEAD" : "");
                continue;
            }
            if (route.access == Route::admin) {
                if (!admin_token_)
                    return problem(403, "reloading over HTTP is off: start the server with --admin-token-file FILE, "
                                        "or send it SIGHUP", "", request.path);
                if (!bearer_matches(request.authorization, *admin_token_)) {
                    Response response = problem(401, "this route needs the admin token: Authorization: Bearer TOKEN", "", request.path);
                    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"escalate-admin\"");
                    return response;
                }
            } else if (token_ && !bearer_matches(request.authorization, *token_)) {
                Response response = problem(401, "this server needs a token: Authorization: Bearer TOKEN", "", request.path);
                response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"escalate\"");
                return response;
            }
            Context context{request, params, snapshot, *this, store_};
            Response response = route.handler(context);
            response.head = head;
            return response;
        }
        if (!allowed.empty()) {
            Response response = problem(405, request.method.substr(0, 20) + " is not allowed here; use " + allowed, "", request.path);
            response.headers.emplace_back("Allow", allowed);
            return response;
        }
        return problem(404, "no route " + request.path.substr(0, 200) + "; see /v1/openapi.json", "", request.path);
    } catch (const HttpError& error) {
        return problem(error.status, error.detail, error.escalate_status, request.path);
    } catch (const cli::CallError& error) {
        return problem(http_status_of(error.status), error.what(), esc_status_name(error.status), request.path);
    } catch (const std::bad_alloc&) {
        return problem(503, "out of memory", "ESC_NO_MEMORY", request.path);
    } catch (const std::exception& error) {
        return problem(500, error.what(), "ESC_INTERNAL_ERROR", request.path);
    }
}

}  // namespace escalate::serve
