// WordprocessingML to a CellGrid: the body of word/document.xml in reading
// order, with word/styles.xml for bold and font sizes. pugixml stays inside
// the .cpp file.
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/cell_grid.hpp"

namespace ly::extract::docx {

// Top-level tables become Tables (finest grid from w:tblGrid, spans from
// w:gridSpan and w:vMerge, geometry in twips); paragraphs outside tables
// become loose lines. `document_xml` is parsed in place (hence by value);
// `styles_xml` may be empty. kCorruptDocument when the XML is not well formed
// or is not a Word document body.
Result<CellGrid> ParseDocument(std::string document_xml, std::string_view styles_xml, std::string_view document_path);

}  // namespace ly::extract::docx
