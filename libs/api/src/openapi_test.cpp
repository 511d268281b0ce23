// The OpenAPI document against the server: every route `ly serve` registers (transport's own and the service's)
// is documented and every documented operation is served; and the document holds together (3.1.0, path
// parameters declared, $refs resolve, unique operationIds, responses on every operation).
#include "ly/api/openapi.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ly/api/service.hpp"
#include "ly/testing/temp_folder.hpp"
#include "ly/transport/server.hpp"

namespace ly::api {
namespace {

namespace json = boost::json;

// (METHOD, path template): "/api/v1/documents/{id}" is both the Router's pattern and OpenAPI's template.
using RouteKey = std::pair<std::string, std::string>;

const std::vector<std::string> kOperationKeys = {"get", "put", "post", "delete", "options", "head", "patch", "trace"};

json::object Document() {
    boost::system::error_code ec;
    json::value value = json::parse(OpenApiJson(), ec);
    EXPECT_FALSE(ec) << "openapi.json is not JSON: " << ec.message();
    EXPECT_TRUE(value.is_object());
    return value.is_object() ? value.as_object() : json::object();
}

std::string Upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// Every (method, path) the document describes.
std::set<RouteKey> DocumentedRoutes(const json::object& document) {
    std::set<RouteKey> documented;
    const json::value* paths = document.if_contains("paths");
    if (paths == nullptr || !paths->is_object()) return documented;
    for (const auto& [path, item] : paths->as_object()) {
        if (!item.is_object()) continue;
        for (const std::string& key : kOperationKeys) {
            if (item.as_object().contains(key)) documented.emplace(Upper(key), std::string(path));
        }
    }
    return documented;
}

// The routes the server registers, built as `ly serve` builds them: transport's, then the service's.
class OpenApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto opened = Service::Open(
            {.data_dir = folder_.path() / "data", .password_hash_limits = auth::PasswordHashLimits::Minimum()});
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        service_ = std::move(opened).value();
    }

    std::set<RouteKey> ServedRoutes() {
        transport::ServerOptions options;
        options.data_dir = folder_.path() / "data";
        // The web app's files (every other GET) are the router's fallback, not a route (router.hpp: SetFallback),
        // so they are explicitly outside this comparison: served with a web root, the routes are the same.
        options.web_root = folder_.path();
        options.add_routes = [this](transport::Router& router, const transport::RateLimiters& limits) {
            service_->AddRoutes(router, limits);
        };
        auto served = transport::ServedRoutes(options);
        EXPECT_TRUE(served.ok()) << served.error().message;
        std::set<RouteKey> keys;
        if (!served.ok()) return keys;
        for (const auto& route : *served) {
            EXPECT_TRUE(keys.emplace(route.method, route.pattern).second)
                << "registered twice: " << route.method << " " << route.pattern;
        }
        return keys;
    }

    ::ly::testing::TempFolder folder_;
    std::unique_ptr<Service> service_;
};

std::string List(const std::set<RouteKey>& routes) {
    std::string text;
    for (const auto& [method, path] : routes) text += "\n  " + method + " " + path;
    return text;
}

TEST_F(OpenApiTest, EveryServedRouteIsDocumentedAndEveryDocumentedRouteIsServed) {
    const std::set<RouteKey> served = ServedRoutes();
    const std::set<RouteKey> documented = DocumentedRoutes(Document());
    ASSERT_FALSE(served.empty());

    std::set<RouteKey> undocumented;
    for (const auto& route : served) {
        if (!documented.contains(route)) undocumented.insert(route);
    }
    std::set<RouteKey> not_served;
    for (const auto& route : documented) {
        if (!served.contains(route)) not_served.insert(route);
    }
    EXPECT_TRUE(undocumented.empty()) << "served but not in libs/api/openapi/openapi.json:" << List(undocumented);
    EXPECT_TRUE(not_served.empty()) << "in libs/api/openapi/openapi.json but not served:" << List(not_served);
    // The routes the brief names, so an empty or truncated router cannot pass by matching an empty document.
    for (const RouteKey& expected : std::vector<RouteKey>{{"GET", "/healthz"},
                                                          {"POST", "/api/v1/extract"},
                                                          {"POST", "/api/v1/auth/login"},
                                                          {"PUT", "/api/v1/uploads/{documentId}"},
                                                          {"GET", "/api/v1/timetables/{id}.ics"},
                                                          {"GET", "/api/v1/openapi.json"}}) {
        EXPECT_TRUE(served.contains(expected)) << expected.first << " " << expected.second;
    }
}

// The JSON Pointer `ref` ("#/components/schemas/Problem") inside `document`; null when it leads nowhere.
const json::value* Resolve(const json::value& document, std::string_view ref) {
    if (!ref.starts_with("#")) return nullptr;  // only local references are used
    ref.remove_prefix(1);
    const json::value* at = &document;
    while (!ref.empty()) {
        if (ref.front() != '/') return nullptr;
        ref.remove_prefix(1);
        const auto slash = ref.find('/');
        std::string token(ref.substr(0, slash));
        ref = slash == std::string_view::npos ? std::string_view() : ref.substr(slash);
        // RFC 6901: "~1" is '/', "~0" is '~'.
        for (std::size_t i = 0; (i = token.find('~', i)) != std::string::npos; ++i) {
            if (i + 1 < token.size() && token[i + 1] == '1') token.replace(i, 2, "/");
            if (i + 1 < token.size() && token[i + 1] == '0') token.replace(i, 2, "~");
        }
        if (!at->is_object() || !at->as_object().contains(token)) return nullptr;
        at = &at->as_object().at(token);
    }
    return at;
}

// Every "$ref" value under `value`, with where it was found.
void CollectRefs(const json::value& value, const std::string& where,
                 std::vector<std::pair<std::string, std::string>>& refs) {
    if (value.is_object()) {
        for (const auto& [key, member] : value.as_object()) {
            if (key == "$ref" && member.is_string()) refs.emplace_back(where, std::string(member.as_string()));
            CollectRefs(member, where + "/" + std::string(key), refs);
        }
    } else if (value.is_array()) {
        std::size_t index = 0;
        for (const auto& item : value.as_array()) CollectRefs(item, where + "/" + std::to_string(index++), refs);
    }
}

TEST(OpenApiDocument, IsOpenApi31WithInfoAndBearerSecurity) {
    const json::value document(Document());
    ASSERT_TRUE(document.as_object().contains("openapi"));
    EXPECT_EQ(document.at("openapi"), "3.1.0");
    ASSERT_TRUE(document.as_object().contains("info") && document.at("info").is_object());
    EXPECT_TRUE(document.at("info").as_object().contains("title"));
    EXPECT_TRUE(document.at("info").as_object().contains("version"));
    const json::value* bearer = Resolve(document, "#/components/securitySchemes/bearerAuth");
    ASSERT_NE(bearer, nullptr);
    EXPECT_EQ(bearer->at("type"), "http");
    EXPECT_EQ(bearer->at("scheme"), "bearer");
    EXPECT_EQ(bearer->at("bearerFormat"), "JWT");
    ASSERT_NE(Resolve(document, "#/components/schemas/Problem"), nullptr);
}

TEST(OpenApiDocument, EveryReferenceResolves) {
    const json::value document(Document());
    std::vector<std::pair<std::string, std::string>> refs;
    CollectRefs(document, "#", refs);
    EXPECT_FALSE(refs.empty());
    for (const auto& [where, ref] : refs) {
        EXPECT_NE(Resolve(document, ref), nullptr) << where << ": $ref " << ref << " leads nowhere";
    }
}

// A parameter object, following a $ref.
const json::object* ParameterObject(const json::value& document, const json::value& parameter) {
    const json::value* resolved = &parameter;
    if (parameter.is_object() && parameter.as_object().contains("$ref") &&
        parameter.as_object().at("$ref").is_string()) {
        resolved = Resolve(document, parameter.as_object().at("$ref").as_string());
    }
    return resolved != nullptr && resolved->is_object() ? &resolved->as_object() : nullptr;
}

// The names of the path parameters in a parameters array (path item's or operation's).
void AddPathParameters(const json::value& document, const json::object& owner, const std::string& where,
                       std::set<std::string>& names) {
    const json::value* parameters = owner.if_contains("parameters");
    if (parameters == nullptr) return;
    ASSERT_TRUE(parameters->is_array()) << where << ": parameters must be an array";
    for (const auto& parameter : parameters->as_array()) {
        const json::object* object = ParameterObject(document, parameter);
        ASSERT_NE(object, nullptr) << where << ": a parameter is not an object";
        if (object->if_contains("in") == nullptr || object->at("in") != "path") continue;
        EXPECT_EQ(object->if_contains("required") != nullptr ? object->at("required") : json::value(false),
                  json::value(true))
            << where << ": path parameter " << json::serialize(object->at("name")) << " must be required";
        names.insert(std::string(object->at("name").as_string()));
    }
}

// "{id}" and "{blockId}" of "/api/v1/timetables/{id}/timeblocks/{blockId}"; "{id}.ics" gives "id".
std::set<std::string> TemplateParameters(std::string_view path) {
    std::set<std::string> names;
    for (std::size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
        const auto close = path.find('}', open);
        if (close == std::string_view::npos) break;
        names.emplace(path.substr(open + 1, close - open - 1));
    }
    return names;
}

TEST(OpenApiDocument, PathParametersMatchTheTemplates) {
    const json::value document(Document());
    for (const auto& [path, item] : document.at("paths").as_object()) {
        const std::string where(path);
        ASSERT_TRUE(item.is_object()) << where;
        const std::set<std::string> in_template = TemplateParameters(path);
        std::set<std::string> shared;
        AddPathParameters(document, item.as_object(), where, shared);
        for (const std::string& key : kOperationKeys) {
            const json::value* operation = item.as_object().if_contains(key);
            if (operation == nullptr) continue;
            std::set<std::string> declared = shared;
            AddPathParameters(document, operation->as_object(), where + " " + key, declared);
            EXPECT_EQ(declared, in_template) << key << " " << where << ": declared path parameters differ from the "
                                             << "template's";
        }
    }
}

TEST(OpenApiDocument, EveryOperationHasAUniqueIdAndResponses) {
    const json::value document(Document());
    std::set<std::string> ids;
    for (const auto& [path, item] : document.at("paths").as_object()) {
        for (const std::string& key : kOperationKeys) {
            const json::value* operation = item.as_object().if_contains(key);
            if (operation == nullptr) continue;
            const std::string where = key + " " + std::string(path);
            ASSERT_TRUE(operation->is_object()) << where;
            const json::value* id = operation->as_object().if_contains("operationId");
            ASSERT_TRUE(id != nullptr && id->is_string() && !id->as_string().empty()) << where << ": no operationId";
            EXPECT_TRUE(ids.insert(std::string(id->as_string())).second)
                << where << ": operationId " << id->as_string() << " is used twice";
            EXPECT_TRUE(operation->as_object().contains("summary")) << where << ": no summary";
            const json::value* responses = operation->as_object().if_contains("responses");
            ASSERT_TRUE(responses != nullptr && responses->is_object() && !responses->as_object().empty())
                << where << ": no responses";
            // Errors are problems: every 4xx/5xx answer that has a body says application/problem+json.
            for (const auto& [status, response] : responses->as_object()) {
                if (status.empty() || status[0] < '4') continue;
                const json::value* resolved = &response;
                if (response.as_object().contains("$ref")) {
                    resolved = Resolve(document, response.as_object().at("$ref").as_string());
                }
                ASSERT_NE(resolved, nullptr) << where << " " << status;
                const json::value* content = resolved->as_object().if_contains("content");
                ASSERT_NE(content, nullptr) << where << " " << status << ": an error answer has a problem body";
                EXPECT_TRUE(content->as_object().contains("application/problem+json")) << where << " " << status;
            }
        }
    }
}

// "/api/v1/timetables/{id}.ics" → "/api/v1/timetables/x.ics": a path the template matches.
std::string SamplePath(std::string path) {
    for (std::size_t open = path.find('{'); open != std::string::npos; open = path.find('{', open)) {
        const auto close = path.find('}', open);
        if (close == std::string::npos) break;
        path.replace(open, close - open + 1, "x");
    }
    return path;
}

// The document's security matches the handlers: an operation that needs the bearer token (the document's default)
// answers a request without one with 401 and a WWW-Authenticate challenge, and documents that 401.
TEST_F(OpenApiTest, OperationsThatNeedATokenRefuseARequestWithoutOne) {
    transport::Router router;
    service_->AddRoutes(router, transport::RateLimiters{});
    const json::value document(Document());
    int checked = 0;
    for (const auto& [path, item] : document.at("paths").as_object()) {
        for (const std::string& key : kOperationKeys) {
            const json::value* operation = item.as_object().if_contains(key);
            if (operation == nullptr) continue;
            const json::value* security = operation->as_object().if_contains("security");
            if (security == nullptr) security = document.as_object().if_contains("security");
            const bool needs_token = security != nullptr && security->is_array() && !security->as_array().empty();
            if (!needs_token) continue;
            const std::string where = Upper(key) + " " + std::string(path);
            auto request = transport::MakeRequest(Upper(key), SamplePath(std::string(path)));
            ASSERT_TRUE(request.ok()) << where;
            const transport::Response response = router.Handle(std::move(request).value());
            EXPECT_EQ(response.status, 401) << where << ": " << response.body;
            EXPECT_TRUE(response.headers.Has("WWW-Authenticate")) << where;
            EXPECT_TRUE(operation->as_object().at("responses").as_object().contains("401")) << where;
            ++checked;
        }
    }
    EXPECT_GT(checked, 10);
}

}  // namespace
}  // namespace ly::api
