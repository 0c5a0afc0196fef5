// The element readers behind loader.cpp, one per root element kind. Private to the engine.
#pragma once

#include "escalate/calendar_model.hpp"
#include "escalate/pathway_model.hpp"
#include "xml/xml_reader.hpp"

namespace escalate {

/// Reads a <calendar> root element (calendar_reader.cpp).
CalendarDefinition read_calendar(xml::ElementReader& root);

/// Reads a <pathway> root element (pathway_reader.cpp).
PathwayDefinition read_pathway(xml::ElementReader& root);

}  // namespace escalate
