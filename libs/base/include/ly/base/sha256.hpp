// SHA-256 of a byte string, as lower-case hex: documents are identified by it.
#pragma once

#include <string>
#include <string_view>

namespace ly {

std::string Sha256Hex(std::string_view bytes);

}  // namespace ly
