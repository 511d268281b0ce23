#include "docx/docx_package.hpp"

#include <zip.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <vector>

namespace ly::extract::docx {

namespace {

constexpr std::string_view kDefaultDocumentPath = "word/document.xml";

struct ArchiveDiscarder {
    void operator()(zip_t* archive) const { zip_discard(archive); }
};
using ArchivePtr = std::unique_ptr<zip_t, ArchiveDiscarder>;

struct FileCloser {
    void operator()(zip_file_t* file) const { zip_fclose(file); }
};
using FilePtr = std::unique_ptr<zip_file_t, FileCloser>;

std::string SizeText(std::uint64_t bytes) {
    if (bytes < (1u << 20)) return std::to_string(bytes) + " bytes";
    return std::to_string(static_cast<std::uint64_t>(std::llround(static_cast<double>(bytes) / (1 << 20)))) + " MB";
}

std::string ZipErrorText(const zip_error_t* error) {
    // zip_error_strerror wants a mutable error; it only formats.
    return zip_error_strerror(const_cast<zip_error_t*>(error));
}

Error ArchiveError(const zip_error_t* error, std::string_view what) {
    const int code = zip_error_code_zip(error);
    switch (code) {
        case ZIP_ER_NOPASSWD:
        case ZIP_ER_WRONGPASSWD:
        case ZIP_ER_ENCRNOTSUPP:
            return MakeError(ErrorCode::kEncrypted, "the Word document is password-protected (" + std::string(what) +
                                                        " is encrypted); remove the password and upload it again");
        case ZIP_ER_MEMORY:
            return MakeError(ErrorCode::kTooLarge, "the Word document is too large to read in memory");
        case ZIP_ER_NOZIP:
            return MakeError(ErrorCode::kCorruptDocument,
                             "the Word document is damaged: it is not a readable zip archive (was the upload cut "
                             "short?)");
        default:
            return MakeError(ErrorCode::kCorruptDocument,
                             "the Word document is damaged: " + std::string(what) + ": " + ZipErrorText(error));
    }
}

Result<ArchivePtr> OpenArchive(std::string_view bytes) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
        Error result = ArchiveError(&error, "opening the zip");
        zip_error_fini(&error);
        return result;
    }
    zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
    if (archive == nullptr) {
        zip_source_free(source);
        Error result = ArchiveError(&error, "opening the zip");
        zip_error_fini(&error);
        return result;
    }
    zip_error_fini(&error);
    return ArchivePtr(archive);
}

// The central directory's claims: entry count and total uncompressed size.
Status CheckArchiveSize(zip_t* archive, const ReaderLimits& limits) {
    const zip_int64_t entries = zip_get_num_entries(archive, 0);
    if (entries < 0) return MakeError(ErrorCode::kCorruptDocument, "the Word document is damaged: no zip directory");
    if (static_cast<std::uint64_t>(entries) > limits.max_zip_entries) {
        return MakeError(ErrorCode::kTooLarge, "the Word document holds " + std::to_string(entries) +
                                                   " files, over the limit of " +
                                                   std::to_string(limits.max_zip_entries) + " (a zip bomb?)");
    }
    std::uint64_t total = 0;
    for (zip_int64_t i = 0; i < entries; ++i) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive, static_cast<zip_uint64_t>(i), 0, &stat) != 0) continue;
        if ((stat.valid & ZIP_STAT_SIZE) == 0) continue;
        constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
        total = stat.size > kMax - total ? kMax : total + stat.size;
    }
    if (total > limits.max_uncompressed_bytes) {
        return MakeError(ErrorCode::kTooLarge, "the Word document would unpack to " + SizeText(total) +
                                                   ", over the limit of " + SizeText(limits.max_uncompressed_bytes) +
                                                   " (a zip bomb?)");
    }
    return Ok{};
}

class PartReader {
  public:
    PartReader(zip_t* archive, std::size_t budget) : archive_(archive), budget_(budget), total_budget_(budget) {}

    std::optional<zip_uint64_t> Locate(std::string_view name) const {
        const zip_int64_t index = zip_name_locate(archive_, std::string(name).c_str(), ZIP_FL_NOCASE);
        if (index < 0) return std::nullopt;
        return static_cast<zip_uint64_t>(index);
    }

    // The whole entry; every byte read counts against the budget, so an
    // entry that inflates past what its header claimed is still stopped.
    Result<std::string> Read(zip_uint64_t index, std::string_view name) {
        zip_stat_t stat;
        zip_stat_init(&stat);
        if (zip_stat_index(archive_, index, 0, &stat) == 0 && (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 &&
            stat.encryption_method != ZIP_EM_NONE) {
            return MakeError(ErrorCode::kEncrypted, "the Word document is password-protected (" + std::string(name) +
                                                        " is encrypted); remove the password and upload it again");
        }
        FilePtr file(zip_fopen_index(archive_, index, 0));
        if (!file) return ArchiveError(zip_get_error(archive_), name);
        std::string data;
        if ((stat.valid & ZIP_STAT_SIZE) != 0) {
            data.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(stat.size, budget_)));
        }
        std::vector<char> buffer(1 << 16);
        for (;;) {
            const zip_int64_t got = zip_fread(file.get(), buffer.data(), buffer.size());
            if (got < 0) return ArchiveError(zip_file_get_error(file.get()), name);
            if (got == 0) break;
            const auto count = static_cast<std::size_t>(got);
            if (count > budget_) {
                return MakeError(ErrorCode::kTooLarge, "the Word document unpacks to more than " +
                                                           SizeText(total_budget_) + " (" + std::string(name) +
                                                           " alone; a zip bomb?)");
            }
            budget_ -= count;
            data.append(buffer.data(), count);
        }
        return data;
    }

  private:
    zip_t* archive_;
    std::size_t budget_;
    std::size_t total_budget_;
};

// "word/../x.xml" → "x.xml"; leading '/' means the package root.
std::string ResolvePartName(std::string_view folder, std::string_view target) {
    std::string joined;
    if (!target.empty() && target.front() == '/') {
        joined = std::string(target.substr(1));
    } else {
        joined = std::string(folder) + std::string(target);
    }
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= joined.size()) {
        std::size_t end = joined.find('/', start);
        if (end == std::string::npos) end = joined.size();
        const std::string segment = joined.substr(start, end - start);
        if (segment == "..") {
            if (!segments.empty()) segments.pop_back();
        } else if (!segment.empty() && segment != ".") {
            segments.push_back(segment);
        }
        start = end + 1;
    }
    std::string result;
    for (const std::string& segment : segments) {
        if (!result.empty()) result += '/';
        result += segment;
    }
    return result;
}

std::string_view FolderOf(std::string_view part) {
    const std::size_t slash = part.rfind('/');
    return slash == std::string_view::npos ? std::string_view{} : part.substr(0, slash + 1);
}

// The target of the first relationship whose type ends in `/type_suffix`.
std::optional<std::string> FindRelationship(std::string_view rels_xml, std::string_view type_suffix) {
    pugi::xml_document doc;
    if (!doc.load_buffer(rels_xml.data(), rels_xml.size())) return std::nullopt;
    for (pugi::xml_node rel : doc.document_element().children()) {
        const std::string_view name = rel.name();
        if (!name.ends_with("Relationship")) continue;
        const std::string_view type = rel.attribute("Type").value();
        const std::string_view mode = rel.attribute("TargetMode").value();
        if (mode == "External") continue;
        if (type.size() > type_suffix.size() && type.ends_with(type_suffix) &&
            type[type.size() - type_suffix.size() - 1] == '/') {
            return std::string(rel.attribute("Target").value());
        }
    }
    return std::nullopt;
}

// A small part that helps find the others; unreadable means absent.
std::optional<std::string> ReadOptionalPart(PartReader& reader, std::string_view name) {
    const auto index = reader.Locate(name);
    if (!index) return std::nullopt;
    auto data = reader.Read(*index, name);
    if (!data.ok()) return std::nullopt;
    return std::move(data).value();
}

}  // namespace

Result<DocxParts> ReadDocxParts(std::string_view bytes, const ReaderLimits& limits) {
    auto archive = OpenArchive(bytes);
    if (!archive.ok()) return archive.error();
    if (Status size = CheckArchiveSize(archive->get(), limits); !size.ok()) return size.error();

    PartReader reader(archive->get(), limits.max_uncompressed_bytes);
    DocxParts parts;

    // The package relationships name the main part; almost always word/document.xml.
    std::optional<zip_uint64_t> document_index;
    if (auto rels = ReadOptionalPart(reader, "_rels/.rels")) {
        if (auto target = FindRelationship(*rels, "officeDocument")) {
            parts.document_path = ResolvePartName("", *target);
            document_index = reader.Locate(parts.document_path);
        }
    }
    if (!document_index) {
        parts.document_path = std::string(kDefaultDocumentPath);
        document_index = reader.Locate(parts.document_path);
    }
    if (!document_index) {
        return MakeError(ErrorCode::kCorruptDocument,
                         "the file is a zip archive but not a Word document: it has no word/document.xml");
    }
    auto document = reader.Read(*document_index, parts.document_path);
    if (!document.ok()) return document.error();
    parts.document = std::move(document).value();

    // Styles say which paragraphs are bold or large; a document reads without them.
    const std::string_view folder = FolderOf(parts.document_path);
    const std::string_view file = std::string_view(parts.document_path).substr(folder.size());
    std::string styles_path = std::string(folder) + "styles.xml";
    if (auto rels = ReadOptionalPart(reader, std::string(folder) + "_rels/" + std::string(file) + ".rels")) {
        if (auto target = FindRelationship(*rels, "styles")) styles_path = ResolvePartName(folder, *target);
    }
    if (const auto styles_index = reader.Locate(styles_path)) {
        auto styles = reader.Read(*styles_index, styles_path);
        if (!styles.ok() && styles.error().code == ErrorCode::kTooLarge) return styles.error();
        if (styles.ok()) parts.styles = std::move(styles).value();
    }
    return parts;
}

}  // namespace ly::extract::docx
