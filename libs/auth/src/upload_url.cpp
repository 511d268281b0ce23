#include "ly/auth/upload_url.hpp"

#include <algorithm>
#include <boost/url/encode.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/pct_string_view.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <charconv>
#include <map>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

constexpr std::string_view kDocument = "X-Ly-Document";
constexpr std::string_view kUser = "X-Ly-User";
constexpr std::string_view kContentType = "X-Ly-Content-Type";
constexpr std::string_view kMaxBytes = "X-Ly-Max-Bytes";
constexpr std::string_view kExpires = "X-Ly-Expires";
constexpr std::string_view kSignature = "X-Ly-Signature";

// RFC 3986's unreserved characters (ALPHA / DIGIT / "-" / "." / "_" / "~") stay as they are; every other byte
// is percent-encoded, so a value never carries a '&', '=' or '+' of its own.
std::string PercentEncode(std::string_view text) {
    return boost::urls::encode(boost::urls::string_view(text.data(), text.size()), boost::urls::unreserved_chars);
}

// A query name or value decoded as forms encode it ('+' is a space); nothing for a malformed escape ("%4",
// "%zz"). Anything else is left to the signature to refuse.
std::optional<std::string> QueryDecode(std::string_view text) {
    const auto checked = boost::urls::make_pct_string_view(boost::urls::string_view(text.data(), text.size()));
    if (!checked) return std::nullopt;
    return checked->decode(boost::urls::encoding_opts(/*space_as_plus=*/true));
}

bool HasControlCharacter(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return true;
    }
    return false;
}

// One field per line: no field may hold a newline (checked), so no two different
// grants share a string to sign.
std::string StringToSign(std::string_view method, std::string_view path, std::string_view document_id,
                         std::string_view user_id, std::string_view content_type, std::string_view max_bytes,
                         std::string_view expires) {
    std::string text = "LY-UPLOAD-V1\n";
    for (const std::string_view field : {method, path, document_id, user_id, content_type, max_bytes, expires}) {
        text += field;
        text += '\n';
    }
    return text;
}

Error Unauthenticated(std::string reason) { return MakeError(ErrorCode::kUnauthenticated, std::move(reason)); }

// "Image/JPEG; charset=x" and "image/jpeg" name one media type; parameters must match too.
std::string CanonicalContentType(std::string_view content_type) {
    std::string out;
    for (const char c : content_type) {
        if (c == ' ' || c == '\t') continue;
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
}

}  // namespace

Result<UploadUrlSigner> UploadUrlSigner::Create(std::string key, const Clock& clock, std::chrono::seconds lifetime) {
    if (auto init = InitCrypto(); !init) return init.error();
    if (key.size() < 32) return MakeError(ErrorCode::kInvalidArgument, "the URL-signing key must be at least 32 bytes");
    if (lifetime <= std::chrono::seconds(0)) {
        return MakeError(ErrorCode::kInvalidArgument, "the upload URL lifetime must be positive");
    }
    return UploadUrlSigner(std::move(key), clock, lifetime);
}

Result<SignedUpload> UploadUrlSigner::Sign(std::string_view path, std::string_view document_id,
                                           std::string_view user_id, std::string_view content_type,
                                           std::uint64_t max_bytes) const {
    const std::pair<std::string_view, std::string_view> fields[] = {
        {"path", path}, {"document id", document_id}, {"user id", user_id}, {"content type", content_type}};
    for (const auto& [name, value] : fields) {
        if (value.empty() || HasControlCharacter(value)) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "upload URL: the " + std::string(name) + " is empty or holds a control character");
        }
    }
    // The path goes into the URL as it is and is compared as the request sends it:
    // only characters that never need percent-encoding keep the two the same.
    const bool plain_path =
        std::all_of(path.begin(), path.end(), [](char c) { return boost::urls::unreserved_chars(c) || c == '/'; });
    if (path.front() != '/' || !plain_path) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "upload URL: the path must start with '/' and hold only letters, digits and -._~/");
    }
    if (max_bytes == 0) return MakeError(ErrorCode::kInvalidArgument, "upload URL: the size limit must be positive");

    const TimePoint expires_at = std::chrono::time_point_cast<std::chrono::seconds>(clock_->Now()) + lifetime_;
    const std::string expires = std::to_string(UnixSeconds(expires_at));
    const std::string max = std::to_string(max_bytes);
    const std::string signature =
        Base64UrlEncode(HmacSha256(key_, StringToSign("PUT", path, document_id, user_id, content_type, max, expires)));

    std::string url(path);
    url += '?';
    url += std::string(kDocument) + '=' + PercentEncode(document_id);
    url += '&' + std::string(kUser) + '=' + PercentEncode(user_id);
    url += '&' + std::string(kContentType) + '=' + PercentEncode(content_type);
    url += '&' + std::string(kMaxBytes) + '=' + max;
    url += '&' + std::string(kExpires) + '=' + expires;
    url += '&' + std::string(kSignature) + '=' + signature;
    return SignedUpload{std::move(url), expires_at};
}

Result<UploadGrant> UploadUrlSigner::Verify(std::string_view method, std::string_view path, std::string_view raw_query,
                                            std::string_view content_type,
                                            std::optional<std::uint64_t> content_length) const {
    if (method != "PUT") return Unauthenticated("upload URLs accept only PUT");
    if (raw_query.size() > 4096) return Unauthenticated("upload URL is malformed");

    std::map<std::string, std::string, std::less<>> parameters;
    while (!raw_query.empty()) {
        const std::size_t amp = raw_query.find('&');
        const std::string_view pair = raw_query.substr(0, amp);
        raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
        if (pair.empty()) continue;
        const std::size_t eq = pair.find('=');
        const auto name = QueryDecode(pair.substr(0, eq));
        const auto value = QueryDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
        if (!name || !value) return Unauthenticated("upload URL is malformed");
        // A repeated parameter could make the signer and a later reader disagree.
        if (!parameters.emplace(*name, *value).second) return Unauthenticated("upload URL is malformed");
    }
    const auto get = [&](std::string_view name) -> const std::string* {
        const auto found = parameters.find(name);
        return found == parameters.end() ? nullptr : &found->second;
    };
    const std::string* document_id = get(kDocument);
    const std::string* user_id = get(kUser);
    const std::string* signed_type = get(kContentType);
    const std::string* max_bytes = get(kMaxBytes);
    const std::string* expires = get(kExpires);
    const std::string* signature = get(kSignature);
    if (!document_id || !user_id || !signed_type || !max_bytes || !expires || !signature) {
        return Unauthenticated("upload URL is missing a parameter");
    }
    for (const std::string* field : {document_id, user_id, signed_type, max_bytes, expires}) {
        if (HasControlCharacter(*field)) return Unauthenticated("upload URL is malformed");
    }
    if (HasControlCharacter(path)) return Unauthenticated("upload URL is malformed");

    const auto given = Base64UrlDecode(*signature);
    const std::string expected =
        HmacSha256(key_, StringToSign("PUT", path, *document_id, *user_id, *signed_type, *max_bytes, *expires));
    if (!given || !ConstantTimeEquals(*given, expected)) {
        return Unauthenticated("upload URL signature does not match");
    }

    // Signed by us from here on, so the numbers are ours; parse them strictly anyway.
    long long expires_seconds = 0;
    std::uint64_t max = 0;
    const auto parse_expires = std::from_chars(expires->data(), expires->data() + expires->size(), expires_seconds);
    const auto parse_max = std::from_chars(max_bytes->data(), max_bytes->data() + max_bytes->size(), max);
    if (parse_expires.ec != std::errc() || parse_expires.ptr != expires->data() + expires->size() ||
        parse_max.ec != std::errc() || parse_max.ptr != max_bytes->data() + max_bytes->size()) {
        return Unauthenticated("upload URL is malformed");
    }
    if (UnixSeconds(clock_->Now()) >= expires_seconds) return Unauthenticated("upload URL has expired");
    if (CanonicalContentType(content_type) != CanonicalContentType(*signed_type)) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "Content-Type: must be " + *signed_type + " as the upload URL was signed for");
    }
    if (content_length && *content_length > max) {
        return MakeError(ErrorCode::kTooLarge,
                         "the upload is larger than the " + std::to_string(max) + " bytes the upload URL allows");
    }
    return UploadGrant{std::string(path), *document_id, *user_id,
                       *signed_type,      max,          TimePoint(std::chrono::seconds(expires_seconds))};
}

}  // namespace ly::auth
