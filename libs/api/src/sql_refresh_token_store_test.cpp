// The SQL refresh-token store against the behaviours of the in-memory one: the same
// cases run over both adapters, through TokenService as the HTTP handlers use it.
#include "ly/api/sql_refresh_token_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "ly/auth/crypto.hpp"
#include "ly/auth/token_service.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/storage/user_repository.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using auth::HashRefreshToken;
using auth::RefreshTokenRecord;
using auth::TokenPair;
using std::chrono::seconds;

const auth::TimePoint kStart = auth::TimePoint(seconds(1'800'000'000));

// One adapter with two users it knows (SQL needs them to exist: tokens reference users).
class StoreHarness {
  public:
    virtual ~StoreHarness() = default;
    virtual auth::RefreshTokenStore& store() = 0;
    std::string alice, bob;
};

class InMemoryHarness final : public StoreHarness {
  public:
    explicit InMemoryHarness(const auth::Clock&) {
        alice = "user-alice";
        bob = "user-bob";
    }
    auth::RefreshTokenStore& store() override { return store_; }

  private:
    auth::InMemoryRefreshTokenStore store_;
};

class SqlHarness final : public StoreHarness {
  public:
    explicit SqlHarness(const auth::Clock& clock) {
        database_ = ::ly::testing::OpenMigratedDatabase(folder_.path() / "ly.db");
        storage::UserRepository users(*database_, storage::SystemUnixMillis);
        alice = users.Create("alice@school.org", "hash", "Alice")->id;
        bob = users.Create("bob@school.org", "hash", "Bob")->id;
        store_ = std::make_unique<SqlRefreshTokenStore>(*database_, clock);
    }
    auth::RefreshTokenStore& store() override { return *store_; }

  private:
    ::ly::testing::TempFolder folder_;
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<SqlRefreshTokenStore> store_;
};

enum class Adapter { kInMemory, kSql };

std::unique_ptr<StoreHarness> MakeHarness(Adapter adapter, const auth::Clock& clock) {
    if (adapter == Adapter::kSql) return std::make_unique<SqlHarness>(clock);
    return std::make_unique<InMemoryHarness>(clock);
}

class RefreshTokenStoreTest : public ::testing::TestWithParam<Adapter> {
  protected:
    auth::RefreshTokenStore& store() { return harness_->store(); }
    const std::string& alice() const { return harness_->alice; }
    const std::string& bob() const { return harness_->bob; }

    RefreshTokenRecord Record(std::string hash, std::string family) {
        RefreshTokenRecord record;
        record.token_hash = std::move(hash);
        record.family_id = std::move(family);
        record.user_id = alice();
        record.issued_at = clock_.Now();
        record.expires_at = clock_.Now() + seconds(3600);
        return record;
    }

    void ExpectUnauthenticated(const Result<TokenPair>& result, std::string_view reason) {
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.error().code, ErrorCode::kUnauthenticated);
        EXPECT_EQ(result.error().message.rfind(reason, 0), 0u) << result.error().message;
    }

    auth::ManualClock clock_{kStart};
    std::unique_ptr<StoreHarness> harness_ = MakeHarness(GetParam(), clock_);
    auth::AccessTokens access_ = *auth::AccessTokens::Create(
        auth::AccessTokenConfig{std::string(32, 'k'), "ly", "ly-api", seconds(900), seconds(30)}, clock_);
    auth::TokenService service_{access_, store(), clock_, seconds(3600)};
};

TEST_P(RefreshTokenStoreTest, InsertFindAndConflict) {
    ASSERT_TRUE(store().Insert(Record("h1", "f1")).ok());
    EXPECT_EQ(store().Insert(Record("h1", "f2")).error().code, ErrorCode::kConflict);
    const auto found = store().FindByHash("h1");
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->family_id, "f1");
    EXPECT_EQ(found->user_id, alice());
    EXPECT_EQ(found->issued_at, kStart);
    EXPECT_EQ(found->expires_at, kStart + seconds(3600));
    EXPECT_FALSE(found->Spent());
    EXPECT_EQ(store().FindByHash("nope").error().code, ErrorCode::kNotFound);
}

TEST_P(RefreshTokenStoreTest, MarkReplacedIsACompareAndSet) {
    ASSERT_TRUE(store().Insert(Record("h1", "f")).ok());
    ASSERT_TRUE(store().Insert(Record("h2", "f")).ok());
    ASSERT_TRUE(store().Insert(Record("h3", "f")).ok());
    EXPECT_TRUE(*store().MarkReplaced("h1", "h2"));
    EXPECT_FALSE(*store().MarkReplaced("h1", "h3"));  // the second of two racing refreshes loses
    const auto old_record = store().FindByHash("h1");
    ASSERT_TRUE(old_record.ok()) << old_record.error().message;
    EXPECT_EQ(old_record->replaced_by, "h2");
    EXPECT_TRUE(old_record->Spent());
    EXPECT_FALSE(store().FindByHash("h2")->Spent());
    EXPECT_EQ(store().MarkReplaced("nope", "h2").error().code, ErrorCode::kNotFound);
}

TEST_P(RefreshTokenStoreTest, RevokeFamilyAndRevokeForUserTouchOnlyTheirOwn) {
    ASSERT_TRUE(store().Insert(Record("a1", "fa")).ok());
    ASSERT_TRUE(store().Insert(Record("a2", "fa")).ok());
    ASSERT_TRUE(store().Insert(Record("b1", "fb")).ok());
    auto bobs = Record("c1", "fc");
    bobs.user_id = bob();
    ASSERT_TRUE(store().Insert(bobs).ok());

    ASSERT_TRUE(store().RevokeFamily("fa").ok());
    EXPECT_TRUE(store().FindByHash("a1")->revoked);
    EXPECT_TRUE(store().FindByHash("a2")->revoked);
    EXPECT_FALSE(store().FindByHash("b1")->revoked);
    EXPECT_TRUE(store().RevokeFamily("unknown-family").ok());

    ASSERT_TRUE(store().RevokeForUser(alice()).ok());
    EXPECT_TRUE(store().FindByHash("b1")->revoked);
    EXPECT_FALSE(store().FindByHash("c1")->revoked);
}

TEST_P(RefreshTokenStoreTest, RefreshRotatesWithinTheFamily) {
    const auto login = *service_.IssueForLogin(alice());
    const auto refreshed = service_.Refresh(login.refresh_token);
    ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
    EXPECT_NE(refreshed->refresh_token, login.refresh_token);
    EXPECT_EQ(access_.Verify(refreshed->access_token)->user_id, alice());

    const auto old_record = *store().FindByHash(HashRefreshToken(login.refresh_token));
    const auto new_record = *store().FindByHash(HashRefreshToken(refreshed->refresh_token));
    EXPECT_EQ(old_record.replaced_by, new_record.token_hash);
    EXPECT_EQ(old_record.family_id, new_record.family_id);
    EXPECT_FALSE(new_record.Spent());
    EXPECT_TRUE(service_.Refresh(refreshed->refresh_token).ok());
}

TEST_P(RefreshTokenStoreTest, ReusingARotatedTokenRevokesTheWholeFamily) {
    const auto login = *service_.IssueForLogin(alice());
    const auto other_login = *service_.IssueForLogin(alice());  // another device: another family
    const auto first = *service_.Refresh(login.refresh_token);
    const auto second = *service_.Refresh(first.refresh_token);

    ExpectUnauthenticated(service_.Refresh(login.refresh_token), "refresh token was already used or revoked");
    ExpectUnauthenticated(service_.Refresh(second.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(store().FindByHash(HashRefreshToken(second.refresh_token))->revoked);
    EXPECT_TRUE(service_.Refresh(other_login.refresh_token).ok());
}

TEST_P(RefreshTokenStoreTest, ExpiredRefreshTokenFails) {
    const auto login = *service_.IssueForLogin(alice());
    clock_.Advance(seconds(3600));
    ExpectUnauthenticated(service_.Refresh(login.refresh_token), "refresh token has expired");
}

TEST_P(RefreshTokenStoreTest, UnknownRefreshTokenFails) {
    ExpectUnauthenticated(service_.Refresh(auth::Base64UrlEncode(auth::RandomBytes(32))),
                          "refresh token is not recognised");
}

TEST_P(RefreshTokenStoreTest, LogoutRevokesTheFamilyAndIsIdempotent) {
    const auto login = *service_.IssueForLogin(alice());
    const auto refreshed = *service_.Refresh(login.refresh_token);
    ASSERT_TRUE(service_.Logout(refreshed.refresh_token).ok());
    ExpectUnauthenticated(service_.Refresh(refreshed.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(service_.Logout(refreshed.refresh_token).ok());
    EXPECT_TRUE(service_.Logout(auth::Base64UrlEncode(auth::RandomBytes(32))).ok());
}

TEST_P(RefreshTokenStoreTest, LogoutEverywhereRevokesEveryFamilyOfTheUserOnly) {
    const auto phone = *service_.IssueForLogin(alice());
    const auto laptop = *service_.IssueForLogin(alice());
    const auto someone_else = *service_.IssueForLogin(bob());
    ASSERT_TRUE(service_.LogoutEverywhere(alice()).ok());
    ExpectUnauthenticated(service_.Refresh(phone.refresh_token), "refresh token was already used or revoked");
    ExpectUnauthenticated(service_.Refresh(laptop.refresh_token), "refresh token was already used or revoked");
    EXPECT_TRUE(service_.Refresh(someone_else.refresh_token).ok());
}

TEST_P(RefreshTokenStoreTest, OfConcurrentRefreshesWithOneTokenOnlyOneWinsAndTheFamilyEnds) {
    const auto login = *service_.IssueForLogin(alice());
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
    // Losers that saw the token spent revoke the family; a loser may also have read it unspent and then lost
    // the compare-and-set, which ends the same way.
    EXPECT_EQ(successes.load(), 1);
    for (const std::string& token : issued) {
        if (!token.empty()) {
            EXPECT_TRUE(store().FindByHash(HashRefreshToken(token))->revoked);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Adapters, RefreshTokenStoreTest, ::testing::Values(Adapter::kInMemory, Adapter::kSql),
                         [](const auto& instance) { return instance.param == Adapter::kSql ? "Sql" : "InMemory"; });

// What only the SQL adapter promises: tokens outlive the process.
TEST(SqlRefreshTokenStore, TokensSurviveReopeningTheDatabase) {
    ::ly::testing::TempFolder folder;
    auth::ManualClock clock{kStart};
    auto access = *auth::AccessTokens::Create(
        auth::AccessTokenConfig{std::string(32, 'k'), "ly", "ly-api", seconds(900), seconds(30)}, clock);
    std::string user_id;
    std::string refresh_token;
    {
        auto database = std::move(storage::OpenSqliteDatabase({.path = folder.path() / "ly.db"})).value();
        ASSERT_TRUE(storage::ApplyMigrations(*database, storage::SchemaMigrations()).ok());
        user_id = storage::UserRepository(*database, storage::SystemUnixMillis).Create("a@b.org", "h", "A")->id;
        SqlRefreshTokenStore store(*database, clock);
        auth::TokenService service(access, store, clock);
        refresh_token = service.IssueForLogin(user_id)->refresh_token;
        database->Close();
    }
    auto database = std::move(storage::OpenSqliteDatabase({.path = folder.path() / "ly.db"})).value();
    SqlRefreshTokenStore store(*database, clock);
    auth::TokenService service(access, store, clock);
    const auto refreshed = service.Refresh(refresh_token);
    ASSERT_TRUE(refreshed.ok()) << refreshed.error().message;
    EXPECT_EQ(access.Verify(refreshed->access_token)->user_id, user_id);
}

TEST(SqlRefreshTokenStore, ATokenOfAnUnknownUserIsRefused) {
    ::ly::testing::TempFolder folder;
    auth::ManualClock clock{kStart};
    auto database = std::move(storage::OpenSqliteDatabase({.path = folder.path() / "ly.db"})).value();
    ASSERT_TRUE(storage::ApplyMigrations(*database, storage::SchemaMigrations()).ok());
    SqlRefreshTokenStore store(*database, clock);
    RefreshTokenRecord record;
    record.token_hash = "h";
    record.family_id = "f";
    record.user_id = "no-such-user";
    record.expires_at = kStart + seconds(60);
    EXPECT_EQ(store.Insert(record).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ly::api
