// The engine in stages (classify, prepare, read) gives exactly what Extract gives in one call, so the pipeline's
// steps change nothing in what a teacher gets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "ly/extract/extractor.hpp"
#include "ly/testing/files.hpp"
#include "ly/timetable/json.hpp"

namespace ly::extract {
namespace {

using ::ly::testing::ReadFile;

const std::filesystem::path kFixtures = std::filesystem::path(LY_SOURCE_DIR) / "tests" / "fixtures";
const std::filesystem::path kPhoto = std::filesystem::path(LY_SAMPLES_DIR) / "Teacher Timetable Example 3.png";

TEST(Classify, TellsTypeTextLayerAndPagesFromTheBytes) {
    const auto docx = Classify(ReadFile(kFixtures / "docx" / "list.docx"));
    ASSERT_TRUE(docx.ok()) << docx.error().message;
    EXPECT_EQ(docx->document_type, "docx");
    EXPECT_TRUE(docx->has_text_layer);

    const auto pdf = Classify(ReadFile(kFixtures / "pdf" / "ruled_days_rows.pdf"));
    ASSERT_TRUE(pdf.ok()) << pdf.error().message;
    EXPECT_EQ(pdf->document_type, "pdf");
    EXPECT_TRUE(pdf->has_text_layer);
    EXPECT_EQ(pdf->pages, 1);

    const auto text = Classify(ReadFile(kFixtures / "text" / "week_list.txt"));
    ASSERT_TRUE(text.ok()) << text.error().message;
    EXPECT_EQ(text->document_type, "text");

    if (std::filesystem::exists(kPhoto)) {
        const auto image = Classify(ReadFile(kPhoto));
        ASSERT_TRUE(image.ok()) << image.error().message;
        EXPECT_EQ(image->document_type, "image");
        EXPECT_EQ(image->format, "png image");
        EXPECT_FALSE(image->has_text_layer);
    }
}

TEST(Classify, NamesWhatItCannotRead) {
    const auto zip = Classify(std::string("PK\x03\x04", 4) + std::string(100, 'x'));
    ASSERT_FALSE(zip.ok());
    EXPECT_EQ(zip.error().code, ErrorCode::kUnsupportedType);
    EXPECT_NE(zip.error().message.find("zip"), std::string::npos) << zip.error().message;
    EXPECT_EQ(Classify("").error().code, ErrorCode::kEmpty);
    const auto locked = Classify(ReadFile(kFixtures / "pdf" / "encrypted.pdf"));
    ASSERT_FALSE(locked.ok());
    EXPECT_EQ(locked.error().code, ErrorCode::kEncrypted);
}

TEST(Stages, PreparingThenReadingAnImageGivesWhatExtractGives) {
    if (!std::filesystem::exists(kPhoto)) GTEST_SKIP() << "no sample " << kPhoto;
    const std::string bytes = ReadFile(kPhoto);
    const auto whole = Extract(bytes, "photo.png");
    ASSERT_TRUE(whole.ok()) << whole.error().message;

    const auto prepared = PrepareImage(bytes);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    ASSERT_EQ(prepared->pages.size(), 1u);
    const PreparedPage& page = prepared->pages.front();
    EXPECT_EQ(page.colour_bgr.size(), static_cast<std::size_t>(page.width) * page.height * 3);
    const auto grid = ReadPreparedImage(*prepared);
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    const timetable::Timetable staged = FromGrid(*grid, bytes, "photo.png", "image", {});
    EXPECT_EQ(timetable::ToJson(staged), timetable::ToJson(*whole));
}

TEST(Stages, ATextDocumentReadsTheSameThroughReadDocument) {
    const std::string bytes = ReadFile(kFixtures / "docx" / "days_columns.docx");
    std::string type;
    const auto grid = ReadDocument(bytes, {}, type);
    ASSERT_TRUE(grid.ok()) << grid.error().message;
    EXPECT_EQ(type, "docx");
    EXPECT_EQ(timetable::ToJson(FromGrid(*grid, bytes, "a.docx", type, {})),
              timetable::ToJson(*Extract(bytes, "a.docx")));
}

// The preview of a prepared page (its grey plane, as the OCR reads it) decodes back to exactly its pixels.
TEST(Stages, APreparedPagesPreviewIsALosslessPng) {
    PreparedPage page;
    page.width = 7;
    page.height = 3;
    std::string as_colour;
    for (int i = 0; i < page.width * page.height; ++i) {
        page.gray.push_back(static_cast<char>(i * 37));
        as_colour.append(3, page.gray.back());
    }
    const auto png = PreviewPng(page);
    ASSERT_TRUE(png.ok()) << png.error().message;
    ASSERT_EQ(png->substr(1, 3), "PNG");
    const auto decoded = PrepareImage(*png, {}, ImageSteps{false, false, false, false, false});
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    ASSERT_EQ(decoded->pages.size(), 1u);
    EXPECT_EQ(decoded->pages.front().width, 7);
    EXPECT_EQ(decoded->pages.front().height, 3);
    EXPECT_EQ(decoded->pages.front().colour_bgr, as_colour);

    page.gray.pop_back();
    const auto refused = PreviewPng(page);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

TEST(Stages, APreparedPageWhosePlanesDoNotFitIsRefused) {
    PreparedImage image;
    PreparedPage page;
    page.width = 10;
    page.height = 10;
    page.colour_bgr = std::string(10, 'x');  // 300 bytes are needed
    image.pages.push_back(page);
    const auto grid = ReadPreparedImage(image);
    ASSERT_FALSE(grid.ok());
    EXPECT_EQ(grid.error().code, ErrorCode::kInvalidArgument);
    EXPECT_FALSE(ReadPreparedImage(PreparedImage{}).ok());
}

}  // namespace
}  // namespace ly::extract
