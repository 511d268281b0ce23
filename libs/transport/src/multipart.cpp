#include "ly/transport/multipart.hpp"

#include <algorithm>
#include <boost/url/pct_string_view.hpp>
#include <cstddef>

namespace ly::transport {

namespace {

constexpr std::size_t kMaxParts = 256;
constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;
constexpr std::string_view kCrlf = "\r\n";

Error Malformed(std::string detail) {
    return MakeError(ErrorCode::kInvalidArgument, "malformed multipart body: " + detail);
}

bool IsSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
    while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
    return text;
}

std::string Lower(std::string_view text) {
    std::string lower(text);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lower;
}

// RFC 8187 ext-value: charset'language'percent-encoded. UTF-8 and ISO-8859-1 only.
std::optional<std::string> DecodeExtValue(std::string_view text) {
    const auto first = text.find('\'');
    if (first == std::string_view::npos) return std::nullopt;
    const auto second = text.find('\'', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const std::string charset = Lower(text.substr(0, first));
    // make_pct_string_view refuses a malformed escape ("%4", "%zz"); '+' stays a '+' (no form encoding here).
    const std::string_view encoded = text.substr(second + 1);
    const auto checked = boost::urls::make_pct_string_view(boost::urls::string_view(encoded.data(), encoded.size()));
    if (!checked) return std::nullopt;
    std::string bytes = checked->decode();
    if (charset == "utf-8") return bytes;
    if (charset != "iso-8859-1") return std::nullopt;
    std::string utf8;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80) {
            utf8 += c;
        } else {
            utf8 += static_cast<char>(0xC0 | (byte >> 6));
            utf8 += static_cast<char>(0x80 | (byte & 0x3F));
        }
    }
    return utf8;
}

bool IsBoundaryChar(char c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    return std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// After a delimiter at `pos`: "--" closes; otherwise transport padding and
// CRLF open a part. Returns where the part's headers start, or npos.
std::size_t AfterDelimiter(std::string_view body, std::size_t pos, bool& closing) {
    closing = body.substr(pos, 2) == "--";
    if (closing) return pos + 2;
    while (pos < body.size() && IsSpace(body[pos])) ++pos;
    if (body.substr(pos, 2) != kCrlf) return std::string_view::npos;
    return pos + 2;
}

// The next "CRLF--boundary" from `from` that is a real delimiter (followed by
// "--" or padding and CRLF), or npos.
std::size_t FindDelimiter(std::string_view body, std::string_view crlf_delimiter, std::size_t from) {
    for (;;) {
        const auto found = body.find(crlf_delimiter, from);
        if (found == std::string_view::npos) return found;
        bool closing = false;
        if (AfterDelimiter(body, found + crlf_delimiter.size(), closing) != std::string_view::npos) return found;
        from = found + 1;
    }
}

Result<MultipartPart> ParsePartHeaders(std::string_view headers) {
    MultipartPart part;
    bool has_disposition = false;
    std::string name;
    std::string value;
    auto apply = [&]() -> Status {
        if (name.empty()) return Ok{};
        if (name == "content-disposition") {
            auto disposition = ParseHeaderValue(value);
            if (!disposition.ok()) return disposition.error();
            if (disposition->value != "form-data") {
                return Malformed("a part's Content-Disposition is \"" + disposition->value + "\", not form-data");
            }
            const auto field = disposition->Param("name");
            if (!field) return Malformed("a part's Content-Disposition has no name");
            has_disposition = true;
            part.name = std::string(*field);
            if (const auto ext = disposition->Param("filename*")) part.filename = DecodeExtValue(*ext);
            if (!part.filename) {
                if (const auto plain = disposition->Param("filename")) part.filename = std::string(*plain);
            }
        } else if (name == "content-type") {
            part.content_type = std::string(Trim(value));
        }
        return Ok{};
    };
    while (!headers.empty()) {
        const auto end = headers.find(kCrlf);
        const std::string_view line = headers.substr(0, end);
        headers.remove_prefix(end == std::string_view::npos ? headers.size() : end + kCrlf.size());
        if (!line.empty() && IsSpace(line.front())) {  // obsolete line folding
            if (name.empty()) return Malformed("a part's header block starts with a continuation line");
            value += ' ';
            value += Trim(line);
            continue;
        }
        if (auto applied = apply(); !applied.ok()) return applied.error();
        const auto colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0) return Malformed("a part header has no name");
        name = Lower(Trim(line.substr(0, colon)));
        value = std::string(Trim(line.substr(colon + 1)));
    }
    if (auto applied = apply(); !applied.ok()) return applied.error();
    if (!has_disposition) return Malformed("a part has no Content-Disposition: form-data header");
    return part;
}

// Spaces and tabs around a name are no part of it.
std::string_view TrimFilename(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

constexpr std::size_t kMaxFilenameBytes = 255;

}  // namespace

std::optional<std::string_view> HeaderValue::Param(std::string_view name) const {
    for (const auto& [key, param_value] : params) {
        if (key == name) return std::string_view(param_value);
    }
    return std::nullopt;
}

Result<HeaderValue> ParseHeaderValue(std::string_view text) {
    HeaderValue result;
    const auto semicolon = text.find(';');
    result.value = Lower(Trim(text.substr(0, semicolon)));
    if (result.value.empty()) return MakeError(ErrorCode::kInvalidArgument, "a header value is empty");
    std::size_t pos = semicolon == std::string_view::npos ? text.size() : semicolon + 1;
    while (pos < text.size()) {
        while (pos < text.size() && (IsSpace(text[pos]) || text[pos] == ';')) ++pos;
        if (pos >= text.size()) break;
        const auto equals = text.find('=', pos);
        const auto next_semicolon = text.find(';', pos);
        if (equals == std::string_view::npos || (next_semicolon != std::string_view::npos && next_semicolon < equals)) {
            return MakeError(ErrorCode::kInvalidArgument, "a header parameter has no value");
        }
        std::string name = Lower(Trim(text.substr(pos, equals - pos)));
        if (name.empty()) return MakeError(ErrorCode::kInvalidArgument, "a header parameter has no name");
        pos = equals + 1;
        while (pos < text.size() && IsSpace(text[pos])) ++pos;
        std::string value;
        if (pos < text.size() && text[pos] == '"') {
            ++pos;
            bool closed = false;
            while (pos < text.size()) {
                const char c = text[pos++];
                if (c == '"') {
                    closed = true;
                    break;
                }
                // Browsers send Windows paths unescaped, so a backslash
                // escapes only a quote or a backslash.
                if (c == '\\' && pos < text.size() && (text[pos] == '"' || text[pos] == '\\')) {
                    value += text[pos++];
                } else {
                    value += c;
                }
            }
            if (!closed) return MakeError(ErrorCode::kInvalidArgument, "a quoted header parameter is not closed");
            while (pos < text.size() && IsSpace(text[pos])) ++pos;
            if (pos < text.size() && text[pos] != ';') {
                return MakeError(ErrorCode::kInvalidArgument, "text after a quoted header parameter");
            }
        } else {
            const auto end = text.find(';', pos);
            value =
                std::string(Trim(text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos)));
            pos = end == std::string_view::npos ? text.size() : end;
        }
        result.params.emplace_back(std::move(name), std::move(value));
    }
    return result;
}

Result<std::string> MultipartBoundary(const HeaderValue& content_type) {
    const auto boundary = content_type.Param("boundary");
    if (!boundary) return MakeError(ErrorCode::kInvalidArgument, "the multipart Content-Type has no boundary");
    if (boundary->empty() || boundary->size() > 70 || boundary->back() == ' ' ||
        !std::all_of(boundary->begin(), boundary->end(), IsBoundaryChar)) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "the multipart boundary must be 1 to 70 letters, digits or '()+_,-./:=? (no final space)");
    }
    return std::string(*boundary);
}

Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary) {
    const std::string crlf_delimiter = "\r\n--" + std::string(boundary);
    const std::string_view delimiter = std::string_view(crlf_delimiter).substr(kCrlf.size());

    // The first delimiter opens the body or follows a preamble.
    std::size_t pos = 0;
    if (body.substr(0, delimiter.size()) == delimiter) {
        pos = delimiter.size();
    } else {
        const auto found = FindDelimiter(body, crlf_delimiter, 0);
        if (found == std::string_view::npos) return Malformed("the boundary from Content-Type never occurs");
        pos = found + crlf_delimiter.size();
    }

    std::vector<MultipartPart> parts;
    for (;;) {
        bool closing = false;
        const auto headers_start = AfterDelimiter(body, pos, closing);
        if (headers_start == std::string_view::npos) return Malformed("a boundary line does not end with CRLF");
        if (closing) break;
        if (parts.size() == kMaxParts) return Malformed("more than " + std::to_string(kMaxParts) + " parts");

        std::size_t content_start = 0;
        std::string_view headers;
        if (body.substr(headers_start, kCrlf.size()) == kCrlf) {
            content_start = headers_start + kCrlf.size();  // no headers at all
        } else {
            const auto headers_end = body.find("\r\n\r\n", headers_start);
            if (headers_end == std::string_view::npos) return Malformed("a part's headers do not end");
            if (headers_end - headers_start > kMaxPartHeaderBytes) return Malformed("a part's headers are too long");
            headers = body.substr(headers_start, headers_end - headers_start);
            content_start = headers_end + 4;
        }
        auto part = ParsePartHeaders(headers);
        if (!part.ok()) return part.error();

        const auto next = FindDelimiter(body, crlf_delimiter, content_start);
        if (next == std::string_view::npos) return Malformed("the body ends before the closing boundary");
        part->body = body.substr(content_start, next - content_start);
        parts.push_back(std::move(*part));
        pos = next + crlf_delimiter.size();
    }
    if (parts.empty()) return Malformed("there are no parts");
    return parts;
}

std::string CleanFilename(std::string_view raw) {
    const auto slash = raw.find_last_of("/\\");
    if (slash != std::string_view::npos) raw.remove_prefix(slash + 1);
    std::string clean;
    for (const char c : raw) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != 0x7f) clean += c;
    }
    clean = std::string(TrimFilename(clean));
    if (clean.size() > kMaxFilenameBytes) {
        std::size_t cut = kMaxFilenameBytes;
        while (cut > 0 && (static_cast<unsigned char>(clean[cut]) & 0xC0) == 0x80)
            --cut;  // not inside a UTF-8 sequence
        clean.resize(cut);
    }
    if (clean.empty() || clean == "." || clean == "..") return std::string("upload");
    return clean;
}

}  // namespace ly::transport
