// `escalate graph`: a pathway's flowchart as DOT, or as SVG drawn by Graphviz's `dot`.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <sys/wait.h>

#include "cli.hpp"

namespace escalate::cli {

const char* const graph_usage =
    "usage: escalate graph PATHWAY [--format dot|svg] [--subject child|adult] [--output FILE]\n"
    "                             \n"
    "\n"
    "Draws the pathway as a flowchart: stages with their tier, timescale and worst case from the\n"
    "outset, outcomes by kind, and every route labelled with its event. DOT is written as is;\n"
    "SVG is drawn by Graphviz (`dot`, from Debian's graphviz package). Tier names follow\n"
    "--subject where a pathway names them by subject. Written to standard output unless\n"
    "--output FILE is given.\n";

namespace {

std::string dot_text(const esc_engine* engine, int32_t pathway, const char* subject) {
    size_t length = 0;
    check(esc_pathway_dot(engine, pathway, subject, nullptr, 0, &length));
    std::string text(length + 1, '\0');
    check(esc_pathway_dot(engine, pathway, subject, text.data(), text.size(), &length));
    text.resize(length);
    return text;
}

// Runs `dot -Tsvg -o FILE` with the DOT text on its standard input.
void render_svg(const std::string& dot, const std::string& output) {
    const std::string command = "dot -Tsvg -o '" + output + "'";
    if (output.find('\'') != std::string::npos) throw UsageError("--output must not contain a quote");
    FILE* pipe = popen(command.c_str(), "w");
    if (!pipe) throw std::runtime_error("cannot run Graphviz's dot; install the graphviz package");
    const bool written = std::fwrite(dot.data(), 1, dot.size(), pipe) == dot.size();
    const int status = pclose(pipe);
    if (!written || status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw std::runtime_error("Graphviz's dot failed to draw the flowchart (is the graphviz package installed?)");
    }
}

}  // namespace

int run_graph(const std::vector<std::string>& args) {
    const Arguments arguments = parse_arguments(args, {"--format", "--subject", "--output"}, {});
    if (arguments.positional.size() != 1) throw UsageError("give exactly one PATHWAY");
    const std::string format = arguments.value("--format").value_or("dot");
    if (format != "dot" && format != "svg") throw UsageError("--format is dot or svg, not \"" + format + "\"");
    const EnginePtr engine = load_engine(arguments);
    int32_t pathway = -1;
    check(esc_engine_pathway_index(engine.get(), arguments.positional[0].c_str(), &pathway));
    const auto subject = arguments.value("--subject");
    const std::string dot = dot_text(engine.get(), pathway, subject ? subject->c_str() : nullptr);
    const auto output = arguments.value("--output");
    if (format == "svg") {
        render_svg(dot, output.value_or("/dev/stdout"));
    } else if (output) {
        std::ofstream file(*output, std::ios::binary);
        if (!(file << dot)) throw std::runtime_error("cannot write " + *output);
    } else {
        std::cout << dot;
    }
    return exit_ok;
}

}  // namespace escalate::cli
