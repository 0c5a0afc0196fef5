// libFuzzer target: calendar XML (issue 7). Each input is one document read from memory by
// read_ruleset_text(); a <calendar> that reads cleanly is compiled on its own, which expands
// every holiday rule over every year of its range, and the compiled calendar is checked
// against the conventions calendar.hpp states (engine_probes.hpp). Seeds: the bundled
// calendars. Bad input must end in one of the engine's errors, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine_probes.hpp"
#include "escalate/loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    escalate::RulesetFiles files;
    if (!escalate::fuzz::expect_engine_errors_only("read_ruleset_text",
                                                   [&] { escalate::read_ruleset_text(text, "fuzzed.xml", files); })) {
        return 0;
    }
    for (const auto& definition : files.calendars) {
        std::shared_ptr<const escalate::Calendar> calendar;
        if (escalate::fuzz::expect_engine_errors_only("Calendar::compile",
                                                      [&] { calendar = escalate::Calendar::compile(definition); })) {
            escalate::fuzz::probe_calendar(*calendar);
        }
    }
    return 0;
}
