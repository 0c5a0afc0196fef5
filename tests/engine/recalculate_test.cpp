// Bulk recalculation against two independent answers: the single-case path (Engine::due, which
// goes through Calendar::add_working_days) and a naive day-by-day count written here.
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

using namespace escalate;

namespace {

// Every rule kind the bulk loop distinguishes: working days from entry, from the outset,
// calendar days, immediately, none, a limit capping a timed stage and an untimed one.
const std::string all_kinds = R"(<pathway id="kinds" title="All kinds" version="1" effective-from="2000-01-01" calendar="england-and-wales" subjects="child adult">
  <source title="t" authority="a" date="2000-01-01" file="f"/>
  <tier id="t" name="T" clause="c"/>
  <limit id="cap" name="Cap" working-days="7" covers="capped untimed-capped" clause="c"/>
  <start stage="entry" clause="c"/>
  <stage id="entry" name="Entry" tier="t" clause="c"><deadline kind="working-days" days="5"/>
    <transition on="unresolved" to="outset" clause="c"/></stage>
  <stage id="outset" name="Outset" tier="t" clause="c"><deadline kind="working-days" days="10" anchor="pathway-start"/>
    <transition on="unresolved" to="calendar" clause="c"/></stage>
  <stage id="calendar" name="Calendar" tier="t" clause="c"><deadline kind="calendar-days" days="3"/>
    <transition on="unresolved" to="now" clause="c"/></stage>
  <stage id="now" name="Now" tier="t" clause="c"><deadline kind="immediately"/>
    <transition on="unresolved" to="untimed" clause="c"/></stage>
  <stage id="untimed" name="Untimed" tier="t" clause="c"><deadline kind="none"/>
    <transition on="unresolved" to="capped" clause="c"/></stage>
  <stage id="capped" name="Capped" tier="t" clause="c"><deadline kind="working-days" days="4"/>
    <transition on="unresolved" to="untimed-capped" clause="c"/></stage>
  <stage id="untimed-capped" name="Untimed capped" tier="t" clause="c"><deadline kind="none"/>
    <transition on="resolved" to="done" clause="c"/></stage>
  <outcome id="done" kind="resolved" name="Done" clause="c"/>
</pathway>)";

std::shared_ptr<const Engine> load_engine() {
    RulesetFiles files;
    std::ifstream in(std::string(ESCALATE_RULESETS_DIR) + "/calendars/england-and-wales.xml");
    std::stringstream text;
    text << in.rdbuf();
    read_ruleset_text(text.str(), "england-and-wales.xml", files);
    read_ruleset_text(all_kinds, "kinds.xml", files);
    return Engine::compile(files.calendars, files.pathways);
}

// The N-th working day strictly after d, stepping one day at a time.
Date naive_add(const Calendar& calendar, Date d, int n) {
    while (n > 0) {
        ++d;
        if (calendar.is_working_day(d)) --n;
    }
    return d;
}

// Independent statement of docs/semantics.md for the pathway above, stage by stage.
Date naive_due(const Calendar& cal, const std::string& stage, Date entered, Date started) {
    if (stage == "entry") return naive_add(cal, entered, 5);
    if (stage == "outset") return naive_add(cal, started, 10);
    if (stage == "calendar") return entered + 3;
    if (stage == "now") return entered;
    if (stage == "untimed") return no_date;
    if (stage == "capped") return std::min(naive_add(cal, entered, 4), naive_add(cal, started, 7));
    return naive_add(cal, started, 7);  // untimed-capped
}

}  // namespace

TEST(Recalculate, MatchesSingleCaseAndNaiveAnswers) {
    auto engine = load_engine();
    const int p = engine->find_pathway("kinds");
    const Pathway& pathway = *engine->pathways()[p];
    const Calendar& cal = pathway.calendar();
    std::mt19937 random(20261123);
    const Date low = *date_from_ymd(1980, 1, 1), high = *date_from_ymd(2099, 6, 1);
    std::uniform_int_distribution<Date> day(low, high);
    std::uniform_int_distribution<int> stage(0, static_cast<int>(pathway.stages().size()) - 1), gap(0, 40);
    const std::size_t n = 200000;
    std::vector<std::int32_t> pathways(n, p), stages(n);
    std::vector<Date> entered(n), started(n), due(n);
    std::vector<RowStatus> status(n);
    for (std::size_t i = 0; i < n; ++i) {
        stages[i] = stage(random);
        started[i] = day(random);
        entered[i] = started[i] + gap(random);
    }
    for (unsigned threads : {1u, 2u, 3u}) {
        const auto summary = engine->recalculate({pathways.data(), stages.data(), entered.data(), started.data(), n}, due.data(),
                                                 status.data(), threads);
        EXPECT_EQ(summary.bad_rows, 0u);
        for (std::size_t i = 0; i < n; ++i) {
            ASSERT_EQ(status[i], RowStatus::ok) << i;
            const auto& id = pathway.stages()[stages[i]].id;
            ASSERT_EQ(due[i], naive_due(cal, id, entered[i], started[i])) << id << " entered " << format_iso_date(entered[i]);
            if (i % 16 == 0) ASSERT_EQ(due[i], engine->due(p, stages[i], entered[i], started[i])) << id;
        }
    }
}

TEST(Recalculate, BadRowsAreReportedAndTouchNothingElse) {
    auto engine = load_engine();
    const int p = engine->find_pathway("kinds");
    const Date monday = *date_from_ymd(2024, 3, 11);
    // Row 0 good, 1 bad pathway, 2 bad stage, 3 out of range, 4 missing start for an outset
    // stage, 5 start after entry, 6 negative stage, 7 due beyond the calendar's end, 8 good.
    std::vector<std::int32_t> pathways{p, 99, p, p, p, p, p, p, p};
    std::vector<std::int32_t> stages{0, 0, 42, 0, 1, 0, -1, 0, 2};
    std::vector<Date> entered{monday, monday, monday, *date_from_ymd(1979, 12, 31), monday, monday, monday, *date_from_ymd(2100, 12, 30), monday};
    std::vector<Date> started{monday, monday, monday, monday, no_date, monday + 1, monday, *date_from_ymd(2100, 12, 30), monday};
    std::vector<Date> due(9, 12345);
    std::vector<RowStatus> status(9);
    const auto summary = engine->recalculate({pathways.data(), stages.data(), entered.data(), started.data(), 9}, due.data(), status.data(), 1);
    EXPECT_EQ(summary.bad_rows, 7u);
    EXPECT_EQ(summary.first_bad_row, 1u);
    EXPECT_EQ(summary.first_bad_status, RowStatus::bad_pathway);
    const std::vector<RowStatus> expected{RowStatus::ok, RowStatus::bad_pathway, RowStatus::bad_stage, RowStatus::out_of_range,
                                          RowStatus::missing_start, RowStatus::bad_dates, RowStatus::bad_stage,
                                          RowStatus::due_out_of_range, RowStatus::ok};
    EXPECT_EQ(status, expected);
    // Monday 2024-03-11 + 5 working days = Monday 18 March (no holidays that week).
    EXPECT_EQ(due[0], *date_from_ymd(2024, 3, 18));
    EXPECT_EQ(due[8], monday + 3);  // calendar days
    for (int bad : {1, 2, 3, 4, 5, 6, 7}) EXPECT_EQ(due[bad], no_date) << bad;
}

// The vector kernel holds up to 64 stage rules in registers (eight per pathway here, picked by
// a tree of blends) and fetches more with a gather. Copies of the all-kinds pathway, 3, 5, 8
// and 9 of them (the last takes the gather), each checked against the naive answers.
TEST(Recalculate, ManyPathwaysMatchNaiveAnswers) {
    for (const int copies : {3, 5, 8, 9}) {
        RulesetFiles files;
        std::ifstream in(std::string(ESCALATE_RULESETS_DIR) + "/calendars/england-and-wales.xml");
        std::stringstream text;
        text << in.rdbuf();
        read_ruleset_text(text.str(), "england-and-wales.xml", files);
        for (int copy = 0; copy < copies; ++copy) {
            // Each copy's first stage takes 5 + copy working days, so a case looked up under the
            // wrong pathway gets a wrong date.
            std::string pathway = all_kinds;
            pathway.replace(pathway.find("id=\"kinds\""), 10, "id=\"kinds-" + std::to_string(copy) + "\"");
            const std::string first_stage = "<deadline kind=\"working-days\" days=\"5\"/>";
            pathway.replace(pathway.find(first_stage), first_stage.size(),
                            "<deadline kind=\"working-days\" days=\"" + std::to_string(5 + copy) + "\"/>");
            read_ruleset_text(pathway, "kinds.xml", files);
        }
        auto engine = Engine::compile(files.calendars, files.pathways);
        ASSERT_EQ(engine->pathways().size(), static_cast<std::size_t>(copies));
        const Calendar& cal = engine->pathways()[0]->calendar();
        std::mt19937 random(7);
        std::uniform_int_distribution<Date> day(*date_from_ymd(2000, 1, 1), *date_from_ymd(2050, 1, 1));
        std::uniform_int_distribution<int> pathway(0, copies - 1), stage(0, 6), gap(0, 30);
        const std::size_t n = 50000;
        std::vector<std::int32_t> pathways(n), stages(n);
        std::vector<Date> entered(n), started(n), due(n);
        for (std::size_t i = 0; i < n; ++i) {
            pathways[i] = pathway(random);
            stages[i] = stage(random);
            started[i] = day(random);
            entered[i] = started[i] + gap(random);
        }
        const auto summary =
            engine->recalculate({pathways.data(), stages.data(), entered.data(), started.data(), n}, due.data(), nullptr, 1);
        EXPECT_EQ(summary.bad_rows, 0u);
        for (std::size_t i = 0; i < n; ++i) {
            const Pathway& p = *engine->pathways()[pathways[i]];
            const auto& id = p.stages()[stages[i]].id;
            const int copy = std::stoi(p.id().substr(6));  // "kinds-<copy>"
            const Date expected = id == "entry" ? naive_add(cal, entered[i], 5 + copy) : naive_due(cal, id, entered[i], started[i]);
            ASSERT_EQ(due[i], expected) << copies << " pathways, row " << i;
        }
    }
}

// A batch large enough that the vector kernel streams its output past the caches gives the
// same answers as the same cases in small batches, which it keeps cached.
TEST(Recalculate, LargeBatchEqualsSmallBatches) {
    auto engine = load_engine();
    const int p = engine->find_pathway("kinds");
    std::mt19937 random(11);
    std::uniform_int_distribution<Date> day(*date_from_ymd(2020, 1, 1), *date_from_ymd(2030, 1, 1));
    std::uniform_int_distribution<int> stage(0, 6), gap(0, 20);
    const std::size_t n = (std::size_t{1} << 22) + 1001;  // odd, so the tail rows run too
    std::vector<std::int32_t> pathways(n, p), stages(n);
    std::vector<Date> entered(n), started(n), whole(n), pieces(n);
    for (std::size_t i = 0; i < n; ++i) {
        stages[i] = stage(random);
        started[i] = day(random);
        entered[i] = started[i] + gap(random);
    }
    engine->recalculate({pathways.data(), stages.data(), entered.data(), started.data(), n}, whole.data(), nullptr, 1);
    for (std::size_t begin = 0; begin < n; begin += 100000) {
        const std::size_t count = std::min<std::size_t>(100000, n - begin);
        engine->recalculate({pathways.data() + begin, stages.data() + begin, entered.data() + begin, started.data() + begin, count},
                            pieces.data() + begin, nullptr, 1);
    }
    EXPECT_EQ(whole, pieces);
    // On several threads the whole batch decides the streamed stores (each thread's part is
    // under the threshold), and parts start on a 64-byte line of the output: the same dates,
    // whether the output starts on a line or one row past it.
    for (const unsigned threads : {2u, 3u}) {
        std::vector<Date> threaded(n + 1, 0);
        for (const std::size_t shift : {std::size_t{0}, std::size_t{1}}) {
            engine->recalculate({pathways.data(), stages.data(), entered.data(), started.data(), n},
                                threaded.data() + shift, nullptr, threads);
            EXPECT_TRUE(std::equal(whole.begin(), whole.end(), threaded.begin() + static_cast<std::ptrdiff_t>(shift)))
                << threads << " threads, output shifted by " << shift;
        }
    }
    const Calendar& cal = engine->pathways()[p]->calendar();
    for (std::size_t i = 0; i < n; i += 997) {
        ASSERT_EQ(whole[i], naive_due(cal, engine->pathways()[p]->stages()[stages[i]].id, entered[i], started[i])) << i;
    }
}

// A calendar spanning 1583 to 9999 with many distinct timescales would need gigabytes of bulk
// tables (about 12 MB per timescale); over the budget, recalculation takes the careful path
// and must give the same answers.
TEST(Recalculate, TablesOverBudgetFallBackToTheCarefulPath) {
    RulesetFiles files;
    read_ruleset_text(R"(<calendar id="long" name="Long" first-year="1583" last-year="9999" source="tests">
  <weekend days="saturday sunday"/>
  <fixed name="New Year's Day" month="1" day="1" substitute="next-working-day"/>
</calendar>)", "long.xml", files);
    std::string stages, tiers = R"(<tier id="t" name="T" clause="c"/>)";
    const int count = 30;  // 30 distinct timescales: 60 tables of ~12 MB, over the 256 MiB budget
    for (int s = 1; s <= count; ++s) {
        const std::string next = s < count ? "s" + std::to_string(s + 1) : "done";
        stages += "<stage id=\"s" + std::to_string(s) + "\" name=\"S\" tier=\"t\" clause=\"c\"><deadline kind=\"working-days\" days=\"" +
                  std::to_string(s) + "\"/><transition on=\"unresolved\" to=\"" + next + "\" clause=\"c\"/></stage>";
    }
    read_ruleset_text("<pathway id=\"long\" title=\"t\" version=\"1\" effective-from=\"2000-01-01\" calendar=\"long\" subjects=\"adult\">"
                      "<source title=\"t\" authority=\"a\" date=\"2000-01-01\" file=\"f\"/>" + tiers +
                          "<start stage=\"s1\" clause=\"c\"/>" + stages + "<outcome id=\"done\" kind=\"resolved\" name=\"D\" clause=\"c\"/></pathway>",
                      "long-pathway.xml", files);
    auto engine = Engine::compile(files.calendars, files.pathways);
    const Calendar& cal = engine->pathways()[0]->calendar();
    std::mt19937 random(3);
    std::uniform_int_distribution<Date> day(*date_from_ymd(1600, 1, 1), *date_from_ymd(9990, 1, 1));
    std::uniform_int_distribution<int> stage(0, count - 1);
    const std::size_t n = 20000;
    std::vector<std::int32_t> pathways(n, 0), stage_of(n);
    std::vector<Date> entered(n), due(n);
    for (std::size_t i = 0; i < n; ++i) {
        stage_of[i] = stage(random);
        entered[i] = day(random);
    }
    const auto summary = engine->recalculate({pathways.data(), stage_of.data(), entered.data(), nullptr, n}, due.data(), nullptr, 2);
    EXPECT_EQ(summary.bad_rows, 0u);
    for (std::size_t i = 0; i < n; ++i) {
        // Stage s<k> is k working days: the naive day-by-day count.
        ASSERT_EQ(due[i], naive_add(cal, entered[i], stage_of[i] + 1)) << i;
    }
}
