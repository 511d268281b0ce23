// Small cryptographic helpers shared by the auth pieces (libsodium underneath):
// random bytes, base64url, HMAC-SHA256 and constant-time comparison.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::auth {

// Initialises libsodium once; every function here calls it, callers need not.
Status InitCrypto();

// `count` bytes from the operating system's CSPRNG.
std::string RandomBytes(std::size_t count);

// Base64url without padding (RFC 4648 section 5), as JWT and URLs want it.
std::string Base64UrlEncode(std::string_view bytes);
// Nothing when `text` is not unpadded base64url.
std::optional<std::string> Base64UrlDecode(std::string_view text);

// HMAC-SHA256 of `message` under `key`: 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view message);

// Equality in time that depends only on the lengths, for secrets and MACs.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ly::auth
