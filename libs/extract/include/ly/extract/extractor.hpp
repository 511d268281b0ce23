// The engine's front door: document bytes in, a timetable/v1 Timetable out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/readers.hpp"
#include "ly/timetable/timetable.hpp"

namespace ly::extract {

struct ExtractOptions {
    std::size_t max_file_bytes = 25u << 20;
    ReaderLimits reader_limits;
    ImageSteps image_steps;
    double validated_threshold = 0.98;  // confidence ≥ this: route "validated"
    double llm_threshold = 0.80;        // ≥ this: "llm", below: "review"
};

Result<timetable::Timetable> Extract(std::string_view bytes, std::string filename, const ExtractOptions& options = {});

}  // namespace ly::extract
