#include "ly/storage/migrations.hpp"

#include <chrono>

namespace ly::storage {
namespace {

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Error InMigration(const Migration& migration, const Error& error) {
    return MakeError(error.code, "schema migration " + std::to_string(migration.version) + " (" + migration.name +
                                     ") failed and was rolled back: " + error.message);
}

}  // namespace

const std::vector<Migration>& SchemaMigrations() {
    static const std::vector<Migration> kMigrations = {
        {1,
         "users, refresh tokens, documents, timetables, timeblocks",
         {
             R"(CREATE TABLE users (
                    id TEXT PRIMARY KEY,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    name TEXT NOT NULL,
                    created_at BIGINT NOT NULL))",
             R"(CREATE TABLE refresh_tokens (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    family_id TEXT NOT NULL,
                    expires_at BIGINT NOT NULL,
                    revoked_at BIGINT,
                    replaced_by TEXT,
                    created_at BIGINT NOT NULL))",
             "CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id)",
             "CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id)",
             // sha256 stays NULL until the bytes arrive (a pre-signed upload creates the row first).
             R"(CREATE TABLE documents (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    size BIGINT NOT NULL CHECK (size >= 0),
                    sha256 TEXT,
                    status TEXT NOT NULL
                        CHECK (status IN ('pending', 'processing', 'completed', 'needs_review', 'failed')),
                    error TEXT,
                    object_key TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL))",
             // Listing a user's documents newest first, with and without a status filter; finding work by status.
             "CREATE INDEX documents_by_owner ON documents (user_id, created_at DESC, id DESC)",
             "CREATE INDEX documents_by_owner_status ON documents (user_id, status, created_at DESC, id DESC)",
             "CREATE INDEX documents_by_status ON documents (status, created_at)",
             R"(CREATE TABLE timetables (
                    id TEXT PRIMARY KEY,
                    document_id TEXT NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    metadata TEXT NOT NULL,
                    confidence DOUBLE PRECISION NOT NULL,
                    route TEXT NOT NULL,
                    warnings TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL))",
             "CREATE INDEX timetables_by_owner ON timetables (user_id, created_at DESC, id DESC)",
             // Times are checked by the domain's validation (as warnings); the table only refuses nonsense.
             R"(CREATE TABLE timeblocks (
                    id TEXT PRIMARY KEY,
                    timetable_id TEXT NOT NULL REFERENCES timetables(id) ON DELETE CASCADE,
                    day TEXT NOT NULL,
                    start_minutes BIGINT NOT NULL CHECK (start_minutes >= 0),
                    end_minutes BIGINT CHECK (end_minutes IS NULL OR end_minutes >= 0),
                    name TEXT NOT NULL,
                    notes TEXT NOT NULL,
                    confidence DOUBLE PRECISION NOT NULL,
                    position BIGINT NOT NULL))",
             "CREATE INDEX timeblocks_by_timetable ON timeblocks (timetable_id, position)",
         }},
        {2,
         "reviews (human in the loop), notifications sent",
         {
             // One review per document: the draft the teacher corrects and the token that resumes its execution.
             R"(CREATE TABLE reviews (
                    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    task_token TEXT NOT NULL,
                    draft TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('waiting', 'submitted')),
                    created_at BIGINT NOT NULL,
                    submitted_at BIGINT))",
             "CREATE INDEX reviews_by_owner ON reviews (user_id, status, created_at DESC)",
             // A notification is sent once per document and kind, whatever replays or restarts happen.
             R"(CREATE TABLE notifications_sent (
                    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    sent_at BIGINT NOT NULL,
                    PRIMARY KEY (document_id, kind)))",
         }},
        // libs/events: the append-only event log. seq orders events for "since" reads; user_id (the detail's
        // userId) lets a reconnecting WebSocket client replay only its own events.
        {3,
         "events (the event bus's append-only log)",
         {
             R"(CREATE TABLE events (
                    seq INTEGER PRIMARY KEY AUTOINCREMENT,
                    id TEXT NOT NULL UNIQUE,
                    detail_type TEXT NOT NULL,
                    source TEXT NOT NULL,
                    user_id TEXT,
                    time BIGINT NOT NULL,
                    body TEXT NOT NULL))",
             "CREATE INDEX events_by_user ON events (user_id, seq)",
             "CREATE INDEX events_by_time ON events (time, seq)",
         }},
        {4,
         "websocket connections",
         {
             // Who is listening on /ws (one row per open connection, dropped when it closes, expiring after 24 h).
             R"(CREATE TABLE websocket_connections (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL,
                    connected_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL))",
             "CREATE INDEX websocket_connections_by_user ON websocket_connections (user_id)",
         }},
        {5,
         "workflow executions, their history and callback tokens (libs/workflow)",
         {
             // A worker holds a lease (lease_owner until lease_until) while it runs an execution; a waiting one is
             // runnable again when wake_at passes or a callback arrives (callback_ready).
             R"(CREATE TABLE executions (
                    id TEXT PRIMARY KEY,
                    state_machine TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('running', 'waiting', 'succeeded', 'failed')),
                    input TEXT NOT NULL,
                    output TEXT,
                    error TEXT,
                    cause TEXT,
                    seed BIGINT NOT NULL,
                    lease_owner TEXT,
                    lease_until BIGINT,
                    wake_at BIGINT,
                    callback_ready BIGINT NOT NULL DEFAULT 0,
                    created_at BIGINT NOT NULL,
                    updated_at BIGINT NOT NULL))",
             "CREATE INDEX executions_by_status ON executions (status, updated_at)",
             R"(CREATE TABLE execution_events (
                    execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    seq BIGINT NOT NULL,
                    type TEXT NOT NULL,
                    state TEXT NOT NULL,
                    path TEXT NOT NULL,
                    payload TEXT NOT NULL,
                    at BIGINT NOT NULL,
                    PRIMARY KEY (execution_id, seq)))",
             // Tokens are looked up by their SHA-256 so the table alone does not let anyone complete a task.
             R"(CREATE TABLE callback_tokens (
                    token_hash TEXT PRIMARY KEY,
                    execution_id TEXT NOT NULL REFERENCES executions(id) ON DELETE CASCADE,
                    state TEXT NOT NULL,
                    status TEXT NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
                    output TEXT,
                    error TEXT,
                    cause TEXT,
                    heartbeat_at BIGINT,
                    created_at BIGINT NOT NULL,
                    completed_at BIGINT))",
             "CREATE INDEX callback_tokens_by_execution ON callback_tokens (execution_id)",
         }},
        {6,
         "calendar feeds (private, revocable .ics subscription URLs)",
         {
             // Only the token's SHA-256 is kept: the feed URL is shown once, and the table alone opens no feed. A
             // revoked feed keeps its row (revoked_at) so its token can never match again.
             R"(CREATE TABLE calendar_feeds (
                    id TEXT PRIMARY KEY,
                    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                    timetable_id TEXT NOT NULL REFERENCES timetables(id) ON DELETE CASCADE,
                    token_hash TEXT NOT NULL UNIQUE,
                    created_at BIGINT NOT NULL,
                    revoked_at BIGINT))",
             "CREATE INDEX calendar_feeds_by_timetable ON calendar_feeds (timetable_id, created_at)",
         }},
    };
    return kMigrations;
}

Result<std::int64_t> ApplyMigrations(Database& database, const std::vector<Migration>& migrations) {
    for (std::size_t i = 0; i < migrations.size(); ++i) {
        if (migrations[i].version != static_cast<std::int64_t>(i) + 1) {
            return MakeError(ErrorCode::kInternal, "schema migrations must be numbered 1, 2, 3, … without gaps");
        }
    }
    auto created = database.Execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
    if (!created) return created.error();

    auto current = database.QueryOne("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, "no version");
    if (!current) return current.error();
    const std::int64_t known = static_cast<std::int64_t>(migrations.size());
    if (current->Int(0) > known) {
        return MakeError(ErrorCode::kConflict, "the database is at schema version " + std::to_string(current->Int(0)) +
                                                   " but this program knows versions up to " + std::to_string(known) +
                                                   ": run the newer program, or point this one at another data folder");
    }

    for (const Migration& migration : migrations) {
        if (migration.version <= current->Int(0)) continue;
        auto transaction = database.Begin();
        if (!transaction) return InMigration(migration, transaction.error());
        Transaction& tx = **transaction;
        // Another process may have applied it since we looked; the write lock of Begin() makes this check safe.
        auto applied = tx.Query("SELECT 1 FROM schema_migrations WHERE version = ?", {migration.version});
        if (!applied) return InMigration(migration, applied.error());
        if (!applied->empty()) continue;
        for (const std::string& statement : migration.statements) {
            if (auto run = tx.Execute(statement); !run) return InMigration(migration, run.error());
        }
        auto recorded = tx.Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                                   {migration.version, migration.name, NowMs()});
        if (!recorded) return InMigration(migration, recorded.error());
        if (auto committed = tx.Commit(); !committed) return InMigration(migration, committed.error());
    }
    return known;
}

}  // namespace ly::storage
