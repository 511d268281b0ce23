// Plain HTTP request and response values, free of Boost.Beast, so that a
// handler is a pure function `Response Handle(const Request&)` a test can call.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::transport {

// Header fields in arrival order; names compare case-insensitively.
class Headers {
  public:
    using Field = std::pair<std::string, std::string>;

    // The first value of `name`, or "" when absent.
    std::string_view Get(std::string_view name) const;
    bool Has(std::string_view name) const;
    // Replaces every field called `name` with one.
    void Set(std::string name, std::string value);
    void Add(std::string name, std::string value);

    const std::vector<Field>& fields() const { return fields_; }

  private:
    std::vector<Field> fields_;
};

using Params = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;  // as sent, e.g. "GET"
    std::string target;  // as sent, e.g. "/api/v1/extract?filename=week.txt"
    std::string path;    // percent-decoded path of the target, e.g. "/api/v1/extract"
    Params query;        // percent-decoded query parameters, in order
    Params path_params;  // values of the route's "{name}" segments
    Headers headers;
    std::string body;
    std::string request_id;  // also sent back as X-Request-Id
    std::string client_ip;   // the peer's address (no proxy header is trusted): a rate-limit key

    std::optional<std::string_view> QueryParam(std::string_view name) const;
    std::optional<std::string_view> PathParam(std::string_view name) const;
};

struct Response {
    int status = 200;
    Headers headers;
    std::string body;
    // Logged with the request, never sent: what went wrong inside a 5xx.
    std::string internal_error;
};

// A request for `target` in origin form ("/path?query"); kInvalidArgument
// when the target is not one.
Result<Request> MakeRequest(std::string method, std::string target, Headers headers = {}, std::string body = {});

// 200-style answers with a body and its Content-Type.
Response JsonResponse(int status, std::string json);

// ASCII case-insensitive equality, for header names and tokens.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace ly::transport
