#include "stored_type.hpp"

#include <iterator>

#include "ly/transport/multipart.hpp"

namespace ly::api {
namespace {

// The media types a client may declare for a pre-signed upload, each with the type its bytes must sniff as, in the
// order GET /api/v1/limits lists them. CSV is text to the engine (the text reader reads its rows), and browsers
// name a .csv file text/csv: it is stored as text/plain.
struct DeclaredType {
    std::string_view media_type;
    extract::DocumentType type;
};
constexpr DeclaredType kDeclaredTypes[] = {
    {"image/png", extract::DocumentType::kPng},
    {"image/jpeg", extract::DocumentType::kJpeg},
    {"image/webp", extract::DocumentType::kWebp},
    {"image/tiff", extract::DocumentType::kTiff},
    {"image/bmp", extract::DocumentType::kBmp},
    {"image/heic", extract::DocumentType::kHeic},
    {"application/pdf", extract::DocumentType::kPdf},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", extract::DocumentType::kDocx},
    {"text/plain", extract::DocumentType::kText},
    {"text/csv", extract::DocumentType::kText},
};

// The names files of those types usually have: for a file picker's accept list, never to decide a type (the bytes
// do). HEIF's other brands sniff as HEIC too, hence .heif.
constexpr std::string_view kExtensions[] = {".png",  ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp",
                                            ".heic", ".heif", ".pdf", ".docx", ".txt", ".csv"};

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
    for (const auto& declared : kDeclaredTypes) {
        if (declared.media_type == parsed->value) return TypeOf(declared.type);
    }
    return std::nullopt;
}

std::vector<std::string_view> AcceptedMediaTypes() {
    std::vector<std::string_view> types;
    for (const auto& declared : kDeclaredTypes) types.push_back(declared.media_type);
    return types;
}

std::vector<std::string_view> AcceptedExtensions() { return {std::begin(kExtensions), std::end(kExtensions)}; }

std::string AcceptedContentTypes() {
    std::string list;
    for (const auto& declared : kDeclaredTypes) {
        if (!list.empty()) list += ", ";
        list += declared.media_type;
    }
    return list;
}

std::string UploadKey(std::string_view user_id, std::string_view document_id, const StoredType& type) {
    return "uploads/" + std::string(user_id) + "/" + std::string(document_id) + "." + std::string(type.extension);
}

}  // namespace ly::api
