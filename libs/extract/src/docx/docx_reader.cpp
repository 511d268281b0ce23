// ReadDocx: the zip package (docx_package.cpp), then the document XML
// (document_xml.cpp). Nothing thrown below escapes: errors are values.
#include <exception>
#include <new>
#include <string>

#include "docx/document_xml.hpp"
#include "docx/docx_package.hpp"
#include "ly/extract/readers.hpp"

namespace ly::extract {

Result<CellGrid> ReadDocx(std::string_view bytes, const ReaderLimits& limits) {
    try {
        auto parts = docx::ReadDocxParts(bytes, limits);
        if (!parts.ok()) return parts.error();
        return docx::ParseDocument(std::move(parts->document), parts->styles, parts->document_path);
    } catch (const std::bad_alloc&) {
        return MakeError(ErrorCode::kTooLarge, "the Word document is too large to read in memory");
    } catch (const std::exception& error) {
        return MakeError(ErrorCode::kInternal, std::string("reading the Word document failed: ") + error.what());
    } catch (...) {
        return MakeError(ErrorCode::kInternal, "reading the Word document failed");
    }
}

}  // namespace ly::extract
