#include "ly/auth/token_service.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

using std::chrono::seconds;

const TimePoint kStart = TimePoint(seconds(1'800'000'000));

class TokenServiceTest : public ::testing::Test {
  protected:
    ManualClock clock_{kStart};
    AccessTokens access_ = *AccessTokens::Create(
        AccessTokenConfig{std::string(32, 'k'), "ly", "ly-api", seconds(900), seconds(30)}, clock_);
    InMemoryRefreshTokenStore store_;
    TokenService service_{access_, store_, clock_, seconds(3600)};

    void ExpectUnauthenticated(const Result<TokenPair>& result, std::string_view reason) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(result.error().message.rfind(reason, 0), 0u) << result.error().message;
    }
};

TEST_F(TokenServiceTest, LoginGivesAVerifiableAccessTokenAndAnOpaqueRefreshToken) {
    const auto pair = service_.IssueForLogin("user-7");
    ASSERT_TRUE(pair.ok());
    EXPECT_EQ(pair->expires_in, 900);
    EXPECT_EQ(access_.Verify(pair->access_token)->user_id, "user-7");
    EXPECT_EQ(pair->refresh_token.size(), 43u);
    EXPECT_EQ(Base64UrlDecode(pair->refresh_token)->size(), 32u);
}

TEST_F(TokenServiceTest, StoresOnlyTheHashOfTheRefreshToken) {
    const auto pair = *service_.IssueForLogin("user-7");
    EXPECT_EQ(store_.FindByHash(pair.refresh_token).error().code, ErrorCode::kNotFound);
    const auto record = store_.FindByHash(HashRefreshToken(pair.refresh_token));
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->user_id, "user-7");
    EXPECT_EQ(record->token_hash.size(), 64u);
    EXPECT_EQ(record->expires_at, kStart + seconds(3600));
}

TEST_F(TokenServiceTest, RefreshRotatesWithinTheFamily) {
    const auto login = *service_.IssueForLogin("user-7");
    const auto refreshed = service_.Refresh(login.refresh_token);
    ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
    EXPECT_NE(refreshed->refresh_token, login.refresh_token);
    EXPECT_EQ(access_.Verify(refreshed->access_token)->user_id, "user-7");

    const auto old_record = *store_.FindByHash(HashRefreshToken(login.refresh_token));
    const auto new_record = *store_.FindByHash(HashRefreshToken(refreshed->refresh_token));
    EXPECT_EQ(old_record.replaced_by, new_record.token_hash);
    EXPECT_EQ(old_record.family_id, new_record.family_id);
    EXPECT_FALSE(new_record.Spent());

    // And the chain goes on.
    EXPECT_TRUE(service_.Refresh(refreshed->refresh_token).ok());
}

TEST_F(TokenServiceTest, ReusingARotatedTokenRevokesTheWholeFamily) {
    const auto login = *service_.IssueForLogin("user-7");
    const auto other_login = *service_.IssueForLogin("user-7");  // another device: another family
    const auto first = *service_.Refresh(login.refresh_token);
    const auto second = *service_.Refresh(first.refresh_token);

    // A thief replays the first token.
    ExpectUnauthenticated(service_.Refresh(login.refresh_token), "refresh token was already used or revoked");
    // Now the legitimate holder's current token is dead too: they must log in again.
    ExpectUnauthenticated(service_.Refresh(second.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(store_.FindByHash(HashRefreshToken(second.refresh_token))->revoked);
    // The other device's family is untouched.
    EXPECT_TRUE(service_.Refresh(other_login.refresh_token).ok());
}

TEST_F(TokenServiceTest, ExpiredRefreshTokenFails) {
    const auto login = *service_.IssueForLogin("user-7");
    clock_.Advance(seconds(3600));
    ExpectUnauthenticated(service_.Refresh(login.refresh_token), "refresh token has expired");
}

TEST_F(TokenServiceTest, UnknownOrMalformedRefreshTokenFails) {
    ExpectUnauthenticated(service_.Refresh(Base64UrlEncode(RandomBytes(32))), "refresh token is not recognised");
    ExpectUnauthenticated(service_.Refresh(""), "refresh token is not recognised");
    ExpectUnauthenticated(service_.Refresh(std::string(43, '*')), "refresh token is not recognised");
}

TEST_F(TokenServiceTest, LogoutRevokesTheFamilyAndIsIdempotent) {
    const auto login = *service_.IssueForLogin("user-7");
    const auto refreshed = *service_.Refresh(login.refresh_token);
    ASSERT_TRUE(service_.Logout(refreshed.refresh_token).ok());
    ExpectUnauthenticated(service_.Refresh(refreshed.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(service_.Logout(refreshed.refresh_token).ok());
    EXPECT_TRUE(service_.Logout(Base64UrlEncode(RandomBytes(32))).ok());
    EXPECT_TRUE(service_.Logout("").ok());
}

TEST_F(TokenServiceTest, LogoutEverywhereRevokesEveryFamilyOfTheUserOnly) {
    const auto phone = *service_.IssueForLogin("user-7");
    const auto laptop = *service_.IssueForLogin("user-7");
    const auto someone_else = *service_.IssueForLogin("user-8");
    ASSERT_TRUE(service_.LogoutEverywhere("user-7").ok());
    ExpectUnauthenticated(service_.Refresh(phone.refresh_token), "refresh token was already used or revoked");
    ExpectUnauthenticated(service_.Refresh(laptop.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(service_.Refresh(someone_else.refresh_token).ok());
}

TEST_F(TokenServiceTest, OfConcurrentRefreshesWithOneTokenOnlyOneWinsAndTheFamilyEnds) {
    const auto login = *service_.IssueForLogin("user-7");
    std::atomic<int> successes = 0;
    std::vector<std::thread> threads;
    std::vector<std::string> issued(8);
    for (std::size_t i = 0; i < issued.size(); ++i) {
        threads.emplace_back([&, i] {
            auto pair = service_.Refresh(login.refresh_token);
            if (pair.ok()) {
                ++successes;
                issued[i] = pair->refresh_token;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(successes.load(), 1);
    // The losers presented a spent token: that is reuse, so the winner's token is revoked too.
    for (const std::string& token : issued) {
        if (!token.empty()) {
            EXPECT_TRUE(store_.FindByHash(HashRefreshToken(token))->revoked);
        }
    }
}

TEST(InMemoryRefreshTokenStore, MarkReplacedIsACompareAndSet) {
    InMemoryRefreshTokenStore store;
    RefreshTokenRecord record;
    record.token_hash = "h1";
    record.family_id = "f";
    record.user_id = "u";
    ASSERT_TRUE(store.Insert(record).ok());
    EXPECT_EQ(store.Insert(record).error().code, ErrorCode::kConflict);
    EXPECT_TRUE(*store.MarkReplaced("h1", "h2"));
    EXPECT_FALSE(*store.MarkReplaced("h1", "h3"));  // the second of two racing refreshes loses
    EXPECT_EQ(store.FindByHash("h1")->replaced_by, "h2");
    EXPECT_EQ(store.MarkReplaced("nope", "h4").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ly::auth
