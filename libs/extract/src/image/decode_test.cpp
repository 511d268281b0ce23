#include "image/decode.hpp"

#include <gtest/gtest.h>
#include <libheif/heif.h>
#include <tiffio.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "ly/testing/files.hpp"

namespace ly::extract::image {
namespace {

using ::ly::testing::ReadFile;

// A small picture with features in known places: a red block top-left, a
// blue block bottom-right, grey ramps, so turns and flips are visible.
cv::Mat Picture(int width = 96, int height = 64) {
    cv::Mat m(height, width, CV_8UC3, cv::Scalar(255, 255, 255));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) m.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(x * 2), 200, 255);
    }
    cv::rectangle(m, cv::Rect(0, 0, width / 4, height / 4), cv::Scalar(0, 0, 255), cv::FILLED);
    cv::rectangle(m, cv::Rect(width * 3 / 4, height * 3 / 4, width / 4, height / 4), cv::Scalar(255, 0, 0), cv::FILLED);
    return m;
}

std::string Encode(const cv::Mat& m, const std::string& ext, const std::vector<int>& params = {}) {
    std::vector<std::uint8_t> buf;
    EXPECT_TRUE(cv::imencode(ext, m, buf, params));
    return std::string(buf.begin(), buf.end());
}

double MaxDiff(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }
double MeanDiff(const cv::Mat& a, const cv::Mat& b) {
    cv::Mat d;
    cv::absdiff(a, b, d);
    const cv::Scalar m = cv::mean(d);
    return (m[0] + m[1] + m[2]) / 3;
}

cv::Vec3b At(const cv::Mat& m, int x, int y) { return m.at<cv::Vec3b>(y, x); }
bool IsRed(cv::Vec3b p) { return p[2] > 200 && p[1] < 60 && p[0] < 60; }
bool IsBlue(cv::Vec3b p) { return p[0] > 200 && p[1] < 60 && p[2] < 60; }

void Put32(std::string& s, std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
}

cv::Mat Single(const Result<std::vector<cv::Mat>>& pages) {
    EXPECT_TRUE(pages.ok()) << (pages.ok() ? "" : pages.error().message);
    if (!pages.ok()) return cv::Mat();
    EXPECT_EQ(pages->size(), 1U);
    const cv::Mat& page = pages->front();
    EXPECT_EQ(page.type(), CV_8UC3);
    return page;
}

TEST(DecodeTest, PngRoundTripIsExact) {
    const cv::Mat picture = Picture();
    const cv::Mat page = Single(DecodePages(Encode(picture, ".png")));
    ASSERT_EQ(page.size(), picture.size());
    EXPECT_EQ(MaxDiff(page, picture), 0);
}

TEST(DecodeTest, PngTransparencyIsComposedOverWhite) {
    cv::Mat bgra(20, 30, CV_8UC4, cv::Scalar(0, 0, 0, 0));                              // transparent black
    cv::rectangle(bgra, cv::Rect(0, 0, 10, 20), cv::Scalar(0, 0, 0, 255), cv::FILLED);  // opaque black
    const cv::Mat page = Single(DecodePages(Encode(bgra, ".png")));
    EXPECT_EQ(At(page, 5, 5), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(At(page, 25, 5), cv::Vec3b(255, 255, 255));
}

TEST(DecodeTest, SixteenBitAndGreyPngBecomeEightBitBgr) {
    cv::Mat grey16(16, 16, CV_16UC1, cv::Scalar(65535));
    cv::rectangle(grey16, cv::Rect(0, 0, 8, 16), cv::Scalar(0), cv::FILLED);
    const cv::Mat page = Single(DecodePages(Encode(grey16, ".png")));
    EXPECT_EQ(At(page, 2, 2), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(At(page, 12, 2), cv::Vec3b(255, 255, 255));
}

TEST(DecodeTest, JpegRoundTrip) {
    const cv::Mat picture = Picture();
    const cv::Mat page = Single(DecodePages(Encode(picture, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95})));
    ASSERT_EQ(page.size(), picture.size());
    EXPECT_LT(MeanDiff(page, picture), 4);
}

// A JPEG whose EXIF says "turn 90° clockwise to view" (orientation 6), as
// phones write when held sideways: the APP1 segment is written by hand.
std::string WithExifOrientation(const std::string& jpeg, std::uint16_t orientation) {
    std::string tiff("MM\0*\0\0\0\x08", 8);              // big-endian TIFF, IFD at 8
    tiff += std::string("\0\x01", 2);                    // one entry
    tiff += std::string("\x01\x12\0\x03\0\0\0\x01", 8);  // Orientation, SHORT, count 1
    tiff += static_cast<char>(orientation >> 8);
    tiff += static_cast<char>(orientation & 0xFF);
    tiff += std::string("\0\0", 2);
    tiff += std::string("\0\0\0\0", 4);  // no next IFD
    const std::string payload = std::string("Exif\0\0", 6) + tiff;
    const std::size_t length = payload.size() + 2;
    std::string app1("\xFF\xE1", 2);
    app1 += static_cast<char>(length >> 8);
    app1 += static_cast<char>(length & 0xFF);
    app1 += payload;
    return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

TEST(DecodeTest, JpegExifOrientationSixComesBackTurned) {
    const cv::Mat picture = Picture(96, 64);
    const std::string jpeg = WithExifOrientation(Encode(picture, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95}), 6);
    const cv::Mat page = Single(DecodePages(jpeg));
    ASSERT_EQ(page.cols, 64);
    ASSERT_EQ(page.rows, 96);
    // Turned clockwise: the stored top-left (red) is now top-right, the
    // stored bottom-right (blue) bottom-left.
    EXPECT_TRUE(IsRed(At(page, 60, 4))) << At(page, 60, 4);
    EXPECT_TRUE(IsBlue(At(page, 4, 90))) << At(page, 4, 90);
}

TEST(DecodeTest, WebpRoundTrip) {
    const cv::Mat picture = Picture();
    const cv::Mat lossless = Single(DecodePages(Encode(picture, ".webp", {cv::IMWRITE_WEBP_QUALITY, 101})));
    ASSERT_EQ(lossless.size(), picture.size());
    EXPECT_EQ(MaxDiff(lossless, picture), 0);
    const cv::Mat lossy = Single(DecodePages(Encode(picture, ".webp", {cv::IMWRITE_WEBP_QUALITY, 90})));
    ASSERT_EQ(lossy.size(), picture.size());
    EXPECT_LT(MeanDiff(lossy, picture), 6);
}

TEST(DecodeTest, BmpRoundTripIsExact) {
    const cv::Mat picture = Picture();
    const cv::Mat page = Single(DecodePages(Encode(picture, ".bmp")));
    ASSERT_EQ(page.size(), picture.size());
    EXPECT_EQ(MaxDiff(page, picture), 0);
}

// Three pages written with libtiff: RGB (LZW), bilevel (CCITT G4, as fax
// and document scanners write), and grey with Orientation 6.
std::string ThreePageTiff(const cv::Mat& picture) {
    const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / "ly_decode_test.tif";
    TIFF* tif = TIFFOpen(path.c_str(), "w");
    EXPECT_NE(tif, nullptr);
    if (tif == nullptr) return {};
    const auto w = static_cast<std::uint32_t>(picture.cols), h = static_cast<std::uint32_t>(picture.rows);
    auto header = [&](std::uint16_t bits, std::uint16_t samples, std::uint16_t photometric, std::uint16_t compression) {
        TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, w);
        TIFFSetField(tif, TIFFTAG_IMAGELENGTH, h);
        TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, bits);
        TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, samples);
        TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, photometric);
        TIFFSetField(tif, TIFFTAG_COMPRESSION, compression);
        TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
        TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, h);
    };
    // Page 1: RGB.
    header(8, 3, PHOTOMETRIC_RGB, COMPRESSION_LZW);
    cv::Mat rgb;
    cv::cvtColor(picture, rgb, cv::COLOR_BGR2RGB);
    for (std::uint32_t y = 0; y < h; ++y) TIFFWriteScanline(tif, rgb.ptr(static_cast<int>(y)), y, 0);
    TIFFWriteDirectory(tif);
    // Page 2: bilevel, black left half.
    header(1, 1, PHOTOMETRIC_MINISWHITE, COMPRESSION_CCITTFAX4);
    std::vector<std::uint8_t> row((w + 7) / 8, 0);
    for (std::uint32_t x = 0; x < w / 2; ++x) row[x / 8] |= static_cast<std::uint8_t>(0x80 >> (x % 8));
    for (std::uint32_t y = 0; y < h; ++y) TIFFWriteScanline(tif, row.data(), y, 0);
    TIFFWriteDirectory(tif);
    // Page 3: grey, stored sideways: black block at the stored top-left.
    header(8, 1, PHOTOMETRIC_MINISBLACK, COMPRESSION_NONE);
    TIFFSetField(tif, TIFFTAG_ORIENTATION, ORIENTATION_RIGHTTOP);
    cv::Mat grey(picture.size(), CV_8U, cv::Scalar(255));
    cv::rectangle(grey, cv::Rect(0, 0, picture.cols / 4, picture.rows / 4), cv::Scalar(0), cv::FILLED);
    for (std::uint32_t y = 0; y < h; ++y) TIFFWriteScanline(tif, grey.ptr(static_cast<int>(y)), y, 0);
    TIFFWriteDirectory(tif);
    TIFFClose(tif);
    std::string bytes = ReadFile(path);
    std::filesystem::remove(path);
    return bytes;
}

TEST(DecodeTest, TiffReturnsEveryPage) {
    const cv::Mat picture = Picture();
    const std::string tiff = ThreePageTiff(picture);
    const auto pages = DecodePages(tiff);
    ASSERT_TRUE(pages.ok()) << pages.error().message;
    ASSERT_EQ(pages->size(), 3U);
    EXPECT_EQ(MaxDiff((*pages)[0], picture), 0);
    const cv::Mat& fax = (*pages)[1];
    ASSERT_EQ(fax.size(), picture.size());
    EXPECT_EQ(At(fax, 2, 30), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(At(fax, 90, 30), cv::Vec3b(255, 255, 255));
    // Orientation 6: turned clockwise like EXIF, the black block top-right.
    const cv::Mat& turned = (*pages)[2];
    ASSERT_EQ(turned.cols, picture.rows);
    ASSERT_EQ(turned.rows, picture.cols);
    EXPECT_EQ(At(turned, turned.cols - 3, 3), cv::Vec3b(0, 0, 0));
    EXPECT_EQ(At(turned, 3, 3), cv::Vec3b(255, 255, 255));
}

TEST(DecodeTest, TiffWithTooManyPagesIsRefused) {
    DecodeLimits limits;
    limits.max_pages = 2;
    const auto pages = DecodePages(ThreePageTiff(Picture()), limits);
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(pages.error().message.find("more than 2 pages"), std::string::npos) << pages.error().message;
}

// A minimal little-endian TIFF header claiming the given size, no pixels.
std::string TiffHeaderOnly(std::uint32_t width, std::uint32_t height) {
    std::string t("II*\0\x08\0\0\0", 8);
    auto le16 = [&](std::uint16_t v) {
        t += static_cast<char>(v & 0xFF);
        t += static_cast<char>(v >> 8);
    };
    auto le32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) t += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    le16(6);
    le16(256);
    le16(4);
    le32(1);
    le32(width);  // ImageWidth, LONG
    le16(257);
    le16(4);
    le32(1);
    le32(height);  // ImageLength, LONG
    le16(258);
    le16(3);
    le32(1);
    le32(8);  // BitsPerSample 8
    le16(262);
    le16(3);
    le32(1);
    le32(1);  // Photometric: min is black
    le16(273);
    le16(4);
    le32(1);
    le32(8);  // StripOffsets: anywhere
    le16(279);
    le16(4);
    le32(1);
    le32(16);  // StripByteCounts: far too few
    le32(0);
    return t;
}

TEST(DecodeTest, TiffClaimingHugeSizeIsRefusedByItsHeader) {
    const auto pages = DecodePages(TiffHeaderOnly(30000, 30000));
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(pages.error().message.find("30000×30000"), std::string::npos) << pages.error().message;
}

TEST(DecodeTest, TruncatedTiffIsCorrupt) {
    const std::string tiff = ThreePageTiff(Picture());
    const auto pages = DecodePages(tiff.substr(0, 200));
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kCorruptDocument) << pages.error().message;
}

heif_error WriteToString(heif_context* /*ctx*/, const void* data, size_t size, void* user) {
    static_cast<std::string*>(user)->append(static_cast<const char*>(data), size);
    return heif_error{heif_error_Ok, heif_suberror_Unspecified, "ok"};
}

// HEIC encoded with libheif's HEVC encoder (x265 in Debian 12), when present.
std::string EncodeHeic(const cv::Mat& picture) {
    heif_context* ctx = heif_context_alloc();
    heif_encoder* encoder = nullptr;
    if (heif_context_get_encoder_for_format(ctx, heif_compression_HEVC, &encoder).code != heif_error_Ok) {
        heif_context_free(ctx);
        return {};
    }
    heif_encoder_set_lossy_quality(encoder, 95);
    heif_image* image = nullptr;
    heif_image_create(picture.cols, picture.rows, heif_colorspace_RGB, heif_chroma_interleaved_RGB, &image);
    heif_image_add_plane(image, heif_channel_interleaved, picture.cols, picture.rows, 8);
    int stride = 0;
    std::uint8_t* plane = heif_image_get_plane(image, heif_channel_interleaved, &stride);
    cv::Mat view(picture.rows, picture.cols, CV_8UC3, plane, static_cast<std::size_t>(stride));
    cv::cvtColor(picture, view, cv::COLOR_BGR2RGB);
    std::string bytes;
    if (heif_context_encode_image(ctx, image, encoder, nullptr, nullptr).code == heif_error_Ok) {
        heif_writer writer{1, WriteToString};
        if (heif_context_write(ctx, &writer, &bytes).code != heif_error_Ok) bytes.clear();
    }
    heif_image_release(image);
    heif_encoder_release(encoder);
    heif_context_free(ctx);
    return bytes;
}

TEST(DecodeTest, HeicRoundTrip) {
    const cv::Mat picture = Picture(128, 96);
    const std::string heic = EncodeHeic(picture);
    if (heic.empty()) GTEST_SKIP() << "libheif has no HEVC encoder here";
    const cv::Mat page = Single(DecodePages(heic));
    ASSERT_EQ(page.size(), picture.size());
    EXPECT_LT(MeanDiff(page, picture), 8);
    EXPECT_TRUE(IsRed(At(page, 8, 8))) << At(page, 8, 8);
    EXPECT_TRUE(IsBlue(At(page, 120, 90))) << At(page, 120, 90);
}

TEST(DecodeTest, DamagedHeicIsCorrupt) {
    const std::string heic = EncodeHeic(Picture(128, 96));
    // A HEIF file type box with nothing after it, and (if we can encode) a cut file.
    std::vector<std::string> damaged = {
        std::string("\0\0\0\x18"
                    "ftypheic\0\0\0\0mif1heic",
                    24)};
    if (!heic.empty()) damaged.push_back(heic.substr(0, heic.size() / 2));
    for (const std::string& bytes : damaged) {
        const auto pages = DecodePages(bytes);
        ASSERT_FALSE(pages.ok());
        EXPECT_EQ(pages.error().code, ErrorCode::kCorruptDocument) << pages.error().message;
        EXPECT_EQ(pages.error().message.find('\n'), std::string::npos);
    }
}

TEST(DecodeTest, TruncatedPngIsCorrupt) {
    const std::string png = Encode(Picture(), ".png");
    const auto pages = DecodePages(png.substr(0, png.size() / 2));
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kCorruptDocument);
    EXPECT_EQ(pages.error().message.find('\n'), std::string::npos);
    const auto header_only = DecodePages(png.substr(0, 20));
    ASSERT_FALSE(header_only.ok());
    EXPECT_EQ(header_only.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(header_only.error().message.find("cut short"), std::string::npos) << header_only.error().message;
}

TEST(DecodeTest, TruncatedJpegIsCorrupt) {
    const std::string jpeg = Encode(Picture(), ".jpg");
    const auto pages = DecodePages(jpeg.substr(0, jpeg.size() * 2 / 3));
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(pages.error().message.find("cut short"), std::string::npos) << pages.error().message;
}

TEST(DecodeTest, ZeroByZeroImageIsCorrupt) {
    std::string png = Encode(Picture(), ".png");
    Put32(png, 16, 0);
    Put32(png, 20, 0);
    const auto pages = DecodePages(png);
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kCorruptDocument);
    EXPECT_NE(pages.error().message.find("0×0"), std::string::npos) << pages.error().message;
}

TEST(DecodeTest, HugeHeaderIsRefusedBeforeDecoding) {
    // A PNG whose header claims 30000×30000 (900 megapixels) over a tiny
    // picture: refused from the header alone, nothing allocated.
    std::string png = Encode(Picture(), ".png");
    Put32(png, 16, 30000);
    Put32(png, 20, 30000);
    const auto pages = DecodePages(png);
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(pages.error().message.find("30000×30000"), std::string::npos) << pages.error().message;
    EXPECT_EQ(pages.error().message.find('\n'), std::string::npos);
}

TEST(DecodeTest, HugeJpegWebpAndBmpHeadersAreRefused) {
    DecodeLimits limits;
    limits.max_pixels = 1000;  // the 96×64 picture is over it
    for (const char* ext : {".jpg", ".webp", ".bmp"}) {
        const auto pages = DecodePages(Encode(Picture(), ext), limits);
        ASSERT_FALSE(pages.ok()) << ext;
        EXPECT_EQ(pages.error().code, ErrorCode::kTooLarge) << ext;
        EXPECT_NE(pages.error().message.find("96×64"), std::string::npos) << ext << ": " << pages.error().message;
    }
    const auto lossless = DecodePages(Encode(Picture(), ".webp", {cv::IMWRITE_WEBP_QUALITY, 101}), limits);
    ASSERT_FALSE(lossless.ok());
    EXPECT_NE(lossless.error().message.find("96×64"), std::string::npos) << lossless.error().message;
}

TEST(DecodeTest, WrongMagicIsUnsupported) {
    for (const std::string& bytes :
         {std::string("GIF89a\x01\0\x01\0\0\0\0;", 14), std::string("\x00\x01\x02\x03\x04", 5),
          std::string("PK\x03\x04word/document.xml", 22)}) {
        const auto pages = DecodePages(bytes);
        ASSERT_FALSE(pages.ok());
        EXPECT_EQ(pages.error().code, ErrorCode::kUnsupportedType) << pages.error().message;
    }
    const auto empty = DecodePages("");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, ErrorCode::kEmpty);
}

// A PDF of one scanned page: a JPEG drawn over a whole 4 × 3 inch page, no
// text, as scanners and phone scanning apps write.
std::string ScannedPdf(const std::string& jpeg, int jpeg_w, int jpeg_h, int page_w_pt, int page_h_pt) {
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    auto object = [&](const std::string& body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    const std::string size = std::to_string(page_w_pt) + " " + std::to_string(page_h_pt);
    const std::string content =
        "q " + std::to_string(page_w_pt) + " 0 0 " + std::to_string(page_h_pt) + " 0 0 cm /Im0 Do Q";
    object("<< /Type /Catalog /Pages 2 0 R >>");
    object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + size +
           "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>");
    object("<< /Type /XObject /Subtype /Image /Width " + std::to_string(jpeg_w) + " /Height " + std::to_string(jpeg_h) +
           " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length " + std::to_string(jpeg.size()) +
           " >>\nstream\n" + jpeg + "\nendstream");
    object("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
    for (const std::size_t at : offsets) {
        char line[21];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", at);
        pdf += line;
    }
    pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return pdf;
}

TEST(DecodeTest, ScannedPdfPagesAreRendered) {
    const cv::Mat picture = Picture(400, 300);
    const std::string pdf = ScannedPdf(Encode(picture, ".jpg", {cv::IMWRITE_JPEG_QUALITY, 95}), 400, 300, 288, 216);
    const cv::Mat page = Single(DecodePages(pdf));
    // 4 × 3 inches at 200 dpi.
    ASSERT_EQ(page.cols, 800);
    ASSERT_EQ(page.rows, 600);
    EXPECT_TRUE(IsRed(At(page, 40, 40))) << At(page, 40, 40);
    EXPECT_TRUE(IsBlue(At(page, 760, 560))) << At(page, 760, 560);
    DecodeLimits low;
    low.pdf_dpi = 72;
    const cv::Mat small = Single(DecodePages(pdf, low));
    EXPECT_EQ(small.cols, 288);
    EXPECT_EQ(small.rows, 216);
}

TEST(DecodeTest, PdfFixturesRender) {
    const std::filesystem::path fixtures = std::filesystem::path(LY_SOURCE_DIR) / "tests/fixtures/pdf";
    const std::string pdf = ReadFile(fixtures / "ruled_days_rows.pdf");
    ASSERT_FALSE(pdf.empty());
    const auto pages = DecodePages(pdf);
    ASSERT_TRUE(pages.ok()) << pages.error().message;
    ASSERT_FALSE(pages->empty());
    const cv::Mat& page = pages->front();
    EXPECT_GT(page.cols, 1000);  // A4 or Letter at 200 dpi: 1650–2339 pixels a side
    cv::Mat grey;
    cv::cvtColor(page, grey, cv::COLOR_BGR2GRAY);
    double lo = 0, hi = 0;
    cv::minMaxLoc(grey, &lo, &hi);
    EXPECT_LT(lo, 100);  // something is drawn: lines and text
    EXPECT_EQ(hi, 255);

    const auto encrypted = DecodePages(ReadFile(fixtures / "encrypted.pdf"));
    ASSERT_FALSE(encrypted.ok());
    EXPECT_EQ(encrypted.error().code, ErrorCode::kEncrypted);
}

TEST(DecodeTest, HugePdfPageIsRefused) {
    // 200 × 200 inches: 40000 pixels a side at 200 dpi, still 20000 at 100.
    const std::string pdf = ScannedPdf(Encode(Picture(), ".jpg"), 96, 64, 14400, 14400);
    const auto pages = DecodePages(pdf);
    ASSERT_FALSE(pages.ok());
    EXPECT_EQ(pages.error().code, ErrorCode::kTooLarge);
    EXPECT_NE(pages.error().message.find("20000×20000"), std::string::npos) << pages.error().message;
    // A page too large for the limit at 200 dpi is rendered at less instead:
    // 10 × 10 inches is 4 megapixels at 200 dpi; with a 2-megapixel limit it
    // comes out at about 141 dpi.
    DecodeLimits limits;
    limits.max_pixels = 2'000'000;
    const std::string poster = ScannedPdf(Encode(Picture(), ".jpg"), 96, 64, 720, 720);
    const auto rendered = DecodePages(poster, limits);
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    EXPECT_LE(static_cast<std::int64_t>(rendered->front().total()), limits.max_pixels);
    EXPECT_GT(rendered->front().cols, 1400);
}

}  // namespace
}  // namespace ly::extract::image
