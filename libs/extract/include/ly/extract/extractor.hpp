// The engine's front door: document bytes in, a timetable/v1 Timetable out.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/cell_grid.hpp"
#include "ly/extract/readers.hpp"
#include "ly/timetable/timetable.hpp"

namespace ly::extract {

struct ExtractOptions {
    std::size_t max_file_bytes = 25u << 20;
    ReaderLimits reader_limits;
    ImageSteps image_steps;
    double validated_threshold = 0.98;  // confidence ≥ this: route "validated"
    double llm_threshold = 0.80;        // ≥ this: "llm", below: "review"
};

Result<timetable::Timetable> Extract(std::string_view bytes, std::string filename, const ExtractOptions& options = {});

// The same engine in the pipeline's stages (classify → prepare → read), so each can be its own step:
// Extract(bytes) == FromGrid(ReadDocument(bytes)) and, for images and scans,
// ReadDocument(bytes) == ReadPreparedImage(PrepareImage(bytes)).

// What a document is, from its bytes: "image", "pdf", "docx", "text", or kUnsupportedType naming what was
// detected. `has_text_layer` is false for images and scanned PDFs (they need OCR).
struct Classification {
    std::string document_type;
    std::string format;  // the sniffed format as DocumentTypeName says it, e.g. "png image", "pdf"
    bool has_text_layer = false;
    int pages = 1;  // PDFs: their page count; other types 1
};
Result<Classification> Classify(std::string_view bytes, const ExtractOptions& options = {});

// Any document's cell grid, by its type (what Extract reads before interpreting).
Result<CellGrid> ReadDocument(std::string_view bytes, const ExtractOptions& options, std::string& source_type);

// A timetable from a grid read from `bytes` (its SHA-256 and pages are taken from there and the grid).
timetable::Timetable FromGrid(CellGrid grid, std::string_view bytes, std::string filename, std::string source_type,
                              const ExtractOptions& options);

}  // namespace ly::extract
