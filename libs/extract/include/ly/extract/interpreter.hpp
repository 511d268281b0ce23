// The format-independent middle of the engine: a CellGrid in, time blocks
// and metadata out. Finds the day axis and the time axis either way round.
#pragma once

#include <string>
#include <vector>

#include "ly/extract/cell_grid.hpp"
#include "ly/timetable/timetable.hpp"

namespace ly::extract {

struct Interpretation {
    std::vector<timetable::Timeblock> blocks;
    timetable::Metadata metadata;
    std::vector<std::string> warnings;
    double structure_score = 0.0;  // 0 … 1: how well the grid fitted a timetable
    double reading_score = 1.0;    // 0 … 1: how fully the blocks explain the page (read_checks.cpp)
    double confidence_cap = 1.0;   // the document's confidence is at most this (read_checks.cpp)
};

Interpretation Interpret(const CellGrid& grid);

}  // namespace ly::extract
