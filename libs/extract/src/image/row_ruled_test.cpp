// Images of a table whose columns no line divides: the days in a dark band
// on top, rows numbered by period, a break row with no number, and the
// periods' times in a framed key beside the table. Ruled across only, ruled
// across with a border and a filled first column, or not ruled at all.
// Drawn here, read end to end.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "image/drawn_page_testing.hpp"
#include "ly/extract/extractor.hpp"

namespace ly::extract {
namespace {

void PutCentred(cv::Mat& page, const std::string& text, cv::Point centre, const cv::Scalar& colour) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, 0.8, 2, &baseline);
    cv::putText(page, text, cv::Point(centre.x - size.width / 2, centre.y + size.height / 2), cv::FONT_HERSHEY_SIMPLEX,
                0.8, colour, 2, cv::LINE_AA);
}

const std::vector<std::string> kDays = {"MON", "TUE", "WED", "THU", "FRI"};
const std::vector<std::pair<std::string, std::vector<std::string>>> kRows = {
    {"1", {"History", "Science", "Maths", "Art", "Music"}},
    {"2", {"Maths", "French", "Drama", "Spanish", "English"}},
    {"", {"", "", "Break", "", ""}},
    {"3", {"Art", "Spanish", "Science", "Music", "Drama"}},
};
const std::vector<std::pair<std::string, std::string>> kKey = {
    {"Period 1", "09:00 - 09:45"}, {"Period 2", "09:45 - 10:30"}, {"Break", "10:30 - 10:45"},
    {"Period 3", "10:45 - 12:00"}};

struct Look {
    bool rules = true;         // a rule under every row
    bool border = false;       // a line down each side, a grey first column
};

std::string WeekWithKey(const Look& look) {
    cv::Mat page(700, 1560, CV_8UC3, cv::Scalar(255, 255, 255));
    const cv::Scalar ink(20, 20, 20), rule(150, 150, 150), band(70, 40, 60);
    const int left = 40, top = 60, first = 100, col = 180, band_h = 50, row_h = 90;
    const int right = left + first + 5 * col;
    const int bottom = top + band_h + static_cast<int>(kRows.size()) * row_h;
    if (look.border) {
        cv::rectangle(page, cv::Rect(left, top + band_h, first, bottom - top - band_h), cv::Scalar(225, 225, 225),
                      cv::FILLED);
        cv::line(page, {left, top}, {left, bottom}, rule, 2);
        cv::line(page, {right, top}, {right, bottom}, rule, 2);
    }
    cv::rectangle(page, cv::Rect(left, top, right - left, band_h), band, cv::FILLED);
    for (int d = 0; d < 5; ++d) {
        PutCentred(page, kDays[static_cast<std::size_t>(d)], {left + first + d * col + col / 2, top + band_h / 2},
                   cv::Scalar(255, 255, 255));
    }
    for (std::size_t r = 0; r < kRows.size(); ++r) {
        const int y = top + band_h + static_cast<int>(r) * row_h;
        if (!kRows[r].first.empty()) PutCentred(page, kRows[r].first, {left + first / 2, y + row_h / 2}, ink);
        for (int d = 0; d < 5; ++d) {
            const std::string& name = kRows[r].second[static_cast<std::size_t>(d)];
            if (!name.empty()) PutCentred(page, name, {left + first + d * col + col / 2, y + row_h / 2}, ink);
        }
        if (look.rules) cv::line(page, {left, y + row_h}, {right, y + row_h}, rule, 2);
    }
    // The key, framed, to the right of the table.
    const int key_left = right + 40;
    cv::rectangle(page, cv::Rect(key_left, top, 1530 - key_left, 60 + 45 * static_cast<int>(kKey.size())), band, 2);
    cv::putText(page, "Period times", {key_left + 15, top + 35}, cv::FONT_HERSHEY_SIMPLEX, 0.7, ink, 2, cv::LINE_AA);
    for (std::size_t k = 0; k < kKey.size(); ++k) {
        const int y = top + 80 + 45 * static_cast<int>(k);
        cv::putText(page, kKey[k].first, {key_left + 15, y}, cv::FONT_HERSHEY_SIMPLEX, 0.7, ink, 2, cv::LINE_AA);
        cv::putText(page, kKey[k].second, {key_left + 170, y}, cv::FONT_HERSHEY_SIMPLEX, 0.7, ink, 2, cv::LINE_AA);
    }
    return testing::Png(page);
}

std::vector<std::string> Read(const Look& look) {
    auto read = Extract(WeekWithKey(look), "week.png");
    if (!read.ok()) return {read.error().message};
    return testing::BlockLines(*read);
}

std::vector<std::string> Drawn() {
    std::vector<std::string> want;
    const std::vector<std::string> days = {"monday", "tuesday", "wednesday", "thursday", "friday"};
    const std::vector<std::string> times = {"09:00-09:45", "09:45-10:30", "10:30-10:45", "10:45-12:00"};
    for (std::size_t d = 0; d < days.size(); ++d) {
        for (std::size_t r = 0; r < kRows.size(); ++r) {
            const std::string name = kRows[r].first.empty() ? "Break" : kRows[r].second[d];
            want.push_back(days[d] + " " + times[r] + " " + name);
        }
    }
    return want;
}

TEST(RowRuledImage, ColumnsComeFromTheWordsAndTimesFromTheKey) { EXPECT_EQ(Read(Look{}), Drawn()); }

TEST(RowRuledImage, ABorderAndAFilledFirstColumnDivideNoColumns) {
    EXPECT_EQ(Read(Look{.rules = true, .border = true}), Drawn());
}

TEST(RowRuledImage, WithoutRulesTheBandAndTheLoneBreakRowStayInTheTable) {
    EXPECT_EQ(Read(Look{.rules = false, .border = false}), Drawn());
}

}  // namespace
}  // namespace ly::extract
