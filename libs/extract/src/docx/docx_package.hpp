// The parts of a DOCX package the reader needs, taken from its zip with
// limits against zip bombs. libzip and pugixml stay inside the .cpp file.
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/readers.hpp"

namespace ly::extract::docx {

struct DocxParts {
    std::string document_path;  // e.g. "word/document.xml"
    std::string document;       // the main document part's XML
    std::string styles;         // the style sheet's XML; empty when the package has none
};

// Opens the zip in `bytes` (no copy), refuses archives whose entry count or
// total uncompressed size (as the central directory states it) is over
// `limits`, and reads the main document part and its style sheet, never more
// than `limits.max_uncompressed_bytes` in all, whatever the entries claim.
// kCorruptDocument for a damaged zip or a package without a main document,
// kTooLarge for a zip bomb, kEncrypted for zip-level encryption.
Result<DocxParts> ReadDocxParts(std::string_view bytes, const ReaderLimits& limits);

}  // namespace ly::extract::docx
