#include "response_policy.hpp"

#include <algorithm>

namespace ly::transport {

namespace {

constexpr std::string_view kAllowedRequestHeaders = "Authorization, Content-Type, X-Filename, X-Request-Id";
// Content-Disposition and ETag: a web client saving GET /documents/{id}/file under its name.
constexpr std::string_view kExposedHeaders = "Content-Disposition, ETag, Retry-After, X-Request-Id";
constexpr std::string_view kPreflightMaxAgeSeconds = "600";
// API answers are data, never pages: nothing may load, frame or submit from them.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

std::string Lower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    return lower;
}

// scheme "://" host [":" port], nothing else.
bool IsOrigin(std::string_view origin) {
    const auto scheme_end = origin.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
    const std::string_view scheme = origin.substr(0, scheme_end);
    if (scheme != "http" && scheme != "https") return false;
    const std::string_view authority = origin.substr(scheme_end + 3);
    if (authority.empty()) return false;
    return std::all_of(authority.begin(), authority.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':' || c == '[' ||
               c == ']';
    });
}

std::string Join(const std::vector<std::string>& items) {
    std::string joined;
    for (const auto& item : items) {
        if (!joined.empty()) joined += ", ";
        joined += item;
    }
    return joined;
}

}  // namespace

Result<CorsPolicy> CorsPolicy::Make(const std::vector<std::string>& allowed_origins) {
    CorsPolicy policy;
    for (const auto& raw : allowed_origins) {
        std::string origin = Lower(raw);
        if (origin.ends_with('/')) origin.pop_back();
        if (!IsOrigin(origin)) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "CORS origin \"" + raw +
                                 "\" is not an origin like https://app.example.org (scheme, host and optional "
                                 "port; no path, no wildcard)");
        }
        if (std::find(policy.origins_.begin(), policy.origins_.end(), origin) == policy.origins_.end()) {
            policy.origins_.push_back(std::move(origin));
        }
    }
    return policy;
}

bool CorsPolicy::Allows(std::string_view origin) const {
    if (origin.empty() || origins_.empty()) return false;
    const std::string lower = Lower(origin);
    return std::find(origins_.begin(), origins_.end(), lower) != origins_.end();
}

bool CorsPolicy::IsPreflight(std::string_view method, const Headers& headers) {
    return method == "OPTIONS" && headers.Has("Origin") && headers.Has("Access-Control-Request-Method");
}

Response CorsPolicy::Preflight(const Headers& request_headers, const std::vector<std::string>& methods) const {
    Response response;
    response.status = 204;
    response.headers.Set("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
    const std::string_view origin = request_headers.Get("Origin");
    if (!Allows(origin)) return response;
    response.headers.Set("Access-Control-Allow-Origin", std::string(origin));
    response.headers.Set("Access-Control-Allow-Methods", Join(methods));
    response.headers.Set("Access-Control-Allow-Headers", std::string(kAllowedRequestHeaders));
    response.headers.Set("Access-Control-Max-Age", std::string(kPreflightMaxAgeSeconds));
    return response;
}

void CorsPolicy::Decorate(std::string_view origin, Headers& response_headers) const {
    // Answers differ by Origin, so a cache must not hand one origin's to another.
    const std::string_view vary = response_headers.Get("Vary");
    if (vary.empty()) {
        response_headers.Set("Vary", "Origin");
    } else if (Lower(vary).find("origin") == std::string::npos) {
        response_headers.Set("Vary", std::string(vary) + ", Origin");
    }
    if (!Allows(origin)) return;
    response_headers.Set("Access-Control-Allow-Origin", std::string(origin));
    response_headers.Set("Access-Control-Expose-Headers", std::string(kExposedHeaders));
}

void AddSecurityHeaders(Headers& headers) {
    headers.Set("X-Content-Type-Options", "nosniff");
    headers.Set("X-Frame-Options", "DENY");
    headers.Set("Referrer-Policy", "no-referrer");
    if (!headers.Has("Content-Security-Policy")) {
        headers.Set("Content-Security-Policy", std::string(kContentSecurityPolicy));
    }
    if (!headers.Has("Cache-Control")) headers.Set("Cache-Control", "no-store");
}

}  // namespace ly::transport
