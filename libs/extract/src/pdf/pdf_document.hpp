// Opening a PDF with Poppler from memory, with our errors: the one place
// that decides what "damaged", "password-protected" and "empty" mean.
#pragma once

#include <memory>
#include <string_view>

#include "ly/base/result.hpp"

namespace poppler {
class document;
}

namespace ly::extract::pdf {

// kTooLarge over 2 GB, kCorruptDocument when Poppler cannot load it or it has
// no pages, kEncrypted when it needs a password. Callers include
// <poppler-document.h> to use (and destroy) the document.
Result<std::unique_ptr<poppler::document>> LoadDocument(std::string_view bytes);

}  // namespace ly::extract::pdf
