#include "log_line.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace ly::transport {
namespace {

TEST(AccessLogLine, IsOneJsonObjectPerLine) {
    AccessLogEntry entry;
    entry.method = "POST";
    entry.route = "/api/v1/extract";
    entry.status = 415;
    entry.duration_ms = 1.23456;
    entry.request_id = "abc";
    entry.bytes_in = 10;
    entry.bytes_out = 20;
    entry.remote = "127.0.0.1";
    const std::string line = AccessLogLine(entry);
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    const auto object = boost::json::parse(line).as_object();
    EXPECT_EQ(object.at("msg").as_string(), "request");
    EXPECT_EQ(object.at("level").as_string(), "info");
    EXPECT_EQ(object.at("method").as_string(), "POST");
    EXPECT_EQ(object.at("route").as_string(), "/api/v1/extract");
    EXPECT_EQ(object.at("status").as_int64(), 415);
    EXPECT_DOUBLE_EQ(object.at("duration_ms").as_double(), 1.235);
    EXPECT_EQ(object.at("request_id").as_string(), "abc");
    EXPECT_FALSE(object.contains("error"));
    EXPECT_NE(line.find(R"("duration_ms":1.235)"), std::string::npos);
}

TEST(AccessLogLine, EscapesAndMarksServerErrors) {
    AccessLogEntry entry;
    entry.method = "GET";
    entry.route = "/a\"b\n";
    entry.status = 500;
    entry.error = "internal: boom";
    const auto object = boost::json::parse(AccessLogLine(entry)).as_object();
    EXPECT_EQ(object.at("route").as_string(), "/a\"b\n");
    EXPECT_EQ(object.at("level").as_string(), "error");
    EXPECT_EQ(object.at("error").as_string(), "internal: boom");
}

TEST(EventLogLine, CarriesFields) {
    const auto object =
        boost::json::parse(EventLogLine("info", "listening on http://0.0.0.0:1", {{"port", 1}})).as_object();
    EXPECT_EQ(object.at("msg").as_string(), "listening on http://0.0.0.0:1");
    EXPECT_EQ(object.at("port").as_int64(), 1);
    EXPECT_TRUE(object.contains("time"));
}

TEST(RequestId, NewIdsAreUsableAndDistinct) {
    const std::string a = NewRequestId();
    const std::string b = NewRequestId();
    EXPECT_EQ(a.size(), 16u);
    EXPECT_NE(a, b);
    EXPECT_TRUE(IsUsableRequestId(a));
}

TEST(RequestId, ClientIdsAreCheckedBeforeEchoing) {
    EXPECT_TRUE(IsUsableRequestId("req-1.2_3:4"));
    EXPECT_FALSE(IsUsableRequestId(""));
    EXPECT_FALSE(IsUsableRequestId("a b"));
    EXPECT_FALSE(IsUsableRequestId("a\r\nSet-Cookie: x"));
    EXPECT_FALSE(IsUsableRequestId(std::string(129, 'a')));
}

}  // namespace
}  // namespace ly::transport
