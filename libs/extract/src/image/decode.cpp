#include "image/decode.hpp"

#include <leptonica/allheaders.h>
#include <libheif/heif.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>
#include <tiffio.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <optional>
#include <string>
#include <utility>

#include "ly/extract/sniff.hpp"
#include "pdf/pdf_document.hpp"

namespace ly::extract::image {

namespace {

// A PDF page too large for limits.pdf_dpi is rendered at a lower resolution,
// down to this share of it; larger pages are refused.
constexpr double kMinPdfDpiShare = 0.5;

// Third-party messages inside ours: one line, not too long.
std::string OneLine(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    std::replace(s.begin(), s.end(), '\r', ' ');
    while (!s.empty() && s.back() == ' ') s.pop_back();
    if (s.size() > 160) s = s.substr(0, 157) + "...";
    return s;
}

std::string Dims(std::int64_t width, std::int64_t height) {
    return std::to_string(width) + "×" + std::to_string(height);
}

std::string Megapixels(double pixels) {
    const double mp = pixels / 1e6;
    return std::to_string(static_cast<long long>(std::llround(mp))) + " megapixels";
}

// Refuses a page by its header's dimensions, before any pixel is decoded.
Status CheckPixels(std::int64_t width, std::int64_t height, const DecodeLimits& limits, const std::string& what) {
    if (width <= 0 || height <= 0) {
        return MakeError(ErrorCode::kCorruptDocument,
                         "the " + what + " is " +
                             Dims(std::max<std::int64_t>(width, 0), std::max<std::int64_t>(height, 0)) +
                             " pixels: it holds no picture");
    }
    const double pixels = static_cast<double>(width) * static_cast<double>(height);
    if (pixels > static_cast<double>(limits.max_pixels)) {
        return MakeError(ErrorCode::kTooLarge, "the " + what + " is " + Dims(width, height) + " pixels (" +
                                                   Megapixels(pixels) + "), over the limit of " +
                                                   Megapixels(static_cast<double>(limits.max_pixels)));
    }
    return Ok{};
}

Error CutShort(const std::string& what) {
    return MakeError(ErrorCode::kCorruptDocument, "the " + what + " file is cut short; upload it again");
}

std::uint32_t Be16(std::string_view b, std::size_t at) {
    return (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at])) << 8) | static_cast<std::uint8_t>(b[at + 1]);
}
std::uint32_t Be32(std::string_view b, std::size_t at) { return (Be16(b, at) << 16) | Be16(b, at + 2); }
std::uint32_t Le16(std::string_view b, std::size_t at) {
    return static_cast<std::uint8_t>(b[at]) | (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 1])) << 8);
}
std::uint32_t Le24(std::string_view b, std::size_t at) {
    return Le16(b, at) | (static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[at + 2])) << 16);
}
std::uint32_t Le32(std::string_view b, std::size_t at) { return Le16(b, at) | (Le16(b, at + 2) << 16); }

struct Size64 {
    std::int64_t width = 0;
    std::int64_t height = 0;
};

// ---- Header parsers: the pixel size a file claims, read without decoding.

Result<Size64> PngSize(std::string_view b) {
    // Signature (8), IHDR length (4), "IHDR" (4), width (4), height (4).
    if (b.size() < 33) return CutShort("PNG");
    if (b.substr(12, 4) != "IHDR") return MakeError(ErrorCode::kCorruptDocument, "the PNG image has no header chunk");
    return Size64{Be32(b, 16), Be32(b, 20)};
}

bool IsJpegFrameMarker(std::uint8_t m) { return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC; }

Result<Size64> JpegSize(std::string_view b) {
    std::optional<Size64> size;
    std::size_t i = 2;
    while (true) {
        while (i < b.size() && static_cast<std::uint8_t>(b[i]) != 0xFF) ++i;  // tolerate junk between segments
        while (i < b.size() && static_cast<std::uint8_t>(b[i]) == 0xFF) ++i;  // fill bytes
        if (i >= b.size()) return CutShort("JPEG");
        const auto marker = static_cast<std::uint8_t>(b[i]);
        ++i;
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) continue;  // no length
        if (marker == 0xD9) return MakeError(ErrorCode::kCorruptDocument, "the JPEG image ends before its picture");
        if (i + 2 > b.size()) return CutShort("JPEG");
        const std::size_t length = Be16(b, i);
        if (length < 2) return MakeError(ErrorCode::kCorruptDocument, "the JPEG image has a damaged header");
        if (IsJpegFrameMarker(marker) && !size) {
            if (i + 7 > b.size()) return CutShort("JPEG");
            size = Size64{Be16(b, i + 5), Be16(b, i + 3)};
        }
        if (marker == 0xDA) {  // start of scan: the compressed picture follows
            if (!size) return MakeError(ErrorCode::kCorruptDocument, "the JPEG image has no frame header");
            // An end-of-image marker never occurs inside the entropy-coded data
            // (0xFF is stuffed there), so its absence means the file was cut.
            if (b.find("\xFF\xD9", i) == std::string_view::npos) return CutShort("JPEG");
            return *size;
        }
        i += length;
    }
}

Result<Size64> WebpSize(std::string_view b) {
    if (b.size() < 30) return CutShort("WebP");
    if (8 + static_cast<std::size_t>(Le32(b, 4)) > b.size()) return CutShort("WebP");
    const std::string_view chunk = b.substr(12, 4);
    const std::size_t d = 20;  // chunk data
    if (chunk == "VP8 ") {
        if (static_cast<std::uint8_t>(b[d + 3]) != 0x9D || static_cast<std::uint8_t>(b[d + 4]) != 0x01 ||
            static_cast<std::uint8_t>(b[d + 5]) != 0x2A) {
            return MakeError(ErrorCode::kCorruptDocument, "the WebP image has a damaged header");
        }
        return Size64{Le16(b, d + 6) & 0x3FFF, Le16(b, d + 8) & 0x3FFF};
    }
    if (chunk == "VP8L") {
        if (static_cast<std::uint8_t>(b[d]) != 0x2F) {
            return MakeError(ErrorCode::kCorruptDocument, "the WebP image has a damaged header");
        }
        const std::uint32_t bits = Le32(b, d + 1);
        return Size64{(bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1};
    }
    if (chunk == "VP8X") return Size64{Le24(b, d + 4) + 1, Le24(b, d + 7) + 1};
    return MakeError(ErrorCode::kCorruptDocument, "the WebP image has an unknown layout");
}

Result<Size64> BmpSize(std::string_view b) {
    if (b.size() < 26) return CutShort("BMP");
    const std::uint32_t dib = Le32(b, 14);
    Size64 size;
    std::int64_t bits = 0;
    std::uint32_t compression = 0;
    if (dib == 12) {
        size = Size64{Le16(b, 18), Le16(b, 20)};
        bits = Le16(b, 24);
    } else {
        if (b.size() < 34) return CutShort("BMP");
        size = Size64{static_cast<std::int32_t>(Le32(b, 18)),
                      std::abs(static_cast<std::int64_t>(static_cast<std::int32_t>(Le32(b, 22))))};
        bits = Le16(b, 28);
        compression = Le32(b, 30);
    }
    // Uncompressed rows (BI_RGB, BI_BITFIELDS) must all be there.
    if ((compression == 0 || compression == 3) && size.width > 0 && size.height > 0 && bits > 0 && bits <= 32) {
        const std::int64_t row = (size.width * bits + 31) / 32 * 4;
        const std::int64_t needed = static_cast<std::int64_t>(Le32(b, 10)) + row * size.height;
        if (needed > static_cast<std::int64_t>(b.size()) && row < (std::int64_t{1} << 31) / size.height) {
            return CutShort("BMP");
        }
    }
    return size;
}

// ---- Pixels to 8-bit BGR.

// Alpha over white paper: transparent screenshots must not turn black.
// `four` is BGRA, or RGBA when `rgba` (libtiff, libheif), converted on the way.
cv::Mat OverWhite(const cv::Mat& four, bool rgba = false) {
    cv::Mat alpha;
    cv::extractChannel(four, alpha, 3);
    double alpha_min = 0, alpha_max = 0;
    cv::minMaxLoc(alpha, &alpha_min, &alpha_max);
    cv::Mat bgr;
    // Opaque, or an alpha channel nobody filled in: ignore it.
    if (alpha_min == 255 || alpha_max == 0) {
        cv::cvtColor(four, bgr, rgba ? cv::COLOR_RGBA2BGR : cv::COLOR_BGRA2BGR);
        return bgr;
    }
    const int b = rgba ? 2 : 0, r = rgba ? 0 : 2;
    bgr.create(four.size(), CV_8UC3);
    for (int y = 0; y < four.rows; ++y) {
        const auto* in = four.ptr<std::uint8_t>(y);
        auto* out = bgr.ptr<std::uint8_t>(y);
        for (int x = 0; x < four.cols; ++x, in += 4, out += 3) {
            const unsigned a = in[3], paper = 255 * (255 - a) + 127;
            out[0] = static_cast<std::uint8_t>((in[b] * a + paper) / 255);
            out[1] = static_cast<std::uint8_t>((in[1] * a + paper) / 255);
            out[2] = static_cast<std::uint8_t>((in[r] * a + paper) / 255);
        }
    }
    return bgr;
}

// EXIF/TIFF orientation 1–8: how the stored rows map to the upright picture.
cv::Mat Orient(const cv::Mat& m, int orientation) {
    cv::Mat out;
    switch (orientation) {
        case 2:
            cv::flip(m, out, 1);
            return out;
        case 3:
            cv::rotate(m, out, cv::ROTATE_180);
            return out;
        case 4:
            cv::flip(m, out, 0);
            return out;
        case 5:
            cv::transpose(m, out);
            return out;
        case 6:
            cv::rotate(m, out, cv::ROTATE_90_CLOCKWISE);
            return out;
        case 7:
            cv::transpose(m, out);
            cv::flip(out, out, -1);
            return out;
        case 8:
            cv::rotate(m, out, cv::ROTATE_90_COUNTERCLOCKWISE);
            return out;
        default:
            return m;
    }
}

// The EXIF orientation (tag 0x0112) of a JPEG's APP1 segment, 1 when none.
int JpegExifOrientation(std::string_view b) {
    std::size_t i = 2;
    while (i + 4 <= b.size() && static_cast<std::uint8_t>(b[i]) == 0xFF) {
        const auto marker = static_cast<std::uint8_t>(b[i + 1]);
        const std::size_t length = Be16(b, i + 2);
        if (marker == 0xDA || length < 2) break;  // image data: no more metadata
        const std::size_t body = i + 4;
        if (marker == 0xE1 && body + 14 <= b.size() && b.substr(body, 6) == std::string_view("Exif\0\0", 6)) {
            const std::size_t tiff = body + 6;
            const bool little = b.substr(tiff, 2) == "II";
            auto u16 = [&](std::size_t at) { return little ? Le16(b, at) : Be16(b, at); };
            auto u32 = [&](std::size_t at) { return little ? Le32(b, at) : Be32(b, at); };
            const std::size_t ifd = tiff + u32(tiff + 4);
            if (ifd + 2 > b.size()) return 1;
            const std::size_t entries = u16(ifd);
            for (std::size_t e = 0; e < entries && ifd + 2 + e * 12 + 12 <= b.size(); ++e) {
                const std::size_t entry = ifd + 2 + e * 12;
                if (u16(entry) == 0x0112) {
                    const int value = static_cast<int>(u16(entry + 8));
                    return value >= 1 && value <= 8 ? value : 1;
                }
            }
            return 1;
        }
        i += 2 + length;
    }
    return 1;
}

// PNG, JPEG, WebP and BMP through Leptonica, which Tesseract links anyway:
// OpenCV's imgcodecs would bring ~150 shared libraries (GDAL, GDCM, HDF5)
// whose loading alone cost ~0.2 s at every `ly extract`.
Result<std::vector<cv::Mat>> DecodeWithLeptonica(std::string_view bytes, const std::string& what, bool keep_alpha,
                                                 int orientation) {
    PIX* read = pixReadMem(reinterpret_cast<const l_uint8*>(bytes.data()), bytes.size());
    if (read == nullptr) {
        return MakeError(ErrorCode::kCorruptDocument, "the " + what + " is damaged or cut short and cannot be decoded");
    }
    const bool has_alpha = keep_alpha && pixGetSpp(read) == 4;
    PIX* rgba = pixConvertTo32(read);
    pixDestroy(&read);
    if (rgba == nullptr) return MakeError(ErrorCode::kCorruptDocument, "the " + what + " has an unusual pixel format");
    const int width = static_cast<int>(pixGetWidth(rgba)), height = static_cast<int>(pixGetHeight(rgba));
    cv::Mat bgra(height, width, CV_8UC4);
    for (int y = 0; y < height; ++y) {
        const l_uint32* line = pixGetData(rgba) + static_cast<std::ptrdiff_t>(y) * pixGetWpl(rgba);
        auto* out = bgra.ptr<std::uint8_t>(y);
        for (int x = 0; x < width; ++x) {
            l_int32 r = 0, g = 0, b = 0, a = 0;
            extractRGBAValues(line[x], &r, &g, &b, &a);
            out[4 * x] = static_cast<std::uint8_t>(b);
            out[4 * x + 1] = static_cast<std::uint8_t>(g);
            out[4 * x + 2] = static_cast<std::uint8_t>(r);
            out[4 * x + 3] = static_cast<std::uint8_t>(has_alpha ? a : 255);
        }
    }
    pixDestroy(&rgba);
    std::vector<cv::Mat> pages;
    pages.push_back(Orient(OverWhite(bgra), orientation));
    return pages;
}

// ---- TIFF (libtiff: every page, every compression, orientation tag).

struct MemoryFile {
    std::string_view bytes;
    toff_t position = 0;
    std::string error;
};

tmsize_t TiffRead(thandle_t h, void* buffer, tmsize_t size) {
    auto* f = static_cast<MemoryFile*>(h);
    if (size <= 0 || f->position >= f->bytes.size()) return 0;
    const auto n = std::min<std::size_t>(static_cast<std::size_t>(size), f->bytes.size() - f->position);
    std::memcpy(buffer, f->bytes.data() + f->position, n);
    f->position += n;
    return static_cast<tmsize_t>(n);
}
tmsize_t TiffWrite(thandle_t /*h*/, void* /*buffer*/, tmsize_t /*size*/) { return 0; }
toff_t TiffSeek(thandle_t h, toff_t offset, int whence) {
    auto* f = static_cast<MemoryFile*>(h);
    toff_t base = 0;
    if (whence == SEEK_CUR) base = f->position;
    if (whence == SEEK_END) base = f->bytes.size();
    f->position = base + offset;
    return f->position;
}
int TiffClose(thandle_t /*h*/) { return 0; }
toff_t TiffSize(thandle_t h) { return static_cast<MemoryFile*>(h)->bytes.size(); }
int TiffMap(thandle_t h, void** base, toff_t* size) {
    auto* f = static_cast<MemoryFile*>(h);
    *base = const_cast<char*>(f->bytes.data());
    *size = f->bytes.size();
    return 1;
}
void TiffUnmap(thandle_t /*h*/, void* /*base*/, toff_t /*size*/) {}

int TiffError(TIFF* /*tif*/, void* user, const char* /*module*/, const char* format, va_list args) {
    auto* f = static_cast<MemoryFile*>(user);
    if (f->error.empty()) {
        char message[256];
        std::vsnprintf(message, sizeof message, format, args);
        f->error = OneLine(message);
    }
    return 1;  // handled: libtiff prints nothing
}
int TiffWarning(TIFF* /*tif*/, void* /*user*/, const char* /*module*/, const char* /*format*/, va_list /*args*/) {
    return 1;
}

Result<std::vector<cv::Mat>> DecodeTiff(std::string_view bytes, const DecodeLimits& limits) {
    MemoryFile file{bytes, 0, {}};
    std::unique_ptr<TIFFOpenOptions, void (*)(TIFFOpenOptions*)> options(TIFFOpenOptionsAlloc(), TIFFOpenOptionsFree);
    TIFFOpenOptionsSetErrorHandlerExtR(options.get(), TiffError, &file);
    TIFFOpenOptionsSetWarningHandlerExtR(options.get(), TiffWarning, &file);
    // No single allocation inside libtiff beyond one page's RGBA raster.
    TIFFOpenOptionsSetMaxSingleMemAlloc(options.get(), static_cast<tmsize_t>(limits.max_pixels) * 4 + (1 << 20));
    std::unique_ptr<TIFF, void (*)(TIFF*)> tif(
        TIFFClientOpenExt("upload.tif", "rm", &file, TiffRead, TiffWrite, TiffSeek, TiffClose, TiffSize, TiffMap,
                          TiffUnmap, options.get()),
        TIFFClose);
    auto damaged = [&](const std::string& what) {
        return MakeError(ErrorCode::kCorruptDocument,
                         "the TIFF image " + what + (file.error.empty() ? "" : " (" + file.error + ")"));
    };
    if (!tif) return damaged("is damaged or cut short and cannot be read");
    // Every page's size is checked before any page is decoded.
    struct PageInfo {
        std::uint32_t width = 0, height = 0;
        std::uint16_t orientation = ORIENTATION_TOPLEFT;
    };
    std::vector<PageInfo> pages;
    do {
        if (static_cast<int>(pages.size()) >= limits.max_pages) {
            return MakeError(ErrorCode::kTooLarge,
                             "the TIFF image has more than " + std::to_string(limits.max_pages) + " pages, the limit");
        }
        PageInfo info;
        if (TIFFGetField(tif.get(), TIFFTAG_IMAGEWIDTH, &info.width) != 1 ||
            TIFFGetField(tif.get(), TIFFTAG_IMAGELENGTH, &info.height) != 1) {
            return damaged("page " + std::to_string(pages.size() + 1) + " has no size");
        }
        TIFFGetFieldDefaulted(tif.get(), TIFFTAG_ORIENTATION, &info.orientation);
        const std::string what = pages.empty() ? "TIFF image" : "TIFF image's page " + std::to_string(pages.size() + 1);
        if (Status ok = CheckPixels(info.width, info.height, limits, what); !ok.ok()) return ok.error();
        pages.push_back(info);
    } while (TIFFReadDirectory(tif.get()) == 1);
    std::vector<cv::Mat> out;
    for (std::size_t p = 0; p < pages.size(); ++p) {
        const PageInfo& info = pages[p];
        if (TIFFSetDirectory(tif.get(), static_cast<tdir_t>(p)) != 1) return damaged("cannot be read");
        cv::Mat rgba(static_cast<int>(info.height), static_cast<int>(info.width), CV_8UC4);
        // Asking for the page's own orientation keeps the stored row order;
        // the turn is applied below, as for EXIF (libtiff only flips).
        if (TIFFReadRGBAImageOriented(tif.get(), info.width, info.height, rgba.ptr<std::uint32_t>(), info.orientation,
                                      0) != 1) {
            return damaged("page " + std::to_string(p + 1) + " is damaged or cut short");
        }
        // libtiff's raster holds R, G, B, A bytes in memory order.
        out.push_back(Orient(OverWhite(rgba, true), info.orientation));
    }
    return out;
}

// ---- HEIC / HEIF / AVIF (libheif).

Result<std::vector<cv::Mat>> DecodeHeif(std::string_view bytes, const DecodeLimits& limits) {
    std::unique_ptr<heif_context, void (*)(heif_context*)> ctx(heif_context_alloc(), heif_context_free);
    if (!ctx) return MakeError(ErrorCode::kInternal, "the HEIC decoder could not start");
    heif_context_set_maximum_image_size_limit(ctx.get(), 1 << 16);
    heif_error err = heif_context_read_from_memory_without_copy(ctx.get(), bytes.data(), bytes.size(), nullptr);
    if (err.code != heif_error_Ok) {
        return MakeError(ErrorCode::kCorruptDocument,
                         std::string("the HEIC image is damaged or cut short (") + OneLine(err.message) + ")");
    }
    heif_image_handle* raw_handle = nullptr;
    err = heif_context_get_primary_image_handle(ctx.get(), &raw_handle);
    std::unique_ptr<heif_image_handle, void (*)(const heif_image_handle*)> handle(raw_handle,
                                                                                  heif_image_handle_release);
    if (err.code != heif_error_Ok || !handle) {
        return MakeError(ErrorCode::kCorruptDocument,
                         std::string("the HEIC image has no picture (") + OneLine(err.message) + ")");
    }
    if (Status ok = CheckPixels(heif_image_handle_get_width(handle.get()), heif_image_handle_get_height(handle.get()),
                                limits, "HEIC image");
        !ok.ok()) {
        return ok.error();
    }
    const bool alpha = heif_image_handle_has_alpha_channel(handle.get()) != 0;
    heif_image* raw_image = nullptr;
    // Default options apply the file's rotation, mirroring and crop.
    err = heif_decode_image(handle.get(), &raw_image, heif_colorspace_RGB,
                            alpha ? heif_chroma_interleaved_RGBA : heif_chroma_interleaved_RGB, nullptr);
    std::unique_ptr<heif_image, void (*)(const heif_image*)> image(raw_image, heif_image_release);
    if (err.code != heif_error_Ok || !image) {
        if (err.code == heif_error_Unsupported_feature || err.code == heif_error_Unsupported_filetype) {
            return MakeError(ErrorCode::kUnsupportedType,
                             std::string("this HEIC image cannot be decoded here (") + OneLine(err.message) + ")");
        }
        return MakeError(ErrorCode::kCorruptDocument,
                         std::string("the HEIC image is damaged and cannot be decoded (") + OneLine(err.message) + ")");
    }
    int stride = 0;
    const std::uint8_t* plane = heif_image_get_plane_readonly(image.get(), heif_channel_interleaved, &stride);
    const int width = heif_image_get_width(image.get(), heif_channel_interleaved);
    const int height = heif_image_get_height(image.get(), heif_channel_interleaved);
    if (plane == nullptr || width <= 0 || height <= 0) {
        return MakeError(ErrorCode::kCorruptDocument, "the HEIC image decoded to no pixels");
    }
    const cv::Mat view(height, width, alpha ? CV_8UC4 : CV_8UC3, const_cast<std::uint8_t*>(plane),
                       static_cast<std::size_t>(stride));
    cv::Mat bgr;
    if (alpha) {
        bgr = OverWhite(view, true);
    } else {
        cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    }
    std::vector<cv::Mat> out;
    out.push_back(std::move(bgr));
    return out;
}

// ---- PDF pages (Poppler).

Result<std::vector<cv::Mat>> DecodePdf(std::string_view bytes, const DecodeLimits& limits) {
    auto loaded = pdf::LoadDocument(bytes);
    if (!loaded.ok()) return loaded.error();
    std::unique_ptr<poppler::document> doc = std::move(*loaded);
    const int count = doc->pages();
    if (count > limits.max_pages) {
        return MakeError(ErrorCode::kTooLarge, "the PDF has " + std::to_string(count) + " pages, over the limit of " +
                                                   std::to_string(limits.max_pages));
    }
    if (!poppler::page_renderer::can_render()) {
        return MakeError(ErrorCode::kInternal, "this Poppler cannot render PDF pages");
    }
    // Every page's size is checked before any page is rendered.
    std::vector<std::unique_ptr<poppler::page>> pages;
    std::vector<double> dpis;
    for (int i = 0; i < count; ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page) {
            return MakeError(ErrorCode::kCorruptDocument, "page " + std::to_string(i + 1) + " of the PDF is damaged");
        }
        const poppler::rectf rect = page->page_rect();
        const double w_in = std::abs(rect.width()) / 72, h_in = std::abs(rect.height()) / 72;
        double dpi = limits.pdf_dpi;
        const double pixels = w_in * dpi * h_in * dpi;
        if (pixels > static_cast<double>(limits.max_pixels)) {
            dpi = std::max(dpi * std::sqrt(static_cast<double>(limits.max_pixels) / pixels) * 0.999,
                           limits.pdf_dpi * kMinPdfDpiShare);
        }
        const auto w_px = static_cast<std::int64_t>(std::ceil(w_in * dpi));
        const auto h_px = static_cast<std::int64_t>(std::ceil(h_in * dpi));
        const std::string what =
            "PDF's page " + std::to_string(i + 1) + " at " + std::to_string(std::lround(dpi)) + " dpi";
        if (Status ok = CheckPixels(w_px, h_px, limits, what); !ok.ok()) return ok.error();
        pages.push_back(std::move(page));
        dpis.push_back(dpi);
    }
    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(poppler::image::format_bgr24);
    std::vector<cv::Mat> out;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        const poppler::image image = renderer.render_page(pages[i].get(), dpis[i], dpis[i]);
        if (!image.is_valid() || image.format() != poppler::image::format_bgr24 || image.width() <= 0 ||
            image.height() <= 0) {
            return MakeError(ErrorCode::kCorruptDocument,
                             "page " + std::to_string(i + 1) + " of the PDF could not be rendered");
        }
        const cv::Mat view(image.height(), image.width(), CV_8UC3, const_cast<char*>(image.const_data()),
                           static_cast<std::size_t>(image.bytes_per_row()));
        out.push_back(view.clone());
    }
    return out;
}

}  // namespace

Result<std::vector<cv::Mat>> DecodePages(std::string_view bytes, const DecodeLimits& limits) {
    if (bytes.empty()) return MakeError(ErrorCode::kEmpty, "the file is empty");
    const DocumentType type = Sniff(bytes);
    std::string what = "image";
    try {
        switch (type) {
            case DocumentType::kPng: {
                what = "PNG image";
                auto size = PngSize(bytes);
                if (!size.ok()) return size.error();
                if (Status ok = CheckPixels(size->width, size->height, limits, what); !ok.ok()) return ok.error();
                // Without its closing chunk the file was cut short: say so
                // before libpng does, on stderr, in its own words.
                if (bytes.find("IEND") == std::string_view::npos) return CutShort("PNG");
                return DecodeWithLeptonica(bytes, what, /*keep_alpha=*/true, 1);
            }
            case DocumentType::kJpeg: {
                what = "JPEG image";
                auto size = JpegSize(bytes);
                if (!size.ok()) return size.error();
                if (Status ok = CheckPixels(size->width, size->height, limits, what); !ok.ok()) return ok.error();
                return DecodeWithLeptonica(bytes, what, /*keep_alpha=*/false, JpegExifOrientation(bytes));
            }
            case DocumentType::kWebp: {
                what = "WebP image";
                auto size = WebpSize(bytes);
                if (!size.ok()) return size.error();
                if (Status ok = CheckPixels(size->width, size->height, limits, what); !ok.ok()) return ok.error();
                return DecodeWithLeptonica(bytes, what, /*keep_alpha=*/true, 1);
            }
            case DocumentType::kBmp: {
                what = "BMP image";
                auto size = BmpSize(bytes);
                if (!size.ok()) return size.error();
                if (Status ok = CheckPixels(size->width, size->height, limits, what); !ok.ok()) return ok.error();
                // Colour only: the fourth byte of 32-bit BMPs is rarely a real alpha.
                return DecodeWithLeptonica(bytes, what, /*keep_alpha=*/false, 1);
            }
            case DocumentType::kTiff:
                what = "TIFF image";
                return DecodeTiff(bytes, limits);
            case DocumentType::kHeic:
                what = "HEIC image";
                return DecodeHeif(bytes, limits);
            case DocumentType::kPdf:
                what = "PDF";
                return DecodePdf(bytes, limits);
            case DocumentType::kUnknown:
                return MakeError(ErrorCode::kUnsupportedType,
                                 "the file is not an image we read (PNG, JPEG, TIFF, WebP, BMP, HEIC) nor a PDF");
            default:
                return MakeError(ErrorCode::kUnsupportedType,
                                 "the file is " + std::string(DocumentTypeName(type)) + ", not an image or a PDF");
        }
    } catch (const cv::Exception& e) {
        return MakeError(ErrorCode::kCorruptDocument,
                         "the " + what + " cannot be decoded (" + OneLine(e.err.empty() ? e.msg : e.err) + ")");
    } catch (const std::bad_alloc&) {
        return MakeError(ErrorCode::kTooLarge, "the " + what + " needs more memory to decode than there is");
    } catch (const std::exception& e) {
        return MakeError(ErrorCode::kInternal, "decoding the " + what + " failed: " + OneLine(e.what()));
    }
}

}  // namespace ly::extract::image
