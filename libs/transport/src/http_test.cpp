#include "ly/transport/http.hpp"

#include <gtest/gtest.h>

namespace ly::transport {
namespace {

TEST(Headers, NamesCompareCaseInsensitively) {
    Headers headers;
    headers.Add("Content-Type", "text/plain");
    EXPECT_EQ(headers.Get("content-type"), "text/plain");
    EXPECT_TRUE(headers.Has("CONTENT-TYPE"));
    EXPECT_EQ(headers.Get("X-Missing"), "");
    headers.Set("content-TYPE", "application/json");
    ASSERT_EQ(headers.fields().size(), 1u);
    EXPECT_EQ(headers.Get("Content-Type"), "application/json");
}

TEST(MakeRequest, DecodesPathAndQuery) {
    auto request = MakeRequest("POST", "/api/v1/extract?filename=week%201.txt&x=a+b&flag");
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(request->path, "/api/v1/extract");
    EXPECT_EQ(request->target, "/api/v1/extract?filename=week%201.txt&x=a+b&flag");
    EXPECT_EQ(request->QueryParam("filename"), "week 1.txt");
    EXPECT_EQ(request->QueryParam("x"), "a b");
    EXPECT_EQ(request->QueryParam("flag"), "");
    EXPECT_FALSE(request->QueryParam("missing").has_value());
}

TEST(MakeRequest, DecodesPercentEscapesInThePath) {
    auto request = MakeRequest("GET", "/a%20b/c");
    ASSERT_TRUE(request.ok());
    EXPECT_EQ(request->path, "/a b/c");
}

TEST(MakeRequest, RefusesTargetsThatAreNotOriginForm) {
    for (const char* target : {"", "http://example.com/x", "/a b", "/%zz", "*"}) {
        auto request = MakeRequest("GET", target);
        EXPECT_FALSE(request.ok()) << target;
        if (!request.ok()) {
            EXPECT_EQ(request.error().code, ErrorCode::kInvalidArgument);
        }
    }
}

TEST(JsonResponse, SetsContentType) {
    const Response response = JsonResponse(201, "{}");
    EXPECT_EQ(response.status, 201);
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
    EXPECT_EQ(response.body, "{}");
}

}  // namespace
}  // namespace ly::transport
