#include "ly/transport/multipart.hpp"

#include <gtest/gtest.h>

namespace ly::transport {
namespace {

std::string Boundary(std::string_view content_type) {
    auto value = ParseHeaderValue(content_type);
    EXPECT_TRUE(value.ok());
    if (!value.ok()) return {};
    auto boundary = MultipartBoundary(*value);
    EXPECT_TRUE(boundary.ok()) << content_type;
    return boundary.ok() ? *boundary : std::string();
}

TEST(HeaderValue, SplitsValueAndParameters) {
    auto value = ParseHeaderValue(R"(Multipart/Form-Data; Boundary=abc ; charset="utf-8")");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->value, "multipart/form-data");
    EXPECT_EQ(value->Param("boundary"), "abc");
    EXPECT_EQ(value->Param("charset"), "utf-8");
    EXPECT_FALSE(value->Param("missing").has_value());
}

TEST(HeaderValue, UnquotesWithEscapesAndKeepsSemicolonsInQuotes) {
    auto value = ParseHeaderValue(R"(form-data; name="file"; filename="a;b \"c\".txt")");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->Param("filename"), R"(a;b "c".txt)");
}

TEST(HeaderValue, KeepsBackslashesOfWindowsPaths) {
    auto value = ParseHeaderValue(R"(form-data; name="file"; filename="C:\Users\me\week.txt")");
    ASSERT_TRUE(value.ok());
    EXPECT_EQ(value->Param("filename"), R"(C:\Users\me\week.txt)");
}

TEST(HeaderValue, RefusesMalformedParameters) {
    EXPECT_FALSE(ParseHeaderValue(R"(form-data; name="file)").ok());
    EXPECT_FALSE(ParseHeaderValue("form-data; name").ok());
    EXPECT_FALSE(ParseHeaderValue("form-data; =x").ok());
    EXPECT_FALSE(ParseHeaderValue(R"(form-data; name="a"b)").ok());
    EXPECT_FALSE(ParseHeaderValue("").ok());
}

TEST(MultipartBoundary, ReadsPlainAndQuotedBoundaries) {
    EXPECT_EQ(Boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxk"),
              "----WebKitFormBoundary7MA4YWxk");
    EXPECT_EQ(Boundary(R"(multipart/form-data; boundary="gc0p4Jq0M:2Yt08jU534c0p")"), "gc0p4Jq0M:2Yt08jU534c0p");
    EXPECT_EQ(Boundary(R"(multipart/form-data; boundary="with space")"), "with space");
}

TEST(MultipartBoundary, RefusesMissingOrInvalidBoundaries) {
    for (const char* content_type :
         {"multipart/form-data", "multipart/form-data; boundary=", R"(multipart/form-data; boundary="a{b}")",
          R"(multipart/form-data; boundary="trailing ")"}) {
        auto value = ParseHeaderValue(content_type);
        ASSERT_TRUE(value.ok()) << content_type;
        EXPECT_FALSE(MultipartBoundary(*value).ok()) << content_type;
    }
    auto long_boundary = ParseHeaderValue("multipart/form-data; boundary=" + std::string(71, 'x'));
    ASSERT_TRUE(long_boundary.ok());
    EXPECT_FALSE(MultipartBoundary(*long_boundary).ok());
}

TEST(ParseMultipart, ReadsFieldsAndFiles) {
    const std::string body =
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"note\"\r\n"
        "\r\n"
        "hello\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"file\"; filename=\"week.txt\"\r\n"
        "Content-Type: text/plain\r\n"
        "\r\n"
        "line one\r\nline two\r\n\r\n"
        "--XyZ--\r\n";
    auto parts = ParseMultipart(body, "XyZ");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    ASSERT_EQ(parts->size(), 2u);
    EXPECT_EQ((*parts)[0].name, "note");
    EXPECT_FALSE((*parts)[0].filename.has_value());
    EXPECT_EQ((*parts)[0].body, "hello");
    EXPECT_EQ((*parts)[1].name, "file");
    EXPECT_EQ((*parts)[1].filename, "week.txt");
    EXPECT_EQ((*parts)[1].content_type, "text/plain");
    EXPECT_EQ((*parts)[1].body, "line one\r\nline two\r\n");  // CRLFs inside the content stay
}

TEST(ParseMultipart, SkipsPreambleEpilogueAndPadding) {
    const std::string body =
        "This is the preamble.\r\n"
        "--b  \t\r\n"
        "content-disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
        "\r\n"
        "data\r\n"
        "--b--  \r\n"
        "This is the epilogue.\r\n--b\r\nignored";
    auto parts = ParseMultipart(body, "b");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].body, "data");
}

TEST(ParseMultipart, KeepsBinaryContentThatLooksLikeABoundary) {
    const std::string content = std::string("\0\xff--b-x\r\n--bb\r\n--b\tx", 20);
    const std::string body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\n\r\n" + content + "\r\n--b--";
    auto parts = ParseMultipart(body, "b");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].body, content);
}

TEST(ParseMultipart, ReadsEmptyParts) {
    const std::string body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"empty.txt\"\r\n\r\n\r\n--b--\r\n";
    auto parts = ParseMultipart(body, "b");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    ASSERT_EQ(parts->size(), 1u);
    EXPECT_EQ((*parts)[0].body, "");
}

TEST(ParseMultipart, PrefersTheExtendedFilename) {
    const std::string body =
        "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"EURO rates.txt\"; "
        "filename*=UTF-8''%e2%82%ac%20rates.txt\r\n\r\nx\r\n--b--";
    auto parts = ParseMultipart(body, "b");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    EXPECT_EQ((*parts)[0].filename, "\xe2\x82\xac rates.txt");
}

TEST(ParseMultipart, JoinsFoldedHeaderLines) {
    const std::string body =
        "--b\r\nContent-Disposition: form-data;\r\n name=\"file\"; filename=\"f.txt\"\r\n\r\nx\r\n--b--";
    auto parts = ParseMultipart(body, "b");
    ASSERT_TRUE(parts.ok()) << parts.error().message;
    EXPECT_EQ((*parts)[0].name, "file");
    EXPECT_EQ((*parts)[0].filename, "f.txt");
}

TEST(ParseMultipart, RefusesMalformedBodies) {
    const std::string disposition = "Content-Disposition: form-data; name=\"file\"\r\n\r\n";
    const std::pair<const char*, std::string> cases[] = {
        {"no boundary at all", "just some text"},
        {"no closing delimiter", "--b\r\n" + disposition + "data"},
        {"truncated after delimiter", "--b\r\n" + disposition + "data\r\n--b"},
        {"headers never end", "--b\r\nContent-Disposition: form-data; name=\"file\"\r\ndata"},
        {"LF instead of CRLF after boundary", "--b\n" + disposition + "data\r\n--b--"},
        {"no Content-Disposition", "--b\r\nContent-Type: text/plain\r\n\r\ndata\r\n--b--"},
        {"disposition not form-data", "--b\r\nContent-Disposition: attachment; name=\"f\"\r\n\r\nx\r\n--b--"},
        {"disposition without name", "--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--"},
        {"header line without colon", "--b\r\nnonsense\r\n\r\nx\r\n--b--"},
        {"no parts", "--b--\r\n"},
        {"empty body", ""},
    };
    for (const auto& [what, body] : cases) {
        auto parts = ParseMultipart(body, "b");
        EXPECT_FALSE(parts.ok()) << what;
        if (!parts.ok()) {
            EXPECT_EQ(parts.error().code, ErrorCode::kInvalidArgument) << what;
        }
    }
}

TEST(ParseMultipart, RefusesTooManyParts) {
    std::string body;
    for (int i = 0; i < 300; ++i) body += "--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n";
    body += "--b--";
    EXPECT_FALSE(ParseMultipart(body, "b").ok());
}

}  // namespace
}  // namespace ly::transport
