// An execution's history: the events an interpreter appends before each step takes effect, and the HistoryStore
// port it appends them through. Replaying a history answers every step already taken (durable execution).
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::workflow {

enum class EventType {
    kExecutionStarted,    // payload: {"input"}
    kStateEntered,        // state; payload: {"input"}
    kStateExited,         // state; payload: {"output"}
    kTaskScheduled,       // state; payload: {"resource","input","attempt"[, "token"]}
    kTaskSucceeded,       // state; payload: {"output"}
    kTaskFailed,          // state; payload: {"error","cause"}
    kWaitStarted,         // state; payload: {"until"} (Unix ms); also a retry's back-off
    kCallbackRequested,   // state; payload: {"token"}: the callback function ran, the execution waits
    kExecutionSucceeded,  // payload: {"output"}
    kExecutionFailed,     // payload: {"error","cause"}
};

std::string_view EventTypeName(EventType type);
std::optional<EventType> ParseEventType(std::string_view name);

struct HistoryEvent {
    std::string execution_id;
    std::int64_t seq = 0;  // 1, 2, 3 … within the execution, in the order appended
    EventType type = EventType::kExecutionStarted;
    std::string state;  // the state's name; empty for execution events
    // Where in the machine: "" at the top level, "Fan/0" in the first branch of Parallel state "Fan",
    // "Fan/0/Pages/3" in item 3 of Map state "Pages" inside it. Events of one path happen in sequence,
    // which is what makes replay deterministic when branches run concurrently.
    std::string path;
    boost::json::value payload;
    std::int64_t at_ms = 0;  // when it was recorded (Unix ms)
};

// What SendTaskSuccess / SendTaskFailure recorded for a callback token.
struct CallbackOutcome {
    bool succeeded = false;
    boost::json::value output;
    std::string error;
    std::string cause;
};

// Where an execution's history lives. An adapter may hold appended events back until Flush, which makes them all
// durable in one go: the interpreter flushes before every step with an effect outside the history (a task runs,
// a wait or a callback suspends the execution, the execution ends). Events lost with a crash before a flush are
// the deterministic ones between two such steps, which the replay records again. An adapter may refuse an append
// or a flush (kConflict) when the caller no longer owns the execution (its lease passed to another worker); the
// interpreter then stops without taking the step.
class HistoryStore {
  public:
    virtual ~HistoryStore() = default;
    virtual Result<std::vector<HistoryEvent>> Events(std::string_view execution_id) = 0;
    // Assigns seq; keeps at_ms as given.
    virtual Result<HistoryEvent> Append(HistoryEvent event) = 0;
    // Makes every event appended so far durable.
    virtual Status Flush() { return Ok{}; }
    // The outcome sent for a callback token, or nullopt while none arrived.
    virtual Result<std::optional<CallbackOutcome>> Callback(std::string_view token) = 0;
    // When SendTaskHeartbeat last reached this token's task (nullopt: never), for HeartbeatSeconds.
    virtual Result<std::optional<std::int64_t>> LastHeartbeat(std::string_view token) = 0;
};

}  // namespace ly::workflow
