// How much a set of blocks looks like a whole week, judged from its shape
// alone. A reader's misses (a day it could not find, a row it read blank)
// never show in the confidence of the blocks it did read; they show here.
#pragma once

#include <string>
#include <vector>

#include "ly/timetable/timetable.hpp"

namespace ly::timetable {

struct WeekShape {
    // 1 when nothing looks missing; lower for each finding. Multiplies the
    // document's confidence.
    double score = 1.0;
    // What looked wrong, for a teacher or reviewer ("no blocks on Tuesday,
    // while Monday and Wednesday have some").
    std::vector<std::string> findings;
};

struct WeekShapeOptions {
    // The text was read by OCR, which can lose a day's heading: then a week
    // that stops short (Monday–Wednesday) is doubtful too. From a text layer
    // it is a part-time week, and only a day missing inside it is doubtful.
    bool headings_may_be_lost = true;
};

// The checks, each measured on real and synthetic timetables (bench/):
//  - a school day (Monday–Friday) without blocks while others have some;
//  - a day with far more blocks than the others (another day's read into it);
//  - time most other days fill left empty inside a day's span;
//  - much of the school day empty on every day.
WeekShape CheckWeekShape(const std::vector<Timeblock>& blocks, const WeekShapeOptions& options = {});

}  // namespace ly::timetable
