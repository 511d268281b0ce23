#include "ly/transport/static_files.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "ly/transport/problem.hpp"

namespace ly::transport {

namespace {

// Vite puts content-hashed names under /assets/: a new build gives new names, so these never change.
constexpr std::string_view kImmutablePrefix = "/assets/";
constexpr std::string_view kImmutableCache = "public, max-age=31536000, immutable";
// Everything else (index.html, sw.js, registerSW.js, manifest.webmanifest, icons) keeps its name across builds:
// cached, but revalidated with its ETag on each use.
constexpr std::string_view kRevalidateCache = "no-cache";

struct ContentType {
    std::string_view extension;
    std::string_view media_type;
};

// The types a Vite build of the app holds. Other files are served as bytes (nosniff keeps browsers from guessing).
constexpr ContentType kContentTypes[] = {
    {".html", "text/html; charset=utf-8"},
    {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"},
    {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},
    {".map", "application/json"},
    {".webmanifest", "application/manifest+json"},
    {".svg", "image/svg+xml"},
    {".png", "image/png"},
    {".ico", "image/x-icon"},
    {".woff2", "font/woff2"},
    {".txt", "text/plain; charset=utf-8"},
};

std::string_view ContentTypeOf(std::string_view name) {
    for (const auto& [extension, media_type] : kContentTypes) {
        if (name.size() > extension.size() && name.ends_with(extension)) return media_type;
    }
    return "application/octet-stream";
}

// The API's own paths: never answered with the app, so a mistyped API call gets the API's 404, not a page.
bool IsApiPath(std::string_view path) {
    for (const std::string_view prefix : {"/api/", "/ws", "/metrics", "/healthz", "/readyz"}) {
        if (path == prefix || (path.starts_with(prefix) && (prefix.ends_with('/') || path[prefix.size()] == '/'))) {
            return true;
        }
    }
    return path == "/api";
}

Response NotFound(std::string_view path) {
    return ErrorResponse(MakeError(ErrorCode::kNotFound, "there is no file at " + std::string(path)));
}

// The decoded path's segments, relative to the root; nothing when one could leave it or name something the
// app never holds: "." and "..", hidden names (".env", ".git"), backslashes (a separator on other systems),
// control characters (NUL ends a C string early). Empty segments ("//", a trailing "/") are dropped.
std::optional<std::vector<std::string_view>> SafeSegments(std::string_view path) {
    if (std::any_of(path.begin(), path.end(),
                    [](char c) { return c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        return std::nullopt;
    }
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        const auto slash = path.find('/');
        const std::string_view segment = path.substr(0, slash);
        if (!segment.empty()) {
            if (segment.front() == '.') return std::nullopt;
            segments.push_back(segment);
        }
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

// Whether `path` (canonical) is `root` or inside it.
bool IsInside(const std::filesystem::path& path, const std::filesystem::path& root) {
    auto [root_end, path_end] = std::mismatch(root.begin(), root.end(), path.begin(), path.end());
    return root_end == root.end();
}

// A regular file inside `root` (symlinks resolved); nothing otherwise.
std::optional<std::filesystem::path> FileInside(const std::filesystem::path& root, const std::filesystem::path& file) {
    std::error_code ec;
    const std::filesystem::path canonical = std::filesystem::canonical(file, ec);
    if (ec || !IsInside(canonical, root) || !std::filesystem::is_regular_file(canonical, ec) || ec) return std::nullopt;
    return canonical;
}

// Size and modification time: changes whenever a build rewrites the file, and costs no read.
std::string ETagOf(std::uintmax_t size, std::filesystem::file_time_type modified) {
    const auto ticks = std::chrono::duration_cast<std::chrono::nanoseconds>(modified.time_since_epoch()).count();
    char text[64];
    std::snprintf(text, sizeof text, "\"%jx-%llx\"", size, static_cast<unsigned long long>(ticks));
    return text;
}

// If-None-Match holds "*" or a comma-separated list of ETags, weak ones marked W/ (RFC 9110 13.1.2: weak
// comparison).
bool MatchesETag(std::string_view if_none_match, std::string_view etag) {
    while (!if_none_match.empty()) {
        const auto comma = if_none_match.find(',');
        std::string_view candidate = if_none_match.substr(0, comma);
        while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
        while (!candidate.empty() && candidate.back() == ' ') candidate.remove_suffix(1);
        if (candidate.starts_with("W/")) candidate.remove_prefix(2);
        if (candidate == "*" || candidate == etag) return true;
        if (comma == std::string_view::npos) break;
        if_none_match.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

Result<StaticFiles> StaticFiles::Open(const std::filesystem::path& root) {
    std::error_code ec;
    std::filesystem::path canonical = std::filesystem::canonical(root, ec);
    if (ec || !std::filesystem::is_directory(canonical, ec)) {
        return MakeError(ErrorCode::kNotFound, "the web root " + root.string() + " is not a directory");
    }
    return StaticFiles(std::move(canonical));
}

Response StaticFiles::Serve(const Request& request) const {
    const std::string_view path = request.path;
    if (IsApiPath(path)) {
        return ErrorResponse(MakeError(ErrorCode::kNotFound, "there is no endpoint at " + std::string(path)));
    }
    const auto segments = SafeSegments(path);
    if (!segments) {
        return ErrorResponse(MakeError(ErrorCode::kInvalidArgument,
                                       "the path holds a \".\" segment, a hidden name, a backslash or a control "
                                       "character: no file of the web app is named so"));
    }
    std::filesystem::path file = root_;
    for (const std::string_view segment : *segments) file /= segment;
    std::optional<std::filesystem::path> found = FileInside(root_, file);
    bool immutable = path.starts_with(kImmutablePrefix);
    if (!found) {
        // The app's own routes (/timetables/abc, /review) have no extension: the app draws them from index.html.
        // A missing file with one (an old hashed asset) is a real 404, never a page in its place.
        const bool has_extension = !segments->empty() && segments->back().find('.') != std::string_view::npos;
        if (has_extension) return NotFound(path);
        found = FileInside(root_, root_ / "index.html");
        if (!found) return NotFound(path);
        immutable = false;
    }

    std::error_code ec;
    const auto size = std::filesystem::file_size(*found, ec);
    const auto modified = ec ? std::filesystem::file_time_type{} : std::filesystem::last_write_time(*found, ec);
    if (ec) return NotFound(path);
    Response response;
    response.headers.Set("Content-Security-Policy", std::string(kWebAppContentSecurityPolicy));
    response.headers.Set("Cache-Control", std::string(immutable ? kImmutableCache : kRevalidateCache));
    const std::string etag = ETagOf(size, modified);
    response.headers.Set("ETag", etag);
    if (MatchesETag(request.headers.Get("If-None-Match"), etag)) {
        response.status = 304;
        return response;
    }
    std::ifstream in(*found, std::ios::binary);
    std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) {
        return ErrorResponse(MakeError(ErrorCode::kIo, "cannot read " + found->string()));
    }
    response.status = 200;
    response.headers.Set("Content-Type", std::string(ContentTypeOf(found->filename().native())));
    response.body = std::move(body);
    return response;
}

}  // namespace ly::transport
