// Placeholder until the PDF reader lands.
#include "ly/extract/readers.hpp"

namespace ly::extract {

Result<CellGrid> ReadPdf(std::string_view, const ReaderLimits&) {
    return MakeError(ErrorCode::kInternal, "PDF reading is not built yet");
}

bool PdfHasTextLayer(std::string_view) { return false; }

}  // namespace ly::extract
