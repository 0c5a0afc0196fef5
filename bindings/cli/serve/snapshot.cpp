// Loading the rulesets into a snapshot, and swapping snapshots on reload.
#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include "serve.hpp"

namespace escalate::serve {

namespace fs = std::filesystem;

namespace {

// The loader refuses larger files; reading more than this to find a root element is waste.
constexpr std::size_t max_ruleset_file = 4 << 20;

std::string read_text(const fs::path& path, std::size_t limit) {
    std::ifstream file(path, std::ios::binary);
    std::string text;
    text.resize(limit);
    file.read(text.data(), static_cast<std::streamsize>(limit));
    text.resize(static_cast<std::size_t>(std::max<std::streamsize>(file.gcount(), 0)));
    return text;
}

/// Every *.xml below a path (or the path itself), sorted as the loader sorts them.
std::vector<fs::path> ruleset_files(const fs::path& path) {
    std::vector<fs::path> files;
    std::error_code error;
    if (fs::is_directory(path, error)) {
        fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error), end;
        for (; !error && it != end; it.increment(error))
            if (it->is_regular_file(error) && it->path().extension() == ".xml") files.push_back(it->path());
        std::sort(files.begin(), files.end());
    } else if (fs::exists(path, error)) {
        files.push_back(path);
    }
    return files;
}

std::string now_utc() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

std::string content_type_of(const fs::path& path) {
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".svg", "image/svg+xml"},
        {".png", "image/png"}, {".ico", "image/x-icon"}, {".json", "application/json"},
        {".txt", "text/plain; charset=utf-8"}, {".xml", "application/xml"}};
    const auto found = types.find(path.extension().string());
    return found == types.end() ? "" : found->second;
}

/// The studio's files, read once: only regular files directly in the folder, of known types.
std::map<std::string, StaticFile> read_studio(const fs::path& dir) {
    std::map<std::string, StaticFile> files;
    std::error_code error;
    for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
        if (!it->is_regular_file(error)) continue;
        const std::string type = content_type_of(it->path());
        if (type.empty()) continue;
        files["/" + it->path().filename().string()] = StaticFile{read_text(it->path(), 16 << 20), type};
    }
    return files;
}

json calendars_json(const esc_engine* engine) {
    json list = json::array();
    int32_t count = 0;
    cli::check(esc_engine_calendar_count(engine, &count));
    for (int32_t i = 0; i < count; ++i) {
        const esc_calendar* calendar = nullptr;
        cli::check(esc_engine_calendar_at(engine, i, &calendar));
        esc_calendar_info info{};
        info.size = sizeof info;
        cli::check(esc_calendar_info_get(calendar, &info));
        list.push_back({{"id", info.id}, {"name", info.name}, {"source", info.source},
                        {"first_date", cli::iso(info.first_date)}, {"last_date", cli::iso(info.last_date)}});
    }
    return list;
}

}  // namespace

// ---- root elements ------------------------------------------------------------------------

namespace {

/// Offset of the root element's '<', or npos.
std::size_t root_start(const std::string& text) {
    std::size_t at = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
    for (;;) {
        at = text.find('<', at);
        if (at == std::string::npos || at + 1 >= text.size()) return std::string::npos;
        if (text.compare(at, 4, "<!--") == 0) {
            at = text.find("-->", at + 4);
            if (at == std::string::npos) return at;
            at += 3;
        } else if (text[at + 1] == '?' || text[at + 1] == '!') {
            at = text.find('>', at + 2);
            if (at == std::string::npos) return at;
            ++at;
        } else {
            return at;
        }
    }
}

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' || c == '.';
}

}  // namespace

std::string root_element(const std::string& text) {
    const std::size_t start = root_start(text);
    if (start == std::string::npos) return "";
    std::size_t end = start + 1;
    while (end < text.size() && is_name_char(text[end])) ++end;
    return text.substr(start + 1, end - start - 1);
}

std::string root_attribute(const std::string& text, const std::string& name) {
    const std::size_t start = root_start(text);
    if (start == std::string::npos) return "";
    const std::size_t close = text.find('>', start);
    const std::string tag = text.substr(start, close == std::string::npos ? std::string::npos : close - start);
    for (std::size_t at = tag.find(name); at != std::string::npos; at = tag.find(name, at + 1)) {
        if (at == 0 || !std::isspace(static_cast<unsigned char>(tag[at - 1]))) continue;
        std::size_t i = at + name.size();
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (i >= tag.size() || tag[i] != '=') continue;
        ++i;
        while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
        if (i >= tag.size() || (tag[i] != '"' && tag[i] != '\'')) continue;
        const std::size_t value_end = tag.find(tag[i], i + 1);
        if (value_end == std::string::npos) return "";
        return tag.substr(i + 1, value_end - i - 1);
    }
    return "";
}

// ---- snapshots ----------------------------------------------------------------------------

std::shared_ptr<const Snapshot> load_snapshot(const std::vector<std::string>& ruleset_paths,
                                              const fs::path& studio_dir, std::uint64_t generation) {
    auto snapshot = std::make_shared<Snapshot>();
    snapshot->generation = generation;
    snapshot->ruleset_paths = ruleset_paths;

    std::vector<fs::path> files;
    for (const std::string& path : ruleset_paths) {
        const auto found = ruleset_files(path);
        files.insert(files.end(), found.begin(), found.end());
    }
    snapshot->engine = cli::load_engine_from(ruleset_paths);  // esc_engine_load_paths
    for (const fs::path& file : files) {
        const std::string text = read_text(file, max_ruleset_file);
        const std::string root = root_element(text);
        if (root == "calendar") snapshot->calendar_files.push_back(file.string());
        if (root == "pathway") snapshot->pathway_sources[root_attribute(text, "id")] = text;
    }

    const esc_engine* engine = snapshot->engine.get();
    int32_t count = 0;
    cli::check(esc_engine_pathway_count(engine, &count));
    snapshot->pathways = json::array();
    for (int32_t i = 0; i < count; ++i) {
        json detail = describe_pathway(engine, i);
        json summary = json::object();
        for (const char* key : {"id", "title", "version", "effective_from", "review_by", "calendar", "subjects", "source",
                                "stage_count", "entry_stage"})
            summary[key] = detail[key];
        snapshot->pathways.push_back(summary);
        const std::string id = detail["id"].get<std::string>();
        // Versions of an id come oldest first: the id names its latest, as the library's look-up does.
        snapshot->pathway_details.insert_or_assign(id, std::move(detail));
    }
    snapshot->calendars = calendars_json(engine);
    snapshot->studio = read_studio(studio_dir);
    snapshot->loaded_at = now_utc();
    return snapshot;
}

void EngineStore::load_initial() {
    std::lock_guard reload_lock(reload_mutex_);
    auto snapshot = load_snapshot(ruleset_paths_, studio_dir_, ++generation_);
    std::lock_guard lock(mutex_);
    current_ = std::move(snapshot);
}

std::shared_ptr<const Snapshot> EngineStore::current() const {
    std::lock_guard lock(mutex_);
    return current_;
}

EngineStore::ReloadResult EngineStore::reload() {
    std::lock_guard reload_lock(reload_mutex_);
    ReloadResult result;
    try {
        auto snapshot = load_snapshot(ruleset_paths_, studio_dir_, generation_ + 1);
        ++generation_;
        {
            std::lock_guard lock(mutex_);
            current_.swap(snapshot);
        }
        // `snapshot` now holds the old one: freed here, or by the last request still using it.
        result.ok = true;
    } catch (const cli::CallError& error) {
        result.status = error.status;
        result.message = error.what();
    } catch (const std::exception& error) {
        result.status = ESC_INTERNAL_ERROR;
        result.message = error.what();
    }
    result.generation = generation_;
    return result;
}

}  // namespace escalate::serve
