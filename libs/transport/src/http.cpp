#include "ly/transport/http.hpp"

#include <algorithm>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace ly::transport {

namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::optional<std::string_view> FindParam(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) return std::string_view(value);
    }
    return std::nullopt;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return LowerAscii(x) == LowerAscii(y); });
}

std::string_view Headers::Get(std::string_view name) const {
    for (const auto& [key, value] : fields_) {
        if (EqualsIgnoreCase(key, name)) return value;
    }
    return {};
}

bool Headers::Has(std::string_view name) const {
    return std::any_of(fields_.begin(), fields_.end(), [&](const Field& f) { return EqualsIgnoreCase(f.first, name); });
}

void Headers::Set(std::string name, std::string value) {
    std::erase_if(fields_, [&](const Field& f) { return EqualsIgnoreCase(f.first, name); });
    fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::Add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

std::optional<std::string_view> Request::QueryParam(std::string_view name) const { return FindParam(query, name); }

std::optional<std::string_view> Request::PathParam(std::string_view name) const { return FindParam(path_params, name); }

Result<Request> MakeRequest(std::string method, std::string target, Headers headers, std::string body) {
    const auto parsed = boost::urls::parse_origin_form(target);
    if (!parsed) return MakeError(ErrorCode::kInvalidArgument, "the request target is not a valid path and query");
    Request request;
    request.path = parsed->path();
    // Query strings from HTML forms write a space as '+'.
    for (const auto& param : parsed->params(boost::urls::encoding_opts(true))) {
        request.query.emplace_back(param.key, param.value);
    }
    request.method = std::move(method);
    request.target = std::move(target);
    request.headers = std::move(headers);
    request.body = std::move(body);
    return request;
}

Response JsonResponse(int status, std::string json) {
    Response response;
    response.status = status;
    response.headers.Set("Content-Type", "application/json");
    response.body = std::move(json);
    return response;
}

}  // namespace ly::transport
