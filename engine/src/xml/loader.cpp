// Reading ruleset files: file system, XML well-formedness and the hostile-input guards, then
// dispatch on the root element to the element readers.
#include "escalate/loader.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <system_error>

#include <tinyxml2.h>

#include "escalate/errors.hpp"
#include "xml/prescan.hpp"
#include "xml/readers.hpp"

namespace escalate {

namespace {

namespace fs = std::filesystem;

// Bundled files are a few kilobytes; anything this large is a mistake or an attack.
constexpr std::size_t max_file_bytes = 4 * 1024 * 1024;
// A directory is rulesets, not a file system to crawl (docs/reliability.md, limits on work).
constexpr std::size_t max_ruleset_files = 1000;

[[noreturn]] void parse_fail(const std::string& file, int line, const std::string& what, const std::string& how) {
    throw ParseError(file + ":" + std::to_string(line) + ": " + what + "; " + how);
}

int line_of_offset(std::string_view text, std::size_t offset) {
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

// The whole file must be UTF-8: tinyxml2 does not check, and a Latin-1 file would otherwise
// load with mangled names.
void check_encoding(std::string_view text, const std::string& file) {
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
        parse_fail(file, 1, "the file is UTF-16", "save it as UTF-8");
    }
    // Well-formed UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past U+10FFFF.
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == 0) parse_fail(file, line_of_offset(text, i), "the file contains a NUL byte", "it is not a text file; save the ruleset as UTF-8 XML");
        int extra = 0;
        unsigned char low = 0x80, high = 0xBF;  // allowed range of the byte after the lead
        if (c < 0x80) extra = 0;
        else if (c >= 0xC2 && c <= 0xDF) extra = 1;
        else if (c == 0xE0) extra = 2, low = 0xA0;
        else if (c == 0xED) extra = 2, high = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) extra = 2;
        else if (c == 0xF0) extra = 3, low = 0x90;
        else if (c == 0xF4) extra = 3, high = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) extra = 3;
        else extra = -1;
        bool ok = extra >= 0;
        for (int k = 1; ok && k <= extra; ++k) {
            if (i + k >= text.size()) {
                ok = false;
                break;
            }
            const auto next = static_cast<unsigned char>(text[i + k]);
            ok = k == 1 ? (next >= low && next <= high) : (next >> 6) == 0x2;
        }
        if (!ok) {
            parse_fail(file, line_of_offset(text, i), "the file is not valid UTF-8",
                       "save it as UTF-8 (it may have been saved as Latin-1 or Windows-1252)");
        }
        i += 1 + static_cast<std::size_t>(extra);
    }
    const auto declaration = text.find("<?xml");
    if (declaration != std::string_view::npos && declaration < 8) {
        const auto end = text.find("?>", declaration);
        std::string decl(text.substr(declaration, end == std::string_view::npos ? 200 : end - declaration));
        std::transform(decl.begin(), decl.end(), decl.begin(), [](unsigned char ch) { return std::tolower(ch); });
        // The value itself must be utf-8 (quoted either way), not merely contain it.
        const auto enc = decl.find("encoding");
        const auto quote = enc == std::string::npos ? std::string::npos : decl.find_first_of("\"'", enc);
        const bool utf8 = quote != std::string::npos &&
                          (decl.compare(quote + 1, 6, "utf-8\"") == 0 || decl.compare(quote + 1, 6, "utf-8'") == 0);
        if (enc != std::string::npos && !utf8) {
            parse_fail(file, line_of_offset(text, declaration), "the XML declaration names an encoding other than UTF-8",
                       "save the file as UTF-8 and write encoding=\"UTF-8\"");
        }
    }
}

std::string read_file(const fs::path& path) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) throw IoError(path.string() + ": cannot read the file: " + ec.message());
    if (size > max_file_bytes) {
        throw ParseError(path.string() + ":1: the file is " + std::to_string(size) +
                         " bytes, larger than a ruleset can be (4 MiB); check that this is the right file");
    }
    // stdio rather than iostreams: a read error (EIO) is an errno to report with the file's
    // name, never an exception of the standard library's.
    const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) throw IoError(path.string() + ": cannot open the file for reading: " + std::strerror(errno));
    std::string text;
    char buffer[65536];
    for (;;) {
        const std::size_t got = std::fread(buffer, 1, sizeof buffer, file.get());
        if (got > 0 && text.size() + got > max_file_bytes) {
            throw ParseError(path.string() +
                             ":1: the file is larger than a ruleset can be (4 MiB); check that this is the right file");
        }
        text.append(buffer, got);
        if (got < sizeof buffer) break;
    }
    if (std::ferror(file.get()))
        throw IoError(path.string() + ": error while reading the file: " + std::strerror(errno));
    return text;
}

// A name no ruleset file has: hidden files and directories (macOS's ._x.xml, Emacs's .#x.xml
// lock links, Kubernetes' ..data and ..2024_01_01 directories behind a ConfigMap's links) and
// editor backups (x.xml~, #x.xml#).
bool skipped_name(const std::string& name) {
    return name.empty() || name.front() == '.' || name.front() == '#' || name.back() == '~';
}

// Directories: every file *.xml below, symbolic links followed (a linked pathways/, a ConfigMap's
// links), each directory and each file taken once however many ways it is reached (so a link
// loop ends), an unreadable directory an error rather than skipped.
class DirectoryWalk {
public:
    std::vector<fs::path> files;

    void walk(const fs::path& directory, int depth) {
        struct stat info {};
        if (::stat(directory.c_str(), &info) != 0)
            throw IoError(directory.string() + ": cannot read the directory: " + std::strerror(errno));
        if (!directories_.emplace(info.st_dev, info.st_ino).second) return;  // reached before
        if (depth > max_depth)
            throw IoError(directory.string() + ": directories nested more than " + std::to_string(max_depth) +
                          " deep; load a shallower directory");
        // POSIX rather than std::filesystem's iterators: their error_code forms are noexcept
        // yet allocate, so running out of memory there would terminate the caller's process.
        std::vector<fs::path> entries;
        {
            DIR* handle = ::opendir(directory.c_str());
            if (!handle)
                throw IoError(directory.string() + ": cannot list the directory: " + std::strerror(errno));
            const std::unique_ptr<DIR, int (*)(DIR*)> closer(handle, &::closedir);
            for (;;) {
                errno = 0;
                const dirent* entry = ::readdir(handle);
                if (!entry) {
                    if (errno != 0)
                        throw IoError(directory.string() + ": cannot list the directory: " + std::strerror(errno));
                    break;
                }
                const std::string name = entry->d_name;
                if (!skipped_name(name)) entries.push_back(directory / name);
            }
        }
        std::sort(entries.begin(), entries.end());
        for (const fs::path& entry : entries) {
            struct stat target {};
            if (::stat(entry.c_str(), &target) != 0) {
                // A dangling link or a race: an error only for what would have been read.
                if (entry.extension() == ".xml")
                    throw IoError(entry.string() + ": cannot read the file: " + std::strerror(errno));
                continue;
            }
            if (S_ISDIR(target.st_mode)) {
                walk(entry, depth + 1);
            } else if (S_ISREG(target.st_mode) && entry.extension() == ".xml" &&
                       files_.emplace(target.st_dev, target.st_ino).second) {
                if (files.size() >= max_ruleset_files)
                    throw IoError(entry.string() + ": more than " + std::to_string(max_ruleset_files) +
                                  " ruleset files; load a directory that holds only rulesets");
                files.push_back(entry);
            }
        }
    }

private:
    static constexpr int max_depth = 16;
    std::set<std::pair<dev_t, ino_t>> directories_, files_;
};

}  // namespace

void read_ruleset_text(std::string_view text, const std::string& file, RulesetFiles& into) {
    if (text.size() > max_file_bytes) {
        throw ParseError(file + ":1: the document is larger than a ruleset can be (4 MiB); check that this is the right file");
    }
    check_encoding(text, file);
    xml::prescan(text, file);
    tinyxml2::XMLDocument document(true, tinyxml2::PRESERVE_WHITESPACE);
    if (document.Parse(text.data(), text.size()) != tinyxml2::XML_SUCCESS) {
        std::string detail = document.ErrorStr() ? document.ErrorStr() : "malformed XML";
        parse_fail(file, std::max(1, document.ErrorLineNum()), "the file is not well-formed XML (" + detail + ")",
                   "fix the XML at that line: check that every tag is closed and every attribute quoted");
    }
    // DTDs are never needed and are how entity-expansion and external-entity attacks start.
    for (const tinyxml2::XMLNode* node = document.FirstChild(); node; node = node->NextSibling()) {
        if (const auto* unknown = node->ToUnknown()) {
            parse_fail(file, unknown->GetLineNum(), "DOCTYPE and other declarations are not allowed",
                       "remove the <!...> declaration; rulesets use no DTD or entities");
        }
    }
    const tinyxml2::XMLElement* root = document.RootElement();
    if (!root) parse_fail(file, 1, "the file has no root element", "a ruleset file holds one <calendar> or one <pathway>");
    // tinyxml2 accepts several top-level elements; reading only the first would lose the rest.
    if (const tinyxml2::XMLElement* second = root->NextSiblingElement()) {
        parse_fail(file, second->GetLineNum(), "a second root element <" + std::string(second->Name()) + ">",
                   "a ruleset file holds exactly one <calendar> or one <pathway>; put each in a file of its own");
    }
    xml::ElementReader reader(*root, file);
    const std::string_view name = root->Name();
    if (name == "calendar") {
        into.calendars.push_back(read_calendar(reader));
    } else if (name == "pathway") {
        into.pathways.push_back(read_pathway(reader));
    } else {
        fail_at(reader.where(), "the root element is <" + std::string(name) + ">",
                     "a ruleset file holds one <calendar> or one <pathway>");
    }
}

RulesetFiles read_rulesets(const fs::path& path) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) throw IoError(path.string() + ": no such file or directory");
    std::vector<fs::path> files;
    if (fs::is_directory(status)) {
        DirectoryWalk walk;
        walk.walk(path, 0);
        files = std::move(walk.files);
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            throw IoError(path.string() + ": the directory holds no ruleset files (*.xml)");
        }
    } else {
        files.push_back(path);
    }
    RulesetFiles result;
    for (const auto& file : files) read_ruleset_text(read_file(file), file.string(), result);
    return result;
}

}  // namespace escalate
