// Tests of the DOT export (engine/include/escalate/dot_export.hpp) over the bundled pathways:
// structure (every stage and outcome present as a node, one edge per transition plus the
// entry edge), subject-dependent tier names, limits noted, escaping, and Graphviz's `dot`
// accepting the output. Expected names come from the ruleset files and their sources.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>

#include "escalate/dot_export.hpp"
#include "escalate/engine.hpp"
#include "escalate/errors.hpp"
#include "escalate/loader.hpp"

namespace {

using namespace escalate;

const Engine& engine() {
    static const std::shared_ptr<const Engine> loaded = Engine::load(ESCALATE_RULESETS_DIR);
    return *loaded;
}

std::string dot_of(const Pathway& pathway, std::string_view subject = {}) {
    std::ostringstream out;
    write_dot(pathway, out, subject);
    return out.str();
}

// Node statements as written by boost::write_graphviz: one per line, `id [attributes];`.
std::set<std::string> node_ids(const std::string& dot) {
    static const std::regex node(R"re(^("[^"]*"|[A-Za-z_][A-Za-z_0-9]*) ?\[)re");
    std::set<std::string> ids;
    std::istringstream lines(dot);
    for (std::string line; std::getline(lines, line);) {
        std::smatch match;
        if (line.find("->") == std::string::npos && std::regex_search(line, match, node)) {
            std::string id = match[1];
            if (id.front() == '"') id = id.substr(1, id.size() - 2);
            if (id != "graph" && id != "node" && id != "edge") ids.insert(id);
        }
    }
    return ids;
}

int edge_count(const std::string& dot) {
    int edges = 0;
    std::istringstream lines(dot);
    for (std::string line; std::getline(lines, line);) {
        if (line.find("->") != std::string::npos) ++edges;
    }
    return edges;
}

TEST(DotExport, EveryStageAndOutcomeIsANodeAndEveryTransitionAnEdge) {
    ASSERT_EQ(engine().pathways().size(), 5u);
    for (const auto& pathway : engine().pathways()) {
        const std::string dot = dot_of(*pathway);
        const std::set<std::string> ids = node_ids(dot);
        for (const auto& stage : pathway->stages()) EXPECT_TRUE(ids.count(stage.id)) << pathway->id() << ": " << stage.id;
        for (const auto& outcome : pathway->outcomes()) {
            EXPECT_TRUE(ids.count(outcome.id)) << pathway->id() << ": " << outcome.id;
        }
        EXPECT_TRUE(ids.count("(start)")) << pathway->id();
        EXPECT_EQ(ids.size(), pathway->stages().size() + pathway->outcomes().size() + 1) << pathway->id();
        // One edge per transition, plus the start node's edge to the entry stage.
        EXPECT_EQ(edge_count(dot), static_cast<int>(pathway->transitions().size()) + 1) << pathway->id();
        const std::string entry = pathway->stages()[pathway->entry_stage()].id;
        EXPECT_NE(dot.find("\"(start)\"->\"" + entry + "\" [label=\"start\", style=bold]"), std::string::npos)
            << pathway->id();
    }
}

TEST(DotExport, WolverhamptonCountsItsTransitions) {
    // Counted by hand in rulesets/pathways/wolverhampton.xml: 1 at the start, 3 from Stage 1,
    // 2 from each of the two confirmations, 3 from Stage 2, 4 from Stage 3, 3 from Stage 4,
    // 2 from the exceptional referral, 2 from the Chair's decision = 22 transitions, plus the
    // entry edge.
    const std::string dot = dot_of(engine().pathway("wolverhampton"));
    EXPECT_EQ(edge_count(dot), 23);
    EXPECT_NE(dot.find("\"stage-3\"->\"exceptional-referral\" [label=\"exceptional\"]"), std::string::npos);
    EXPECT_NE(dot.find("\"sacg-chair-decision\" [label="), std::string::npos);
    EXPECT_NE(dot.find("shape=doubleoctagon"), std::string::npos);  // the Chair's final decision
    // Immediate risk is a side track: the stage goes on, with the escalation due that day.
    EXPECT_NE(dot.find("\"stage-3\"->\"stage-3\" [label=\"immediate-risk\\n(side track: the stage goes on)"),
              std::string::npos);
    // The stage box carries its timescale and force, worst case and the limit capping it.
    EXPECT_NE(dot.find("Due: 3 working days (should)\\n(worst case: working day 10 from the outset)"), std::string::npos);
    EXPECT_NE(dot.find("Capped by discussion: 10 working days from the outset"), std::string::npos);
    EXPECT_NE(dot.find("Step senior-managers-dialogue: 2 working days after the previous step"), std::string::npos);
    // The overall limit is noted in the graph's label.
    EXPECT_NE(dot.find("Overall limit Resolution through discussion (discussion): 10 working days from the outset"),
              std::string::npos);
}

TEST(DotExport, TierNamesFollowTheSubject) {
    const Pathway& p = engine().pathway("south-tyneside");
    EXPECT_NE(dot_of(p, "child").find("South Tyneside Safeguarding Children"), std::string::npos);
    EXPECT_EQ(dot_of(p, "child").find("South Tyneside Safeguarding Adults"), std::string::npos);
    EXPECT_NE(dot_of(p, "adult").find("South Tyneside Safeguarding Adults"), std::string::npos);
    EXPECT_NE(dot_of(p).find("Tier: STSCP / STSAB"), std::string::npos);
    EXPECT_THROW(dot_of(p, "family"), InvalidArgumentError);
    EXPECT_THROW(dot_of(engine().pathway("staffordshire"), "child"), InvalidArgumentError);
}

TEST(DotExport, NoTimescaleIsSaidAsSuch) {
    const std::string dot = dot_of(engine().pathway("shropshire"));
    EXPECT_NE(dot.find("Due: no timescale stated"), std::string::npos);
    EXPECT_EQ(dot.find("worst case"), std::string::npos);
}

// A small pathway whose names hold DOT's special characters, and a subject guard.
constexpr const char* awkward_pathway = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<pathway id="awkward" title="Quotes &quot;here&quot; and a back\slash" version="1" effective-from="2024-01-01"
         calendar="england-and-wales" subjects="child adult">
  <source title="t" authority="a" date="2024-01-01" file="f.txt"/>
  <tier id="t" name="Tier \n with &quot;quotes&quot;" clause="c"/>
  <start stage="only" clause="c"/>
  <stage id="only" name="The &quot;only&quot; stage \" tier="t" clause="c">
    <deadline kind="immediately"/>
    <transition on="resolved" subject="child" to="done" clause="c"/>
    <transition on="resolved" to="done" clause="c"/>
  </stage>
  <outcome id="done" kind="resolved" name="Done" clause="c"/>
</pathway>
)xml";

std::shared_ptr<const Engine> awkward_engine() {
    RulesetFiles files = read_rulesets(std::string(ESCALATE_RULESETS_DIR) + "/calendars");
    read_ruleset_text(awkward_pathway, "awkward.xml", files);
    return Engine::compile(files.calendars, files.pathways);
}

TEST(DotExport, EscapesQuotesAndBackslashesAndLabelsGuards) {
    const auto e = awkward_engine();
    const std::string dot = dot_of(e->pathway("awkward"));
    EXPECT_NE(dot.find(R"(The \"only\" stage \\)"), std::string::npos);
    EXPECT_NE(dot.find(R"(Tier \\n with \"quotes\")"), std::string::npos);
    // "only" and "done" are valid bare DOT ids, so write_graphviz leaves them unquoted.
    EXPECT_NE(dot.find(R"(only->done [label="resolved\n[child only]"])"), std::string::npos);
    EXPECT_EQ(edge_count(dot), 3);
}

// Runs Graphviz on the output; returns the exit status and fills `svg` with what it wrote.
int run_dot(const std::string& dot, std::string& svg) {
    const auto dir = std::filesystem::temp_directory_path();
    const auto stem = "escalate-dot-test-" + std::to_string(::getpid()) + "-" +
                      std::to_string(std::hash<std::string>{}(dot));
    const auto in = dir / (stem + ".dot"), out = dir / (stem + ".svg");
    std::ofstream(in) << dot;
    const int status = std::system(("dot -Tsvg '" + in.string() + "' -o '" + out.string() + "'").c_str());
    std::ifstream result(out);
    std::stringstream buffer;
    buffer << result.rdbuf();
    svg = buffer.str();
    std::filesystem::remove(in);
    std::filesystem::remove(out);
    return status;
}

TEST(DotExport, GraphvizAcceptsEveryPathway) {
    if (std::system("command -v dot > /dev/null 2>&1") != 0) GTEST_SKIP() << "Graphviz `dot` is not installed";
    std::vector<std::string> inputs;
    for (const auto& pathway : engine().pathways()) {
        inputs.push_back(dot_of(*pathway));
        for (const auto& subject : pathway->subjects()) inputs.push_back(dot_of(*pathway, subject));
    }
    inputs.push_back(dot_of(awkward_engine()->pathway("awkward")));
    for (const auto& input : inputs) {
        std::string svg;
        EXPECT_EQ(run_dot(input, svg), 0) << input;
        EXPECT_NE(svg.find("<svg"), std::string::npos) << input;
    }
}

}  // namespace
