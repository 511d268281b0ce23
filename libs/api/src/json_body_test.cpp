#include "json_body.hpp"

#include <gtest/gtest.h>

namespace ly::api {
namespace {

TEST(Rfc3339, WritesUtcWithMilliseconds) {
    EXPECT_EQ(Rfc3339(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(Rfc3339(-1), "1969-12-31T23:59:59.999Z");
    EXPECT_EQ(Rfc3339(1709210096789), "2024-02-29T12:34:56.789Z");  // a leap day
    EXPECT_EQ(Rfc3339(1795801690123), "2026-11-27T17:48:10.123Z");
    EXPECT_EQ(Rfc3339(253402300799999), "9999-12-31T23:59:59.999Z");
}

}  // namespace
}  // namespace ly::api
