#include "ly/storage/sqlite_database.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "ly/storage/ids.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::storage {
namespace {

std::unique_ptr<Database> Open(const std::filesystem::path& path, int connections = 4) {
    auto db = OpenSqliteDatabase({.path = path, .connections = connections});
    EXPECT_TRUE(db.ok()) << (db.ok() ? "" : db.error().message);
    return std::move(db).value();
}

TEST(SqliteDatabase, TypedValuesRoundTrip) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "data" / "ly.db");
    ASSERT_TRUE(db->Execute("CREATE TABLE t (i BIGINT, r DOUBLE PRECISION, s TEXT, b BLOB, n TEXT)").ok());
    const std::string binary("a\0b\xff", 4);
    auto inserted = db->Execute("INSERT INTO t VALUES (?, ?, ?, ?, ?)",
                                {std::int64_t{1} << 40, 2.5, std::string("héllo"), Blob{binary}, nullptr});
    ASSERT_TRUE(inserted.ok());
    EXPECT_EQ(*inserted, 1);
    auto rows = db->Query("SELECT i, r, s, b, n FROM t");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    const Row& row = rows->front();
    EXPECT_EQ(row.Int(0), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(row.Real(1), 2.5);
    EXPECT_EQ(row.Text(2), "héllo");
    EXPECT_EQ(row.Bytes(3).bytes, binary);
    EXPECT_TRUE(row.IsNull(4));
    EXPECT_FALSE(row.OptionalText(4).has_value());
    EXPECT_EQ(row.OptionalInt(0), std::int64_t{1} << 40);
}

TEST(SqliteDatabase, SettingsAreWalWithForeignKeys) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    auto mode = db->QueryOne("PRAGMA journal_mode", {}, "");
    ASSERT_TRUE(mode.ok());
    EXPECT_EQ(mode->Text(0), "wal");
    // Every pooled connection has foreign keys on: ask several times from several threads.
    std::vector<std::thread> threads;
    std::atomic<int> on{0};
    for (int i = 0; i < 8; ++i) {
        threads.emplace_back([&] {
            auto fk = db->QueryOne("PRAGMA foreign_keys", {}, "");
            if (fk.ok() && fk->Int(0) == 1) ++on;
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(on.load(), 8);
}

TEST(SqliteDatabase, ErrorsAreTypedAndKeepValuesOut) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    ASSERT_TRUE(db->Execute("CREATE TABLE t (k TEXT UNIQUE, n BIGINT CHECK (n > 0))").ok());
    ASSERT_TRUE(db->Execute("INSERT INTO t VALUES (?, ?)", {std::string("secret-value"), std::int64_t{1}}).ok());
    auto duplicate = db->Execute("INSERT INTO t VALUES (?, ?)", {std::string("secret-value"), std::int64_t{2}});
    ASSERT_FALSE(duplicate.ok());
    EXPECT_EQ(duplicate.error().code, ErrorCode::kConflict);
    EXPECT_EQ(duplicate.error().message.find("secret-value"), std::string::npos);
    auto check = db->Execute("INSERT INTO t VALUES (?, ?)", {std::string("other"), std::int64_t{0}});
    ASSERT_FALSE(check.ok());
    EXPECT_EQ(check.error().code, ErrorCode::kInvalidArgument);
    auto syntax = db->Query("SELEC nothing");
    ASSERT_FALSE(syntax.ok());
    EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);
    auto arity = db->Query("SELECT ?", {});
    ASSERT_FALSE(arity.ok());
    auto two = db->Execute("DELETE FROM t; DELETE FROM t");
    ASSERT_FALSE(two.ok());
    auto missing = db->QueryOne("SELECT k FROM t WHERE k = ?", {std::string("nobody")}, "no such row");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(missing.error().message, "no such row");
}

TEST(SqliteDatabase, TransactionCommitsOrRollsBack) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    ASSERT_TRUE(db->Execute("CREATE TABLE t (n BIGINT)").ok());
    {
        auto tx = db->Begin();
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (1)").ok());
        // Dropped without Commit(): rolled back.
    }
    {
        auto tx = db->Begin();
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (2)").ok());
        auto inside = (*tx)->QueryOne("SELECT COUNT(*) FROM t", {}, "");
        ASSERT_TRUE(inside.ok());
        EXPECT_EQ(inside->Int(0), 1);
        ASSERT_TRUE((*tx)->Commit().ok());
        EXPECT_FALSE((*tx)->Execute("INSERT INTO t VALUES (3)").ok());  // ended
        EXPECT_FALSE((*tx)->Commit().ok());
    }
    auto rows = db->Query("SELECT n FROM t");
    ASSERT_TRUE(rows.ok());
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->front().Int(0), 2);
}

TEST(SqliteDatabase, DataSurvivesCloseAndReopen) {
    ::ly::testing::TempFolder folder;
    const auto path = folder.path() / "ly.db";
    {
        auto db = Open(path);
        ASSERT_TRUE(ApplyMigrations(*db, SchemaMigrations()).ok());
        ASSERT_TRUE(
            db->Execute("INSERT INTO users (id, email, password_hash, name, created_at) VALUES (?, ?, ?, ?, ?)",
                        {std::string("u1"), std::string("a@b.c"), std::string("h"), std::string("A"), std::int64_t{5}})
                .ok());
        db->Close();
        db->Close();  // idempotent
        EXPECT_FALSE(db->Query("SELECT 1").ok());
        EXPECT_FALSE(db->Begin().ok());
    }
    // Closed cleanly: the WAL was checkpointed into the main file and removed.
    EXPECT_FALSE(std::filesystem::exists(folder.path() / "ly.db-wal"));
    auto db = Open(path);
    auto version = ApplyMigrations(*db, SchemaMigrations());
    ASSERT_TRUE(version.ok());
    auto row = db->QueryOne("SELECT email, created_at FROM users WHERE id = ?", {std::string("u1")}, "gone");
    ASSERT_TRUE(row.ok()) << row.error().message;
    EXPECT_EQ(row->Text(0), "a@b.c");
    EXPECT_EQ(row->Int(1), 5);
}

// AsyncCommit() writes land like any other and survive a reopen; the connection they borrowed goes back to
// synchronous=FULL for the next durable write.
TEST(SqliteDatabase, AsyncCommitWritesLandAndLeaveTheConnectionDurable) {
    ::ly::testing::TempFolder folder;
    const auto path = folder.path() / "ly.db";
    {
        auto db = Open(path, 1);
        ASSERT_TRUE(db->Execute("CREATE TABLE t (i BIGINT)").ok());
        Database& async = db->AsyncCommit();
        ASSERT_TRUE(async.Execute("INSERT INTO t VALUES (1)").ok());
        auto transaction = async.Begin();
        ASSERT_TRUE(transaction.ok());
        ASSERT_TRUE((*transaction)->Execute("INSERT INTO t VALUES (2)").ok());
        ASSERT_TRUE((*transaction)->Commit().ok());
        transaction->reset();
        auto rolled_back = async.Begin();
        ASSERT_TRUE(rolled_back.ok());
        ASSERT_TRUE((*rolled_back)->Execute("INSERT INTO t VALUES (3)").ok());
        rolled_back->reset();  // no Commit: rolled back

        auto synchronous = db->Query("PRAGMA synchronous");
        ASSERT_TRUE(synchronous.ok());
        EXPECT_EQ(synchronous->front().Int(0), 2);  // FULL
        EXPECT_EQ(async.Query("SELECT COUNT(*) FROM t")->front().Int(0), 2);
    }
    auto reopened = Open(path, 1);
    EXPECT_EQ(reopened->Query("SELECT SUM(i) FROM t")->front().Int(0), 3);
}

TEST(SqliteDatabase, ConcurrentWritersAllLand) {
    ::ly::testing::TempFolder folder;
    for (int connections : {1, 4}) {
        auto db = Open(folder.path() / ("w" + std::to_string(connections) + ".db"), connections);
        ASSERT_TRUE(db->Execute("CREATE TABLE t (thread BIGINT, n BIGINT)").ok());
        constexpr int kThreads = 6;
        constexpr int kWrites = 50;
        std::atomic<int> failures{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int n = 0; n < kWrites; ++n) {
                    if (n % 2 == 0) {
                        if (!db->Execute("INSERT INTO t VALUES (?, ?)", {std::int64_t{t}, std::int64_t{n}}).ok())
                            ++failures;
                    } else {
                        auto tx = db->Begin();
                        if (!tx.ok()) {
                            ++failures;
                            continue;
                        }
                        auto count = (*tx)->QueryOne("SELECT COUNT(*) FROM t", {}, "");
                        if (!count.ok() ||
                            !(*tx)->Execute("INSERT INTO t VALUES (?, ?)", {std::int64_t{t}, std::int64_t{n}}).ok() ||
                            !(*tx)->Commit().ok())
                            ++failures;
                    }
                    if (!db->Query("SELECT COUNT(*) FROM t").ok()) ++failures;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        EXPECT_EQ(failures.load(), 0);
        auto total = db->QueryOne("SELECT COUNT(*) FROM t", {}, "");
        ASSERT_TRUE(total.ok());
        EXPECT_EQ(total->Int(0), kThreads * kWrites);
    }
}

TEST(SqliteDatabase, TwoProcessesWorthOfConnectionsShareTheFile) {
    // A second Database on the same file (as a second process would open) waits on the busy timeout.
    ::ly::testing::TempFolder folder;
    auto first = Open(folder.path() / "ly.db");
    auto second = Open(folder.path() / "ly.db");
    ASSERT_TRUE(first->Execute("CREATE TABLE t (n BIGINT)").ok());
    auto tx = first->Begin();
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (1)").ok());
    std::thread committer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        (void)(*tx)->Commit();
    });
    EXPECT_TRUE(second->Execute("INSERT INTO t VALUES (2)").ok());
    committer.join();
    auto count = second->QueryOne("SELECT COUNT(*) FROM t", {}, "");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->Int(0), 2);
}

TEST(SqliteDatabase, RefusesAFileThatIsNotADatabase) {
    ::ly::testing::TempFolder folder;
    const auto path = folder.path() / "ly.db";
    {
        std::FILE* file = std::fopen(path.c_str(), "wb");
        std::fputs("this is not a database, just text long enough to have a header.......", file);
        std::fclose(file);
    }
    auto db = OpenSqliteDatabase({.path = path});
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.error().code, ErrorCode::kIo);
    EXPECT_NE(db.error().message.find(path.string()), std::string::npos);
}

TEST(Migrations, AppliedOnceAndNewerDatabaseIsRefused) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    auto first = ApplyMigrations(*db, SchemaMigrations());
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(*first, static_cast<std::int64_t>(SchemaMigrations().size()));
    auto again = ApplyMigrations(*db, SchemaMigrations());
    ASSERT_TRUE(again.ok());
    auto count = db->QueryOne("SELECT COUNT(*) FROM schema_migrations", {}, "");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->Int(0), static_cast<std::int64_t>(SchemaMigrations().size()));

    std::vector<Migration> newer = SchemaMigrations();
    newer.push_back({static_cast<std::int64_t>(newer.size()) + 1, "a column", {"ALTER TABLE users ADD COLUMN x TEXT"}});
    ASSERT_TRUE(ApplyMigrations(*db, newer).ok());
    auto refused = ApplyMigrations(*db, SchemaMigrations());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
    EXPECT_NE(refused.error().message.find("newer program"), std::string::npos);
}

TEST(Migrations, AFailingMigrationIsRolledBackWhole) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    std::vector<Migration> migrations = {
        {1, "good", {"CREATE TABLE a (n BIGINT)"}},
        {2, "half good", {"CREATE TABLE b (n BIGINT)", "CREATE TABLE broken ("}},
    };
    auto applied = ApplyMigrations(*db, migrations);
    ASSERT_FALSE(applied.ok());
    EXPECT_NE(applied.error().message.find("migration 2"), std::string::npos);
    EXPECT_TRUE(db->Query("SELECT n FROM a").ok());
    EXPECT_FALSE(db->Query("SELECT n FROM b").ok());
    auto version = db->QueryOne("SELECT MAX(version) FROM schema_migrations", {}, "");
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(version->Int(0), 1);
}

TEST(Migrations, SchemaRefusesAnUnknownStatus) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    ASSERT_TRUE(ApplyMigrations(*db, SchemaMigrations()).ok());
    ASSERT_TRUE(db->Execute("INSERT INTO users VALUES ('u', 'e', 'h', 'n', 0)").ok());
    auto bad = db->Execute(
        "INSERT INTO documents (id, user_id, filename, content_type, size, status, object_key, created_at, "
        "updated_at) VALUES ('d', 'u', 'f', 'c', 1, 'lost', 'k', 0, 0)");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
    auto orphan = db->Execute(
        "INSERT INTO documents (id, user_id, filename, content_type, size, status, object_key, created_at, "
        "updated_at) VALUES ('d', 'nobody', 'f', 'c', 1, 'pending', 'k', 0, 0)");
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, ErrorCode::kInvalidArgument);
}

TEST(Ids, AreRandomUuidV4) {
    auto a = NewId();
    auto b = NewId();
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
    EXPECT_TRUE(IsId(*a)) << *a;
    EXPECT_EQ(a->size(), 36u);
    EXPECT_EQ((*a)[14], '4');
    EXPECT_FALSE(IsId("not-an-id"));
    EXPECT_FALSE(IsId("0F8FAD5B-D9CB-469F-A165-70867728950E"));
    EXPECT_FALSE(IsId("0f8fad5b-d9cb-169f-a165-70867728950e"));
}

}  // namespace
}  // namespace ly::storage

namespace ly::storage {
namespace {

TEST(SqliteDatabase, AStatementBesideItsOwnTransactionIsRefusedNotHung) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db", 1);
    ASSERT_TRUE(db->Execute("CREATE TABLE t (n BIGINT)").ok());
    {
        auto tx = db->Begin();
        ASSERT_TRUE(tx.ok());
        EXPECT_EQ(db->Query("SELECT n FROM t").error().code, ErrorCode::kInternal);
        EXPECT_EQ(db->Execute("INSERT INTO t VALUES (1)").error().code, ErrorCode::kInternal);
        EXPECT_EQ(db->Begin().error().code, ErrorCode::kInternal);
        ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (1)").ok());
        ASSERT_TRUE((*tx)->Commit().ok());
    }
    // Once the transaction is gone the thread may use the database again.
    auto count = db->QueryOne("SELECT COUNT(*) FROM t", {}, "");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->Int(0), 1);
}

TEST(SqliteDatabase, CloseWaitsForATransactionInFlight) {
    ::ly::testing::TempFolder folder;
    auto db = Open(folder.path() / "ly.db");
    ASSERT_TRUE(db->Execute("CREATE TABLE t (n BIGINT)").ok());
    std::atomic<bool> begun{false};
    std::thread writer([&] {
        auto tx = db->Begin();
        ASSERT_TRUE(tx.ok());
        begun = true;
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        ASSERT_TRUE((*tx)->Execute("INSERT INTO t VALUES (1)").ok());
        ASSERT_TRUE((*tx)->Commit().ok());
    });
    while (!begun) std::this_thread::yield();
    db->Close();  // returns only once the transaction has ended
    writer.join();
    auto reopened = Open(folder.path() / "ly.db");
    auto count = reopened->QueryOne("SELECT COUNT(*) FROM t", {}, "");
    ASSERT_TRUE(count.ok());
    EXPECT_EQ(count->Int(0), 1);
}

}  // namespace
}  // namespace ly::storage
