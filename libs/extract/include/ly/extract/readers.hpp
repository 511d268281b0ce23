// The format readers: bytes of one document type in, a CellGrid out.
// Each validates its input and reports a typed error, never throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/extract/cell_grid.hpp"

namespace ly::extract {

struct ReaderLimits {
    std::size_t max_uncompressed_bytes = 200u << 20;  // DOCX: refuse zip bombs
    std::size_t max_zip_entries = 10000;
    int max_pages = 50;
    std::int64_t max_image_pixels = 60'000'000;  // per page: refuse decompression bombs
};

// DOCX: tables of word/document.xml (gridSpan, vMerge, paragraphs, shading,
// text direction) and the paragraphs outside tables as loose lines.
Result<CellGrid> ReadDocx(std::string_view bytes, const ReaderLimits& limits = {});

// PDF with a text layer: Poppler word boxes; table structure from ruling
// lines found in a rendering of the page, or from text alignment.
// kEncrypted for password-protected files, kCorruptDocument for broken ones.
Result<CellGrid> ReadPdf(std::string_view bytes, const ReaderLimits& limits = {});

// Does the PDF have a text layer worth reading? (Scanned PDFs do not.)
bool PdfHasTextLayer(std::string_view bytes);
// Its pages; the errors of a PDF that cannot be opened (kCorruptDocument, kEncrypted, kTooLarge).
Result<int> PdfPageCount(std::string_view bytes);

// The image preparation steps, each on unless switched off (config:
// `--skip-image-steps`); every step still measures before it acts.
struct ImageSteps {
    bool orient = true;         // quarter turns (Tesseract's orientation detection when the lines disagree)
    bool rectify = true;        // a photographed page or screen made rectangular
    bool deskew = true;         // small rotations of scans
    bool flatten_light = true;  // uneven light of photos
    bool denoise = true;        // scanner and sensor noise
};

// Images (PNG, JPEG, TIFF, WebP, BMP, HEIC) and PDFs without a text layer:
// decoded page by page, prepared (orientation, perspective, skew, light),
// tables found by their ruling lines, every cell read by OCR (Tesseract),
// with per-word confidence kept in the lines.
Result<CellGrid> ReadImage(std::string_view bytes, const ReaderLimits& limits = {}, const ImageSteps& steps = {});

// ReadImage in two stages, for a pipeline that prepares and reads in separate steps.
// One page decoded and prepared: geometry and light corrected (colour) and the grey image OCR reads.
struct PreparedPage {
    int width = 0;
    int height = 0;
    std::string colour_bgr;  // width × height × 3 bytes, row-major BGR
    std::string gray;        // width × height bytes
    bool light_flattened = false;
    std::vector<std::string> steps;  // what was applied, e.g. "deskew 2.4°"
};
struct PreparedImage {
    std::vector<PreparedPage> pages;
};
Result<PreparedImage> PrepareImage(std::string_view bytes, const ReaderLimits& limits = {},
                                   const ImageSteps& steps = {});
// The tables and text of prepared pages, every cell read by OCR.
Result<CellGrid> ReadPreparedImage(const PreparedImage& image);
// A prepared page as the OCR reads it (grey, corrected) in PNG: what a review screen shows beside the draft.
// Compressed fast rather than small. kInvalidArgument when the grey plane does not match the page's size.
Result<std::string> PreviewPng(const PreparedPage& page);

// Plain text / CSV: every line becomes a loose line (CSV cells joined by tabs).
Result<CellGrid> ReadText(std::string_view bytes);

}  // namespace ly::extract
