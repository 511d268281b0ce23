// Identifiers for stored records: 128 random bits from a CSPRNG (OpenSSL RAND_bytes), written as a UUID v4.
// Random ids can be shown to users and put in URLs: they reveal neither counts nor order.
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::storage {

// A new id such as "0f8fad5b-d9cb-469f-a165-70867728950e" (lower-case, 36 characters).
// Fails only when the operating system's randomness is unavailable.
Result<std::string> NewId();

// True for text in the form NewId() writes (any UUID v4, lower-case): cheap to check before a lookup.
bool IsId(std::string_view text);

}  // namespace ly::storage
