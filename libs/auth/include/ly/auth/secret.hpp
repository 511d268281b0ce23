// Signing keys (JWT, upload URLs): taken from configuration when given, otherwise
// generated once into the data folder (mode 0600) and reused. Never a constant default.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "ly/base/result.hpp"

namespace ly::auth {

inline constexpr std::size_t kSecretBytes = 32;

struct SecretSource {
    std::string name;                       // for messages, e.g. "JWT signing key"
    std::optional<std::string> configured;  // from a flag, variable or file; used as given (bytes)
    std::filesystem::path file;             // e.g. <data>/jwt.key, used when nothing is configured
};

// The key bytes. A configured value shorter than 32 bytes is kInvalidArgument. Without
// one, the file is read if it exists (kIo if unreadable, kInvalidArgument if shorter
// than 32 bytes), else 32 random bytes are written to it with mode 0600 (creating
// its folder) and returned. Two processes starting at once end up with the same key.
// Messages name the key and the path, never the key's bytes.
Result<std::string> LoadOrCreateSecret(const SecretSource& source);

}  // namespace ly::auth
