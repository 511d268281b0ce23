// The Database port: SQL with positional `?` parameters, typed values in and out, and RAII transactions.
// Adapters: SQLite (sqlite_database.hpp) now; a PostgreSQL adapter implements the same interface later.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::storage {

// SQL written against this port is dialect-neutral:
// - parameters are positional and written `?` (SQLite takes them as they are; the PostgreSQL adapter rewrites
//   them to $1, $2, … outside quoted literals before preparing);
// - column types are the common subset: TEXT, BIGINT, DOUBLE PRECISION, BLOB (bytea in PostgreSQL);
// - timestamps are BIGINT Unix milliseconds, booleans are BIGINT 0/1, ids are TEXT (UUID v4 form).

struct Blob {
    std::string bytes;  // raw bytes; a distinct type so a blob is never bound as text
    bool operator==(const Blob&) const = default;
};

// One SQL value. The alternatives are SQL NULL, INTEGER (64-bit), REAL, TEXT and BLOB.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string, Blob>;
using Params = std::vector<Value>;

// A row of a result, read by column position (the order of the SELECT list).
// Reading a column as the wrong type is a programming error: integers read as doubles are widened, everything
// else asserts in debug builds and yields a zero value in release builds.
class Row {
  public:
    explicit Row(std::vector<Value> values) : values_(std::move(values)) {}

    std::size_t size() const { return values_.size(); }
    const Value& at(std::size_t column) const { return values_.at(column); }

    bool IsNull(std::size_t column) const;
    std::int64_t Int(std::size_t column) const;
    double Real(std::size_t column) const;
    std::string Text(std::size_t column) const;  // NULL reads as ""
    Blob Bytes(std::size_t column) const;
    std::optional<std::int64_t> OptionalInt(std::size_t column) const;
    std::optional<std::string> OptionalText(std::size_t column) const;

  private:
    std::vector<Value> values_;
};

// Where statements run: the database itself (each statement on its own) or a transaction.
class Session {
  public:
    virtual ~Session() = default;

    // Runs a statement that returns rows (SELECT, or a write with RETURNING).
    virtual Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;
    // Runs a statement without rows; answers how many rows it changed.
    virtual Result<std::int64_t> Execute(std::string_view sql, const Params& params = {}) = 0;

    // The first row of a query, or kNotFound with `what_for_not_found` ("document not found") as its message.
    Result<Row> QueryOne(std::string_view sql, const Params& params, std::string_view what_for_not_found);
};

// A write transaction. Commit() makes it durable; destroying it without Commit() rolls it back, so an early
// `return error;` can never leave half a change behind. Statements inside a transaction must go through it,
// never through the Database (which would wait for the transaction's own lock).
class Transaction : public Session {
  public:
    virtual Status Commit() = 0;
};

// Failure mapping shared by adapters: a UNIQUE violation is kConflict, other constraint failures (CHECK,
// FOREIGN KEY, NOT NULL) kInvalidArgument, a lock held too long kIo, anything else kInternal. Messages name the
// statement's table or constraint, never the parameter values (they may hold secrets).
class Database : public Session {
  public:
    // Starts a write transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: BEGIN).
    virtual Result<std::unique_ptr<Transaction>> Begin() = 0;
    // The same database for writes that can be redone, committed without waiting for the disk (SQLite:
    // synchronous=NORMAL for them; PostgreSQL: synchronous_commit=off). They survive a killed process; a power
    // cut may lose the last of them — never a later durable commit's, which flushes everything before it. Reads
    // are the same either way. Lives as long as this database.
    virtual Database& AsyncCommit() = 0;
    // Waits for statements in flight, then closes every connection. Later calls answer an error. Idempotent.
    virtual void Close() = 0;
};

}  // namespace ly::storage
