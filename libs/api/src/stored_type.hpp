// What a stored document is (its object key's extension and its content type), shared by the direct
// multipart upload and the pre-signed one so both accept the same types and store them under one key scheme.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/extract/sniff.hpp"

namespace ly::api {

struct StoredType {
    std::string_view extension;     // "pdf", "docx", "txt", "png", …
    std::string_view content_type;  // "application/pdf", …
};

// The stored form of a sniffed type; nothing for a type the extraction engine does not read.
std::optional<StoredType> TypeOf(extract::DocumentType type);

// The accepted type a declared media type names (compared without case; parameters such as charset ignored);
// nothing when it names none.
std::optional<StoredType> TypeOfContentType(std::string_view media_type);

// The media types a pre-signed upload may declare ("image/png", …, "text/csv"), and the file name extensions
// of those types (".png", ".jpg", …): what GET /api/v1/limits tells the web app to check before sending.
std::vector<std::string_view> AcceptedMediaTypes();
std::vector<std::string_view> AcceptedExtensions();

// "image/png, …, text/csv": for messages that list what is accepted.
std::string AcceptedContentTypes();

// The object key of an upload: `uploads/{userId}/{documentId}.{ext}`.
std::string UploadKey(std::string_view user_id, std::string_view document_id, const StoredType& type);

}  // namespace ly::api
