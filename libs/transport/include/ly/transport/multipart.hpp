// multipart/form-data bodies (RFC 7578, RFC 2046 §5.1) and header values with
// parameters (RFC 9110 §5.6.6): the parts of an upload, without copying them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/transport/http.hpp"

namespace ly::transport {

// `multipart/form-data; boundary="x"` → value "multipart/form-data" and
// params {{"boundary", "x"}}. Value and parameter names are lower-cased.
struct HeaderValue {
    std::string value;
    Params params;

    std::optional<std::string_view> Param(std::string_view name) const;
};

Result<HeaderValue> ParseHeaderValue(std::string_view text);

struct MultipartPart {
    std::string name;                     // the form field
    std::optional<std::string> filename;  // as sent (filename* preferred); present for file fields
    std::string content_type;             // "" when the part states none
    std::string_view body;                // a view into the parsed body
};

// The boundary of a multipart Content-Type; kInvalidArgument when missing or
// not 1–70 characters of RFC 2046's alphabet.
Result<std::string> MultipartBoundary(const HeaderValue& content_type);

// Every part of `body`, in order; kInvalidArgument when malformed (no
// delimiter, no closing delimiter, a part without a form-data name, …).
Result<std::vector<MultipartPart>> ParseMultipart(std::string_view body, std::string_view boundary);

// A file name safe to echo and log: its last path component, without control
// characters, at most 255 bytes; "upload" when nothing is left.
std::string CleanFilename(std::string_view raw);

}  // namespace ly::transport
