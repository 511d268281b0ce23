// Ruling lines in page images: the cases photographs bring (noisy fills);
// rendered PDF pages are covered through pdf_reader_test.
#include "pdf/ruling_lines.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

namespace ly::extract::pdf {
namespace {

constexpr double kScale = 2;  // pixels per point
constexpr int kX0 = 40, kY0 = 40, kCellW = 120, kCellH = 60, kCols = 6, kRows = 4;

PageImage View(const cv::Mat& bgra) {
    return PageImage{bgra.data, bgra.cols, bgra.rows, static_cast<std::ptrdiff_t>(bgra.step), kScale};
}

cv::Mat RuledTable() {
    cv::Mat page(kY0 * 2 + kRows * kCellH, kX0 * 2 + kCols * kCellW, CV_8UC4, cv::Scalar(255, 255, 255, 255));
    for (int c = 0; c <= kCols; ++c) {
        cv::line(page, cv::Point(kX0 + c * kCellW, kY0), cv::Point(kX0 + c * kCellW, kY0 + kRows * kCellH),
                 cv::Scalar(0, 0, 0, 255), 2);
    }
    for (int r = 0; r <= kRows; ++r) {
        cv::line(page, cv::Point(kX0, kY0 + r * kCellH), cv::Point(kX0 + kCols * kCellW, kY0 + r * kCellH),
                 cv::Scalar(0, 0, 0, 255), 2);
    }
    return page;
}

TEST(RulingLinesTest, NoisyFillDoesNotSwallowTheLinesThroughIt) {
    // A grey fill across a whole row, photographed: its pixels straddle the
    // ink threshold, speckles side by side across the row. Every column
    // line through it must stay its own line.
    cv::Mat page = RuledTable();
    // Camera noise is blurred: speckles are a few pixels wide and longer
    // along the light's stripes, so some pass for short strokes.
    const cv::Rect row(kX0 + 3, kY0 + kCellH + 3, kCols * kCellW - 6, kCellH - 6);
    cv::Mat noise(row.size(), CV_32F);
    cv::RNG rng(7);
    rng.fill(noise, cv::RNG::UNIFORM, -1.0, 1.0);
    cv::GaussianBlur(noise, noise, cv::Size(5, 31), 1.0, 6.0);
    cv::Scalar mean, spread;
    cv::meanStdDev(noise, mean, spread);
    for (int y = 0; y < row.height; ++y) {
        for (int x = 0; x < row.width; ++x) {
            const int page_x = row.x + x;
            if ((page_x - kX0 + 3) % kCellW < 6) continue;  // the column lines themselves stay black
            const auto v = cv::saturate_cast<std::uint8_t>(200 + 30 * noise.at<float>(y, x) / spread[0]);
            page.at<cv::Vec4b>(row.y + y, page_x) = cv::Vec4b(v, v, v, 255);
        }
    }
    const std::vector<TableRules> tables = FindTableRules(View(page), {});
    ASSERT_FALSE(tables.empty());
    std::size_t most = 0;
    for (const TableRules& t : tables) most = std::max(most, t.verticals.size());
    const TableRules& table =
        *std::find_if(tables.begin(), tables.end(), [&](const TableRules& t) { return t.verticals.size() == most; });
    ASSERT_GE(table.verticals.size(), static_cast<std::size_t>(kCols + 1));
    for (int c = 0; c <= kCols; ++c) {
        const double at = (kX0 + c * kCellW) / kScale;
        const bool found = std::any_of(table.verticals.begin(), table.verticals.end(), [&](const Rule& rule) {
            return std::abs(rule.pos - at) < 2 &&
                   rule.spans.front().to - rule.spans.front().from > 0.9 * kRows * kCellH / kScale;
        });
        EXPECT_TRUE(found) << "column line " << c;
    }
}

TEST(RulingLinesTest, PhotoFaintLinesAreInkAgainstTheirPaper) {
    // A photo's thin grey row lines, blurred and noisy, straddle the fixed
    // ink threshold: too broken for lines. Against the white paper beside
    // them they are clearly darker. A light grey fill's noise is not.
    cv::Mat page = RuledTable();
    cv::RNG rng(11);
    auto set = [&](int x, int y, int base, int spread) {
        const auto v = cv::saturate_cast<std::uint8_t>(base + rng.uniform(-spread, spread + 1));
        page.at<cv::Vec4b>(y, x) = cv::Vec4b(v, v, v, 255);
    };
    for (int y = 0; y < page.rows; ++y) {
        for (int x = 0; x < page.cols; ++x) {
            if (page.at<cv::Vec4b>(y, x)[0] == 255) set(x, y, 250, 4);  // paper
        }
    }
    for (int r = 1; r < kRows; ++r) {  // inner row lines: grey, 2 px
        for (int y = kY0 + r * kCellH - 3; y <= kY0 + r * kCellH + 3; ++y) {
            const bool line = y == kY0 + r * kCellH - 1 || y == kY0 + r * kCellH;
            for (int x = kX0 + 2; x < kX0 + kCols * kCellW - 1; ++x) {
                if ((x - kX0 + 2) % kCellW >= 4) set(x, y, line ? 200 : 250, line ? 10 : 4);
            }
        }
    }
    const cv::Rect fill(kX0 + 2, kY0 + 2 * kCellH + 2, kCols * kCellW - 4, kCellH - 4);
    for (int y = fill.y; y < fill.y + fill.height; ++y) {
        for (int x = fill.x; x < fill.x + fill.width; ++x) {
            if ((x - kX0 + 2) % kCellW >= 4) set(x, y, 216, 8);
        }
    }
    PageImage view = View(page);
    view.ink_contrast = 35;
    const std::vector<TableRules> tables = FindTableRules(view, {});
    ASSERT_EQ(tables.size(), 1U);
    ASSERT_EQ(tables[0].horizontals.size(), static_cast<std::size_t>(kRows + 1));
    for (int r = 0; r <= kRows; ++r) {
        const Rule& rule = tables[0].horizontals[static_cast<std::size_t>(r)];
        EXPECT_NEAR(rule.pos, (kY0 + r * kCellH) / kScale, 2) << "row line " << r;
        EXPECT_EQ(rule.spans.size(), 1U) << "row line " << r;
    }
    EXPECT_EQ(tables[0].verticals.size(), static_cast<std::size_t>(kCols + 1));
}

}  // namespace
}  // namespace ly::extract::pdf
