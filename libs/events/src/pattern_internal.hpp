// Inside the library: matching an already parsed event (the bus parses an event once for all its rules).
#pragma once

#include <boost/json/value.hpp>

#include "ly/events/pattern.hpp"

namespace ly::events::internal {

bool MatchesValue(const Pattern& pattern, const boost::json::value& event);

}  // namespace ly::events::internal
