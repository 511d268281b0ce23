#include "ly/extract/extractor.hpp"

#include <algorithm>
#include <cmath>

#include "ly/base/sha256.hpp"
#include "ly/extract/interpreter.hpp"
#include "ly/extract/sniff.hpp"
#include "ly/timetable/validate.hpp"
#include "ly/timetable/week_shape.hpp"

namespace ly::extract {

namespace {

std::string MegabytesText(std::size_t bytes) {
    return std::to_string(static_cast<long long>(std::llround(static_cast<double>(bytes) / (1 << 20)))) + " MB";
}

Result<CellGrid> ReadByType(DocumentType type, std::string_view bytes, const ExtractOptions& options,
                            std::string& source_type) {
    switch (type) {
        case DocumentType::kPdf:
            source_type = "pdf";
            // A scan is read as images; its decoder opens the PDF the same way
            // (pdf::LoadDocument), so damaged and locked files say so there.
            if (!PdfHasTextLayer(bytes)) return ReadImage(bytes, options.reader_limits, options.image_steps);
            return ReadPdf(bytes, options.reader_limits);
        case DocumentType::kDocx:
            source_type = "docx";
            return ReadDocx(bytes, options.reader_limits);
        case DocumentType::kText:
            source_type = "text";
            return ReadText(bytes);
        case DocumentType::kPng:
        case DocumentType::kJpeg:
        case DocumentType::kTiff:
        case DocumentType::kWebp:
        case DocumentType::kBmp:
        case DocumentType::kHeic:
            source_type = "image";
            return ReadImage(bytes, options.reader_limits, options.image_steps);
        default:
            return MakeError(
                ErrorCode::kUnsupportedType,
                "unsupported document type: detected " + std::string(DocumentTypeName(type)) +
                    "; supported are images (PNG, JPEG, TIFF, WebP, BMP, HEIC), PDF, DOCX and plain text or CSV");
    }
}

Status CheckSize(std::string_view bytes, const ExtractOptions& options) {
    if (bytes.empty()) return MakeError(ErrorCode::kEmpty, "the file is empty");
    if (bytes.size() > options.max_file_bytes) {
        return MakeError(ErrorCode::kTooLarge, "the file is " + MegabytesText(bytes.size()) + ", over the limit of " +
                                                   MegabytesText(options.max_file_bytes));
    }
    return Ok{};
}

}  // namespace

Result<timetable::Timetable> Extract(std::string_view bytes, std::string filename, const ExtractOptions& options) {
    std::string source_type;
    auto grid = ReadDocument(bytes, options, source_type);
    if (!grid.ok()) return grid.error();
    return FromGrid(std::move(grid).value(), bytes, std::move(filename), std::move(source_type), options);
}

Result<CellGrid> ReadDocument(std::string_view bytes, const ExtractOptions& options, std::string& source_type) {
    if (auto checked = CheckSize(bytes, options); !checked.ok()) return checked.error();
    return ReadByType(Sniff(bytes), bytes, options, source_type);
}

Result<Classification> Classify(std::string_view bytes, const ExtractOptions& options) {
    if (auto checked = CheckSize(bytes, options); !checked.ok()) return checked.error();
    const DocumentType type = Sniff(bytes);
    Classification classification;
    classification.format = std::string(DocumentTypeName(type));
    switch (type) {
        case DocumentType::kPdf: {
            classification.document_type = "pdf";
            auto pages = PdfPageCount(bytes);
            if (!pages.ok()) return pages.error();
            classification.pages = *pages;
            classification.has_text_layer = PdfHasTextLayer(bytes);
            return classification;
        }
        case DocumentType::kDocx:
            classification.document_type = "docx";
            classification.has_text_layer = true;
            return classification;
        case DocumentType::kText:
            classification.document_type = "text";
            classification.has_text_layer = true;
            return classification;
        case DocumentType::kPng:
        case DocumentType::kJpeg:
        case DocumentType::kTiff:
        case DocumentType::kWebp:
        case DocumentType::kBmp:
        case DocumentType::kHeic:
            classification.document_type = "image";
            return classification;
        default: {
            std::string ignored;
            return ReadByType(type, bytes, options, ignored).error();  // the one "unsupported" message
        }
    }
}

timetable::Timetable FromGrid(CellGrid grid, std::string_view bytes, std::string filename, std::string source_type,
                              const ExtractOptions& options) {
    timetable::Timetable result;
    result.source.type = std::move(source_type);
    Interpretation interpretation = Interpret(grid);
    result.source.filename = std::move(filename);
    result.source.sha256 = Sha256Hex(bytes);
    result.source.pages = grid.pages;
    result.metadata = std::move(interpretation.metadata);
    result.blocks = std::move(interpretation.blocks);
    timetable::SortBlocks(result.blocks);
    result.warnings = std::move(grid.warnings);
    for (auto& warning : interpretation.warnings) result.warnings.push_back(std::move(warning));
    const auto validation = timetable::Validate(result.blocks);
    result.warnings.insert(result.warnings.end(), validation.begin(), validation.end());

    if (result.blocks.empty()) {
        result.warnings.emplace_back("no timetable found in the document");
        result.confidence = 0.0;
    } else {
        // Document confidence: the expected share of blocks read right (the
        // mean of block confidences), scaled by how well the tables fitted and
        // how whole the week looks (which catch what was missed, where block
        // confidences cannot).
        double sum = 0;
        for (const auto& block : result.blocks) sum += block.confidence;
        const double mean = sum / static_cast<double>(result.blocks.size());
        const timetable::WeekShape shape =
            timetable::CheckWeekShape(result.blocks, {.headings_may_be_lost = grid.read_by_ocr});
        result.warnings.insert(result.warnings.end(), shape.findings.begin(), shape.findings.end());
        result.confidence =
            std::clamp(std::min(interpretation.confidence_cap,
                                mean * interpretation.structure_score * interpretation.reading_score * shape.score),
                       0.0, 1.0);
    }
    result.route = result.confidence >= options.validated_threshold ? "validated"
                   : result.confidence >= options.llm_threshold     ? "llm"
                                                                    : "review";
    return result;
}

}  // namespace ly::extract
