// Graphviz DOT export of a compiled pathway: the flowchart partnership business managers read
// (docs/pathways/) and the `escalate graph` command renders.
#pragma once

#include <ostream>
#include <string_view>

#include "escalate/pathway.hpp"

namespace escalate {

/// Writes the pathway's compiled graph (Pathway::graph()) as a DOT digraph:
///  - a start node ("(start)") with one bold edge, labelled "start", to the entry stage, which
///    is drawn with a thicker border;
///  - each stage as a box: its name, its tier (named for `subject` when given), its timescale
///    and, when a stage on the way has a working-day bound, its worst case from the outset;
///    its timed steps and actions; the overall limit that caps it;
///  - each outcome as a shape by kind: resolved a double ellipse, final-decision a double
///    octagon, exit an inverted house;
///  - one edge per transition, labelled with the event and any subject guard (all transitions
///    are drawn whatever `subject` is);
///  - the overall limits in the graph's label.
/// Node ids are the stage and outcome ids. Throws InvalidArgumentError when `subject` is given
/// and the pathway does not cover it.
void write_dot(const Pathway& pathway, std::ostream& out, std::string_view subject = {});

}  // namespace escalate
