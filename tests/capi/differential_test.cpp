// One rule, one place (docs/semantics.md, "One evaluator"): for every stage of every bundled
// pathway and of generated pathways on short calendars, at every date of each calendar's first
// and last 60 days and a sample between, esc_decide, esc_pathway_due, esc_recalculate (the
// kernel CTest pins through ESCALATE_BULK_KERNEL) and the `escalate` command give the same date
// or the same status. Compared both ways: a case one entry point answers and another refuses is
// a failure, never a skip. The pathway's structure (which route enters a stage) is read with
// the C++ API; every answer comes through the C ABI or the command.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "escalate.h"
#include "escalate/engine.hpp"

namespace fs = std::filesystem;

namespace {

struct Case {
    std::string pathway;
    int32_t pathway_index = -1;
    std::string stage;
    int32_t stage_index = -1;
    esc_date entered = ESC_NO_DATE;
    esc_date started = ESC_NO_DATE;
    // Named to esc_decide, so that every entry point answers by the same version, whatever
    // the outset (choosing a version by the outset is tests/engine/versions_test.cpp's).
    std::string version;
};

struct Answer {
    esc_status status = ESC_OK;
    esc_date due = ESC_NO_DATE;
    bool operator==(const Answer& o) const { return status == o.status && (status != ESC_OK || due == o.due); }
};

std::string show(const Answer& a) {
    if (a.status != ESC_OK) return std::string("status ") + esc_status_name(a.status);
    return a.due == ESC_NO_DATE ? "ok, no date" : "ok, " + escalate::format_iso_date(a.due);
}

std::string show(const Case& c) {
    return c.pathway + " " + c.stage + " entered " + escalate::format_iso_date(c.entered) + " started " +
           (c.started == ESC_NO_DATE ? std::string("(none)") : escalate::format_iso_date(c.started));
}

// Short calendars and pathways that reach their ends from every side: own timescales and limits
// running past the end, calendar days past year 9999, hours with a roll, outset anchors.
void write_generated(const fs::path& dir) {
    fs::create_directories(dir);
    std::ofstream(dir / "short.xml") << R"(<calendar id="short" name="Short" first-year="2098" last-year="2100" source="tests">
  <weekend days="saturday sunday"/>
  <fixed name="Christmas Day" month="12" day="25" substitute="next-working-day" source="tests"/>
  <one-off name="Test day" date="2100-12-20" source="tests"/>
</calendar>)";
    std::ofstream(dir / "end.xml") << R"(<calendar id="end" name="End of time" first-year="9998" last-year="9999" source="tests">
  <weekend days="saturday sunday"/>
</calendar>)";
    const char* stages[] = {
        R"(<deadline kind="working-days" days="20"/>)",
        R"(<deadline kind="calendar-days" days="3650"/>)",
        R"(<deadline kind="hours" hours="48" roll="next-working-day"/>)",
        R"(<deadline kind="working-days" days="30" anchor="pathway-start"/>)",
        R"(<deadline kind="none"/>)",
        R"(<deadline kind="immediately"/>)",
        R"(<deadline kind="calendar-days" days="400" roll="next-working-day"/>)",
    };
    for (const char* calendar : {"short", "end"}) {
        std::ostringstream xml;
        xml << "<pathway id=\"gen-" << calendar << "\" title=\"Generated\" version=\"1\" effective-from=\"2000-01-01\" calendar=\""
            << calendar << "\" subjects=\"child adult\">\n"
            << "  <source title=\"t\" authority=\"t\" date=\"2000-01-01\" file=\"t.txt\"/>\n"
            << "  <tier id=\"t\" name=\"T\" clause=\"c\"/>\n"
            << "  <limit id=\"first\" name=\"First\" working-days=\"5\" covers=\"s0\" clause=\"c\"/>\n"
            << "  <limit id=\"overall\" name=\"Overall\" working-days=\"25\" covers=\"s1 s2 s4 s5\" clause=\"c\"/>\n"
            << "  <start stage=\"s0\" clause=\"c\"/>\n";
        const int n = static_cast<int>(std::size(stages));
        for (int i = 0; i < n; ++i) {
            xml << "  <stage id=\"s" << i << "\" name=\"S" << i << "\" tier=\"t\" clause=\"c\">\n    " << stages[i] << "\n";
            if (i == 0) xml << "    <step id=\"step\" name=\"Step\" clause=\"c\"><deadline kind=\"working-days\" days=\"10\"/></step>\n";
            xml << "    <transition on=\"resolved\" to=\"done\" clause=\"c\"/>\n";
            if (i + 1 < n) xml << "    <transition on=\"unresolved\" to=\"s" << i + 1 << "\" clause=\"c\"/>\n";
            xml << "  </stage>\n";
        }
        xml << "  <outcome id=\"done\" kind=\"resolved\" name=\"Done\" clause=\"c\"/>\n</pathway>\n";
        std::ofstream(dir / ("gen-" + std::string(calendar) + ".xml")) << xml.str();
    }
}

// The route into a stage for esc_decide: from the stage before on an event, or the start.
struct Route {
    std::string from;   // empty: the start
    std::string event;  // empty with an empty `from`: the plain start
    std::string subject;
};

std::map<std::pair<std::string, std::string>, Route> routes_into(const escalate::Engine& engine) {
    std::map<std::pair<std::string, std::string>, Route> routes;
    for (const auto& p : engine.pathways()) {
        routes[{p->id(), p->stages()[p->entry_stage()].id}] = Route{};
        for (const bool from_start : {false, true})
        for (const auto& t : p->transitions()) {
            if (t.target.terminal || t.side_track() || (t.from < 0) != from_start) continue;
            const std::string& to = p->stages()[t.target.index].id;
            // The first route found is kept: the plain start for the entry stage, else a stage
            // before it, else the start on an event (a stage only immediate harm reaches).
            routes.emplace(std::make_pair(p->id(), to),
                           Route{t.from < 0 ? "" : p->stages()[t.from].id, p->events()[t.event],
                                 t.subject < 0 ? "" : p->subjects()[t.subject]});
        }
    }
    return routes;
}

std::vector<Case> cases_of(const escalate::Engine& engine, const esc_engine* c_engine) {
    std::vector<Case> cases;
    for (const auto& p : engine.pathways()) {
        const auto& calendar = p->calendar();
        std::vector<esc_date> dates;
        for (esc_date d = calendar.first_date(); d < calendar.first_date() + 60; ++d) dates.push_back(d);
        for (esc_date d = calendar.first_date() + 60; d <= calendar.last_date() - 60; d += 97) dates.push_back(d);
        for (esc_date d = calendar.last_date() - 59; d <= calendar.last_date(); ++d) dates.push_back(d);
        int32_t pathway_index = -1;
        esc_engine_pathway_index(c_engine, p->id().c_str(), &pathway_index);
        for (std::size_t s = 0; s < p->stages().size(); ++s) {
            for (esc_date d : dates) {
                for (esc_date started : {d, std::max(calendar.first_date(), d - 30), ESC_NO_DATE}) {
                    cases.push_back({p->id(), pathway_index, p->stages()[s].id, static_cast<int32_t>(s), d, started,
                                     p->version()});
                }
            }
        }
    }
    return cases;
}

Answer decide(const esc_engine* engine, const Case& c, const Route& route) {
    esc_query query{};
    query.size = sizeof query;
    query.pathway = c.pathway.c_str();
    query.stage = route.from.empty() ? nullptr : route.from.c_str();
    query.event = route.event.empty() ? nullptr : route.event.c_str();
    query.subject = route.subject.empty() ? nullptr : route.subject.c_str();
    query.at = c.entered;
    query.started = c.started;
    query.version = c.version.c_str();
    esc_decision decision{};
    decision.size = sizeof decision;
    Answer a;
    a.status = esc_decide(engine, &query, &decision);
    a.due = decision.due;
    return a;
}

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return out;
    char buffer[4096];
    std::size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    pclose(pipe);
    return out;
}

esc_status status_of_cli(const std::string& word) {
    if (word == "ok") return ESC_OK;
    // The CLI's status column is the library's row reason (esc_row_reason_name); the two
    // date-range reasons are ESC_OUT_OF_RANGE, every other reason ESC_INVALID_ARGUMENT.
    if (word == "out-of-range" || word == "due-out-of-range") return ESC_OUT_OF_RANGE;
    if (word == "no-version") return ESC_NOT_FOUND;
    return ESC_INVALID_ARGUMENT;  // missing-entered, missing-started, start-after-entry, ...
}

class Differential : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = fs::temp_directory_path() / ("escalate-differential-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "rulesets");
        // ESCALATE_RULESETS, as for the Python tests, runs the comparison over other rulesets.
        const char* rulesets = std::getenv("ESCALATE_RULESETS");
        fs::copy(rulesets && *rulesets ? rulesets : ESCALATE_RULESETS_DIR, dir_ / "rulesets", fs::copy_options::recursive);
        write_generated(dir_ / "rulesets" / "generated");
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }
    static fs::path dir_;
};
fs::path Differential::dir_;

TEST_F(Differential, EveryEntryPointGivesTheSameAnswer) {
    const std::string rulesets = (dir_ / "rulesets").string();
    const auto engine = escalate::Engine::load(rulesets);
    esc_engine* c_engine = nullptr;
    ASSERT_EQ(esc_engine_load(rulesets.c_str(), &c_engine), ESC_OK) << esc_last_error();
    const auto routes = routes_into(*engine);
    const std::vector<Case> cases = cases_of(*engine, c_engine);
    ASSERT_GT(cases.size(), 10000u);

    // esc_pathway_due, one case at a time.
    std::vector<Answer> one_by_one(cases.size());
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        one_by_one[i].status = esc_pathway_due(c_engine, c.pathway_index, c.stage_index, c.entered, c.started, &one_by_one[i].due);
        if (one_by_one[i].status != ESC_OK) one_by_one[i].due = ESC_NO_DATE;
    }

    // esc_recalculate, all at once.
    std::vector<int32_t> pathways, stages;
    std::vector<esc_date> entered, started, due(cases.size());
    std::vector<esc_status> row_status(cases.size());
    for (const Case& c : cases) {
        pathways.push_back(c.pathway_index);
        stages.push_back(c.stage_index);
        entered.push_back(c.entered);
        started.push_back(c.started);
    }
    ASSERT_EQ(esc_recalculate(c_engine, cases.size(), pathways.data(), stages.data(), entered.data(), started.data(),
                              due.data(), row_status.data(), 1, nullptr),
              ESC_OK);

    std::size_t compared = 0, answered = 0, past_end = 0;
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const Case& c = cases[i];
        const Answer bulk{row_status[i], row_status[i] == ESC_OK ? due[i] : ESC_NO_DATE};
        EXPECT_EQ(show(bulk), show(one_by_one[i])) << "esc_recalculate against esc_pathway_due: " << show(c);
        const Route& route = routes.at({c.pathway, c.stage});
        // Starting the pathway takes the outset from the event's date.
        Answer expected = one_by_one[i];
        if (route.from.empty() && c.started == ESC_NO_DATE) {
            expected.status = esc_pathway_due(c_engine, c.pathway_index, c.stage_index, c.entered, c.entered, &expected.due);
            if (expected.status != ESC_OK) expected.due = ESC_NO_DATE;
        }
        const Answer decided = decide(c_engine, c, route);
        EXPECT_EQ(show(decided), show(expected)) << "esc_decide against esc_pathway_due: " << show(c);
        ++compared;
        answered += expected.status == ESC_OK;
        past_end += expected.status == ESC_OUT_OF_RANGE;
    }
    // The sample reaches both kinds of answer, so agreement is not agreement on failure alone.
    EXPECT_GT(answered, compared / 2);
    EXPECT_GT(past_end, 100u);

    // The command: every case through `escalate recalc`, and a sample through `escalate decide`.
    const fs::path csv = dir_ / "cases.csv";
    {
        std::ofstream out(csv);
        out << "case_id,pathway,stage,entered,started\n";
        for (std::size_t i = 0; i < cases.size(); ++i) {
            out << i << "," << cases[i].pathway << "," << cases[i].stage << "," << escalate::format_iso_date(cases[i].entered)
                << "," << (cases[i].started == ESC_NO_DATE ? "" : escalate::format_iso_date(cases[i].started)) << "\n";
        }
    }
    std::istringstream lines(run(std::string(ESCALATE_CLI) + " recalc --rulesets " + rulesets + " --input " + csv.string() +
                                 " 2>/dev/null"));
    std::string line;
    std::getline(lines, line);  // header
    std::size_t rows = 0, older_than_every_version = 0;
    while (std::getline(lines, line)) {
        std::vector<std::string> fields;
        std::stringstream row(line);
        std::string field;
        while (std::getline(row, field, ',')) fields.push_back(field);
        ASSERT_GE(fields.size(), 5u) << line;
        const std::size_t i = std::stoul(fields[0]);
        const Answer cli{status_of_cli(fields[4]), fields[3].empty() ? ESC_NO_DATE : *escalate::parse_iso_date(fields[3])};
        // The command gives ids, not versions: each case is answered by the version in force on
        // its outset (esc_engine_pathway_select, the one-case rule), and a case older than
        // every version by none. The case's own version otherwise, as esc_pathway_due gave it.
        Answer expected = one_by_one[i];
        const Case& c = cases[i];
        int32_t governing = -1;
        const esc_date outset = c.started != ESC_NO_DATE ? c.started : c.entered;
        if (esc_engine_pathway_select(c_engine, c.pathway.c_str(), nullptr, outset, &governing) == ESC_NOT_FOUND) {
            expected = Answer{ESC_NOT_FOUND, ESC_NO_DATE};
            ++older_than_every_version;
        } else if (governing >= 0) {
            EXPECT_EQ(governing, c.pathway_index) << "one version of each bundled id: " << show(c);
        }
        EXPECT_EQ(show(cli), show(expected)) << "escalate recalc against esc_pathway_due: " << show(c) << ": " << line;
        ++rows;
    }
    EXPECT_EQ(rows, cases.size());
    EXPECT_GT(older_than_every_version, 0u);  // the calendars' first days are before every version

    std::size_t sampled = 0;
    for (std::size_t i = 0; i < cases.size(); i += cases.size() / 150) {
        const Case& c = cases[i];
        const Route& route = routes.at({c.pathway, c.stage});
        if (route.from.empty() && c.started == ESC_NO_DATE) continue;
        std::string command = std::string(ESCALATE_CLI) + " decide " + c.pathway + " --json --rulesets " + rulesets +
                              " --at " + escalate::format_iso_date(c.entered) + " --version '" + c.version + "'";
        if (!route.from.empty()) command += " --stage " + route.from;
        if (!route.event.empty()) command += " --event " + route.event;
        if (!route.subject.empty()) command += " --subject " + route.subject;
        if (c.started != ESC_NO_DATE) command += " --started " + escalate::format_iso_date(c.started);
        const std::string json = run(command + " 2>&1");
        const Answer& expected = one_by_one[i];
        if (expected.status == ESC_OK) {
            const std::string due = expected.due == ESC_NO_DATE ? "\"due\":null" : "\"due\":\"" + escalate::format_iso_date(expected.due) + "\"";
            EXPECT_NE(json.find(due), std::string::npos) << command << "\n" << json << "expected " << show(expected);
        } else {
            EXPECT_EQ(json.find("\"due\""), std::string::npos) << command << "\n" << json << "expected " << show(expected);
        }
        ++sampled;
    }
    EXPECT_GT(sampled, 100u);
    esc_engine_free(c_engine);
}

}  // namespace
