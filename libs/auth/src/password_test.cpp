#include "ly/auth/password.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

namespace ly::auth {
namespace {

template <typename T>
void ExpectInvalid(const Result<T>& status, std::string_view prefix) {
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(status.error().message.substr(0, prefix.size()), prefix) << status.error().message;
}

TEST(PasswordPolicy, AcceptsEightCharactersAndLongPassphrases) {
    EXPECT_TRUE(CheckPasswordPolicy("12345678").ok());
    EXPECT_TRUE(CheckPasswordPolicy(std::string(64, 'x')).ok());
    EXPECT_TRUE(CheckPasswordPolicy(std::string(1024, 'x')).ok());
}

TEST(PasswordPolicy, RejectsShortOverlongNulAndInvalidUtf8) {
    ExpectInvalid(CheckPasswordPolicy("1234567"), "password: must be at least 8 characters");
    ExpectInvalid(CheckPasswordPolicy(""), "password: must be at least 8");
    ExpectInvalid(CheckPasswordPolicy(std::string(1025, 'x')), "password: must be at most 1024 bytes");
    ExpectInvalid(CheckPasswordPolicy(std::string("abcd\0efgh", 9)), "password: must not contain the NUL");
    ExpectInvalid(CheckPasswordPolicy("abcdefgh\xff"), "password: is not valid UTF-8");
    ExpectInvalid(CheckPasswordPolicy("abcdefg\xc0\xaf"), "password: is not valid UTF-8");      // overlong '/'
    ExpectInvalid(CheckPasswordPolicy("abcdefg\xed\xa0\x80"), "password: is not valid UTF-8");  // surrogate
    ExpectInvalid(CheckPasswordPolicy("abcdefg\xe2\x82"), "password: is not valid UTF-8");      // truncated
}

TEST(PasswordPolicy, CountsCodePointsNotBytes) {
    // Seven characters of two bytes each: 14 bytes, still too short.
    ExpectInvalid(CheckPasswordPolicy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"),
                  "password: must be at least 8");
    EXPECT_TRUE(CheckPasswordPolicy("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9").ok());
    // Four-byte code points (emoji) count one each.
    EXPECT_TRUE(CheckPasswordPolicy("\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91"
                                    "\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91\xf0\x9f\x94\x91")
                    .ok());
}

TEST(Email, IsTrimmedAndLowerCased) {
    const auto email = NormalizeEmail("  Teacher.One@School.EXAMPLE \t\n");
    ASSERT_TRUE(email.ok()) << email.error().message;
    EXPECT_EQ(*email, "teacher.one@school.example");
}

TEST(Email, RejectsWhatIsNotOneAddress) {
    ExpectInvalid(NormalizeEmail("   "), "email: is required");
    ExpectInvalid(NormalizeEmail("teacher.example"), "email: must contain exactly one '@'");
    ExpectInvalid(NormalizeEmail("a@b@c"), "email: must contain exactly one '@'");
    ExpectInvalid(NormalizeEmail("@school.example"), "email: the part before '@' is empty");
    ExpectInvalid(NormalizeEmail("teacher@"), "email: the part after '@' is empty");
    ExpectInvalid(NormalizeEmail("tea cher@school.example"), "email: must not contain spaces");
    ExpectInvalid(NormalizeEmail(std::string("a\0b@c.d", 7)), "email: must not contain spaces or control");
    ExpectInvalid(NormalizeEmail("teacher@school..example"), "email: the domain has an empty label");
    ExpectInvalid(NormalizeEmail(std::string(65, 'a') + "@school.example"),
                  "email: the part before '@' must be at most 64");
    ExpectInvalid(NormalizeEmail("a@" + std::string(253, 'b')), "email: must be at most 254");
    ExpectInvalid(NormalizeEmail(std::string(100000, ' ')), "email: must be at most 254");
    ExpectInvalid(NormalizeEmail("t\xff@school.example"), "email: is not valid UTF-8");
}

TEST(PasswordHasher, VerifiesTheRightPasswordOnly) {
    const PasswordHasher hasher(PasswordHashLimits::Minimum());
    const auto hash = hasher.Hash("correct horse battery staple");
    ASSERT_TRUE(hash.ok());
    EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
    EXPECT_TRUE(hasher.Verify("correct horse battery staple", *hash));
    EXPECT_FALSE(hasher.Verify("correct horse battery stapler", *hash));
    EXPECT_FALSE(hasher.Verify("", *hash));
    EXPECT_FALSE(hasher.Verify("correct horse battery staple", "not a hash"));
    EXPECT_FALSE(hasher.Verify("correct horse battery staple", ""));
}

TEST(PasswordHasher, SaltsEveryHash) {
    const PasswordHasher hasher(PasswordHashLimits::Minimum());
    EXPECT_NE(*hasher.Hash("same password"), *hasher.Hash("same password"));
}

TEST(PasswordHasher, AsksForRehashWhenTheLimitsChange) {
    const PasswordHasher weak(PasswordHashLimits::Minimum());
    const PasswordHasher interactive;
    const auto weak_hash = weak.Hash("a passphrase");
    ASSERT_TRUE(weak_hash.ok());
    EXPECT_FALSE(weak.NeedsRehash(*weak_hash));
    EXPECT_TRUE(interactive.NeedsRehash(*weak_hash));
    EXPECT_TRUE(interactive.NeedsRehash("$2b$10$bcryptlookinghash"));
    EXPECT_TRUE(interactive.NeedsRehash(""));
}

TEST(PasswordHasher, InteractiveLimitsRoundTripAndReportTheirCost) {
    const PasswordHasher hasher;
    const auto start = std::chrono::steady_clock::now();
    const auto hash = hasher.Hash("a passphrase of reasonable length");
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(hash.ok());
    EXPECT_NE(hash->find("m=65536,t=2"), std::string::npos) << *hash;
    EXPECT_FALSE(hasher.NeedsRehash(*hash));
    EXPECT_TRUE(hasher.Verify("a passphrase of reasonable length", *hash));
    // A figure for the record, never an assertion (tests do not fail on timing).
    std::printf("argon2id interactive hash: %lld ms\n",
                static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

}  // namespace
}  // namespace ly::auth
