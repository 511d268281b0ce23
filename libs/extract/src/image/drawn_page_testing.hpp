// For tests that draw a page with OpenCV and read it end to end: the page as
// PNG bytes, and the blocks read as "monday 09:00-10:00 Maths" lines, in
// the order the engine gives them (an instant has nothing after its "-").
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <string>
#include <vector>

#include "ly/extract/extractor.hpp"

namespace ly::extract::testing {

inline std::string Png(const cv::Mat& page) {
    std::vector<unsigned char> png;
    cv::imencode(".png", page, png);
    return std::string(png.begin(), png.end());
}

inline std::vector<std::string> BlockLines(const timetable::Timetable& read) {
    std::vector<std::string> lines;
    for (const auto& block : read.blocks) {
        lines.push_back(std::string(timetable::DayName(block.day)) + " " + timetable::FormatTime(block.start) + "-" +
                        (block.end ? timetable::FormatTime(*block.end) : "") + " " + block.name);
    }
    return lines;
}

}  // namespace ly::extract::testing
