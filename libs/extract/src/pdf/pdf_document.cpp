#include "pdf/pdf_document.hpp"

#include <poppler-document.h>

#include <climits>

namespace ly::extract::pdf {

Result<std::unique_ptr<poppler::document>> LoadDocument(std::string_view bytes) {
    if (bytes.size() > static_cast<std::size_t>(INT_MAX)) {
        return MakeError(ErrorCode::kTooLarge, "the PDF is larger than 2 GB");
    }
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc) return MakeError(ErrorCode::kCorruptDocument, "the PDF is damaged and cannot be read");
    if (doc->is_locked()) {
        return MakeError(ErrorCode::kEncrypted,
                         "the PDF is password-protected; save a copy without a password and upload that");
    }
    if (doc->pages() <= 0) return MakeError(ErrorCode::kCorruptDocument, "the PDF has no pages");
    return doc;
}

}  // namespace ly::extract::pdf
