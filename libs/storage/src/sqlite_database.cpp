#include "ly/storage/sqlite_database.hpp"

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ly::storage {
namespace {

// The statement's first words, enough for an operator to tell which one failed; never its parameters.
std::string Excerpt(std::string_view sql) {
    constexpr std::size_t kMax = 60;
    std::string out(sql.substr(0, kMax));
    for (char& c : out) {
        if (c == '\n' || c == '\t') c = ' ';
    }
    if (sql.size() > kMax) out += "…";
    return out;
}

Error SqliteError(sqlite3* handle, int code, std::string_view sql) {
    const int extended = handle != nullptr ? sqlite3_extended_errcode(handle) : code;
    const std::string detail = handle != nullptr ? sqlite3_errmsg(handle) : sqlite3_errstr(code);
    ErrorCode ours = ErrorCode::kInternal;
    if (extended == SQLITE_CONSTRAINT_UNIQUE || extended == SQLITE_CONSTRAINT_PRIMARYKEY) {
        ours = ErrorCode::kConflict;
    } else if ((extended & 0xff) == SQLITE_CONSTRAINT) {
        ours = ErrorCode::kInvalidArgument;
    } else {
        switch (extended & 0xff) {
            case SQLITE_BUSY:
            case SQLITE_LOCKED:
            case SQLITE_IOERR:
            case SQLITE_FULL:
            case SQLITE_CANTOPEN:
            case SQLITE_READONLY:
            case SQLITE_NOTADB:
            case SQLITE_CORRUPT:
            case SQLITE_PERM:
                ours = ErrorCode::kIo;
                break;
            default:
                break;
        }
    }
    return MakeError(ours, "database: " + detail + " (in \"" + Excerpt(sql) + "\")");
}

// One SQLite connection and its prepared statements, cached by SQL text so each statement is compiled once
// per connection.
struct Connection {
    sqlite3* handle = nullptr;
    std::unordered_map<std::string, sqlite3_stmt*> statements;

    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() {
        for (auto& [sql, statement] : statements) sqlite3_finalize(statement);
        if (handle != nullptr) sqlite3_close_v2(handle);
    }

    Result<sqlite3_stmt*> Prepare(std::string_view sql) {
        std::string key(sql);
        if (auto found = statements.find(key); found != statements.end()) return found->second;
        sqlite3_stmt* statement = nullptr;
        const char* tail = nullptr;
        const int rc = sqlite3_prepare_v3(handle, key.c_str(), static_cast<int>(key.size()) + 1,
                                          SQLITE_PREPARE_PERSISTENT, &statement, &tail);
        if (rc != SQLITE_OK) return SqliteError(handle, rc, sql);
        if (statement == nullptr) return MakeError(ErrorCode::kInternal, "database: empty statement");
        for (; tail != nullptr && *tail != '\0'; ++tail) {
            if (*tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r' && *tail != ';') {
                sqlite3_finalize(statement);
                return MakeError(ErrorCode::kInternal,
                                 "database: one statement per call (in \"" + Excerpt(sql) + "\")");
            }
        }
        statements.emplace(std::move(key), statement);
        return statement;
    }

    Status Bind(sqlite3_stmt* statement, const Params& params, std::string_view sql) {
        if (sqlite3_bind_parameter_count(statement) != static_cast<int>(params.size())) {
            return MakeError(ErrorCode::kInternal, "database: statement takes " +
                                                       std::to_string(sqlite3_bind_parameter_count(statement)) +
                                                       " parameters, given " + std::to_string(params.size()) +
                                                       " (in \"" + Excerpt(sql) + "\")");
        }
        for (std::size_t i = 0; i < params.size(); ++i) {
            const int index = static_cast<int>(i) + 1;
            const Value& value = params[i];
            int rc = SQLITE_OK;
            if (std::holds_alternative<std::nullptr_t>(value)) {
                rc = sqlite3_bind_null(statement, index);
            } else if (const auto* integer = std::get_if<std::int64_t>(&value)) {
                rc = sqlite3_bind_int64(statement, index, *integer);
            } else if (const auto* real = std::get_if<double>(&value)) {
                rc = sqlite3_bind_double(statement, index, *real);
            } else if (const auto* text = std::get_if<std::string>(&value)) {
                rc = sqlite3_bind_text64(statement, index, text->data(), text->size(), SQLITE_STATIC, SQLITE_UTF8);
            } else if (const auto* blob = std::get_if<Blob>(&value)) {
                rc = sqlite3_bind_blob64(statement, index, blob->bytes.data(), blob->bytes.size(), SQLITE_STATIC);
            }
            if (rc != SQLITE_OK) return SqliteError(handle, rc, sql);
        }
        return Ok{};
    }

    static Value Column(sqlite3_stmt* statement, int column) {
        switch (sqlite3_column_type(statement, column)) {
            case SQLITE_INTEGER:
                return static_cast<std::int64_t>(sqlite3_column_int64(statement, column));
            case SQLITE_FLOAT:
                return sqlite3_column_double(statement, column);
            case SQLITE_TEXT: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
                return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement, column)));
            }
            case SQLITE_BLOB: {
                const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement, column));
                const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, column));
                return Blob{bytes != nullptr ? std::string(bytes, size) : std::string()};
            }
            default:
                return nullptr;
        }
    }

    // Runs one statement; rows are collected when `rows` is given. Answers the rows changed.
    Result<std::int64_t> Run(std::string_view sql, const Params& params, std::vector<Row>* rows) {
        auto statement = Prepare(sql);
        if (!statement) return statement.error();
        sqlite3_stmt* stmt = *statement;
        // Reset whatever happens, so the cached statement releases its read snapshot and parameters.
        struct ResetOnExit {
            sqlite3_stmt* stmt;
            ~ResetOnExit() {
                sqlite3_reset(stmt);
                sqlite3_clear_bindings(stmt);
            }
        } reset{stmt};
        if (auto bound = Bind(stmt, params, sql); !bound) return bound.error();
        const int columns = sqlite3_column_count(stmt);
        while (true) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE) break;
            if (rc != SQLITE_ROW) return SqliteError(handle, rc, sql);
            if (rows == nullptr) continue;
            std::vector<Value> values;
            values.reserve(static_cast<std::size_t>(columns));
            for (int c = 0; c < columns; ++c) values.push_back(Column(stmt, c));
            rows->emplace_back(std::move(values));
        }
        return static_cast<std::int64_t>(sqlite3_changes64(handle));
    }

    Status ExecuteScript(const std::string& sql) {
        char* message = nullptr;
        const int rc = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
        sqlite3_free(message);  // sqlite3_errmsg() says the same
        if (rc != SQLITE_OK) return SqliteError(handle, rc, sql);
        return Ok{};
    }
};

class SqliteDatabase;

// A connection borrowed from the pool, given back when the lease ends.
class Lease {
  public:
    Lease(SqliteDatabase* owner, Connection* connection) : owner_(owner), connection_(connection) {}
    Lease(Lease&& other) noexcept
        : owner_(std::exchange(other.owner_, nullptr)), connection_(std::exchange(other.connection_, nullptr)) {}
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

  private:
    SqliteDatabase* owner_;
    Connection* connection_;
};

// An asynchronous commit on a synchronous=FULL database: the connection is switched to NORMAL for the one
// write (under the write lock) and back afterwards. Setting the pragma does no I/O.
constexpr char kAsyncCommit[] = "PRAGMA synchronous = NORMAL";
constexpr char kSyncCommit[] = "PRAGMA synchronous = FULL";

class SqliteTransaction final : public Transaction {
  public:
    SqliteTransaction(std::unique_lock<std::mutex> write_lock, Lease lease, std::atomic<std::thread::id>& writer,
                      bool restore_sync_commit)
        : write_lock_(std::move(write_lock)),
          lease_(std::move(lease)),
          writer_(writer),
          restore_sync_commit_(restore_sync_commit) {
        writer_ = std::this_thread::get_id();
    }
    ~SqliteTransaction() override {
        if (!finished_) (void)lease_->ExecuteScript("ROLLBACK");
        if (restore_sync_commit_) (void)lease_->ExecuteScript(kSyncCommit);
        writer_ = std::thread::id();  // before the members release the write lock
    }

    Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
        if (finished_) return Finished();
        std::vector<Row> rows;
        if (auto run = lease_->Run(sql, params, &rows); !run) return run.error();
        return rows;
    }

    Result<std::int64_t> Execute(std::string_view sql, const Params& params) override {
        if (finished_) return Finished();
        return lease_->Run(sql, params, nullptr);
    }

    Status Commit() override {
        if (finished_) return Finished();
        finished_ = true;
        if (auto committed = lease_->ExecuteScript("COMMIT"); !committed) {
            (void)lease_->ExecuteScript("ROLLBACK");
            return committed.error();
        }
        return Ok{};
    }

  private:
    static Error Finished() { return MakeError(ErrorCode::kInternal, "database: the transaction has ended"); }

    std::unique_lock<std::mutex> write_lock_;  // held for the transaction's life: one writer at a time
    Lease lease_;
    std::atomic<std::thread::id>& writer_;
    bool restore_sync_commit_;
    bool finished_ = false;
};

class SqliteDatabase final : public Database {
  public:
    SqliteDatabase(std::vector<std::unique_ptr<Connection>> connections, bool synchronous_full)
        : synchronous_full_(synchronous_full), async_commit_(*this), connections_(std::move(connections)) {
        for (auto& connection : connections_) idle_.push_back(connection.get());
    }
    ~SqliteDatabase() override { Close(); }

    Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
        if (auto outside = RefuseInsideTransaction(sql); !outside) return outside.error();
        auto lease = Acquire();
        if (!lease) return lease.error();
        std::vector<Row> rows;
        if (auto run = (*lease)->Run(sql, params, &rows); !run) return run.error();
        return rows;
    }

    Result<std::int64_t> Execute(std::string_view sql, const Params& params) override {
        return Write(sql, params, false);
    }
    Result<std::unique_ptr<Transaction>> Begin() override { return BeginWrite(false); }
    Database& AsyncCommit() override { return async_commit_; }

    void Close() override {
        std::unique_lock lock(pool_mutex_);
        if (closed_) return;
        closed_ = true;
        // Statements in flight finish first; new ones are refused.
        pool_changed_.wait(lock, [&] { return idle_.size() == connections_.size(); });
        idle_.clear();
        // The last connection to close checkpoints the WAL into the main file.
        connections_.clear();
    }

    void Release(Connection* connection) {
        {
            std::lock_guard lock(pool_mutex_);
            idle_.push_back(connection);
        }
        pool_changed_.notify_all();
    }

  private:
    // Writes through Execute/Begin (sync commit) and the AsyncCommit() view.
    Result<std::int64_t> Write(std::string_view sql, const Params& params, bool async_commit) {
        if (auto outside = RefuseInsideTransaction(sql); !outside) return outside.error();
        std::unique_lock write_lock(write_mutex_);
        auto lease = Acquire();
        if (!lease) return lease.error();
        const bool switched = async_commit && synchronous_full_;
        if (switched) {
            if (auto set = (*lease)->ExecuteScript(kAsyncCommit); !set) return set.error();
        }
        auto changed = (*lease)->Run(sql, params, nullptr);
        if (switched) (void)(*lease)->ExecuteScript(kSyncCommit);
        return changed;
    }

    Result<std::unique_ptr<Transaction>> BeginWrite(bool async_commit) {
        if (auto outside = RefuseInsideTransaction("BEGIN"); !outside) return outside.error();
        std::unique_lock write_lock(write_mutex_);
        auto lease = Acquire();
        if (!lease) return lease.error();
        const bool switched = async_commit && synchronous_full_;
        if (switched) {
            if (auto set = (**lease).ExecuteScript(kAsyncCommit); !set) return set.error();
        }
        // IMMEDIATE takes the write lock now, so a transaction that reads then writes cannot fail halfway with
        // SQLITE_BUSY on the upgrade.
        if (auto begun = (**lease).ExecuteScript("BEGIN IMMEDIATE"); !begun) {
            if (switched) (void)(**lease).ExecuteScript(kSyncCommit);
            return begun.error();
        }
        return std::unique_ptr<Transaction>(
            new SqliteTransaction(std::move(write_lock), std::move(*lease), writer_, switched));
    }

    // A thread with an open transaction that runs a statement on the Database would wait for its own
    // transaction (the write lock, or with one connection the connection): answer an error instead of hanging.
    Status RefuseInsideTransaction(std::string_view sql) const {
        if (writer_.load() != std::this_thread::get_id()) return Ok{};
        return MakeError(ErrorCode::kInternal, "database: this thread has a transaction open; run \"" + Excerpt(sql) +
                                                   "\" through the transaction");
    }

    Result<Lease> Acquire() {
        std::unique_lock lock(pool_mutex_);
        pool_changed_.wait(lock, [&] { return closed_ || !idle_.empty(); });
        if (closed_) return MakeError(ErrorCode::kInternal, "database: used after it was closed");
        Connection* connection = idle_.back();
        idle_.pop_back();
        return Lease(this, connection);
    }

    // AsyncCommit(): the same pool, its writes committed without an fsync each.
    class AsyncCommitView final : public Database {
      public:
        explicit AsyncCommitView(SqliteDatabase& database) : database_(database) {}
        Result<std::vector<Row>> Query(std::string_view sql, const Params& params) override {
            return database_.Query(sql, params);
        }
        Result<std::int64_t> Execute(std::string_view sql, const Params& params) override {
            return database_.Write(sql, params, true);
        }
        Result<std::unique_ptr<Transaction>> Begin() override { return database_.BeginWrite(true); }
        Database& AsyncCommit() override { return *this; }
        void Close() override { database_.Close(); }

      private:
        SqliteDatabase& database_;
    };

    const bool synchronous_full_;
    AsyncCommitView async_commit_;
    std::mutex write_mutex_;
    std::atomic<std::thread::id> writer_{};  // the thread holding a transaction, if any
    std::mutex pool_mutex_;
    std::condition_variable pool_changed_;
    std::vector<std::unique_ptr<Connection>> connections_;
    std::vector<Connection*> idle_;
    bool closed_ = false;
};

Lease::~Lease() {
    if (owner_ != nullptr) owner_->Release(connection_);
}

Result<std::unique_ptr<Connection>> OpenConnection(const SqliteOptions& options, bool first) {
    auto connection = std::make_unique<Connection>();
    const std::string path = options.path.string();
    // NOMUTEX: the pool gives a connection to one thread at a time, so SQLite's own per-connection mutex is
    // redundant.
    const int rc = sqlite3_open_v2(path.c_str(), &connection->handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        Error error = SqliteError(connection->handle, rc, "open");
        error.message = "cannot open the database " + path + ": " + error.message;
        return error;
    }
    sqlite3_extended_result_codes(connection->handle, 1);
    sqlite3_busy_timeout(connection->handle, static_cast<int>(options.busy_timeout.count()));
    std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = ";
    pragmas += options.synchronous_full ? "FULL;" : "NORMAL;";
    if (first) {
        // WAL is a property of the file: set once, kept by every later connection and process.
        std::vector<Row> rows;
        auto mode = connection->Run("PRAGMA journal_mode = WAL", {}, &rows);
        if (!mode) {
            Error error = mode.error();
            error.message = "cannot open the database " + path + ": " + error.message;
            return error;
        }
        if (rows.empty() || rows.front().Text(0) != "wal") {
            return MakeError(ErrorCode::kIo,
                             "cannot switch the database " + path + " to WAL mode (is it on a network file system?)");
        }
    }
    if (auto set = connection->ExecuteScript(pragmas); !set) {
        Error error = set.error();
        error.message = "cannot open the database " + path + ": " + error.message;
        return error;
    }
    return connection;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteDatabase(const SqliteOptions& options) {
    if (options.path.empty()) return MakeError(ErrorCode::kInvalidArgument, "database: no file path given");
    if (options.connections < 1) {
        return MakeError(ErrorCode::kInvalidArgument, "database: the pool needs at least one connection");
    }
    if (options.path.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(options.path.parent_path(), ec);
        if (ec) {
            return MakeError(ErrorCode::kIo, "cannot create the data folder " + options.path.parent_path().string() +
                                                 ": " + ec.message());
        }
    }
    std::vector<std::unique_ptr<Connection>> connections;
    for (int i = 0; i < options.connections; ++i) {
        auto connection = OpenConnection(options, i == 0);
        if (!connection) return connection.error();
        connections.push_back(std::move(*connection));
    }
    return std::unique_ptr<Database>(new SqliteDatabase(std::move(connections), options.synchronous_full));
}

}  // namespace ly::storage
