#include "ocr/ocr.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <thread>
#include <vector>

namespace ly::extract::ocr {
namespace {

// One pool for the whole suite: starting Tesseract is the slow part.
class OcrTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        Result<std::unique_ptr<OcrEnginePool>> created = OcrEnginePool::Create();
        ASSERT_TRUE(created.ok()) << created.error().message;
        pool_ = std::move(created).value().release();
    }
    static void TearDownTestSuite() {
        delete pool_;
        pool_ = nullptr;
    }
    static OcrEnginePool& pool() { return *pool_; }

    static OcrEnginePool* pool_;
};

OcrEnginePool* OcrTest::pool_ = nullptr;

// A white page with a table drawn on it: black ruling lines, 2 px thick, and
// text put into cells. Boxes returned are the cells' boxes between the lines'
// centres, as a ruling-line finder reports them.
struct Page {
    cv::Mat image;
    std::vector<Box> cells;
};

Box CellBox(int x0, int y0, int x1, int y1) {
    return Box{static_cast<double>(x0), static_cast<double>(y0), static_cast<double>(x1), static_cast<double>(y1)};
}

void DrawCell(cv::Mat& page, const Box& box) {
    cv::rectangle(page, cv::Point(static_cast<int>(box.x0), static_cast<int>(box.y0)),
                  cv::Point(static_cast<int>(box.x1), static_cast<int>(box.y1)), cv::Scalar(0), 2);
}

// Text centred at `centre`, upright.
void PutCentred(cv::Mat& page, const std::string& text, cv::Point centre, int font, double scale, int thickness) {
    int baseline = 0;
    const cv::Size size = cv::getTextSize(text, font, scale, thickness, &baseline);
    cv::putText(page, text, cv::Point(centre.x - size.width / 2, centre.y + size.height / 2), font, scale,
                cv::Scalar(0), thickness, cv::LINE_AA);
}

// Text turned a quarter: kUp reads bottom to top, kDown top to bottom.
void PutTurned(cv::Mat& page, const std::string& text, cv::Point centre, TextOrientation orientation, double scale) {
    int baseline = 0;
    const int font = cv::FONT_HERSHEY_SIMPLEX;
    const cv::Size size = cv::getTextSize(text, font, scale, 2, &baseline);
    cv::Mat strip(size.height + baseline + 12, size.width + 12, CV_8UC1, cv::Scalar(255));
    cv::putText(strip, text, cv::Point(6, size.height + 6), font, scale, cv::Scalar(0), 2, cv::LINE_AA);
    cv::Mat turned;
    cv::rotate(strip, turned,
               orientation == TextOrientation::kUp ? cv::ROTATE_90_COUNTERCLOCKWISE : cv::ROTATE_90_CLOCKWISE);
    const cv::Rect at(centre.x - turned.cols / 2, centre.y - turned.rows / 2, turned.cols, turned.rows);
    cv::Mat target = page(at);
    cv::min(target, turned, target);
}

// The test table: a single line, two lines, a blank cell, a time in the
// duplex face, and two tall cells of turned text.
Page MakeTable() {
    Page page;
    page.image = cv::Mat(700, 900, CV_8UC1, cv::Scalar(255));
    cv::Mat& image = page.image;
    page.cells = {CellBox(20, 20, 340, 80),      // 0: one line
                  CellBox(340, 20, 620, 140),    // 1: two lines
                  CellBox(20, 80, 340, 140),     // 2: blank
                  CellBox(620, 20, 880, 80),     // 3: time
                  CellBox(20, 140, 100, 680),    // 4: turned up
                  CellBox(100, 140, 180, 680),   // 5: turned down
                  CellBox(180, 140, 560, 200)};  // 6: small text
    for (const Box& box : page.cells) DrawCell(image, box);
    PutCentred(image, "Morning Work", cv::Point(180, 50), cv::FONT_HERSHEY_SIMPLEX, 1.0, 2);
    PutCentred(image, "Maths", cv::Point(480, 58), cv::FONT_HERSHEY_SIMPLEX, 1.0, 2);
    PutCentred(image, "Room 4", cv::Point(480, 102), cv::FONT_HERSHEY_SIMPLEX, 1.0, 2);
    PutCentred(image, "9:00-9:15", cv::Point(750, 50), cv::FONT_HERSHEY_DUPLEX, 0.9, 1);
    PutTurned(image, "Registration and Early Morning work", cv::Point(60, 410), TextOrientation::kUp, 0.9);
    PutTurned(image, "Handwriting", cv::Point(140, 410), TextOrientation::kDown, 0.9);
    PutCentred(image, "Science Lab", cv::Point(370, 170), cv::FONT_HERSHEY_SIMPLEX, 0.45, 1);
    return page;
}

bool Inside(const Box& inner, const Box& outer) {
    return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

void ExpectConfidences(const CellText& cell) {
    ASSERT_EQ(cell.words.size(), cell.lines.size());
    for (std::size_t i = 0; i < cell.lines.size(); ++i) {
        EXPECT_GT(cell.lines[i].confidence, 0.0);
        EXPECT_LE(cell.lines[i].confidence, 1.0);
        ASSERT_FALSE(cell.words[i].empty());
        for (const Word& word : cell.words[i]) {
            EXPECT_GE(word.confidence, 0.0) << word.text;
            EXPECT_LE(word.confidence, 1.0) << word.text;
            EXPECT_TRUE(Inside(word.box, cell.lines[i].box)) << word.text;
        }
    }
}

CellText Recognize(OcrEnginePool& pool, const cv::Mat& page, const Box& box, const CellOptions& options = {}) {
    Result<OcrEnginePool::Lease> lease = pool.Acquire();
    EXPECT_TRUE(lease.ok());
    if (!lease.ok()) return {};
    Result<CellText> cell = RecognizeCell(**lease, page, box, options);
    EXPECT_TRUE(cell.ok()) << cell.error().message;
    return cell.ok() ? std::move(cell).value() : CellText{};
}

TEST_F(OcrTest, ReadsOneLineWithoutTheRulingLines) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[0]);
    EXPECT_EQ(cell.Text(), "Morning Work");
    EXPECT_EQ(cell.orientation, TextOrientation::kHorizontal);
    EXPECT_FALSE(cell.blank);
    EXPECT_EQ(cell.engine_reads, 1);
    ASSERT_EQ(cell.lines.size(), 1u);
    ASSERT_EQ(cell.words[0].size(), 2u);
    EXPECT_EQ(cell.words[0][0].text, "Morning");
    EXPECT_EQ(cell.words[0][1].text, "Work");
    EXPECT_LT(cell.words[0][0].box.x1, cell.words[0][1].box.x0);
    EXPECT_TRUE(Inside(cell.lines[0].box, page.cells[0]));
    EXPECT_GT(cell.lines[0].confidence, 0.8);
    ExpectConfidences(cell);
}

TEST_F(OcrTest, ReadsTwoLinesTopToBottomEachWithItsBox) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[1]);
    ASSERT_EQ(cell.lines.size(), 2u) << cell.Text();
    EXPECT_EQ(cell.lines[0].text, "Maths");
    EXPECT_EQ(cell.lines[1].text, "Room 4");
    EXPECT_LT(cell.lines[0].box.y1, cell.lines[1].box.y0);
    // Page coordinates: the first line is around y = 58, the second y = 102.
    EXPECT_NEAR(cell.lines[0].box.cy(), 58, 8);
    EXPECT_NEAR(cell.lines[1].box.cy(), 102, 8);
    EXPECT_NEAR(cell.lines[0].box.cx(), 480, 10);
    ExpectConfidences(cell);
}

TEST_F(OcrTest, SkipsABlankCellWithoutCallingTheEngine) {
    const Page page = MakeTable();
    Result<OcrEnginePool::Lease> lease = pool().Acquire();
    ASSERT_TRUE(lease.ok());
    const std::int64_t reads_before = (*lease)->reads();
    Result<CellText> cell = RecognizeCell(**lease, page.image, page.cells[2]);
    ASSERT_TRUE(cell.ok());
    EXPECT_TRUE(cell->blank);
    EXPECT_EQ(cell->engine_reads, 0);
    EXPECT_TRUE(cell->lines.empty());
    EXPECT_EQ((*lease)->reads(), reads_before);
}

TEST_F(OcrTest, ABoxOfRulingLinesAndSpecksIsBlank) {
    cv::Mat image(120, 200, CV_8UC1, cv::Scalar(240));  // a light grey fill
    cv::rectangle(image, cv::Point(10, 10), cv::Point(190, 110), cv::Scalar(0), 3);
    image.at<std::uint8_t>(50, 60) = 0;  // two specks of dust
    image.at<std::uint8_t>(70, 120) = 30;
    const CellText cell = Recognize(pool(), image, CellBox(10, 10, 190, 110));
    EXPECT_TRUE(cell.blank);
    EXPECT_EQ(cell.engine_reads, 0);
}

// A framed day list: the heading's underline lies near the frame's top,
// where a cell's border would be, but text above it makes it a rule inside
// the box, and the heading is read.
TEST_F(OcrTest, KeepsAnUnderlinedHeadingAtTheTopOfAFrame) {
    cv::Mat image(460, 640, CV_8UC1, cv::Scalar(255));
    const Box frame = CellBox(20, 20, 620, 440);
    DrawCell(image, frame);
    cv::putText(image, "Monday", cv::Point(40, 58), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0), 2, cv::LINE_AA);
    cv::line(image, cv::Point(36, 68), cv::Point(604, 68), cv::Scalar(0), 2);
    const char* lines[] = {"9:00-9:45 English", "9:45-10:30 Maths", "10:30-10:50 Break"};
    for (int i = 0; i < 3; ++i) {
        cv::putText(image, lines[i], cv::Point(40, 110 + 40 * i), cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(0), 2,
                    cv::LINE_AA);
    }
    const CellText cell = Recognize(pool(), image, frame);
    ASSERT_FALSE(cell.lines.empty());
    EXPECT_EQ(cell.lines[0].text, "Monday");
    EXPECT_EQ(cell.lines.size(), 4u) << cell.Text();
}

// A rule inside a box, deeper than a border could be and fainter than ink (a
// photo blurs a thin line to grey), is no text: it must neither join the
// heading above it and the lines below into one group nor spoil their read.
TEST_F(OcrTest, DropsAFaintRuleUnderAHeadingInsideABox) {
    cv::Mat image(460, 640, CV_8UC1, cv::Scalar(250));
    const Box frame = CellBox(20, 20, 620, 440);
    DrawCell(image, frame);
    cv::putText(image, "TUESDAY", cv::Point(40, 120), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(20), 2, cv::LINE_AA);
    cv::line(image, cv::Point(36, 132), cv::Point(604, 132), cv::Scalar(130), 1);
    cv::line(image, cv::Point(36, 133), cv::Point(604, 133), cv::Scalar(180), 1);
    cv::putText(image, "8.45 to 9.00", cv::Point(40, 175), cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(20), 2,
                cv::LINE_AA);
    cv::putText(image, "Early Morning Work", cv::Point(300, 175), cv::FONT_HERSHEY_SIMPLEX, 0.8, cv::Scalar(20), 2,
                cv::LINE_AA);
    const CellText cell = Recognize(pool(), image, frame);
    EXPECT_EQ(cell.engine_reads, 2);  // the times' column and the names' column, each on its own
    ASSERT_EQ(cell.lines.size(), 2u) << cell.Text();
    EXPECT_EQ(cell.lines[0].text, "TUESDAY");
    EXPECT_EQ(cell.lines[1].text, "8.45 to 9.00 Early Morning Work");
}

// A photo's blurred bold word nearly as wide as its cell runs together at
// the grey a faint rule has; it is still a word, not a rule to drop.
TEST_F(OcrTest, KeepsABlurredWordThatFillsItsCell) {
    cv::Mat image(220, 230, CV_8UC1, cv::Scalar(235));
    const Box cell = CellBox(5, 5, 225, 215);
    DrawCell(image, cell);
    cv::putText(image, "Wednesday", cv::Point(12, 120), cv::FONT_HERSHEY_DUPLEX, 1.0, cv::Scalar(60), 4, cv::LINE_AA);
    cv::GaussianBlur(image, image, cv::Size(7, 7), 2.2);
    const CellText read = Recognize(pool(), image, cell);
    EXPECT_EQ(read.Text(), "Wednesday");
}

// A short word in thin type in a large cell (a lesson merged over a tall
// row) has fewer dark pixels than the level search first asks for.
TEST_F(OcrTest, ReadsAShortThinWordInALargeCell) {
    cv::Mat image(140, 380, CV_8UC1, cv::Scalar(235));  // a light fill
    const Box box = CellBox(20, 20, 360, 120);
    DrawCell(image, box);
    PutCentred(image, "Art", cv::Point(190, 70), cv::FONT_HERSHEY_SIMPLEX, 0.45, 1);
    const CellText cell = Recognize(pool(), image, box);
    EXPECT_FALSE(cell.blank);
    EXPECT_EQ(cell.Text(), "Art");
}

// A lone digit in a tall time cell: block segmentation finds no line in it.
TEST_F(OcrTest, ReadsALoneDigitInATallCell) {
    cv::Mat image(180, 140, CV_8UC1, cv::Scalar(255));
    const Box box = CellBox(20, 20, 120, 160);
    DrawCell(image, box);
    PutCentred(image, "9", cv::Point(70, 90), cv::FONT_HERSHEY_SIMPLEX, 0.6, 2);
    const CellText cell = Recognize(pool(), image, box);
    EXPECT_EQ(cell.Text(), "9");
}

// A scanned border that slants and breaks up just inside the cell: no row
// of it is mostly ink, but its bits must not be read as text.
TEST_F(OcrTest, DropsABrokenSlantedBorderInsideTheCell) {
    cv::Mat image(120, 760, CV_8UC1, cv::Scalar(255));
    const Box box = CellBox(20, 20, 740, 100);
    DrawCell(image, box);
    for (int x = 24; x < 736; x += 8) {  // dashes 5 px long, falling 5 px over the width
        const int y = 22 + (x - 24) * 5 / 712;
        cv::rectangle(image, cv::Point(x, y), cv::Point(x + 4, y + 1), cv::Scalar(0), cv::FILLED);
    }
    PutCentred(image, "Foundation Subjects", cv::Point(380, 44), cv::FONT_HERSHEY_SIMPLEX, 0.9, 2);
    const CellText cell = Recognize(pool(), image, box);
    EXPECT_EQ(cell.Text(), "Foundation Subjects");
}

// A framed list (a day's box) has its lines close to the frame's left side:
// they are text along that edge, not the remains of a ruling line.
TEST_F(OcrTest, KeepsTextAlongTheLeftSideOfAFrame) {
    cv::Mat image(360, 560, CV_8UC1, cv::Scalar(255));
    const Box box = CellBox(20, 20, 540, 340);
    DrawCell(image, box);
    const std::vector<std::string> lines = {"Wednesday", "8:40", "9:00", "9:30", "10:30", "10:50", "12:00", "12:55"};
    for (std::size_t i = 0; i < lines.size(); ++i) {
        cv::putText(image, lines[i], cv::Point(28, 56 + static_cast<int>(i) * 38), cv::FONT_HERSHEY_SIMPLEX, 0.8,
                    cv::Scalar(0), 2, cv::LINE_AA);
    }
    const CellText cell = Recognize(pool(), image, box);
    ASSERT_EQ(cell.lines.size(), lines.size()) << cell.Text();
    EXPECT_EQ(cell.lines[0].text, "Wednesday");
    EXPECT_EQ(cell.lines[1].text, "8:40");
}

// Loose text is read in boxes drawn tightly around it: the stem of a
// leading "T" is as tall as the box and is no ruling line.
TEST_F(OcrTest, KeepsLetterStemsAtTheEdgesOfLooseText) {
    cv::Mat image(60, 300, CV_8UC1, cv::Scalar(255));
    int baseline = 0;
    const cv::Size size = cv::getTextSize("Timetable", cv::FONT_HERSHEY_SIMPLEX, 1.0, 2, &baseline);
    cv::putText(image, "Timetable", cv::Point(20, 20 + size.height), cv::FONT_HERSHEY_SIMPLEX, 1.0, cv::Scalar(0), 2,
                cv::LINE_AA);
    const Box hugging = CellBox(16, 16, 24 + size.width, 24 + size.height);
    CellOptions options;
    options.drop_edge_lines = false;
    EXPECT_EQ(Recognize(pool(), image, hugging, options).Text(), "Timetable");
}

// A thin upright stroke apart from the text (a bit of a ruling line) is no
// text: Tesseract cannot scale it ("Image too small to scale") and is not
// asked to.
TEST_F(OcrTest, SkipsASliverBesideTheText) {
    cv::Mat image(120, 500, CV_8UC1, cv::Scalar(255));
    const Box box = CellBox(20, 20, 480, 100);
    DrawCell(image, box);
    PutCentred(image, "Maths", cv::Point(200, 60), cv::FONT_HERSHEY_SIMPLEX, 1.0, 2);
    cv::line(image, cv::Point(400, 40), cv::Point(400, 80), cv::Scalar(0), 1);
    const CellText cell = Recognize(pool(), image, box);
    EXPECT_EQ(cell.Text(), "Maths");
    EXPECT_EQ(cell.engine_reads, 1);
}

// One letter of a word spelled down a column: a single glyph is read
// upright, never turned (turned, "C" read "oO" and won on letters read).
TEST_F(OcrTest, ReadsASingleLetterUpright) {
    for (const std::string letter : {"C", "N", "U"}) {
        cv::Mat image(140, 340, CV_8UC1, cv::Scalar(255));
        const Box box = CellBox(20, 20, 320, 120);
        DrawCell(image, box);
        PutCentred(image, letter, cv::Point(170, 70), cv::FONT_HERSHEY_DUPLEX, 1.0, 2);
        const CellText cell = Recognize(pool(), image, box);
        EXPECT_EQ(cell.Text(), letter);
        EXPECT_EQ(cell.orientation, TextOrientation::kHorizontal) << letter;
    }
}

TEST_F(OcrTest, ReadsATime) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[3]);
    EXPECT_EQ(cell.Text(), "9:00-9:15");
    ExpectConfidences(cell);
}

TEST_F(OcrTest, EnlargesSmallText) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[6]);
    EXPECT_EQ(cell.Text(), "Science Lab");
}

TEST_F(OcrTest, TurnsTextReadingBottomToTop) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[4]);
    EXPECT_EQ(cell.Text(), "Registration and Early Morning work");
    EXPECT_EQ(cell.orientation, TextOrientation::kUp);
    ASSERT_EQ(cell.lines.size(), 1u);
    // The line's box is on the page: tall and narrow, inside the cell.
    EXPECT_GT(cell.lines[0].box.height(), 5 * cell.lines[0].box.width());
    EXPECT_TRUE(Inside(cell.lines[0].box, page.cells[4]));
    // Reading bottom to top: the first word is lowest on the page.
    ASSERT_GE(cell.words[0].size(), 2u);
    EXPECT_GT(cell.words[0][0].box.cy(), cell.words[0][1].box.cy());
    ExpectConfidences(cell);
}

TEST_F(OcrTest, TurnsTextReadingTopToBottom) {
    const Page page = MakeTable();
    const CellText cell = Recognize(pool(), page.image, page.cells[5]);
    EXPECT_EQ(cell.Text(), "Handwriting");
    EXPECT_EQ(cell.orientation, TextOrientation::kDown);
    ExpectConfidences(cell);
}

TEST_F(OcrTest, TurnsTextInAWideCellWhenUprightReadsBadly) {
    // "Assembly" turned up in a cell wider than tall: the ink is tall.
    cv::Mat image(160, 220, CV_8UC1, cv::Scalar(255));
    cv::rectangle(image, cv::Point(2, 2), cv::Point(217, 157), cv::Scalar(0), 2);
    PutTurned(image, "Assembly", cv::Point(110, 80), TextOrientation::kUp, 0.8);
    const CellText cell = Recognize(pool(), image, CellBox(2, 2, 217, 157));
    EXPECT_EQ(cell.Text(), "Assembly");
    EXPECT_EQ(cell.orientation, TextOrientation::kUp);
}

TEST_F(OcrTest, ReadsWhiteTextOnADarkFill) {
    cv::Mat black_on_white(80, 300, CV_8UC1, cv::Scalar(255));
    PutCentred(black_on_white, "Lunch", cv::Point(150, 40), cv::FONT_HERSHEY_SIMPLEX, 1.0, 2);
    cv::Mat page = 255 - black_on_white;  // white letters on black
    page = page * 0.8 + 30;               // … on a dark grey fill: 30 … 234
    const CellText cell = Recognize(pool(), page, CellBox(0, 0, 300, 80));
    EXPECT_EQ(cell.Text(), "Lunch");
}

TEST_F(OcrTest, AcceptsColourPagesAndClipsBoxesToThePage) {
    const Page page = MakeTable();
    cv::Mat colour;
    cv::cvtColor(page.image, colour, cv::COLOR_GRAY2BGR);
    Box box = page.cells[0];
    box.x0 -= 50;  // off the page's left edge
    box.y0 -= 40;
    const CellText cell = Recognize(pool(), colour, box);
    EXPECT_EQ(cell.Text(), "Morning Work");
}

TEST_F(OcrTest, RejectsAnEmptyPage) {
    Result<OcrEnginePool::Lease> lease = pool().Acquire();
    ASSERT_TRUE(lease.ok());
    Result<CellText> cell = RecognizeCell(**lease, cv::Mat(), CellBox(0, 0, 10, 10));
    ASSERT_FALSE(cell.ok());
    EXPECT_EQ(cell.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(OcrTest, RecognizeCellsKeepsTheOrderOfTheBoxes) {
    const Page page = MakeTable();
    for (int threads : {1, 2}) {
        Result<std::vector<CellText>> cells = RecognizeCells(pool(), page.image, page.cells, {}, threads);
        ASSERT_TRUE(cells.ok()) << cells.error().message;
        ASSERT_EQ(cells->size(), page.cells.size());
        EXPECT_EQ((*cells)[0].Text(), "Morning Work");
        EXPECT_EQ((*cells)[1].Text(), "Maths\nRoom 4");
        EXPECT_TRUE((*cells)[2].blank);
        EXPECT_EQ((*cells)[3].Text(), "9:00-9:15");
        EXPECT_EQ((*cells)[4].orientation, TextOrientation::kUp);
        EXPECT_EQ((*cells)[5].Text(), "Handwriting");
        EXPECT_EQ((*cells)[6].Text(), "Science Lab");
    }
}

TEST(OcrEnginePoolTest, MissingLanguageDataIsNotFound) {
    EngineSettings settings;
    settings.tessdata_dir = "/nonexistent/tessdata";
    Result<std::unique_ptr<OcrEnginePool>> pool = OcrEnginePool::Create(settings);
    ASSERT_FALSE(pool.ok());
    EXPECT_EQ(pool.error().code, ErrorCode::kNotFound);
    EXPECT_NE(pool.error().message.find("eng.traineddata"), std::string::npos);

    settings.tessdata_dir.clear();
    settings.language = "xx_no_such_language";
    pool = OcrEnginePool::Create(settings);
    ASSERT_FALSE(pool.ok());
    EXPECT_EQ(pool.error().code, ErrorCode::kNotFound);
    EXPECT_NE(pool.error().message.find("TESSDATA_PREFIX"), std::string::npos);
}

TEST(OcrEnginePoolTest, LeasesReturnTheirEngineAndNewOnesStartOnDemand) {
    EngineSettings settings;
    settings.max_engines = 2;
    Result<std::unique_ptr<OcrEnginePool>> created = OcrEnginePool::Create(settings);
    ASSERT_TRUE(created.ok()) << created.error().message;
    OcrEnginePool& pool = **created;
    EXPECT_EQ(pool.engines(), 1);
    OcrEngine* first = nullptr;
    {
        Result<OcrEnginePool::Lease> lease = pool.Acquire();
        ASSERT_TRUE(lease.ok());
        first = &**lease;
    }
    {
        // Given back above: the same engine again, none started.
        Result<OcrEnginePool::Lease> a = pool.Acquire();
        ASSERT_TRUE(a.ok());
        EXPECT_EQ(&**a, first);
        EXPECT_EQ(pool.engines(), 1);
        // Both leased at once: a second engine.
        Result<OcrEnginePool::Lease> b = pool.Acquire();
        ASSERT_TRUE(b.ok());
        EXPECT_NE(&**b, first);
        EXPECT_EQ(pool.engines(), 2);
        EXPECT_FALSE(pool.TryAcquire().has_value());  // none free, no more may start
        // A third waits until one is given back.
        OcrEnginePool::Lease moved = std::move(b).value();
        std::thread giver([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
            OcrEnginePool::Lease gone = std::move(moved);
        });
        Result<OcrEnginePool::Lease> c = pool.Acquire();
        giver.join();
        ASSERT_TRUE(c.ok());
        EXPECT_EQ(pool.engines(), 2);
    }
}

TEST(OcrEnginePoolTest, StartAllStartsTheMissingEnginesAndLeavesThemIdle) {
    EngineSettings settings;
    settings.max_engines = 3;
    Result<std::unique_ptr<OcrEnginePool>> created = OcrEnginePool::Create(settings);
    ASSERT_TRUE(created.ok()) << created.error().message;
    OcrEnginePool& pool = **created;
    ASSERT_EQ(pool.engines(), 1);
    ASSERT_TRUE(pool.StartAll().ok());
    EXPECT_EQ(pool.engines(), 3);
    // All idle: three leases at once without starting or waiting.
    std::optional<OcrEnginePool::Lease> a = pool.TryAcquire();
    std::optional<OcrEnginePool::Lease> b = pool.TryAcquire();
    std::optional<OcrEnginePool::Lease> c = pool.TryAcquire();
    EXPECT_TRUE(a && b && c);
    EXPECT_EQ(pool.engines(), 3);
    a.reset();
    b.reset();
    c.reset();
    EXPECT_TRUE(pool.StartAll().ok());  // nothing missing: nothing to do
    EXPECT_EQ(pool.engines(), 3);
}

// ---- The real sample: crops measured by hand, between the lines' centres ----

std::string SamplePath(const std::string& name) { return std::string(LY_SAMPLES_DIR) + "/" + name; }

cv::Mat LoadSample(const std::string& name) { return cv::imread(SamplePath(name), cv::IMREAD_GRAYSCALE); }

// The samples live beside the checkout (../shared); a fresh clone has none.
#define SKIP_WITHOUT_SAMPLE(name) \
    if (!std::filesystem::exists(SamplePath(name))) GTEST_SKIP() << "no sample " << SamplePath(name)

struct SampleCell {
    Box box;
    std::string text;  // lines joined with '\n'
    TextOrientation orientation = TextOrientation::kHorizontal;
};

void ExpectSampleCells(OcrEnginePool& pool, const std::string& name, const std::vector<SampleCell>& cells) {
    const cv::Mat page = LoadSample(name);
    ASSERT_FALSE(page.empty()) << name;
    std::vector<Box> boxes;
    for (const SampleCell& cell : cells) boxes.push_back(cell.box);
    Result<std::vector<CellText>> read = RecognizeCells(pool, page, boxes);
    ASSERT_TRUE(read.ok()) << read.error().message;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        EXPECT_EQ((*read)[i].Text(), cells[i].text) << name << ", cell " << i;
        EXPECT_EQ((*read)[i].orientation, cells[i].orientation) << name << ", cell " << i;
        ExpectConfidences((*read)[i]);
        for (const TextLine& line : (*read)[i].lines) {
            EXPECT_TRUE(Inside(line.box, cells[i].box)) << name << ", cell " << i << ": " << line.text;
        }
    }
}

TEST_F(OcrTest, ReadsCellsOfTeacherTimetableExample3) {
    SKIP_WITHOUT_SAMPLE("Teacher Timetable Example 3.png");
    ExpectSampleCells(pool(), "Teacher Timetable Example 3.png",
                      {
                          {CellBox(157, 177, 480, 221), "Morning Work"},        // Monday column, row 3
                          {CellBox(54, 177, 157, 221), "9:00-9:15"},            // its time, right of a dotted rule
                          {CellBox(7, 177, 54, 221), "3"},                      // its number
                          {CellBox(157, 220, 480, 264), "Daily 5: Station 1"},  // old-style figures
                          {CellBox(157, 689, 480, 733), "Science/Health/Social Studies"},
                          {CellBox(678, 396, 1046, 444), "Writer\xE2\x80\x99s Workshop"},  // light blue fill
                          {CellBox(505, 396, 678, 444), "7 10:00-10:30"},                  // big number, small time
                          {CellBox(1262, 817, 1669, 869), "Adventure to Fitness"},         // orange fill
                          {CellBox(1072, 817, 1262, 869), "14 2:30-3:00"},
                          {CellBox(506, 4, 1046, 104), "Daily Schedule\xE2\x80\x94\nWednesday"},  // title, two sizes
                      });
}

TEST_F(OcrTest, ReadsTurnedCellsOfTeacherTimetableExample1) {
    SKIP_WITHOUT_SAMPLE("Teacher Timetable Example 1.1.png");
    ExpectSampleCells(pool(), "Teacher Timetable Example 1.1.png",
                      {
                          {CellBox(329, 499, 437, 1423), "Registration and Early Morning work", TextOrientation::kUp},
                          {CellBox(1251, 499, 1325, 683), "Handwriting", TextOrientation::kUp},
                          {CellBox(1325, 499, 1457, 683), "Maths\nMeeting", TextOrientation::kUp},  // two turned lines
                          {CellBox(437, 499, 539, 683), "RWI", TextOrientation::kUp},
                          {CellBox(51, 499, 329, 683), "Monday"},
                          {CellBox(995, 865, 1179, 1057), "History"},
                      });
}

// Every cell of a page, found the simple way: the white regions between
// long dark horizontal and vertical strokes. Test data only.
std::vector<Box> CellsBetweenRules(const cv::Mat& grey) {
    const cv::Mat ink = grey < 110;
    cv::Mat horizontal, vertical;
    cv::morphologyEx(ink, horizontal, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {60, 1}));
    cv::morphologyEx(ink, vertical, cv::MORPH_OPEN, cv::getStructuringElement(cv::MORPH_RECT, {1, 30}));
    cv::Mat rules = horizontal | vertical;
    cv::dilate(rules, rules, cv::getStructuringElement(cv::MORPH_RECT, {3, 3}));
    cv::Mat labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(rules == 0, labels, stats, centroids, 4);
    std::vector<Box> cells;
    for (int i = 1; i < count; ++i) {
        const int x = stats.at<int>(i, cv::CC_STAT_LEFT), y = stats.at<int>(i, cv::CC_STAT_TOP);
        const int w = stats.at<int>(i, cv::CC_STAT_WIDTH), h = stats.at<int>(i, cv::CC_STAT_HEIGHT);
        if (w < 15 || h < 15 || w * h > grey.cols * grey.rows / 4) continue;  // slivers, the page's margin
        if (stats.at<int>(i, cv::CC_STAT_AREA) < 0.6 * w * h) continue;       // not a rectangle
        cells.push_back(CellBox(x - 2, y - 2, x + w + 2, y + h + 2));         // out to the rules' centres
    }
    return cells;
}

// Timings for the record, not a pass/fail test (run with
// --gtest_also_run_disabled_tests --gtest_filter='*Timing*').
TEST_F(OcrTest, DISABLED_TimingOfEveryCellOfTheSamples) {
    for (const char* name : {"Teacher Timetable Example 3.png", "Teacher Timetable Example 1.1.png"}) {
        SKIP_WITHOUT_SAMPLE(name);
        const cv::Mat page = LoadSample(name);
        ASSERT_FALSE(page.empty());
        const std::vector<Box> cells = CellsBetweenRules(page);
        for (int threads : {1, 2}) {
            // Warm: every engine the run may use is started first.
            ASSERT_TRUE(RecognizeCells(pool(), page, cells, {}, threads).ok());
            const auto start = std::chrono::steady_clock::now();
            Result<std::vector<CellText>> read = RecognizeCells(pool(), page, cells, {}, threads);
            const double ms =
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            ASSERT_TRUE(read.ok());
            int reads = 0, blank = 0;
            for (const CellText& cell : *read) {
                reads += cell.engine_reads;
                blank += cell.blank ? 1 : 0;
            }
            std::printf("%s: %zu cells (%d blank, %d Tesseract reads), %d thread(s): %.0f ms, %.1f ms per cell\n", name,
                        cells.size(), blank, reads, threads, ms, ms / static_cast<double>(cells.size()));
        }
    }
}

}  // namespace
}  // namespace ly::extract::ocr
