// libFuzzer target: case histories (docs/case-histories.md). The input bytes are read as a
// case: which engine and pathway, the subject, the outset, the as-of date, then entries of two
// bytes each (a date step and an event: "start", one of the pathway's events, "done:" of one of
// its step or action ids, or an unknown event or id). The same case goes through
// evaluate_case, and through evaluate_cases on both of its paths (the tables and the careful
// path).
//
// Checks besides "no crash, no sanitizer report": the three agree. An evaluate_case error is a
// bulk failure of the same kind (NotFound: unknown-event or bad-pathway; NoTransition:
// no-transition; OutOfRange: out-of-range; InvalidArgument: one of the invalid-argument
// statuses) at the same entry; a case evaluate_case answers has the same stage, entry date,
// due date, overdue flag and entries applied in bulk; the two bulk paths give the same row.
//
// Engines: the bundled rulesets (calendar 1980-2100) and tests/data/clocks (a calendar of
// 2020-2030, the clocks pathway and shared-ids, whose stage and events owe the same ids and so
// always take the careful path).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/history.hpp"
#include "escalate/loader.hpp"

namespace {

using namespace escalate;

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz_case_histories: %s\n", what.c_str());
    std::abort();
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const Engine& bundled() {
    static const std::shared_ptr<const Engine> engine = Engine::load(ESCALATE_RULESETS_DIR);
    return *engine;
}

const Engine& test_engine() {
    static const std::shared_ptr<const Engine> engine = [] {
        RulesetFiles files;
        for (const char* name : {"test-calendar.xml", "clocks.xml", "shared-ids.xml"}) {
            read_ruleset_text(read_file(std::string(ESCALATE_TEST_DATA_DIR "/clocks/") + name), name, files);
        }
        return Engine::compile(files.calendars, files.pathways);
    }();
    return *engine;
}

/// The bytes, read front to back; zeros once they run out.
struct Bytes {
    const std::uint8_t* data;
    std::size_t size;
    std::size_t at = 0;
    std::uint8_t next() { return at < size ? data[at++] : 0; }
    bool more() const { return at + 1 < size; }
};

bool invalid_argument_status(CaseStatus s) {
    return s == CaseStatus::bad_subject || s == CaseStatus::no_entries || s == CaseStatus::as_of_before_outset ||
           s == CaseStatus::bad_first_entry || s == CaseStatus::out_of_order || s == CaseStatus::missing_date ||
           s == CaseStatus::needs_subject;
}

bool same_row(const CaseRow& a, const CaseRow& b) {
    return a.status == b.status && a.bad_entry == b.bad_entry && a.current.terminal == b.current.terminal &&
           a.current.index == b.current.index && a.entered == b.entered && a.due == b.due && a.overdue == b.overdue &&
           a.entries_applied == b.entries_applied;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 4096) return -1;  // a case of ~2,000 entries is enough; longer inputs only slow the run
    Bytes in{data, size};
    const std::uint8_t choice = in.next();
    const Engine& engine = (choice & 0x80) ? test_engine() : bundled();
    const auto pathway_index = static_cast<std::int32_t>((choice & 0x7F) % engine.pathways().size());
    const Pathway& p = *engine.pathways()[static_cast<std::size_t>(pathway_index)];

    // Subject: not stated, one of the pathway's, or one it does not cover.
    const int subject_pick = in.next() % static_cast<int>(p.subjects().size() + 2);
    const std::int32_t subject = subject_pick == 0 ? -1 : subject_pick - 1;  // == size: not covered
    const std::string subject_name = subject < 0 ? std::string()
                                     : subject < static_cast<std::int32_t>(p.subjects().size()) ? p.subjects()[static_cast<std::size_t>(subject)]
                                                                                              : std::string("pet");

    // The outset: a day of 2024-2027 (from April 2024, when the latest bundled version took
    // effect), or of the calendar's last 200 days (a flag).
    const std::uint8_t high = in.next(), low = in.next();
    const Calendar& calendar = p.calendar();
    const Date base = (high & 0x80) ? calendar.last_date() - 200 : *date_from_ymd(2024, 4, 1);
    Date day = base + static_cast<Date>(((high & 0x7F) << 8 | low) % 1200);
    const std::uint8_t as_of_step = in.next();

    // The vocabulary of events: start, the pathway's events, done: of each id, and unknowns.
    std::vector<std::string> vocabulary{"start"};
    for (const auto& e : p.events()) vocabulary.push_back(e);
    for (const auto id : obligation_ids(p)) vocabulary.push_back(std::string(done_prefix) + std::string(id));
    vocabulary.push_back("escalated-sideways");
    vocabulary.push_back("done:no-such-step");

    std::vector<Date> dates;
    std::vector<std::string> events;
    std::vector<std::int32_t> codes;
    while (in.more() && dates.size() < 2000) {
        const std::uint8_t step = in.next(), event = in.next();
        Date date;
        if (step == 0xFF) {
            date = no_date;
        } else if (step == 0xFE) {
            date = day - 1;  // out of order
        } else {
            day += step % 6;
            date = day;
        }
        // The first entry is mostly "start", so most cases get somewhere.
        const std::size_t pick = dates.empty() && event < 0xC0 ? 0 : event % vocabulary.size();
        dates.push_back(date);
        events.push_back(vocabulary[pick]);
        codes.push_back(bulk_event_code(p, vocabulary[pick]));
    }
    if (dates.empty()) {  // a case with no entries is an error of its own
        dates.push_back(day);
        events.push_back("start");
        codes.push_back(bulk_start_event);
    }
    const Date as_of = as_of_step == 0xFF ? no_date : day + static_cast<Date>(as_of_step % 40) - 3;

    // One by one.
    std::vector<CaseEntry> entries;
    for (std::size_t i = 0; i < dates.size(); ++i) entries.push_back({dates[i], events[i]});
    bool single_ok = false;
    CaseState state;
    CaseStatus expected_status = CaseStatus::ok;
    std::int64_t expected_entry = -1;
    std::string message;
    try {
        // The version named, as the bulk call takes its pathway index as the version
        // (docs/c-api.md, Versions): an outset before it is then no error of either.
        state = evaluate_case(engine, CaseQuery{.pathway = p.id(), .subject = subject_name, .entries = entries, .as_of = as_of,
                                                .version = p.version()});
        single_ok = true;
    } catch (const Error& e) {
        message = e.what();
        if (const auto* where = dynamic_cast<const CaseEntryLocation*>(&e)) expected_entry = static_cast<std::int64_t>(where->entry());
        if (dynamic_cast<const NoTransitionError*>(&e)) expected_status = CaseStatus::no_transition;
        else if (dynamic_cast<const NotFoundError*>(&e)) expected_status = CaseStatus::unknown_event;
        else if (dynamic_cast<const OutOfRangeError*>(&e)) expected_status = CaseStatus::out_of_range;
        else expected_status = CaseStatus::missing_date;  // any invalid-argument status
    }

    // In bulk, both ways.
    const std::size_t offsets[2] = {0, dates.size()};
    const CaseHistoryColumns columns{.cases = 1, .offsets = offsets, .pathways = &pathway_index, .subjects = &subject,
                                     .dates = dates.data(), .events = codes.data(), .as_of = as_of};
    CaseRow tables, careful;
    evaluate_cases(engine, columns, &tables, CasesPath::tables);
    evaluate_cases(engine, columns, &careful, CasesPath::careful);
    if (!same_row(tables, careful)) {
        fail("the tables and the careful path differ: " + std::string(to_string(tables.status)) + " at " +
             std::to_string(tables.bad_entry) + " against " + std::string(to_string(careful.status)) + " at " +
             std::to_string(careful.bad_entry));
    }
    if (single_ok) {
        if (tables.status != CaseStatus::ok) fail("bulk says " + std::string(to_string(tables.status)) + "; evaluate_case answers");
        if (tables.current.terminal != state.current.terminal || tables.current.index != state.current.index ||
            tables.entered != state.entered || tables.due != state.due || tables.overdue != state.overdue ||
            tables.entries_applied != state.entries_applied) {
            fail("bulk and evaluate_case differ on a case both answer");
        }
    } else {
        const bool same_kind = expected_status == CaseStatus::missing_date ? invalid_argument_status(tables.status)
                                                                            : tables.status == expected_status;
        if (!same_kind || tables.bad_entry != expected_entry) {
            fail("bulk says " + std::string(to_string(tables.status)) + " at entry " + std::to_string(tables.bad_entry) +
                 "; evaluate_case: " + message);
        }
    }
    return 0;
}
