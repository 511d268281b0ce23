// Account credentials: the password policy, e-mail normalisation, and argon2id
// password hashes (libsodium's PHC strings, which carry their own salt and limits).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::auth {

inline constexpr std::size_t kMinPasswordCharacters = 8;  // counted as UTF-8 code points
inline constexpr std::size_t kMaxPasswordBytes = 1024;    // long passphrases welcome; bounds hashing input
inline constexpr std::size_t kMaxEmailBytes = 254;        // RFC 5321 path limit less the angle brackets
inline constexpr std::size_t kMaxEmailLocalBytes = 64;

// Ok when `password` may be used: valid UTF-8, no NUL, at least 8 characters, at most
// 1024 bytes. Errors are kInvalidArgument and start with "password: ".
Status CheckPasswordPolicy(std::string_view password);

// The canonical form of an e-mail address, as it is stored and looked up: trimmed,
// lower-cased, exactly one '@' with non-empty local part and domain, within the
// length limits. Errors are kInvalidArgument and start with "email: ".
Result<std::string> NormalizeEmail(std::string_view email);

// The cost of one hash. Interactive limits (2 passes, 64 MiB; above OWASP's argon2id
// minimum of 19 MiB) took 264 ms per hash (best of 5) on this project's 2-core machine
// while it was busy (load 5.5); each hash in flight holds 64 MiB, so callers bound how
// many run at once. Tests may use the minimum to stay fast.
struct PasswordHashLimits {
    std::uint64_t ops;
    std::size_t memory_bytes;

    static PasswordHashLimits Interactive();
    static PasswordHashLimits Minimum();  // only for tests
};

class PasswordHasher {
  public:
    explicit PasswordHasher(PasswordHashLimits limits = PasswordHashLimits::Interactive()) : limits_(limits) {}

    // An argon2id PHC string ("$argon2id$v=19$m=...") with a fresh random salt.
    // kInternal when the hash cannot be computed (e.g. out of memory).
    Result<std::string> Hash(std::string_view password) const;

    // Whether `password` matches `hash`; false for a malformed hash as well.
    // Takes about as long as Hash: callers should rate-limit attempts.
    bool Verify(std::string_view password, std::string_view hash) const;

    // Whether `hash` was made with other limits (or another algorithm) than ours:
    // after a successful Verify the caller re-hashes and stores the new hash.
    bool NeedsRehash(std::string_view hash) const;

  private:
    PasswordHashLimits limits_;
};

}  // namespace ly::auth
