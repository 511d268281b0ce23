// The auth flows over real HTTP: `ly serve` on a loopback port with a fresh data folder.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>

#include "http_test_client.hpp"
#include "ly/auth/access_token.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using testing::HttpAnswer;
using testing::ServerProcess;

class AuthHttpTest : public testing::SharedServerTest {
  protected:
    // A fresh address per call, so tests do not depend on each other.
    static std::string NewEmail() {
        static std::atomic<int> counter{0};
        return "teacher" + std::to_string(counter++) + "@school.org";
    }

    static HttpAnswer Register(const std::string& email, const std::string& password = "correct horse",
                               const std::string& name = "Ann Teacher") {
        return server_->PostJson("/api/v1/auth/register", R"({"email":")" + email + R"(","password":")" + password +
                                                              R"(","name":")" + name + R"("})");
    }
    static HttpAnswer Login(const std::string& email, const std::string& password = "correct horse") {
        return server_->PostJson("/api/v1/auth/login",
                                 R"({"email":")" + email + R"(","password":")" + password + R"("})");
    }
    static HttpAnswer Refresh(const std::string& refresh_token) {
        return server_->PostJson("/api/v1/auth/refresh", R"({"refreshToken":")" + refresh_token + R"("})");
    }
    // Registers and logs in: the login's answer.
    static HttpAnswer SignedIn(std::string* user_id = nullptr) {
        const std::string email = NewEmail();
        const HttpAnswer registered = Register(email);
        EXPECT_EQ(registered.status, 201) << registered.body;
        if (user_id != nullptr) *user_id = registered.Field("id");
        const HttpAnswer login = Login(email);
        EXPECT_EQ(login.status, 200) << login.body;
        return login;
    }

    static void ExpectProblem(const HttpAnswer& answer, int status, const std::string& field = {}) {
        EXPECT_EQ(answer.status, status) << answer.body;
        EXPECT_EQ(answer.Header("content-type"), "application/problem+json") << answer.body;
        const auto json = answer.Json();
        ASSERT_TRUE(json.is_object()) << answer.body;
        EXPECT_EQ(json.as_object().at("status").as_int64(), status);
        if (!field.empty()) {
            EXPECT_EQ(answer.Field("field"), field) << answer.body;
        }
    }

    static std::string JwtKey() {
        std::ifstream in(folder_->path() / "data" / "keys" / "jwt.key", std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        return bytes.str();
    }
};

TEST_F(AuthHttpTest, RegisterAnswersTheAccountWithANormalisedEmail) {
    const std::string email = NewEmail();
    const HttpAnswer answer =
        Register("  " + std::string(1, static_cast<char>(std::toupper(email[0]))) + email.substr(1) + " ");
    ASSERT_EQ(answer.status, 201) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/json");
    EXPECT_EQ(answer.Field("email"), email);
    EXPECT_EQ(answer.Field("name"), "Ann Teacher");
    EXPECT_EQ(answer.Field("id").size(), 36u);
    EXPECT_EQ(answer.body.find("password"), std::string::npos) << answer.body;
    EXPECT_EQ(answer.body.find("argon2"), std::string::npos) << answer.body;
}

TEST_F(AuthHttpTest, ATakenEmailIsAConflictWhateverItsCase) {
    const std::string email = NewEmail();
    ASSERT_EQ(Register(email).status, 201);
    ExpectProblem(Register(email), 409, "email");
    std::string shouted = email;
    for (char& c : shouted) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ExpectProblem(Register(shouted, "another password"), 409, "email");
}

TEST_F(AuthHttpTest, InvalidInputIsA400NamingTheField) {
    ExpectProblem(Register("not-an-address"), 400, "email");
    ExpectProblem(Register(NewEmail(), "short"), 400, "password");
    ExpectProblem(Register(NewEmail(), "correct horse", "   "), 400, "name");
    ExpectProblem(server_->PostJson("/api/v1/auth/register", R"({"email":"a@b.org","password":"correct horse"})"), 400,
                  "name");
    ExpectProblem(server_->PostJson("/api/v1/auth/register", R"({"email":7,"password":"x","name":"y"})"), 400, "email");
    ExpectProblem(server_->PostJson("/api/v1/auth/register", "{not json"), 400, "body");
    ExpectProblem(server_->PostJson("/api/v1/auth/login", R"({"email":"a@b.org"})"), 400, "password");
    ExpectProblem(server_->PostJson("/api/v1/auth/refresh", "{}"), 400, "refreshToken");
    ExpectProblem(server_->PostJson("/api/v1/auth/logout", "[]"), 400, "body");
    const HttpAnswer short_password = Register(NewEmail(), "short");
    EXPECT_NE(short_password.Field("detail").find("password"), std::string::npos) << short_password.body;
}

TEST_F(AuthHttpTest, LoginGivesATokenPairAndRefusesBadCredentialsAlike) {
    const std::string email = NewEmail();
    ASSERT_EQ(Register(email).status, 201);

    const HttpAnswer login = Login(email);
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(login.Header("cache-control"), "no-store");
    EXPECT_FALSE(login.Field("accessToken").empty());
    EXPECT_EQ(login.Field("refreshToken").size(), 43u);
    EXPECT_EQ(login.Json().as_object().at("expiresIn").as_int64(), 900);

    const HttpAnswer wrong_password = Login(email, "wrong horse!");
    const HttpAnswer unknown_email = Login(NewEmail());
    ExpectProblem(wrong_password, 401);
    ExpectProblem(unknown_email, 401);
    // Nothing tells an unknown address from a wrong password.
    EXPECT_EQ(wrong_password.Field("detail"), unknown_email.Field("detail"));
    EXPECT_EQ(wrong_password.Field("detail"), "the e-mail address or the password is wrong");
}

TEST_F(AuthHttpTest, MeNeedsAValidAccessToken) {
    std::string user_id;
    const HttpAnswer login = SignedIn(&user_id);
    const std::string access_token = login.Field("accessToken");

    const HttpAnswer me = server_->GetWithToken("/api/v1/me", access_token);
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.Field("id"), user_id);
    EXPECT_EQ(me.Field("name"), "Ann Teacher");

    const HttpAnswer anonymous = server_->Call("GET", "/api/v1/me");
    ExpectProblem(anonymous, 401);
    EXPECT_EQ(anonymous.Header("www-authenticate"), R"(Bearer realm="ly")");

    const HttpAnswer basic = server_->Call("GET", "/api/v1/me", {}, {{"Authorization", "Basic dXNlcjpwYXNz"}});
    ExpectProblem(basic, 401);

    // One character of the payload changed: the signature no longer matches.
    std::string tampered = access_token;
    const auto payload_at = tampered.find('.') + 5;
    tampered[payload_at] = tampered[payload_at] == 'A' ? 'B' : 'A';
    const HttpAnswer tampered_answer = server_->GetWithToken("/api/v1/me", tampered);
    ExpectProblem(tampered_answer, 401);
    EXPECT_EQ(tampered_answer.Header("www-authenticate"), R"(Bearer realm="ly", error="invalid_token")");
    EXPECT_EQ(tampered_answer.body.find(tampered), std::string::npos) << "a refusal must not echo the token";

    // Signed with another key.
    auth::ManualClock now{std::chrono::system_clock::now()};
    const auto foreign =
        auth::AccessTokens::Create({.signing_key = std::string(32, 'x'), .issuer = "ly", .audience = "ly-api"}, now);
    ExpectProblem(server_->GetWithToken("/api/v1/me", foreign->Issue(user_id)->token), 401);

    // Signed with the server's own key (from its data folder) two hours ago: expired.
    auth::ManualClock two_hours_ago{std::chrono::system_clock::now() - std::chrono::hours(2)};
    const auto ours =
        auth::AccessTokens::Create({.signing_key = JwtKey(), .issuer = "ly", .audience = "ly-api"}, two_hours_ago);
    ASSERT_TRUE(ours.ok()) << ours.error().message;
    const HttpAnswer expired = server_->GetWithToken("/api/v1/me", ours->Issue(user_id)->token);
    ExpectProblem(expired, 401);
    EXPECT_EQ(expired.Field("detail"), "access token has expired");

    // The same key now: accepted, which shows the expired one failed for its age alone.
    auth::ManualClock fresh{std::chrono::system_clock::now()};
    const auto current =
        auth::AccessTokens::Create({.signing_key = JwtKey(), .issuer = "ly", .audience = "ly-api"}, fresh);
    EXPECT_EQ(server_->GetWithToken("/api/v1/me", current->Issue(user_id)->token).status, 200);
}

TEST_F(AuthHttpTest, RefreshRotatesAndReuseRevokesTheFamily) {
    const HttpAnswer login = SignedIn();
    const std::string first = login.Field("refreshToken");

    const HttpAnswer rotated = Refresh(first);
    ASSERT_EQ(rotated.status, 200) << rotated.body;
    EXPECT_EQ(rotated.Header("cache-control"), "no-store");
    const std::string second = rotated.Field("refreshToken");
    EXPECT_NE(second, first);
    EXPECT_EQ(server_->GetWithToken("/api/v1/me", rotated.Field("accessToken")).status, 200);

    const HttpAnswer rotated_again = Refresh(second);
    ASSERT_EQ(rotated_again.status, 200) << rotated_again.body;
    const std::string third = rotated_again.Field("refreshToken");

    // The first token comes back: someone holds a copy. The whole family ends…
    ExpectProblem(Refresh(first), 401, "refreshToken");
    // …so the newest token, never used, stops working too.
    const HttpAnswer newest = Refresh(third);
    ExpectProblem(newest, 401);
    EXPECT_NE(newest.Field("detail").find("already used or revoked"), std::string::npos) << newest.body;

    ExpectProblem(Refresh("not-a-token"), 401);
}

TEST_F(AuthHttpTest, LogoutRevokesTheRefreshTokenAndIsIdempotent) {
    const HttpAnswer login = SignedIn();
    const std::string refresh_token = login.Field("refreshToken");
    const std::string body = R"({"refreshToken":")" + refresh_token + R"("})";

    const HttpAnswer logout = server_->PostJson("/api/v1/auth/logout", body);
    EXPECT_EQ(logout.status, 204) << logout.body;
    EXPECT_TRUE(logout.body.empty());
    ExpectProblem(Refresh(refresh_token), 401);
    EXPECT_EQ(server_->PostJson("/api/v1/auth/logout", body).status, 204);
}

TEST_F(AuthHttpTest, AccessLogHoldsNoPasswordsOrTokens) {
    const HttpAnswer login = SignedIn();
    ASSERT_EQ(Refresh(login.Field("refreshToken")).status, 200);
    const std::string log = server_->Log();
    EXPECT_EQ(log.find("correct horse"), std::string::npos);
    EXPECT_EQ(log.find(login.Field("accessToken")), std::string::npos);
    EXPECT_EQ(log.find(login.Field("refreshToken")), std::string::npos);
}

// A restart loses nothing: accounts, refresh tokens and the signing key are in the data folder.
TEST(AuthHttpRestartTest, AccountsAndTokensSurviveARestart) {
    ::ly::testing::TempFolder folder;
    std::string access_token;
    std::string refresh_token;
    {
        ServerProcess server(folder.path() / "data");
        ASSERT_EQ(server.start_error(), "");
        ASSERT_EQ(server
                      .PostJson("/api/v1/auth/register",
                                R"({"email":"keep@school.org","password":"correct horse","name":"Keep"})")
                      .status,
                  201);
        const HttpAnswer login =
            server.PostJson("/api/v1/auth/login", R"({"email":"keep@school.org","password":"correct horse"})");
        ASSERT_EQ(login.status, 200) << login.body;
        access_token = login.Field("accessToken");
        refresh_token = login.Field("refreshToken");
        EXPECT_EQ(server.Stop(), 0) << server.Log();
    }
    ServerProcess server(folder.path() / "data");
    ASSERT_EQ(server.start_error(), "");
    EXPECT_EQ(server.GetWithToken("/api/v1/me", access_token).status, 200);
    EXPECT_EQ(server.PostJson("/api/v1/auth/refresh", R"({"refreshToken":")" + refresh_token + R"("})").status, 200);
    EXPECT_EQ(server.PostJson("/api/v1/auth/login", R"({"email":"keep@school.org","password":"correct horse"})").status,
              200);
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

// Authenticated routes are limited per user, not per address: one user over the limit is
// refused with 429 and Retry-After while another user from the same address goes on.
TEST(AuthHttpRateLimitTest, EachUserHasTheirOwnLimit) {
    ::ly::testing::TempFolder folder;
    ServerProcess server(folder.path() / "data", {"--api-rate-per-min", "1", "--api-burst", "3"});
    ASSERT_EQ(server.start_error(), "");
    std::vector<std::string> tokens;
    for (const std::string email : {"busy@school.org", "calm@school.org"}) {
        ASSERT_EQ(server
                      .PostJson("/api/v1/auth/register",
                                R"({"email":")" + email + R"(","password":"correct horse","name":"T"})")
                      .status,
                  201);
        const HttpAnswer login =
            server.PostJson("/api/v1/auth/login", R"({"email":")" + email + R"(","password":"correct horse"})");
        ASSERT_EQ(login.status, 200) << login.body;
        tokens.push_back(login.Field("accessToken"));
    }
    for (int i = 0; i < 3; ++i) EXPECT_EQ(server.GetWithToken("/api/v1/me", tokens[0]).status, 200) << i;
    const HttpAnswer refused = server.GetWithToken("/api/v1/me", tokens[0]);
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_FALSE(refused.Header("retry-after").empty());
    EXPECT_EQ(server.GetWithToken("/api/v1/me", tokens[1]).status, 200);
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace ly::api
