#include "ly/auth/crypto.hpp"

#include <gtest/gtest.h>

namespace ly::auth {
namespace {

TEST(Crypto, RandomBytesHaveTheLengthAskedAndDiffer) {
    const std::string a = RandomBytes(32);
    const std::string b = RandomBytes(32);
    EXPECT_EQ(a.size(), 32u);
    EXPECT_NE(a, b);
}

TEST(Crypto, Base64UrlRoundTripsWithoutPadding) {
    const std::string bytes("\xfb\xff\x00\x01", 4);
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text, "-_8AAQ");
    EXPECT_EQ(Base64UrlDecode(text), bytes);
    EXPECT_FALSE(Base64UrlDecode("+/8AAQ"));  // standard alphabet is not base64url
    EXPECT_FALSE(Base64UrlDecode("-_8AAQ=="));
    EXPECT_FALSE(Base64UrlDecode("a"));
}

TEST(Crypto, HmacSha256MatchesRfc4231TestCase2) {
    const std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
    static constexpr unsigned char kExpected[] = {0x5b, 0xdc, 0xc1, 0x46, 0xbf, 0x60, 0x75, 0x4e, 0x6a, 0x04, 0x24,
                                                  0x26, 0x08, 0x95, 0x75, 0xc7, 0x5a, 0x00, 0x3f, 0x08, 0x9d, 0x27,
                                                  0x39, 0x83, 0x9d, 0xec, 0x58, 0xb9, 0x64, 0xec, 0x38, 0x43};
    EXPECT_EQ(mac, std::string(reinterpret_cast<const char*>(kExpected), sizeof kExpected));
}

TEST(Crypto, ConstantTimeEqualsComparesContentAndLength) {
    EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
    EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
    EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace ly::auth
