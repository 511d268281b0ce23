// Images whose grid has no ruling lines: cells set apart by fill alone, and
// headers standing outside the fills. Drawn here, read end to end.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "image/drawn_page_testing.hpp"
#include "ly/extract/extractor.hpp"

namespace ly::extract {
namespace {

void PutCentred(cv::Mat& page, const std::string& text, cv::Point centre) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, 0.9, 2, &baseline);
    cv::putText(page, text, cv::Point(centre.x - size.width / 2, centre.y + size.height / 2), cv::FONT_HERSHEY_SIMPLEX,
                0.9, cv::Scalar(20, 20, 20), 2, cv::LINE_AA);
}

// Days down the left and times across the top on the white page; the body
// a grid of pastel cells with white gutters and no line anywhere.
std::string FillOnlyGrid() {
    cv::Mat page(760, 1100, CV_8UC3, cv::Scalar(255, 255, 255));
    const std::vector<std::string> times = {"9:00 - 10:00", "10:00 - 11:00", "11:00 - 12:00"};
    const std::vector<std::string> days = {"Monday", "Tuesday", "Wednesday"};
    const std::vector<std::vector<std::string>> names = {
        {"Maths", "English", "Science"}, {"Art", "History", "Music"}, {"Geography", "French", "Drama"}};
    const std::vector<cv::Scalar> fills = {cv::Scalar(200, 235, 255), cv::Scalar(235, 220, 250),
                                           cv::Scalar(215, 245, 220)};  // BGR pastels
    const int left = 260, top = 200, width = 260, height = 160, gutter = 6;
    for (int c = 0; c < 3; ++c) PutCentred(page, times[c], {left + c * width + width / 2, top - 50});
    for (int r = 0; r < 3; ++r) {
        PutCentred(page, days[r], {left - 130, top + r * height + height / 2});
        for (int c = 0; c < 3; ++c) {
            const cv::Rect cell(left + c * width + gutter / 2, top + r * height + gutter / 2, width - gutter,
                                height - gutter);
            cv::rectangle(page, cell, fills[static_cast<std::size_t>(c)], cv::FILLED);
            PutCentred(page, names[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)],
                       {cell.x + cell.width / 2, cell.y + cell.height / 2});
        }
    }
    return testing::Png(page);
}

TEST(FillOnlyGrid, CellsSetApartByFillAreReadWithTheirOutsideHeaders) {
    auto read = Extract(FillOnlyGrid(), "fill.png");
    ASSERT_TRUE(read.ok()) << read.error().message;
    const std::vector<std::string> got = testing::BlockLines(*read);
    const std::vector<std::string> want = {
        "monday 09:00-10:00 Maths",         "monday 10:00-11:00 English",      "monday 11:00-12:00 Science",
        "tuesday 09:00-10:00 Art",          "tuesday 10:00-11:00 History",     "tuesday 11:00-12:00 Music",
        "wednesday 09:00-10:00 Geography",  "wednesday 10:00-11:00 French",    "wednesday 11:00-12:00 Drama"};
    EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace ly::extract
