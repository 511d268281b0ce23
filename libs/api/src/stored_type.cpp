#include "stored_type.hpp"

#include "ly/transport/multipart.hpp"

namespace ly::api {
namespace {

constexpr extract::DocumentType kReadable[] = {
    extract::DocumentType::kPdf,  extract::DocumentType::kDocx, extract::DocumentType::kText,
    extract::DocumentType::kPng,  extract::DocumentType::kJpeg, extract::DocumentType::kTiff,
    extract::DocumentType::kWebp, extract::DocumentType::kBmp,  extract::DocumentType::kHeic};

}  // namespace

std::optional<StoredType> TypeOf(extract::DocumentType type) {
    switch (type) {
        case extract::DocumentType::kPdf:
            return StoredType{"pdf", "application/pdf"};
        case extract::DocumentType::kDocx:
            return StoredType{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"};
        case extract::DocumentType::kText:
            return StoredType{"txt", "text/plain"};
        case extract::DocumentType::kPng:
            return StoredType{"png", "image/png"};
        case extract::DocumentType::kJpeg:
            return StoredType{"jpg", "image/jpeg"};
        case extract::DocumentType::kTiff:
            return StoredType{"tiff", "image/tiff"};
        case extract::DocumentType::kWebp:
            return StoredType{"webp", "image/webp"};
        case extract::DocumentType::kBmp:
            return StoredType{"bmp", "image/bmp"};
        case extract::DocumentType::kHeic:
            return StoredType{"heic", "image/heic"};
        case extract::DocumentType::kUnknown:
        case extract::DocumentType::kZip:
        case extract::DocumentType::kOle:
            return std::nullopt;
    }
    return std::nullopt;
}

std::optional<StoredType> TypeOfContentType(std::string_view media_type) {
    // ParseHeaderValue lower-cases the value and sets the parameters apart.
    const auto parsed = transport::ParseHeaderValue(media_type);
    if (!parsed) return std::nullopt;
    for (const extract::DocumentType type : kReadable) {
        const auto stored = TypeOf(type);
        if (stored && stored->content_type == parsed->value) return stored;
    }
    return std::nullopt;
}

std::string AcceptedContentTypes() {
    std::string list;
    for (const extract::DocumentType type : kReadable) {
        if (!list.empty()) list += ", ";
        list += TypeOf(type)->content_type;
    }
    return list;
}

std::string UploadKey(std::string_view user_id, std::string_view document_id, const StoredType& type) {
    return "uploads/" + std::string(user_id) + "/" + std::string(document_id) + "." + std::string(type.extension);
}

}  // namespace ly::api
