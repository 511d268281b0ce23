#include "response_policy.hpp"

#include <gtest/gtest.h>

namespace ly::transport {
namespace {

Headers PreflightHeaders(std::string origin, std::string method = "POST") {
    Headers headers;
    headers.Add("Origin", std::move(origin));
    headers.Add("Access-Control-Request-Method", std::move(method));
    headers.Add("Access-Control-Request-Headers", "authorization, content-type");
    return headers;
}

TEST(CorsPolicy, AllowsNoOriginByDefault) {
    const CorsPolicy policy;
    EXPECT_FALSE(policy.Allows("https://app.example.org"));
    EXPECT_FALSE(policy.Allows(""));
}

TEST(CorsPolicy, MatchesListedOriginsOnly) {
    auto policy = CorsPolicy::Make({"https://App.Example.org/", "http://localhost:5173"});
    ASSERT_TRUE(policy.ok()) << policy.error().message;
    EXPECT_TRUE(policy->Allows("https://app.example.org"));
    EXPECT_TRUE(policy->Allows("http://localhost:5173"));
    EXPECT_FALSE(policy->Allows("http://app.example.org"));             // another scheme
    EXPECT_FALSE(policy->Allows("https://app.example.org:8443"));       // another port
    EXPECT_FALSE(policy->Allows("https://app.example.org.evil.test"));  // not a prefix match
    EXPECT_FALSE(policy->Allows("null"));
}

TEST(CorsPolicy, RefusesWhatIsNotAnOrigin) {
    for (const char* origin : {"*", "null", "app.example.org", "https://app.example.org/path", "ftp://x.org",
                               "https://", "https://a b.org"}) {
        auto policy = CorsPolicy::Make({origin});
        ASSERT_FALSE(policy.ok()) << origin;
        EXPECT_EQ(policy.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(policy.error().message.find(origin), std::string::npos);
    }
}

TEST(CorsPolicy, RecognisesPreflights) {
    EXPECT_TRUE(CorsPolicy::IsPreflight("OPTIONS", PreflightHeaders("https://a.org")));
    EXPECT_FALSE(CorsPolicy::IsPreflight("GET", PreflightHeaders("https://a.org")));
    Headers without_method;
    without_method.Add("Origin", "https://a.org");
    EXPECT_FALSE(CorsPolicy::IsPreflight("OPTIONS", without_method));
}

TEST(CorsPolicy, AnswersAnAllowedPreflight) {
    auto policy = CorsPolicy::Make({"https://app.example.org"});
    ASSERT_TRUE(policy.ok());
    const Response response = policy->Preflight(PreflightHeaders("https://app.example.org"), {"GET", "HEAD", "POST"});
    EXPECT_EQ(response.status, 204);
    EXPECT_TRUE(response.body.empty());
    EXPECT_EQ(response.headers.Get("Access-Control-Allow-Origin"), "https://app.example.org");
    EXPECT_EQ(response.headers.Get("Access-Control-Allow-Methods"), "GET, HEAD, POST");
    EXPECT_NE(response.headers.Get("Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
    EXPECT_NE(response.headers.Get("Access-Control-Allow-Headers").find("Content-Type"), std::string::npos);
    EXPECT_EQ(response.headers.Get("Access-Control-Max-Age"), "600");
    EXPECT_NE(response.headers.Get("Vary").find("Origin"), std::string::npos);
    EXPECT_FALSE(response.headers.Has("Access-Control-Allow-Credentials"));  // bearer tokens, not cookies
}

TEST(CorsPolicy, GivesADisallowedPreflightNoCorsHeaders) {
    auto policy = CorsPolicy::Make({"https://app.example.org"});
    ASSERT_TRUE(policy.ok());
    const Response response = policy->Preflight(PreflightHeaders("https://evil.test"), {"POST"});
    EXPECT_EQ(response.status, 204);
    for (const auto& [name, value] : response.headers.fields()) {
        EXPECT_FALSE(name.starts_with("Access-Control-")) << name;
    }
    EXPECT_NE(response.headers.Get("Vary").find("Origin"), std::string::npos);
}

TEST(CorsPolicy, DecoratesAnswersForAllowedOriginsOnly) {
    auto policy = CorsPolicy::Make({"https://app.example.org"});
    ASSERT_TRUE(policy.ok());
    Headers allowed;
    policy->Decorate("https://app.example.org", allowed);
    EXPECT_EQ(allowed.Get("Access-Control-Allow-Origin"), "https://app.example.org");
    EXPECT_NE(allowed.Get("Access-Control-Expose-Headers").find("X-Request-Id"), std::string::npos);
    EXPECT_NE(allowed.Get("Access-Control-Expose-Headers").find("Retry-After"), std::string::npos);
    EXPECT_NE(allowed.Get("Access-Control-Expose-Headers").find("Content-Disposition"), std::string::npos);
    EXPECT_EQ(allowed.Get("Vary"), "Origin");

    Headers refused;
    policy->Decorate("https://evil.test", refused);
    EXPECT_FALSE(refused.Has("Access-Control-Allow-Origin"));
    EXPECT_EQ(refused.Get("Vary"), "Origin");

    Headers no_origin;
    policy->Decorate("", no_origin);
    EXPECT_FALSE(no_origin.Has("Access-Control-Allow-Origin"));

    Headers handler_vary;
    handler_vary.Set("Vary", "Accept");
    policy->Decorate("", handler_vary);
    EXPECT_EQ(handler_vary.Get("Vary"), "Accept, Origin");
}

TEST(SecurityHeaders, AreAddedToEveryAnswer) {
    Headers headers;
    AddSecurityHeaders(headers);
    EXPECT_EQ(headers.Get("X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(headers.Get("X-Frame-Options"), "DENY");
    EXPECT_EQ(headers.Get("Referrer-Policy"), "no-referrer");
    EXPECT_EQ(headers.Get("Cache-Control"), "no-store");
    const std::string_view csp = headers.Get("Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
}

TEST(SecurityHeaders, KeepAHandlersOwnCachingAndPolicy) {
    Headers headers;
    headers.Set("Cache-Control", "private, max-age=60");
    headers.Set("Content-Security-Policy", "default-src 'self'");
    headers.Set("X-Frame-Options", "SAMEORIGIN");  // not the handler's to weaken
    AddSecurityHeaders(headers);
    EXPECT_EQ(headers.Get("Cache-Control"), "private, max-age=60");
    EXPECT_EQ(headers.Get("Content-Security-Policy"), "default-src 'self'");
    EXPECT_EQ(headers.Get("X-Frame-Options"), "DENY");
}

}  // namespace
}  // namespace ly::transport
