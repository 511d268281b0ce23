#include <boost/json.hpp>
#include <cstring>

#include "ly/base/sha256.hpp"
#include "ly/workflow/execution_store.hpp"

namespace ly::workflow {
namespace json = boost::json;
using storage::Params;
using storage::Row;
using storage::Value;

std::string_view ExecutionStatusName(ExecutionStatus status) {
    switch (status) {
        case ExecutionStatus::kRunning:
            return "running";
        case ExecutionStatus::kWaiting:
            return "waiting";
        case ExecutionStatus::kSucceeded:
            return "succeeded";
        case ExecutionStatus::kFailed:
            return "failed";
    }
    return "failed";
}

namespace {

constexpr std::string_view kColumns =
    "id, state_machine, status, input, output, error, cause, seed, wake_at, created_at, updated_at";

ExecutionStatus ParseStatus(std::string_view text) {
    if (text == "waiting") return ExecutionStatus::kWaiting;
    if (text == "succeeded") return ExecutionStatus::kSucceeded;
    if (text == "failed") return ExecutionStatus::kFailed;
    return ExecutionStatus::kRunning;
}

json::value ParseJson(const std::string& text) {
    if (text.empty()) return nullptr;
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    return ec ? json::value(nullptr) : value;
}

// The seed is 64 random bits; SQL integers are signed, so it is stored bit for bit.
std::int64_t SeedToSql(std::uint64_t seed) {
    std::int64_t out = 0;
    std::memcpy(&out, &seed, sizeof out);
    return out;
}
std::uint64_t SeedFromSql(std::int64_t value) {
    std::uint64_t out = 0;
    std::memcpy(&out, &value, sizeof out);
    return out;
}

ExecutionRecord ToRecord(const Row& row) {
    ExecutionRecord record;
    record.id = row.Text(0);
    record.state_machine = row.Text(1);
    record.status = ParseStatus(row.Text(2));
    record.input = ParseJson(row.Text(3));
    record.output = ParseJson(row.Text(4));
    record.error = row.Text(5);
    record.cause = row.Text(6);
    record.seed = SeedFromSql(row.Int(7));
    record.wake_at_ms = row.OptionalInt(8);
    record.created_at_ms = row.Int(9);
    record.updated_at_ms = row.Int(10);
    return record;
}

Value Text(std::string_view text) { return std::string(text); }

Error LeaseLost(std::string_view id) {
    return MakeError(ErrorCode::kConflict, "execution " + std::string(id) + " is no longer leased to this worker");
}

}  // namespace

Status SqlExecutionStore::Create(const ExecutionRecord& record) {
    auto inserted = engine_writes_.Execute(
        "INSERT INTO executions (id, state_machine, status, input, seed, created_at, updated_at) "
        "VALUES (?, ?, 'running', ?, ?, ?, ?)",
        {record.id, record.state_machine, json::serialize(record.input), SeedToSql(record.seed), record.created_at_ms,
         record.updated_at_ms});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kConflict) {
            return MakeError(ErrorCode::kConflict, "execution " + record.id + " exists already");
        }
        return inserted.error();
    }
    return Ok{};
}

Result<ExecutionRecord> SqlExecutionStore::Get(std::string_view id) {
    auto row = database_.QueryOne("SELECT " + std::string(kColumns) + " FROM executions WHERE id = ?", {Text(id)},
                                  "execution not found");
    if (!row) return row.error();
    return ToRecord(*row);
}

Result<std::optional<ExecutionRecord>> SqlExecutionStore::LeaseRunnable(std::string_view worker, std::int64_t now_ms,
                                                                        std::int64_t lease_until_ms) {
    auto transaction = engine_writes_.Begin();
    if (!transaction) return transaction.error();
    auto& tx = **transaction;
    auto found = tx.Query(
        "SELECT id FROM executions WHERE "
        "(status = 'running' AND (lease_until IS NULL OR lease_until <= ?)) OR "
        "(status = 'waiting' AND (callback_ready = 1 OR (wake_at IS NOT NULL AND wake_at <= ?))) "
        "ORDER BY updated_at, id LIMIT 1",
        {now_ms, now_ms});
    if (!found) return found.error();
    if (found->empty()) return std::optional<ExecutionRecord>();
    const std::string id = found->front().Text(0);
    auto leased = tx.Execute(
        "UPDATE executions SET status = 'running', lease_owner = ?, lease_until = ?, callback_ready = 0, "
        "wake_at = NULL, updated_at = ? WHERE id = ?",
        {Text(worker), lease_until_ms, now_ms, id});
    if (!leased) return leased.error();
    auto row =
        tx.QueryOne("SELECT " + std::string(kColumns) + " FROM executions WHERE id = ?", {id}, "execution not found");
    if (!row) return row.error();
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return std::optional<ExecutionRecord>(ToRecord(*row));
}

Status SqlExecutionStore::RenewLease(std::string_view id, std::string_view worker, std::int64_t now_ms,
                                     std::int64_t lease_until_ms) {
    auto changed = engine_writes_.Execute(
        "UPDATE executions SET lease_until = ? WHERE id = ? AND lease_owner = ? AND lease_until > ? "
        "AND status = 'running'",
        {lease_until_ms, Text(id), Text(worker), now_ms});
    if (!changed) return changed.error();
    if (*changed == 0) return LeaseLost(id);
    return Ok{};
}

Status SqlExecutionStore::Finish(std::string_view id, std::string_view worker, const RunOutcome& outcome,
                                 std::int64_t now_ms) {
    Result<std::int64_t> changed = std::int64_t{0};
    const Params owner_params = {Text(id), Text(worker)};
    switch (outcome.status) {
        case RunOutcome::Status::kSucceeded:
            changed = engine_writes_.Execute(
                "UPDATE executions SET status = 'succeeded', output = ?, lease_owner = NULL, lease_until = NULL, "
                "wake_at = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
                {json::serialize(outcome.output), now_ms, Text(id), Text(worker)});
            break;
        case RunOutcome::Status::kFailed:
            changed = engine_writes_.Execute(
                "UPDATE executions SET status = 'failed', error = ?, cause = ?, lease_owner = NULL, "
                "lease_until = NULL, wake_at = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
                {outcome.error, outcome.cause, now_ms, Text(id), Text(worker)});
            break;
        case RunOutcome::Status::kWaiting: {
            Value wake = outcome.wake_at_ms ? Value(*outcome.wake_at_ms) : Value(nullptr);
            changed = engine_writes_.Execute(
                "UPDATE executions SET status = 'waiting', wake_at = ?, lease_owner = NULL, lease_until = NULL, "
                "updated_at = ? WHERE id = ? AND lease_owner = ?",
                {wake, now_ms, Text(id), Text(worker)});
            break;
        }
        case RunOutcome::Status::kStopped:
            changed = engine_writes_.Execute(
                "UPDATE executions SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?",
                owner_params);
            break;
    }
    if (!changed) return changed.error();
    if (*changed == 0) return LeaseLost(id);
    return Ok{};
}

Result<std::vector<HistoryEvent>> SqlExecutionStore::Events(std::string_view execution_id) {
    auto rows = database_.Query(
        "SELECT seq, type, state, path, payload, at FROM execution_events WHERE execution_id = ? ORDER BY seq",
        {Text(execution_id)});
    if (!rows) return rows.error();
    std::vector<HistoryEvent> events;
    for (const Row& row : *rows) {
        auto type = ParseEventType(row.Text(1));
        if (!type) {
            return MakeError(ErrorCode::kInternal,
                             "execution " + std::string(execution_id) + " has an event of unknown type " + row.Text(1));
        }
        events.push_back(HistoryEvent{std::string(execution_id), row.Int(0), *type, row.Text(2), row.Text(3),
                                      ParseJson(row.Text(4)), row.Int(5)});
    }
    return events;
}

Status SqlExecutionStore::AppendLeased(const std::vector<HistoryEvent>& events, std::string_view worker,
                                       std::int64_t now_ms, std::int64_t lease_until_ms) {
    if (events.empty()) return Ok{};
    const std::string& execution_id = events.front().execution_id;
    auto transaction = engine_writes_.Begin();
    if (!transaction) return transaction.error();
    auto& tx = **transaction;
    auto leased = tx.Execute(
        "UPDATE executions SET lease_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ? AND lease_until > ?",
        {lease_until_ms, now_ms, execution_id, Text(worker), now_ms});
    if (!leased) return leased.error();
    if (*leased == 0) return LeaseLost(execution_id);
    auto last = tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM execution_events WHERE execution_id = ?", {execution_id},
                            "no events");
    if (!last) return last.error();
    if (events.front().seq != last->Int(0) + 1) {
        return MakeError(ErrorCode::kConflict, "execution " + execution_id + " has events up to " +
                                                   std::to_string(last->Int(0)) + "; an append numbered from " +
                                                   std::to_string(events.front().seq) + " does not follow them");
    }
    for (const HistoryEvent& event : events) {
        auto inserted = tx.Execute(
            "INSERT INTO execution_events (execution_id, seq, type, state, path, payload, at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            {event.execution_id, event.seq, Text(EventTypeName(event.type)), event.state, event.path,
             json::serialize(event.payload), event.at_ms});
        if (!inserted) return inserted.error();
        if (event.type != EventType::kTaskScheduled) continue;
        const auto* object = event.payload.if_object();
        const auto* token = object != nullptr ? object->if_contains("token") : nullptr;
        if (token == nullptr || !token->is_string()) continue;
        auto registered = tx.Execute(
            "INSERT INTO callback_tokens (token_hash, execution_id, state, status, created_at) "
            "VALUES (?, ?, ?, 'pending', ?)",
            {Sha256Hex(token->as_string()), event.execution_id, event.state, now_ms});
        if (!registered) return registered.error();
    }
    return tx.Commit();
}

Result<std::optional<CallbackOutcome>> SqlExecutionStore::Callback(std::string_view token) {
    auto rows = database_.Query("SELECT status, output, error, cause FROM callback_tokens WHERE token_hash = ?",
                                {Sha256Hex(token)});
    if (!rows) return rows.error();
    if (rows->empty() || rows->front().Text(0) == "pending") return std::optional<CallbackOutcome>();
    const Row& row = rows->front();
    return std::optional<CallbackOutcome>(
        CallbackOutcome{row.Text(0) == "succeeded", ParseJson(row.Text(1)), row.Text(2), row.Text(3)});
}

Result<std::optional<std::int64_t>> SqlExecutionStore::LastHeartbeat(std::string_view token) {
    auto rows = database_.Query("SELECT heartbeat_at FROM callback_tokens WHERE token_hash = ?", {Sha256Hex(token)});
    if (!rows) return rows.error();
    if (rows->empty()) return std::optional<std::int64_t>();
    return rows->front().OptionalInt(0);
}

Status SqlExecutionStore::RecordHeartbeat(std::string_view token, std::int64_t now_ms) {
    const std::string hash = Sha256Hex(token);
    auto changed = database_.Execute(
        "UPDATE callback_tokens SET heartbeat_at = ? WHERE token_hash = ? AND status = 'pending'", {now_ms, hash});
    if (!changed) return changed.error();
    if (*changed == 1) return Ok{};
    auto exists = database_.Query("SELECT 1 FROM callback_tokens WHERE token_hash = ?", {hash});
    if (!exists) return exists.error();
    if (exists->empty()) return MakeError(ErrorCode::kNotFound, "no task waits for this token");
    return MakeError(ErrorCode::kConflict, "the task of this token was completed already");
}

Result<std::string> SqlExecutionStore::CompleteCallback(std::string_view token, const CallbackOutcome& outcome,
                                                        std::int64_t now_ms) {
    const std::string hash = Sha256Hex(token);
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    auto& tx = **transaction;
    auto row = tx.QueryOne("SELECT execution_id, status FROM callback_tokens WHERE token_hash = ?", {hash},
                           "no task waits for this token");
    if (!row) return row.error();
    if (row->Text(1) != "pending") {
        return MakeError(ErrorCode::kConflict, "the task of this token was completed already");
    }
    const std::string execution_id = row->Text(0);
    Value output = outcome.succeeded ? Value(json::serialize(outcome.output)) : Value(nullptr);
    auto completed = tx.Execute(
        "UPDATE callback_tokens SET status = ?, output = ?, error = ?, cause = ?, completed_at = ? WHERE token_hash = "
        "?",
        {std::string(outcome.succeeded ? "succeeded" : "failed"), output, outcome.error, outcome.cause, now_ms, hash});
    if (!completed) return completed.error();
    auto ready = tx.Execute(
        "UPDATE executions SET callback_ready = 1, updated_at = ? WHERE id = ? AND status IN ('running', 'waiting')",
        {now_ms, execution_id});
    if (!ready) return ready.error();
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return execution_id;
}

}  // namespace ly::workflow
