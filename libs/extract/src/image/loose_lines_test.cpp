// Text outside any table, set with wide spaces between its words: each word
// may become a region of its own for OCR, and the line must still read as
// one, in its place. Drawn here, read end to end.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "image/drawn_page_testing.hpp"
#include "ly/extract/extractor.hpp"

namespace ly::extract {
namespace {

constexpr double kScale = 0.9;
constexpr int kThickness = 2;

// Draws the words left to right from `x`, `gap` pixels apart, wider than a
// normal space (11 px is 0.4 em of this type; 17 px, 0.6 em): without care
// the page's region finder sees separate phrases.
void PutSpaced(cv::Mat& page, const std::vector<std::string>& words, int x, int baseline_y, int gap) {
    for (const std::string& word : words) {
        int baseline = 0;
        const cv::Size size = cv::getTextSize(word, cv::FONT_HERSHEY_SIMPLEX, kScale, kThickness, &baseline);
        cv::putText(page, word, cv::Point(x, baseline_y), cv::FONT_HERSHEY_SIMPLEX, kScale, cv::Scalar(20, 20, 20),
                    kThickness, cv::LINE_AA);
        x += size.width + gap;
    }
}

// A ruled heading table at the top (school name over the teacher's), then
// one day's routine as a list: a time line above each activity's name.
std::string WideSpacedRoutine() {
    cv::Mat page(900, 1000, CV_8UC3, cv::Scalar(255, 255, 255));
    cv::rectangle(page, cv::Rect(40, 20, 920, 130), cv::Scalar(60, 60, 60), 2);
    cv::line(page, cv::Point(40, 85), cv::Point(960, 85), cv::Scalar(60, 60, 60), 2);
    PutSpaced(page, {"Cedar", "Hills", "School"}, 360, 65, 14);
    PutSpaced(page, {"Teacher:", "Ms.", "Patel"}, 360, 130, 14);
    PutSpaced(page, {"Wednesday"}, 60, 200, 16);
    const std::vector<std::pair<std::vector<std::string>, std::vector<std::string>>> items = {
        {{"8.05", "-", "8.25am"}, {"Morning", "Meeting"}},
        {{"8.25", "-", "8.55am"}, {"Arrival", "&", "Unpack"}},
        {{"10.15", "-", "10.45am"}, {"Reading", "Block"}},
        {{"10.45", "-", "12.05pm"}, {"Social", "Studies"}},
    };
    int y = 270;
    for (const auto& [time, name] : items) {
        PutSpaced(page, time, 90, y, 11);
        PutSpaced(page, name, 90, y + 36, 17);
        y += 110;
    }
    return testing::Png(page);
}

TEST(LooseLines, WordsSetWideApartReadAsOneLine) {
    auto read = Extract(WideSpacedRoutine(), "routine.png");
    ASSERT_TRUE(read.ok()) << read.error().message;
    const std::vector<std::string> got = testing::BlockLines(*read);
    const std::vector<std::string> want = {
        "wednesday 08:05-08:25 Morning Meeting", "wednesday 08:25-08:55 Arrival & Unpack",
        "wednesday 10:15-10:45 Reading Block", "wednesday 10:45-12:05 Social Studies"};
    EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace ly::extract
