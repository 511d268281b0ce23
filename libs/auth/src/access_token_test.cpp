#include "ly/auth/access_token.hpp"

#include <gtest/gtest.h>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

using std::chrono::seconds;

const TimePoint kStart = TimePoint(seconds(1'800'000'000));

AccessTokenConfig Config(std::string key = std::string(32, 'k')) {
    return AccessTokenConfig{std::move(key), "ly", "ly-api", seconds(900), seconds(30)};
}

// A token signed with HS256 under `key` but with any header and payload we like:
// what an attacker (or a sloppy client) could send.
std::string Forge(std::string_view header_json, std::string_view payload_json, std::string_view key) {
    const std::string input = Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
    return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

std::string Payload(std::string_view iss, std::string_view aud, long long iat, long long exp) {
    return R"({"sub":"user-1","iss":")" + std::string(iss) + R"(","aud":")" + std::string(aud) + R"(","iat":)" +
           std::to_string(iat) + R"(,"exp":)" + std::to_string(exp) + R"(,"jti":"j1"})";
}

class AccessTokenTest : public ::testing::Test {
  protected:
    ManualClock clock_{kStart};
    AccessTokens tokens_ = *AccessTokens::Create(Config(), clock_);
    const long long now_ = UnixSeconds(kStart);

    void ExpectRejected(std::string_view token, std::string_view reason) {
        const auto claims = tokens_.Verify(token);
        ASSERT_FALSE(claims.ok());
        EXPECT_EQ(claims.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(claims.error().message, reason);
        if (token.size() > 8) {
            EXPECT_EQ(claims.error().message.find(token), std::string::npos);
        }
    }
};

TEST_F(AccessTokenTest, IssuedTokenVerifiesWithItsClaims) {
    const auto issued = tokens_.Issue("user-42");
    ASSERT_TRUE(issued.ok());
    EXPECT_EQ(issued->expires_at, kStart + seconds(900));
    const auto claims = tokens_.Verify(issued->token);
    ASSERT_TRUE(claims.ok()) << claims.error().message;
    EXPECT_EQ(claims->user_id, "user-42");
    EXPECT_EQ(claims->token_id, issued->token_id);
    EXPECT_EQ(claims->issued_at, kStart);
    EXPECT_EQ(claims->expires_at, kStart + seconds(900));
}

TEST_F(AccessTokenTest, EveryTokenHasItsOwnId) {
    EXPECT_NE(tokens_.Issue("u")->token_id, tokens_.Issue("u")->token_id);
}

TEST_F(AccessTokenTest, ExpiresAfterTheLifetimeAndTheLeeway) {
    const std::string token = tokens_.Issue("user-1")->token;
    ASSERT_TRUE(tokens_.Verify(token).ok());  // remembered as verified: expiry is still checked on every call
    clock_.Advance(seconds(900 + 29));
    EXPECT_TRUE(tokens_.Verify(token).ok());  // within the leeway
    clock_.Advance(seconds(1));
    ExpectRejected(token, "access token has expired");
}

TEST_F(AccessTokenTest, RejectsAnotherKeysSignature) {
    ManualClock clock(kStart);
    const auto other = *AccessTokens::Create(Config(std::string(32, 'o')), clock);
    ExpectRejected(other.Issue("user-1")->token, "access token signature does not match");
}

TEST_F(AccessTokenTest, RejectsATamperedPayload) {
    const std::string token = tokens_.Issue("user-1")->token;
    ASSERT_TRUE(tokens_.Verify(token).ok());  // remembered as verified: a tampered copy must still fail
    const std::size_t first = token.find('.');
    const std::size_t second = token.find('.', first + 1);
    std::string claims = Payload("ly", "ly-api", now_, now_ + 900);
    claims.replace(claims.find("user-1"), 6, "admin1");
    const std::string payload = Base64UrlEncode(claims);
    ExpectRejected(token.substr(0, first + 1) + payload + token.substr(second),
                   "access token signature does not match");
}

TEST_F(AccessTokenTest, RejectsAlgorithmNoneAndOthers) {
    const std::string key(32, 'k');
    const std::string payload = Payload("ly", "ly-api", now_, now_ + 900);
    ExpectRejected(Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." + Base64UrlEncode(payload) + ".",
                   "access token algorithm is not accepted");
    ExpectRejected(Forge(R"({"alg":"none"})", payload, key), "access token algorithm is not accepted");
    ExpectRejected(Forge(R"({"alg":"HS384"})", payload, key), "access token algorithm is not accepted");
    ExpectRejected(Forge(R"({"alg":"RS256"})", payload, key), "access token algorithm is not accepted");
    ExpectRejected(Forge(R"({"typ":"JWT"})", payload, key), "access token algorithm is not accepted");
    // The same forge with the accepted algorithm passes: the checks above are about alg alone.
    EXPECT_TRUE(tokens_.Verify(Forge(R"({"alg":"HS256","typ":"JWT"})", payload, key)).ok());
}

TEST_F(AccessTokenTest, ChecksIssuerAndAudience) {
    const std::string key(32, 'k');
    const std::string header = R"({"alg":"HS256","typ":"JWT"})";
    ExpectRejected(Forge(header, Payload("someone-else", "ly-api", now_, now_ + 900), key),
                   "access token issuer is not accepted");
    ExpectRejected(Forge(header, Payload("ly", "other-api", now_, now_ + 900), key),
                   "access token audience is not accepted");
    ExpectRejected(Forge(header,
                         R"({"sub":"u","iss":"ly","aud":["ly-api"],"iat":)" + std::to_string(now_) + R"(,"exp":)" +
                             std::to_string(now_ + 900) + R"(,"jti":"j"})",
                         key),
                   "access token audience is not accepted");
}

TEST_F(AccessTokenTest, RejectsMissingOrMistypedClaims) {
    const std::string key(32, 'k');
    const std::string header = R"({"alg":"HS256"})";
    ExpectRejected(Forge(header, R"({"iss":"ly","aud":"ly-api","iat":1,"exp":9999999999,"jti":"j"})", key),
                   "access token lacks required claims");
    ExpectRejected(Forge(header, R"({"sub":"u","iss":"ly","aud":"ly-api","iat":1,"exp":"9999999999","jti":"j"})", key),
                   "access token lacks required claims");
    ExpectRejected(Forge(header, R"({"sub":"u","iss":"ly","aud":"ly-api","iat":1,"exp":9999999999})", key),
                   "access token lacks required claims");
    ExpectRejected(Forge(header, Payload("ly", "ly-api", now_ + 3600, now_ + 4500), key),
                   "access token is issued in the future");
}

TEST_F(AccessTokenTest, RejectsMalformedTokens) {
    ExpectRejected("", "access token is missing");
    ExpectRejected("abc", "access token is malformed");
    ExpectRejected("a.b", "access token is malformed");
    ExpectRejected("a.b.c.d", "access token is malformed");
    ExpectRejected("!!!.???.***", "access token is malformed");
    ExpectRejected(Base64UrlEncode("not json") + ".e30.", "access token is malformed");
    ExpectRejected(Base64UrlEncode(R"({"alg":"HS256"})") + "." + Base64UrlEncode("not json") + ".sig",
                   "access token signature does not match");
    ExpectRejected(Forge(R"({"alg":"HS256"})", "not json", std::string(32, 'k')), "access token is malformed");
    ExpectRejected(std::string(5000, 'a'), "access token is malformed");
}

TEST_F(AccessTokenTest, ManyTokensVerifyPastTheMemorysCapacity) {
    std::vector<std::string> tokens;
    for (int i = 0; i < 20000; ++i) tokens.push_back(tokens_.Issue("user-" + std::to_string(i))->token);
    for (int i = 0; i < 20000; ++i) {
        const auto claims = tokens_.Verify(tokens[static_cast<std::size_t>(i)]);
        ASSERT_TRUE(claims.ok()) << claims.error().message;
        ASSERT_EQ(claims->user_id, "user-" + std::to_string(i));
    }
    EXPECT_EQ(tokens_.Verify(tokens.front())->user_id, "user-0");  // forgotten when full, verified again
}

TEST(AccessTokens, RefusesAShortKeyOrEmptyNames) {
    ManualClock clock(kStart);
    EXPECT_EQ(AccessTokens::Create(Config(std::string(31, 'k')), clock).error().code, ErrorCode::kInvalidArgument);
    AccessTokenConfig no_issuer = Config();
    no_issuer.issuer.clear();
    EXPECT_FALSE(AccessTokens::Create(no_issuer, clock).ok());
}

}  // namespace
}  // namespace ly::auth
