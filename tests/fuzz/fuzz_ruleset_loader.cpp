// libFuzzer target: the ruleset loader, from bytes on disk to a compiled engine (issue 7).
// Each input is written to a file and read back by read_rulesets(), the loader the C ABI's
// esc_engine_load() uses: the size guard, the encoding checks, tinyxml2, the refusal of DTDs,
// the strict element readers. Whatever it yields is compiled together with the bundled
// calendars, so a mutated bundled pathway (the seed corpus) still finds england-and-wales
// and reaches the compiler's graph checks and the bulk tables; then it is queried
// (engine_probes.hpp). Bad input must end in one of the engine's errors, nothing else.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine_probes.hpp"
#include "escalate/loader.hpp"

namespace {

namespace fs = std::filesystem;

struct Fixture {
    escalate::RulesetFiles bundled_calendars = escalate::read_rulesets(ESCALATE_RULESETS_DIR "/calendars");
    fs::path directory = fs::temp_directory_path() / ("escalate-fuzz-loader-" + std::to_string(::getpid()));
    fs::path file = directory / "fuzzed.xml";

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Fixture& f = fixture();
    {
        std::ofstream out(f.file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    escalate::RulesetFiles files;
    if (!escalate::fuzz::expect_engine_errors_only("read_rulesets", [&] { files = escalate::read_rulesets(f.file); })) {
        return 0;
    }
    ESCALATE_FUZZ_REQUIRE(files.calendars.size() + files.pathways.size() == 1, "one file gives one definition");
    auto calendars = f.bundled_calendars.calendars;
    calendars.insert(calendars.end(), files.calendars.begin(), files.calendars.end());
    std::shared_ptr<const escalate::Engine> engine;
    if (!escalate::fuzz::expect_engine_errors_only("compile", [&] { engine = escalate::Engine::compile(calendars, files.pathways); })) {
        return 0;
    }
    ESCALATE_FUZZ_REQUIRE(engine && engine->pathways().size() == files.pathways.size(), "all or nothing");
    for (const auto& calendar : engine->calendars()) {
        if (!files.calendars.empty() && calendar->id() == files.calendars.front().id) escalate::fuzz::probe_calendar(*calendar);
    }
    for (int p = 0; p < static_cast<int>(engine->pathways().size()); ++p) escalate::fuzz::probe_pathway(*engine, p);
    return 0;
}
