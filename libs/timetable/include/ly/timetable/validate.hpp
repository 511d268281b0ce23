// Checks a timetable and reports what looks wrong, as warnings. It never
// changes the blocks: a teacher's document may really overlap.
#pragma once

#include <string>
#include <vector>

#include "ly/timetable/timetable.hpp"

namespace ly::timetable {

struct ValidationLimits {
    TimeOfDay earliest = TimeOfDay::FromHm(5, 0);
    TimeOfDay latest = TimeOfDay::FromHm(22, 0);
};

// Warnings for: end <= start, overlaps within a day, blocks outside the limits.
std::vector<std::string> Validate(const std::vector<Timeblock>& blocks, const ValidationLimits& limits = {});

}  // namespace ly::timetable
