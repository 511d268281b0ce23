// Encoding pixels for people to look at: a prepared page as PNG (the review screen's preview).
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::extract::image {

// 8-bit grey pixels (width × height bytes, row-major) as a PNG. Written for speed, not size (no row filters,
// zlib level 1): it is made for every image a teacher uploads and costs the pipeline about 10 ms a page.
// kInvalidArgument when the bytes do not fit the size.
Result<std::string> EncodeGrayPng(std::string_view gray, int width, int height);

}  // namespace ly::extract::image
