#include "image/preprocess.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "image/decode.hpp"
#include "ly/testing/files.hpp"

namespace ly::extract::image {
namespace {

using ::ly::testing::ReadFile;

// A timetable page as a screenshot would show it: a title, a ruled grid of
// 6 columns × 7 rows with day names, times and lessons, some cells filled
// yellow, blue and grey. Table at (kTableX, kTableY), kTableW × kTableH.
constexpr int kPageW = 1400, kPageH = 1000;
constexpr int kTableX = 60, kTableY = 140, kTableW = 1280, kTableH = 800;
constexpr int kCols = 6, kRows = 7;

cv::Mat SyntheticPage() {
    cv::Mat page(kPageH, kPageW, CV_8UC3, cv::Scalar(255, 255, 255));
    cv::putText(page, "Class 4B timetable - Autumn term", cv::Point(kTableX, 90), cv::FONT_HERSHEY_SIMPLEX, 1.5,
                cv::Scalar(0, 0, 0), 3, cv::LINE_AA);
    const int cw = kTableW / kCols, rh = kTableH / kRows;
    const std::vector<std::string> days = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
    const std::vector<std::string> times = {"8:45-9:30", "9:30-10:15", "10:30-11:15", "11:15-12:00", "1:00-2:00"};
    const std::vector<std::string> lessons = {"English",  "Maths",    "Reading",  "Phonics", "History", "Geography",
                                              "Spelling", "Assembly", "Playtime", "Science", "Writing", "Lunch"};
    const std::array<cv::Scalar, 3> fills = {cv::Scalar(130, 240, 250), cv::Scalar(240, 210, 170),
                                             cv::Scalar(200, 200, 200)};
    for (int r = 0; r < kRows; ++r) {
        for (int c = 0; c < kCols; ++c) {
            const cv::Rect cell(kTableX + c * cw, kTableY + r * rh, cw, rh);
            if (r > 0 && c > 0 && (r * 7 + c * 3) % 5 == 0) {
                cv::rectangle(page, cell, fills[static_cast<std::size_t>((r + c) % 3)], cv::FILLED);
            }
            std::string text;
            if (r == 0 && c > 0) text = times[static_cast<std::size_t>(c - 1)];
            if (c == 0 && r > 0) text = days[static_cast<std::size_t>(r - 1)];
            if (r > 0 && c > 0) text = lessons[static_cast<std::size_t>((r * 5 + c * 7) % lessons.size())];
            if (text.empty()) continue;
            int baseline = 0;
            const cv::Size size = cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, 0.9, 2, &baseline);
            cv::putText(page, text, cv::Point(cell.x + (cw - size.width) / 2, cell.y + (rh + size.height) / 2),
                        cv::FONT_HERSHEY_SIMPLEX, 0.9, cv::Scalar(20, 20, 20), 2, cv::LINE_AA);
        }
    }
    for (int c = 0; c <= kCols; ++c) {
        cv::line(page, cv::Point(kTableX + c * cw, kTableY), cv::Point(kTableX + c * cw, kTableY + kTableH),
                 cv::Scalar(0, 0, 0), 2);
    }
    for (int r = 0; r <= kRows; ++r) {
        cv::line(page, cv::Point(kTableX, kTableY + r * rh), cv::Point(kTableX + kTableW, kTableY + r * rh),
                 cv::Scalar(0, 0, 0), 2);
    }
    return page;
}

cv::Mat Gray(const cv::Mat& bgr) {
    cv::Mat g;
    cv::cvtColor(bgr, g, cv::COLOR_BGR2GRAY);
    return g;
}

PreprocessSettings Only(bool PreprocessSettings::*step) {
    PreprocessSettings s;
    s.orient = s.rectify = s.deskew = s.flatten_light = s.denoise = s.upscale = false;
    s.*step = true;
    return s;
}

const StepCheck* Check(const Prepared& p, const std::string& step) {
    for (const StepCheck& c : p.checks) {
        if (c.step == step) return &c;
    }
    return nullptr;
}

std::string Describe(const Prepared& p) {
    std::string out;
    for (const StepCheck& c : p.checks) {
        out +=
            c.step + (c.applied ? " (applied)" : "") + " " + std::to_string(c.milliseconds) + " ms: " + c.detail + "\n";
    }
    return out;
}

// The page turned about its centre on a canvas with room for its corners.
constexpr int kTurnPad = 150;
cv::Matx23d TurnMatrix(double degrees) {
    const cv::Point2f centre(kPageW / 2.0F + kTurnPad, kPageH / 2.0F + kTurnPad);
    return cv::getRotationMatrix2D(centre, degrees, 1.0);
}

cv::Mat Turned(const cv::Mat& page, double degrees) {
    cv::Mat padded;
    cv::copyMakeBorder(page, padded, kTurnPad, kTurnPad, kTurnPad, kTurnPad, cv::BORDER_CONSTANT,
                       cv::Scalar(255, 255, 255));
    cv::Mat turned;
    cv::warpAffine(padded, turned, cv::Mat(TurnMatrix(degrees)), padded.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT,
                   cv::Scalar(255, 255, 255));
    return turned;
}

TEST(PreprocessTest, CleanPageIsUnchanged) {
    const cv::Mat page = SyntheticPage();
    cv::Mat colour, gray;
    const Prepared p = Preprocess(page, PreprocessSettings{}, colour, gray);
    EXPECT_TRUE(p.steps.empty()) << Describe(p);
    ASSERT_EQ(colour.size(), page.size());
    EXPECT_EQ(cv::norm(colour, page, cv::NORM_INF), 0);
    EXPECT_EQ(cv::norm(gray, Gray(page), cv::NORM_INF), 0);
    EXPECT_EQ(p.scale, 1.0);
    // Every enabled step measured and reported.
    for (const char* step : {"rectify", "deskew", "orient", "flatten_light", "denoise"}) {
        EXPECT_NE(Check(p, step), nullptr) << step;
    }
    EXPECT_EQ(Check(p, "upscale"), nullptr);  // off by default
}

TEST(PreprocessTest, ColouredCellsStayDarkOnLight) {
    const cv::Mat page = SyntheticPage();
    cv::Mat colour, gray;
    (void)Preprocess(page, PreprocessSettings{}, colour, gray);
    // Every fill is light in grey, every text stroke dark: no fill is lost.
    const cv::Mat g = Gray(page);
    for (const cv::Scalar& fill : {cv::Scalar(130, 240, 250), cv::Scalar(240, 210, 170), cv::Scalar(200, 200, 200)}) {
        cv::Mat mask;
        cv::inRange(page, fill, fill, mask);
        ASSERT_GT(cv::countNonZero(mask), 100);
        EXPECT_GT(cv::mean(gray, mask)[0], 180) << fill;
    }
    cv::Mat text;
    cv::inRange(page, cv::Scalar(20, 20, 20), cv::Scalar(20, 20, 20), text);
    EXPECT_LT(cv::mean(gray, text)[0], 40);
}

TEST(PreprocessTest, SettingsTurnStepsOff) {
    const cv::Mat page = SyntheticPage();
    cv::Mat colour, gray;
    PreprocessSettings none;
    none.orient = none.rectify = none.deskew = none.flatten_light = none.denoise = none.upscale = false;
    const Prepared p = Preprocess(page, none, colour, gray);
    EXPECT_TRUE(p.checks.empty());
    EXPECT_EQ(cv::norm(gray, Gray(page), cv::NORM_INF), 0);
    const Prepared only = Preprocess(page, Only(&PreprocessSettings::deskew), colour, gray);
    ASSERT_EQ(only.checks.size(), 1U);
    EXPECT_EQ(only.checks[0].step, "deskew");
}

TEST(PreprocessTest, EmptyAndGreyInputs) {
    cv::Mat colour, gray;
    const Prepared empty = Preprocess(cv::Mat(), PreprocessSettings{}, colour, gray);
    EXPECT_TRUE(colour.empty());
    EXPECT_TRUE(gray.empty());
    EXPECT_TRUE(empty.checks.empty());
    const cv::Mat page = SyntheticPage();
    (void)Preprocess(Gray(page), PreprocessSettings{}, colour, gray);
    EXPECT_EQ(colour.type(), CV_8UC3);
    EXPECT_EQ(cv::norm(gray, Gray(page), cv::NORM_INF), 0);
}

TEST(PreprocessTest, SameMatInAndOut) {
    cv::Mat page = SyntheticPage();
    const cv::Mat original = page.clone();
    cv::Mat gray;
    (void)Preprocess(page, PreprocessSettings{}, page, gray);
    EXPECT_EQ(cv::norm(page, original, cv::NORM_INF), 0);
}

// Corners of the table (the largest ink component not touching the border).
std::array<cv::Point2d, 4> TableCorners(const cv::Mat& gray) {
    cv::Mat ink, labels, stats, centroids;
    cv::threshold(gray, ink, 100, 255, cv::THRESH_BINARY_INV);
    const int n = cv::connectedComponentsWithStats(ink, labels, stats, centroids, 8, CV_32S);
    int best = -1;
    for (int i = 1; i < n; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        if (x == 0 || y == 0 || x + w >= gray.cols || y + h >= gray.rows) continue;
        if (best < 0 || w * h > stats.at<int>(best, cv::CC_STAT_WIDTH) * stats.at<int>(best, cv::CC_STAT_HEIGHT)) {
            best = i;
        }
    }
    std::array<cv::Point2d, 4> c;
    if (best < 0) return c;
    std::array<double, 4> score = {1e18, -1e18, -1e18, -1e18};
    for (int y = 0; y < gray.rows; ++y) {
        const int* row = labels.ptr<int>(y);
        for (int x = 0; x < gray.cols; ++x) {
            if (row[x] != best) continue;
            if (x + y < score[0]) {
                score[0] = x + y;
                c[0] = cv::Point2d(x, y);
            }
            if (x - y > score[1]) {
                score[1] = x - y;
                c[1] = cv::Point2d(x, y);
            }
            if (x + y > score[2]) {
                score[2] = x + y;
                c[2] = cv::Point2d(x, y);
            }
            if (y - x > score[3]) {
                score[3] = y - x;
                c[3] = cv::Point2d(x, y);
            }
        }
    }
    return c;
}

// The angle (degrees, counter-clockwise positive as on screen) of the
// table's top and bottom borders, measured independently of the code under test.
double RulingAngle(const cv::Mat& gray) {
    const auto c = TableCorners(gray);
    const double top = std::atan2(-(c[1].y - c[0].y), c[1].x - c[0].x);
    const double bottom = std::atan2(-(c[2].y - c[3].y), c[2].x - c[3].x);
    return (top + bottom) / 2 * 180 / CV_PI;
}

class DeskewTest : public ::testing::TestWithParam<double> {};

TEST_P(DeskewTest, TurnedPageComesBackStraight) {
    const double degrees = GetParam();
    const cv::Mat turned = Turned(SyntheticPage(), degrees);
    ASSERT_GT(std::abs(RulingAngle(Gray(turned))), 0.8 * std::abs(degrees));
    cv::Mat colour, gray;
    const Prepared p = Preprocess(turned, PreprocessSettings{}, colour, gray);
    const StepCheck* check = Check(p, "deskew");
    ASSERT_NE(check, nullptr);
    EXPECT_TRUE(check->applied) << Describe(p);
    EXPECT_NEAR(check->measured, degrees, 0.2) << Describe(p);
    EXPECT_LT(std::abs(RulingAngle(gray)), 0.5) << Describe(p);
    EXPECT_EQ(Check(p, "orient")->applied, false) << Describe(p);
    // to_input maps the output back: the table's top-left corner, found in
    // the output, lands where the turn put it in the input.
    const cv::Vec2d expected = TurnMatrix(degrees) * cv::Vec3d(kTableX + kTurnPad, kTableY + kTurnPad, 1);
    const cv::Point2d corner = TableCorners(gray)[0];
    const auto& h = p.to_input;
    const double w = h[6] * corner.x + h[7] * corner.y + h[8];
    const double x = (h[0] * corner.x + h[1] * corner.y + h[2]) / w;
    const double y = (h[3] * corner.x + h[4] * corner.y + h[5]) / w;
    EXPECT_LT(std::hypot(x - expected[0], y - expected[1]), 4) << x << "," << y << " vs " << expected;
}

INSTANTIATE_TEST_SUITE_P(Angles, DeskewTest, ::testing::Values(3.0, -6.5, 9.0, 1.2));

TEST(PreprocessTest, SmallTurnsAreLeftAlone) {
    cv::Mat turned;
    cv::warpAffine(SyntheticPage(), turned, cv::getRotationMatrix2D(cv::Point2f(kPageW / 2.0F, kPageH / 2.0F), 0.15, 1),
                   cv::Size(kPageW, kPageH), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(255, 255, 255));
    cv::Mat colour, gray;
    const Prepared p = Preprocess(turned, PreprocessSettings{}, colour, gray);
    EXPECT_FALSE(Check(p, "deskew")->applied) << Describe(p);
    EXPECT_EQ(cv::norm(colour, turned, cv::NORM_INF), 0);
}

class OrientTest : public ::testing::TestWithParam<int> {};

TEST_P(OrientTest, QuarterTurnedPageComesBackUpright) {
    const cv::Mat page = SyntheticPage();
    cv::Mat turned;
    cv::rotate(page, turned, GetParam());
    cv::Mat colour, gray;
    for (const bool osd : {false, true}) {  // the text lines alone are clear on this page
        PreprocessSettings settings;
        settings.use_osd = osd;
        const Prepared q = Preprocess(turned, settings, colour, gray);
        ASSERT_EQ(colour.size(), page.size()) << Describe(q);
        EXPECT_EQ(cv::norm(colour, page, cv::NORM_INF), 0) << Describe(q);
    }
    const Prepared p = Preprocess(turned, PreprocessSettings{}, colour, gray);
    ASSERT_EQ(p.steps.size(), 1U) << Describe(p);
    // to_input takes the output's top-left pixel to where it was in the input.
    const auto& h = p.to_input;
    const cv::Point2d origin(h[2] / h[8], h[5] / h[8]);
    const cv::Vec3b& in = turned.at<cv::Vec3b>(cvRound(origin.y), cvRound(origin.x));
    EXPECT_EQ(in, page.at<cv::Vec3b>(0, 0));
    EXPECT_GE(origin.x, 0);
    EXPECT_GE(origin.y, 0);
}

INSTANTIATE_TEST_SUITE_P(Turns, OrientTest,
                         ::testing::Values(cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE));

// A scanned page turned a quarter (a PDF of one scanned image, made by
// `make corpus`: family split-header, a dev family): a dense table of small type whose turned
// labels make its text lines run both ways about equally, and whose letters
// are too small at the analysis image's size for Tesseract's orientation
// detection to be sure. Asked again on a larger copy it is, and agrees.
TEST(PreprocessTest, DenseTableScannedSidewaysComesBackUpright) {
    const std::string bytes = ReadFile(std::string(LY_SOURCE_DIR) +
                                       "/libs/extract/testdata/image/split_header_scanned_sideways.pdf");
    auto decoded = DecodePages(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    cv::Mat colour, gray;
    const Prepared p = Preprocess(decoded->front(), PreprocessSettings{}, colour, gray);
    const StepCheck* orient = Check(p, "orient");
    ASSERT_NE(orient, nullptr);
    EXPECT_TRUE(orient->applied) << Describe(p);
    EXPECT_EQ(orient->measured, 270) << Describe(p);
    EXPECT_GT(colour.cols, colour.rows) << "the table is landscape";
}

// The synthetic page photographed by a pinhole camera: tilted about both
// axes, on a darker desk, principal point at the image centre.
cv::Mat Photographed(const cv::Mat& page, double tilt_x_deg, double tilt_y_deg, cv::Matx33d* page_to_photo,
                     const cv::Scalar& desk = cv::Scalar(70, 90, 110)) {
    const cv::Size frame(1600, 1200);
    const double f = 1500, distance = 1.35 * f;
    const double ax = tilt_x_deg * CV_PI / 180, ay = tilt_y_deg * CV_PI / 180;
    const cv::Matx33d rx(1, 0, 0, 0, std::cos(ax), -std::sin(ax), 0, std::sin(ax), std::cos(ax));
    const cv::Matx33d ry(std::cos(ay), 0, std::sin(ay), 0, 1, 0, -std::sin(ay), 0, std::cos(ay));
    std::array<cv::Point2f, 4> from = {cv::Point2f(0, 0), cv::Point2f(static_cast<float>(page.cols), 0),
                                       cv::Point2f(static_cast<float>(page.cols), static_cast<float>(page.rows)),
                                       cv::Point2f(0, static_cast<float>(page.rows))};
    std::array<cv::Point2f, 4> to;
    for (std::size_t i = 0; i < 4; ++i) {
        const cv::Vec3d p = rx * ry * cv::Vec3d(from[i].x - page.cols / 2.0, from[i].y - page.rows / 2.0, 0);
        const double z = p[2] + distance;
        to[i] = cv::Point2f(static_cast<float>(f * p[0] / z + frame.width / 2.0),
                            static_cast<float>(f * p[1] / z + frame.height / 2.0));
    }
    const cv::Matx33d h = cv::getPerspectiveTransform(from.data(), to.data());
    if (page_to_photo != nullptr) *page_to_photo = h;
    cv::Mat photo;
    cv::warpPerspective(page, photo, cv::Mat(h), frame, cv::INTER_LINEAR, cv::BORDER_CONSTANT, desk);
    return photo;
}

TEST(PreprocessTest, PhotographedPageComesBackRectangular) {
    const cv::Mat page = SyntheticPage();
    for (const auto& [tx, ty] : {std::pair{22.0, 10.0}, std::pair{-15.0, -18.0}}) {
        const cv::Mat photo = Photographed(page, tx, ty, nullptr);
        const auto before = TableCorners(Gray(photo));
        const double skew_before = std::abs(cv::norm(before[1] - before[0]) / cv::norm(before[2] - before[3]) - 1);
        ASSERT_GT(skew_before, 0.08);  // clearly a trapezoid
        cv::Mat colour, gray;
        const Prepared p = Preprocess(photo, PreprocessSettings{}, colour, gray);
        ASSERT_NE(Check(p, "rectify"), nullptr);
        EXPECT_TRUE(Check(p, "rectify")->applied) << Describe(p);
        const auto c = TableCorners(gray);
        const double top = cv::norm(c[1] - c[0]), bottom = cv::norm(c[2] - c[3]);
        const double left = cv::norm(c[3] - c[0]), right = cv::norm(c[2] - c[1]);
        const double diagonal = std::hypot(top, left);
        // Opposite sides equal, corners square, within 1.5% of the diagonal.
        EXPECT_NEAR(top, bottom, 0.015 * diagonal) << Describe(p);
        EXPECT_NEAR(left, right, 0.015 * diagonal) << Describe(p);
        EXPECT_NEAR(cv::norm(c[2] - c[0]), cv::norm(c[3] - c[1]), 0.015 * diagonal) << Describe(p);
        EXPECT_NEAR(c[0].y, c[1].y, 0.015 * diagonal);
        EXPECT_NEAR(c[0].x, c[3].x, 0.015 * diagonal);
        // The right aspect ratio: the camera's view undone, not just squared.
        EXPECT_NEAR((top + bottom) / (left + right), static_cast<double>(kTableW) / kTableH, 0.03 * kTableW / kTableH)
            << Describe(p);
        // The page is cut from the dark desk, and where it was cut no edge
        // is left: the outside is paper-coloured, no darker than the margin.
        EXPECT_GT(cv::mean(gray)[0], 200) << Describe(p);
        cv::Mat border(gray.size(), CV_8U, cv::Scalar(255));
        border(cv::Rect(4, 4, gray.cols - 8, gray.rows - 8)).setTo(0);
        EXPECT_GT(cv::mean(gray, border)[0], 200) << Describe(p);
    }
}

TEST(PreprocessTest, PageOnALightDeskInDimLightIsFoundAroundItsTable) {
    // A white page on a pale grey desk, photographed in dim light: the
    // page's edge is a far weaker step than the table's black lines, yet
    // it is the page that is cut out, not the table inside it (whose
    // outside is paper, and whose title above would be lost).
    cv::Mat page(1300, 1700, CV_8UC3, cv::Scalar(255, 255, 255));
    SyntheticPage().copyTo(page(cv::Rect(150, 150, kPageW, kPageH)));
    cv::Mat photo = Photographed(page, 18.0, 8.0, nullptr, cv::Scalar(160, 160, 160));
    photo.convertTo(photo, -1, 0.5);
    cv::GaussianBlur(photo, photo, cv::Size(0, 0), 4.0);  // out of focus at the page's edge
    cv::Mat colour, gray;
    const Prepared p = Preprocess(photo, PreprocessSettings{}, colour, gray);
    ASSERT_TRUE(Check(p, "rectify")->applied) << Describe(p);
    EXPECT_NE(Check(p, "rectify")->detail.find("page cropped from its background"), std::string::npos) << Describe(p);
}

TEST(PreprocessTest, ScreenshotTableIsNotRectified) {
    // A table that is a rectangle, merely small in the frame, is left alone.
    cv::Mat frame(1200, 1700, CV_8UC3, cv::Scalar(255, 255, 255));
    SyntheticPage().copyTo(frame(cv::Rect(150, 100, kPageW, kPageH)));
    cv::Mat colour, gray;
    const Prepared p = Preprocess(frame, PreprocessSettings{}, colour, gray);
    EXPECT_FALSE(Check(p, "rectify")->applied) << Describe(p);
    EXPECT_EQ(cv::norm(colour, frame, cv::NORM_INF), 0);
}

// Background: pixels that are paper white in the clean page, away from ink.
cv::Mat PaperMask(const cv::Mat& page) {
    cv::Mat white;
    cv::inRange(page, cv::Scalar(255, 255, 255), cv::Scalar(255, 255, 255), white);
    cv::erode(white, white, cv::getStructuringElement(cv::MORPH_RECT, cv::Size(9, 9)));
    return white;
}

cv::Mat UnevenlyLit(const cv::Mat& page) {
    // Light falling off from the top-left corner to 45% at the bottom right,
    // with a soft shadow band: a phone photo under a desk lamp.
    cv::Mat lit(page.size(), CV_8UC3);
    for (int y = 0; y < page.rows; ++y) {
        for (int x = 0; x < page.cols; ++x) {
            const double d = std::hypot(x, y) / std::hypot(page.cols, page.rows);
            const double shadow = 0.15 * std::exp(-std::pow((x - 0.7 * page.cols) / 120.0, 2));
            const double gain = 1.0 - 0.55 * d * d - shadow;
            const cv::Vec3b p = page.at<cv::Vec3b>(y, x);
            lit.at<cv::Vec3b>(y, x) =
                cv::Vec3b(cv::saturate_cast<uchar>(p[0] * gain), cv::saturate_cast<uchar>(p[1] * gain),
                          cv::saturate_cast<uchar>(p[2] * gain));
        }
    }
    return lit;
}

double StdDev(const cv::Mat& gray, const cv::Mat& mask) {
    cv::Scalar mean, stddev;
    cv::meanStdDev(gray, mean, stddev, mask);
    return stddev[0];
}

TEST(PreprocessTest, UnevenLightIsFlattened) {
    const cv::Mat page = SyntheticPage();
    const cv::Mat lit = UnevenlyLit(page);
    const cv::Mat paper = PaperMask(page);
    cv::Mat colour, gray;
    const Prepared p = Preprocess(lit, PreprocessSettings{}, colour, gray);
    EXPECT_TRUE(Check(p, "flatten_light")->applied) << Describe(p);
    const double before = StdDev(Gray(lit), paper), after = StdDev(gray, paper);
    EXPECT_GT(before, 20);
    EXPECT_LT(after, 6) << "before " << before << "\n" << Describe(p);
    EXPECT_GT(cv::mean(gray, paper)[0], 235);
    // Text stays dark: the darkest text pixels in the dim corner are still ink.
    cv::Mat text;
    cv::inRange(page, cv::Scalar(20, 20, 20), cv::Scalar(20, 20, 20), text);
    EXPECT_LT(cv::mean(gray, text)[0], 70);
    // Geometry untouched; the colour page is flattened too (ruling lines and
    // fills are found on it).
    EXPECT_EQ(colour.size(), lit.size());
    EXPECT_LT(StdDev(Gray(colour), paper), 6) << Describe(p);
    EXPECT_LT(cv::mean(Gray(colour), text)[0], 70);
}

TEST(PreprocessTest, PhotographedPageWithAFewToneLightIsFlattened) {
    // A photo lit evenly over most of the page, darker towards one side:
    // its background sits largely in one tone, like a screenshot's flat
    // fills, but a page seen in perspective is a photo and its light is
    // flattened.
    cv::Mat photo = Photographed(SyntheticPage(), 15.0, 10.0, nullptr);
    for (int y = 0; y < photo.rows; ++y) {
        for (int x = 0; x < photo.cols; ++x) {
            const double share = std::max(0.0, (x - 0.65 * photo.cols) / (0.35 * photo.cols));
            cv::Vec3b& px = photo.at<cv::Vec3b>(y, x);
            for (int k = 0; k < 3; ++k) px[k] = cv::saturate_cast<uchar>(px[k] * (1.0 - 0.3 * share));
        }
    }
    cv::Mat colour, gray;
    const Prepared p = Preprocess(photo, PreprocessSettings{}, colour, gray);
    ASSERT_TRUE(Check(p, "rectify")->applied) << Describe(p);
    EXPECT_TRUE(Check(p, "flatten_light")->applied) << Describe(p);
}

TEST(PreprocessTest, SaltAndPepperIsRemovedAndDottedLinesKept) {
    const cv::Mat page = SyntheticPage();
    cv::Mat noisy = page.clone();
    std::mt19937 random(7);
    std::uniform_int_distribution<int> xs(0, kPageW - 1), ys(0, kPageH - 1);
    for (int i = 0; i < kPageW * kPageH / 100; ++i) {  // 1% of the pixels
        const int v = (i % 2 == 0) ? 0 : 255;
        noisy.at<cv::Vec3b>(ys(random), xs(random)) =
            cv::Vec3b(static_cast<uchar>(v), static_cast<uchar>(v), static_cast<uchar>(v));
    }
    cv::Mat colour, gray;
    const Prepared p = Preprocess(noisy, PreprocessSettings{}, colour, gray);
    EXPECT_TRUE(Check(p, "denoise")->applied) << Describe(p);
    const cv::Mat paper = PaperMask(page);
    EXPECT_LT(StdDev(gray, paper), 0.3 * StdDev(Gray(noisy), paper)) << Describe(p);

    // A clean page ruled with dotted lines (one pixel on, one off) is not noise.
    cv::Mat dotted = page.clone();
    for (int y = 960; y < 1000; y += 6) {
        for (int x = 0; x < kPageW; x += 2) dotted.at<cv::Vec3b>(y, x) = cv::Vec3b(0, 0, 0);
    }
    for (int x = 1345; x < 1400; x += 8) {
        for (int y = 0; y < kPageH; y += 2) dotted.at<cv::Vec3b>(y, x) = cv::Vec3b(0, 0, 0);
    }
    const Prepared q = Preprocess(dotted, PreprocessSettings{}, colour, gray);
    EXPECT_FALSE(Check(q, "denoise")->applied) << Describe(q);
    EXPECT_EQ(cv::norm(gray, Gray(dotted), cv::NORM_INF), 0);
}

TEST(PreprocessTest, SensorNoiseIsSmoothed) {
    // Photographed paper is not pure white, so the noise is not clipped.
    cv::Mat page;
    SyntheticPage().convertTo(page, CV_8UC3, 0.85, 10);
    cv::Mat noise(page.size(), CV_16SC3);
    cv::randn(noise, 0, 12);
    cv::Mat noisy;
    page.convertTo(noisy, CV_16SC3);
    noisy += noise;
    noisy.convertTo(noisy, CV_8UC3);
    cv::Mat colour, gray;
    const Prepared p = Preprocess(noisy, PreprocessSettings{}, colour, gray);
    EXPECT_TRUE(Check(p, "denoise")->applied) << Describe(p);
    const cv::Mat paper = PaperMask(SyntheticPage());
    EXPECT_LT(StdDev(gray, paper), 0.5 * StdDev(Gray(noisy), paper)) << Describe(p);
    EXPECT_NEAR(Check(p, "denoise")->measured, 0, 0.5);  // no impulses: the σ decided
}

TEST(PreprocessTest, UpscaleWhenAskedAndTextIsSmall) {
    cv::Mat small;
    cv::resize(SyntheticPage(), small, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    PreprocessSettings settings = Only(&PreprocessSettings::upscale);
    cv::Mat colour, gray;
    const Prepared p = Preprocess(small, settings, colour, gray);
    ASSERT_TRUE(Check(p, "upscale")->applied) << Describe(p);
    EXPECT_GT(p.scale, 1.2);
    EXPECT_NEAR(colour.cols, small.cols * p.scale, 1);
    EXPECT_NEAR(p.to_input[0], 1 / p.scale, 1e-3);
}

// ---- The real teacher screenshots (skipped when the samples are absent).

std::vector<std::filesystem::path> SampleScreenshots() {
    std::vector<std::filesystem::path> found;
    const std::filesystem::path dir(LY_SAMPLES_DIR);
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.path().extension() == ".png") found.push_back(entry.path());
    }
    std::sort(found.begin(), found.end());
    return found;
}

TEST(PreprocessSamplesTest, ScreenshotsAreUnchangedAndUpright) {
    const auto samples = SampleScreenshots();
    if (samples.empty()) GTEST_SKIP() << "no sample screenshots in " << LY_SAMPLES_DIR;
    for (const auto& path : samples) {
        const auto pages = DecodePages(ReadFile(path));
        ASSERT_TRUE(pages.ok()) << path << ": " << pages.error().message;
        const cv::Mat& page = pages->front();
        cv::Mat colour, gray;
        const Prepared p = Preprocess(page, PreprocessSettings{}, colour, gray);
        EXPECT_TRUE(p.steps.empty()) << path << "\n" << Describe(p);
        EXPECT_EQ(cv::norm(colour, page, cv::NORM_INF), 0) << path;
        EXPECT_EQ(cv::norm(gray, Gray(page), cv::NORM_INF), 0) << path;
        for (const int turn : {cv::ROTATE_90_CLOCKWISE, cv::ROTATE_180, cv::ROTATE_90_COUNTERCLOCKWISE}) {
            cv::Mat turned;
            cv::rotate(page, turned, turn);
            const Prepared q = Preprocess(turned, PreprocessSettings{}, colour, gray);
            ASSERT_EQ(colour.size(), page.size()) << path << " turn " << turn << "\n" << Describe(q);
            EXPECT_EQ(cv::norm(colour, page, cv::NORM_INF), 0) << path << " turn " << turn << "\n" << Describe(q);
        }
    }
}

}  // namespace
}  // namespace ly::extract::image
