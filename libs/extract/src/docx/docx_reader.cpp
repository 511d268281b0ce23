// Placeholder until the DOCX reader lands.
#include "ly/extract/readers.hpp"

namespace ly::extract {

Result<CellGrid> ReadDocx(std::string_view, const ReaderLimits&) {
    return MakeError(ErrorCode::kInternal, "DOCX reading is not built yet");
}

}  // namespace ly::extract
