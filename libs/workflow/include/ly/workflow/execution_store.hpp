// Where executions live between runs: the ExecutionStore port (rows, history, leases, callback tokens) and its
// SQLite adapter over libs/storage's Database (tables from storage's migration 2).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/storage/database.hpp"
#include "ly/workflow/history.hpp"
#include "ly/workflow/interpreter.hpp"

namespace ly::workflow {

enum class ExecutionStatus { kRunning, kWaiting, kSucceeded, kFailed };
std::string_view ExecutionStatusName(ExecutionStatus status);  // "running", "waiting", "succeeded", "failed"

struct ExecutionRecord {
    std::string id;
    std::string state_machine;
    ExecutionStatus status = ExecutionStatus::kRunning;
    boost::json::value input;
    boost::json::value output;  // null until it succeeds
    std::string error;
    std::string cause;
    std::uint64_t seed = 0;
    std::optional<std::int64_t> wake_at_ms;  // waiting: when a timer wakes it
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

// Every method that changes a leased execution takes the worker holding the lease and fails with kConflict when
// that worker no longer holds it (its lease expired and another worker took the execution over).
class ExecutionStore {
  public:
    virtual ~ExecutionStore() = default;

    // kConflict when the id exists already.
    virtual Status Create(const ExecutionRecord& record) = 0;
    virtual Result<ExecutionRecord> Get(std::string_view id) = 0;

    // Takes one runnable execution: running without a live lease (new, or its worker died), or waiting with its
    // wake time passed or a callback arrived. nullopt when none is.
    virtual Result<std::optional<ExecutionRecord>> LeaseRunnable(std::string_view worker, std::int64_t now_ms,
                                                                 std::int64_t lease_until_ms) = 0;
    virtual Status RenewLease(std::string_view id, std::string_view worker, std::int64_t now_ms,
                              std::int64_t lease_until_ms) = 0;
    // Records how a run ended (succeeded, failed, waiting; stopped just releases) and releases the lease.
    virtual Status Finish(std::string_view id, std::string_view worker, const RunOutcome& outcome,
                          std::int64_t now_ms) = 0;

    virtual Result<std::vector<HistoryEvent>> Events(std::string_view execution_id) = 0;
    // Appends events, numbered by the caller from the last recorded seq + 1, in one transaction, only while
    // `worker` holds a live lease, and extends it to lease_until_ms. kConflict when the numbering does not follow
    // the recorded history or the lease is lost. A TaskScheduled event carrying a "token" registers that callback
    // token in the same transaction.
    virtual Status AppendLeased(const std::vector<HistoryEvent>& events, std::string_view worker, std::int64_t now_ms,
                                std::int64_t lease_until_ms) = 0;

    virtual Result<std::optional<CallbackOutcome>> Callback(std::string_view token) = 0;
    virtual Result<std::optional<std::int64_t>> LastHeartbeat(std::string_view token) = 0;
    // Notes that a callback task is alive (SendTaskHeartbeat). kNotFound / kConflict as for CompleteCallback.
    virtual Status RecordHeartbeat(std::string_view token, std::int64_t now_ms) = 0;
    // Records a callback's outcome once and makes its execution runnable; answers the execution's id.
    // kNotFound for an unknown token, kConflict when the token was completed already.
    virtual Result<std::string> CompleteCallback(std::string_view token, const CallbackOutcome& outcome,
                                                 std::int64_t now_ms) = 0;
};

// The SQLite (any Database port) adapter. Needs storage's schema migrations applied (SchemaMigrations()).
// The engine's own writes (executions, leases, history) commit asynchronously (Database::AsyncCommit): a power
// cut can only lose steps that the replay takes again. A callback's outcome answers a caller, so it is durable.
class SqlExecutionStore : public ExecutionStore {
  public:
    explicit SqlExecutionStore(storage::Database& database)
        : database_(database), engine_writes_(database.AsyncCommit()) {}

    Status Create(const ExecutionRecord& record) override;
    Result<ExecutionRecord> Get(std::string_view id) override;
    Result<std::optional<ExecutionRecord>> LeaseRunnable(std::string_view worker, std::int64_t now_ms,
                                                         std::int64_t lease_until_ms) override;
    Status RenewLease(std::string_view id, std::string_view worker, std::int64_t now_ms,
                      std::int64_t lease_until_ms) override;
    Status Finish(std::string_view id, std::string_view worker, const RunOutcome& outcome,
                  std::int64_t now_ms) override;
    Result<std::vector<HistoryEvent>> Events(std::string_view execution_id) override;
    Status AppendLeased(const std::vector<HistoryEvent>& events, std::string_view worker, std::int64_t now_ms,
                        std::int64_t lease_until_ms) override;
    Result<std::optional<CallbackOutcome>> Callback(std::string_view token) override;
    Result<std::optional<std::int64_t>> LastHeartbeat(std::string_view token) override;
    Status RecordHeartbeat(std::string_view token, std::int64_t now_ms) override;
    Result<std::string> CompleteCallback(std::string_view token, const CallbackOutcome& outcome,
                                         std::int64_t now_ms) override;

  private:
    storage::Database& database_;
    storage::Database& engine_writes_;
};

}  // namespace ly::workflow
