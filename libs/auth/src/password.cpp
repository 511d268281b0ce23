#include "ly/auth/password.hpp"

#include <sodium.h>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

// Number of code points when `text` is well-formed UTF-8 (no overlongs, no
// surrogates, nothing above U+10FFFF); -1 otherwise.
long CountUtf8CodePoints(std::string_view text) {
    long count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        char32_t code_point = 0;
        if (lead < 0x80) {
            length = 1;
            code_point = lead;
        } else if ((lead & 0xE0) == 0xC0) {
            length = 2;
            code_point = lead & 0x1F;
        } else if ((lead & 0xF0) == 0xE0) {
            length = 3;
            code_point = lead & 0x0F;
        } else if ((lead & 0xF8) == 0xF0) {
            length = 4;
            code_point = lead & 0x07;
        } else {
            return -1;
        }
        if (i + length > text.size()) return -1;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return -1;
            code_point = (code_point << 6) | (next & 0x3F);
        }
        static constexpr char32_t kSmallestOfLength[] = {0, 0, 0x80, 0x800, 0x10000};
        if (code_point < kSmallestOfLength[length] || code_point > 0x10FFFF ||
            (code_point >= 0xD800 && code_point <= 0xDFFF)) {
            return -1;
        }
        i += length;
        ++count;
    }
    return count;
}

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

Status CheckPasswordPolicy(std::string_view password) {
    if (password.size() > kMaxPasswordBytes) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "password: must be at most " + std::to_string(kMaxPasswordBytes) + " bytes");
    }
    if (password.find('\0') != std::string_view::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "password: must not contain the NUL character");
    }
    const long characters = CountUtf8CodePoints(password);
    if (characters < 0) return MakeError(ErrorCode::kInvalidArgument, "password: is not valid UTF-8");
    if (static_cast<std::size_t>(characters) < kMinPasswordCharacters) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "password: must be at least " + std::to_string(kMinPasswordCharacters) + " characters");
    }
    return Ok{};
}

Result<std::string> NormalizeEmail(std::string_view email) {
    // Bound the work before trimming: a megabyte of spaces is not an address.
    if (email.size() > 4 * kMaxEmailBytes) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "email: must be at most " + std::to_string(kMaxEmailBytes) + " characters");
    }
    while (!email.empty() && IsAsciiSpace(email.front())) email.remove_prefix(1);
    while (!email.empty() && IsAsciiSpace(email.back())) email.remove_suffix(1);
    if (email.empty()) return MakeError(ErrorCode::kInvalidArgument, "email: is required");
    if (email.size() > kMaxEmailBytes) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "email: must be at most " + std::to_string(kMaxEmailBytes) + " characters");
    }
    std::string normalized;
    normalized.reserve(email.size());
    for (const char c : email) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F || c == ' ') {
            return MakeError(ErrorCode::kInvalidArgument, "email: must not contain spaces or control characters");
        }
        // Lower-case ASCII only: other scripts' case rules are locale-dependent, and
        // most providers treat the address case-insensitively anyway.
        normalized.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (CountUtf8CodePoints(normalized) < 0) return MakeError(ErrorCode::kInvalidArgument, "email: is not valid UTF-8");
    const std::size_t at = normalized.find('@');
    if (at == std::string::npos || normalized.find('@', at + 1) != std::string::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "email: must contain exactly one '@'");
    }
    const std::string_view local = std::string_view(normalized).substr(0, at);
    const std::string_view domain = std::string_view(normalized).substr(at + 1);
    if (local.empty()) return MakeError(ErrorCode::kInvalidArgument, "email: the part before '@' is empty");
    if (domain.empty()) return MakeError(ErrorCode::kInvalidArgument, "email: the part after '@' is empty");
    if (local.size() > kMaxEmailLocalBytes) {
        return MakeError(ErrorCode::kInvalidArgument, "email: the part before '@' must be at most " +
                                                          std::to_string(kMaxEmailLocalBytes) + " characters");
    }
    if (domain.front() == '.' || domain.back() == '.' || domain.find("..") != std::string_view::npos) {
        return MakeError(ErrorCode::kInvalidArgument, "email: the domain has an empty label");
    }
    return normalized;
}

PasswordHashLimits PasswordHashLimits::Interactive() {
    return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHashLimits PasswordHashLimits::Minimum() { return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}; }

Result<std::string> PasswordHasher::Hash(std::string_view password) const {
    if (auto init = InitCrypto(); !init) return init.error();
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str_alg(hash, password.data(), password.size(), limits_.ops, limits_.memory_bytes,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return MakeError(ErrorCode::kInternal, "password hashing failed (out of memory?)");
    }
    return std::string(hash);
}

bool PasswordHasher::Verify(std::string_view password, std::string_view hash) const {
    if (!InitCrypto()) return false;
    // The stored string must be NUL-terminated and fit libsodium's buffer.
    if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
    const std::string terminated(hash);
    return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
    if (!InitCrypto()) return true;
    if (hash.size() >= crypto_pwhash_STRBYTES || !hash.starts_with("$argon2id$")) return true;
    const std::string terminated(hash);
    // Non-zero means other parameters (1) or not an argon2id string at all (-1).
    return crypto_pwhash_str_needs_rehash(terminated.c_str(), limits_.ops, limits_.memory_bytes) != 0;
}

}  // namespace ly::auth
