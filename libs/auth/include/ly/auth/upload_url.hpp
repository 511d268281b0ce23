// Pre-signed upload URLs, as S3 gives them: a PUT to one path, for one document and
// user, bound to a content type, a size limit and an expiry, signed with HMAC-SHA256.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "ly/auth/clock.hpp"
#include "ly/base/result.hpp"

namespace ly::auth {

// What the holder of a signed URL may do.
struct UploadGrant {
    std::string path;  // e.g. "/api/v1/uploads/{documentId}"; the method is always PUT
    std::string document_id;
    std::string user_id;
    std::string content_type;  // exactly what the PUT must send
    std::uint64_t max_bytes = 0;
    TimePoint expires_at;
};

struct SignedUpload {
    std::string path_and_query;  // path plus "?X-Ly-..." parameters; the caller prefixes scheme and host
    TimePoint expires_at;
};

class UploadUrlSigner {
  public:
    static constexpr std::chrono::seconds kDefaultLifetime{3600};

    // `key` is at least 32 bytes (see secret.hpp); `clock` must outlive the signer.
    static Result<UploadUrlSigner> Create(std::string key, const Clock& clock,
                                          std::chrono::seconds lifetime = kDefaultLifetime);

    // A URL for PUT `path`, valid for the lifetime from now. kInvalidArgument when a
    // field is empty or holds a control character, or the path needs percent-encoding.
    // Verify receives the path exactly as the request target carries it.
    Result<SignedUpload> Sign(std::string_view path, std::string_view document_id, std::string_view user_id,
                              std::string_view content_type, std::uint64_t max_bytes) const;

    // The grant of a request to a signed URL: `raw_query` as received (without '?'),
    // `content_length` when the request declares one (the body must still be cut at
    // max_bytes while it streams). Errors: kUnauthenticated (wrong method, missing
    // parameter, signature mismatch — the path or a parameter changed — or expired),
    // kInvalidArgument (Content-Type differs from the signed one), kTooLarge.
    Result<UploadGrant> Verify(std::string_view method, std::string_view path, std::string_view raw_query,
                               std::string_view content_type, std::optional<std::uint64_t> content_length) const;

  private:
    UploadUrlSigner(std::string key, const Clock& clock, std::chrono::seconds lifetime)
        : key_(std::move(key)), clock_(&clock), lifetime_(lifetime) {}

    std::string key_;
    const Clock* clock_;
    std::chrono::seconds lifetime_;
};

}  // namespace ly::auth
