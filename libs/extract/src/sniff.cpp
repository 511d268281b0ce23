#include "ly/extract/sniff.hpp"

#include <algorithm>
#include <cstdint>

namespace ly::extract {

namespace {

bool StartsWith(std::string_view bytes, std::string_view magic) { return bytes.substr(0, magic.size()) == magic; }

// bytes[offset, offset + length) or "" when the input is shorter.
std::string_view At(std::string_view bytes, std::size_t offset, std::size_t length) {
    return offset + length <= bytes.size() ? bytes.substr(offset, length) : std::string_view();
}

// Valid UTF-8 with no control characters but tab/CR/LF/FF in the first 8 KB.
bool LooksLikeText(std::string_view bytes) {
    if (StartsWith(bytes, "\xEF\xBB\xBF")) bytes.remove_prefix(3);
    const std::string_view head = bytes.substr(0, 8192);
    std::size_t i = 0;
    while (i < head.size()) {
        const auto c = static_cast<std::uint8_t>(head[i]);
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') return false;
            if (c == 0x7f) return false;
            ++i;
            continue;
        }
        const int follow = (c >= 0xC2 && c <= 0xDF)   ? 1
                           : (c >= 0xE0 && c <= 0xEF) ? 2
                           : (c >= 0xF0 && c <= 0xF4) ? 3
                                                      : -1;
        if (follow < 0) return false;
        if (i + follow >= head.size()) return head.size() < bytes.size();  // cut by the window, or truncated
        for (int k = 1; k <= follow; ++k) {
            if ((static_cast<std::uint8_t>(head[i + k]) & 0xC0) != 0x80) return false;
        }
        i += static_cast<std::size_t>(follow) + 1;
    }
    return true;
}

}  // namespace

DocumentType Sniff(std::string_view bytes) {
    if (bytes.empty()) return DocumentType::kUnknown;
    // PDF readers accept the header anywhere in the first KB.
    if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return DocumentType::kPdf;
    if (StartsWith(bytes, "PK\x03\x04")) {
        // A Word document is a zip whose entries include word/…; the local
        // headers carry entry names in clear, so looking is cheap.
        return bytes.substr(0, 1 << 20).find("word/") != std::string_view::npos ? DocumentType::kDocx
                                                                                : DocumentType::kZip;
    }
    if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return DocumentType::kPng;
    if (StartsWith(bytes, "\xFF\xD8\xFF")) return DocumentType::kJpeg;
    if (StartsWith(bytes, std::string_view("II*\0", 4)) || StartsWith(bytes, std::string_view("MM\0*", 4))) {
        return DocumentType::kTiff;
    }
    if (StartsWith(bytes, "RIFF") && At(bytes, 8, 4) == "WEBP") return DocumentType::kWebp;
    if (StartsWith(bytes, "BM") && bytes.size() > 26) return DocumentType::kBmp;
    if (At(bytes, 4, 4) == "ftyp") {
        const std::string_view brand = At(bytes, 8, 4);
        for (std::string_view heif : {"heic", "heix", "hevc", "heim", "heis", "mif1", "msf1", "avif"}) {
            if (brand == heif) return DocumentType::kHeic;
        }
    }
    if (StartsWith(bytes, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return DocumentType::kOle;
    if (LooksLikeText(bytes)) return DocumentType::kText;
    return DocumentType::kUnknown;
}

std::string_view DocumentTypeName(DocumentType type) {
    switch (type) {
        case DocumentType::kUnknown:
            return "unknown binary data";
        case DocumentType::kPdf:
            return "pdf";
        case DocumentType::kDocx:
            return "docx";
        case DocumentType::kText:
            return "text";
        case DocumentType::kPng:
            return "png image";
        case DocumentType::kJpeg:
            return "jpeg image";
        case DocumentType::kTiff:
            return "tiff image";
        case DocumentType::kWebp:
            return "webp image";
        case DocumentType::kBmp:
            return "bmp image";
        case DocumentType::kHeic:
            return "heic image";
        case DocumentType::kZip:
            return "zip archive (not a Word document)";
        case DocumentType::kOle:
            return "legacy Office document (.doc/.xls; save it as .docx or PDF)";
    }
    return "unknown binary data";
}

}  // namespace ly::extract
