// libFuzzer target: the ruleset loader, from bytes on disk to a compiled engine (issue 7).
// An input is one ruleset file, or several separated by a line holding only
// "<!-- next file -->" (a ruleset directory). Each file is written to disk and read back by
// read_rulesets(), the loader the C ABI's esc_engine_load() uses: the size guard, the encoding
// checks, tinyxml2, the refusal of DTDs, the strict element readers.
//  - One file: compiled together with the bundled calendars it names, so a mutated bundled pathway (the
//    seed corpus) still finds england-and-wales and reaches the compiler's graph checks and
//    the bulk tables.
//  - Several files: the directory is loaded on its own with Engine::load, as a deployment
//    would be: calendars and pathways from the input only, duplicate ids across files, one
//    bad file among good ones (all or nothing).
// Whatever compiles is then queried (engine_probes.hpp). Bad input must end in one of the
// engine's errors, nothing else.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine_probes.hpp"
#include "escalate/loader.hpp"

namespace {

namespace fs = std::filesystem;

struct Fixture {
    escalate::RulesetFiles bundled_calendars = escalate::read_rulesets(ESCALATE_RULESETS_DIR "/calendars");
    // On tmpfs where there is one: every input is written and read back.
    fs::path directory = (::access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm") : fs::temp_directory_path()) /
                         ("escalate-fuzz-loader-" + std::to_string(::getpid()));
    fs::path file = directory / "fuzzed.xml";
    fs::path ruleset = directory / "ruleset";  // the several-files case

    Fixture() { fs::create_directories(directory); }
    ~Fixture() {
        std::error_code ignored;
        fs::remove_all(directory, ignored);
    }
};

Fixture& fixture() {
    static Fixture instance;
    return instance;
}

void write_file(const fs::path& path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void probe(const escalate::Engine& engine, const std::vector<std::string>& fuzzed_calendars) {
    for (const auto& calendar : engine.calendars()) {
        for (const auto& id : fuzzed_calendars) {
            if (calendar->id() == id) escalate::fuzz::probe_calendar(*calendar);
        }
    }
    for (int p = 0; p < static_cast<int>(engine.pathways().size()); ++p) escalate::fuzz::probe_pathway(engine, p);
}

void load_directory(Fixture& f, std::string_view input) {
    constexpr std::string_view separator = "\n<!-- next file -->\n";
    std::error_code ignored;
    fs::remove_all(f.ruleset, ignored);
    fs::create_directories(f.ruleset);
    std::size_t files = 0;
    for (std::size_t begin = 0; begin <= input.size() && files < 16; ++files) {
        const std::size_t end = std::min(input.find(separator, begin), input.size());
        write_file(f.ruleset / ("file-" + std::to_string(10 + files) + ".xml"), input.substr(begin, end - begin));
        begin = end + separator.size();
    }
    std::shared_ptr<const escalate::Engine> engine;
    if (!escalate::fuzz::expect_engine_errors_only("Engine::load", [&] { engine = escalate::Engine::load(f.ruleset); })) return;
    ESCALATE_FUZZ_REQUIRE(engine && engine->calendars().size() + engine->pathways().size() == files, "all or nothing");
    std::vector<std::string> calendars;
    for (const auto& calendar : engine->calendars()) calendars.push_back(calendar->id());
    probe(*engine, calendars);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    if (input.find("\n<!-- next file -->\n") != std::string_view::npos) {
        load_directory(f, input);
        return 0;
    }
    write_file(f.file, input);
    escalate::RulesetFiles files;
    if (!escalate::fuzz::expect_engine_errors_only("read_rulesets", [&] { files = escalate::read_rulesets(f.file); })) {
        return 0;
    }
    ESCALATE_FUZZ_REQUIRE(files.calendars.size() + files.pathways.size() == 1, "one file gives one definition");
    // Only the bundled calendars the input names (a pathway's calendar, or a calendar of the
    // same id, which must be refused as a duplicate): compiling all three for every input cost
    // more than the rest of the target, and a calendar nothing names changes no answer.
    std::vector<escalate::CalendarDefinition> calendars;
    for (const auto& bundled : f.bundled_calendars.calendars) {
        const bool named = std::any_of(files.pathways.begin(), files.pathways.end(),
                                       [&](const auto& pathway) { return pathway.calendar == bundled.id; }) ||
                           std::any_of(files.calendars.begin(), files.calendars.end(),
                                       [&](const auto& calendar) { return calendar.id == bundled.id; });
        if (named) calendars.push_back(bundled);
    }
    calendars.insert(calendars.end(), files.calendars.begin(), files.calendars.end());
    std::shared_ptr<const escalate::Engine> engine;
    if (!escalate::fuzz::expect_engine_errors_only("compile", [&] { engine = escalate::Engine::compile(calendars, files.pathways); })) {
        return 0;
    }
    ESCALATE_FUZZ_REQUIRE(engine && engine->pathways().size() == files.pathways.size(), "all or nothing");
    std::vector<std::string> fuzzed_calendars;
    for (const auto& calendar : files.calendars) fuzzed_calendars.push_back(calendar.id);
    probe(*engine, fuzzed_calendars);
    return 0;
}
