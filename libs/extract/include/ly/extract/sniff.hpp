// Telling a document's type from its first bytes, never from its name.
#pragma once

#include <string_view>

namespace ly::extract {

enum class DocumentType { kUnknown, kPdf, kDocx, kText, kPng, kJpeg, kTiff, kWebp, kBmp, kHeic, kZip, kOle };

DocumentType Sniff(std::string_view bytes);

// "pdf", "docx", "text", "png", …, "zip (not a Word document)", "unknown".
std::string_view DocumentTypeName(DocumentType type);

}  // namespace ly::extract
