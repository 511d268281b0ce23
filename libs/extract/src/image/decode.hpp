// Decoding uploaded images (and scanned PDF pages) into pixels: every page
// as 8-bit BGR, upright as the camera or scanner meant (EXIF orientation).
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace cv {
class Mat;
}

namespace ly::extract::image {

struct DecodeLimits {
    std::int64_t max_pixels = 60'000'000;  // per page; refuses decompression bombs before decoding
    int max_pages = 50;                    // multi-page TIFF, scanned PDF
    // Rendering of PDF pages without a text layer. A page too large for
    // max_pixels at this resolution is rendered at less, down to half of it;
    // past that it is refused.
    double pdf_dpi = 200;
};

// PNG, JPEG, TIFF (all pages), WebP, BMP, HEIC/HEIF/AVIF, and PDF pages
// (rendered with Poppler). The type is sniffed from the bytes. Every page's
// pixel size is read from its header (PNG IHDR, JPEG SOF, WebP VP8/VP8L/VP8X,
// BMP DIB header, TIFF IFDs, HEIF ispe, PDF page box × dpi) and checked
// before anything is decoded. Transparency is composed over white; 16-bit
// and grey images come back as 8-bit BGR; JPEG EXIF, TIFF and HEIF
// orientations are applied. Errors, each one line a person can act on:
// kEmpty (no bytes), kCorruptDocument (truncated, undecodable, 0×0),
// kTooLarge (over max_pixels by the header, or over max_pages), kEncrypted
// (PDF with a password), kUnsupportedType (not an image or PDF we read).
// Never throws.
Result<std::vector<cv::Mat>> DecodePages(std::string_view bytes, const DecodeLimits& limits = {});

}  // namespace ly::extract::image
