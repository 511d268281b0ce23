#include "ly/transport/router.hpp"

#include <algorithm>
#include <exception>
#include <limits>
#include <optional>

#include "ly/transport/problem.hpp"

namespace ly::transport {

namespace {

// "/a/b/c" → {"a", "b", "c"}; "/" → {""}.
std::vector<std::string_view> SplitPath(std::string_view path) {
    if (!path.empty() && path.front() == '/') path.remove_prefix(1);
    std::vector<std::string_view> segments;
    for (;;) {
        const auto slash = path.find('/');
        segments.push_back(path.substr(0, slash));
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool IsParam(std::string_view segment) { return segment.size() > 2 && segment.front() == '{' && segment.back() == '}'; }

// "{name}.ext": the parameter's name and the literal suffix after it; nullopt for any other segment.
struct SuffixParam {
    std::string_view name;
    std::string_view suffix;
};
std::optional<SuffixParam> AsSuffixParam(std::string_view segment) {
    if (segment.size() < 4 || segment.front() != '{') return std::nullopt;
    const auto close = segment.find('}');
    if (close == std::string_view::npos || close < 2 || close + 1 == segment.size()) return std::nullopt;
    const std::string_view suffix = segment.substr(close + 1);
    if (suffix.find_first_of("{}") != std::string_view::npos) return std::nullopt;
    return SuffixParam{segment.substr(1, close - 1), suffix};
}

// How specific a pattern segment is (higher wins): a literal, then a suffixed parameter by suffix length,
// then a plain parameter. See Router::Add.
std::size_t SegmentRank(std::string_view segment) {
    if (IsParam(segment)) return 0;
    if (const auto suffixed = AsSuffixParam(segment)) return 1 + suffixed->suffix.size();
    return std::numeric_limits<std::size_t>::max();
}

// Whether `a` is more specific than `b`, two patterns that match the same path (so as many segments).
bool MoreSpecific(const Route& a, const Route& b) {
    for (std::size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
        const std::size_t rank_a = SegmentRank(a.segments[i]);
        const std::size_t rank_b = SegmentRank(b.segments[i]);
        if (rank_a != rank_b) return rank_a > rank_b;
    }
    return false;
}

// Fills `params` when `path` fits the route's segments.
bool Matches(const Route& route, const std::vector<std::string_view>& path, Params& params) {
    if (route.segments.size() != path.size()) return false;
    Params found;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const std::string& segment = route.segments[i];
        if (IsParam(segment)) {
            if (path[i].empty()) return false;
            found.emplace_back(segment.substr(1, segment.size() - 2), std::string(path[i]));
        } else if (const auto suffixed = AsSuffixParam(segment)) {
            const std::string_view part = path[i];
            if (part.size() <= suffixed->suffix.size() || !part.ends_with(suffixed->suffix)) return false;
            found.emplace_back(std::string(suffixed->name),
                               std::string(part.substr(0, part.size() - suffixed->suffix.size())));
        } else if (segment != path[i]) {
            return false;
        }
    }
    params = std::move(found);
    return true;
}

std::string JoinMethods(const std::vector<std::string>& methods) {
    std::string joined;
    for (const auto& method : methods) {
        if (!joined.empty()) joined += ", ";
        joined += method;
    }
    return joined;
}

}  // namespace

Router& Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
    Route route{std::move(method), std::move(pattern), {}, std::move(handler), options};
    for (auto segment : SplitPath(route.pattern)) route.segments.emplace_back(segment);
    routes_.push_back(std::move(route));
    return *this;
}

Router& Router::SetFallback(Handler handler, RouteOptions options) {
    fallback_ = Route{"GET", std::string(kFallbackPattern), {}, std::move(handler), options};
    return *this;
}

RouteMatch Router::Find(std::string_view method, std::string_view path) const {
    const auto segments = SplitPath(path);
    RouteMatch match;
    // The first route of the most specific pattern matching the path so far; only routes as specific as it
    // count (see Add), so a more specific one found later starts over.
    const Route* path_route = nullptr;
    const Route* method_route = nullptr;
    Params method_params;
    const Route* get_route = nullptr;
    Params get_params;
    std::vector<std::string> allowed;
    for (const auto& route : routes_) {
        Params params;
        if (!Matches(route, segments, params)) continue;
        if (path_route != nullptr && MoreSpecific(*path_route, route)) continue;
        if (path_route == nullptr || MoreSpecific(route, *path_route)) {
            path_route = &route;
            method_route = nullptr;
            get_route = nullptr;
            allowed.clear();
        }
        if (route.method == method) {
            if (method_route == nullptr) {
                method_route = &route;
                method_params = std::move(params);
            }
            continue;
        }
        if (route.method == "GET" && get_route == nullptr) {
            get_route = &route;
            get_params = std::move(params);
        }
        if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end()) allowed.push_back(route.method);
    }
    if (method_route != nullptr) {
        match.route = method_route;
        match.path_params = std::move(method_params);
        return match;
    }
    if (method == "HEAD" && get_route != nullptr) {
        match.route = get_route;
        match.path_params = std::move(get_params);
        return match;
    }
    if (allowed.empty() && fallback_ && (method == "GET" || method == "HEAD")) {
        match.route = &*fallback_;
        return match;
    }
    if (allowed.empty()) {
        match.problem = ErrorResponse(MakeError(ErrorCode::kNotFound, "there is no endpoint at " + std::string(path)));
        return match;
    }
    if (get_route != nullptr && std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) {
        allowed.emplace_back("HEAD");
    }
    std::sort(allowed.begin(), allowed.end());
    const std::string allow = JoinMethods(allowed);
    match.pattern = path_route->pattern;
    match.allowed_methods = allowed;
    match.problem =
        ProblemResponse(405, "method_not_allowed", "Method not allowed",
                        std::string(method) + " is not allowed on " + std::string(path) + "; allowed: " + allow);
    match.problem.headers.Set("Allow", allow);
    return match;
}

Response Router::Invoke(const Route& route, const Request& request) {
    try {
        return route.handler(request);
    } catch (const std::exception& e) {
        return ErrorResponse(MakeError(ErrorCode::kInternal, route.pattern + " handler threw: " + e.what()));
    } catch (...) {
        return ErrorResponse(MakeError(ErrorCode::kInternal, route.pattern + " handler threw a non-exception"));
    }
}

std::optional<Response> Router::CheckClientLimit(const Route& route, const Request& request) {
    if (!route.options.limit_by_client_ip) return std::nullopt;
    return CheckRateLimit(*route.options.limit_by_client_ip, request.client_ip);
}

Response Router::Handle(Request request) const {
    RouteMatch match = Find(request.method, request.path);
    if (match.route == nullptr) return std::move(match.problem);
    request.path_params = std::move(match.path_params);
    if (auto refused = CheckClientLimit(*match.route, request)) return std::move(*refused);
    return Invoke(*match.route, request);
}

}  // namespace ly::transport
