// The event bus: Publish checks an event against its schema, appends it to the event log, then delivers it to the
// targets of every rule whose pattern matches; Replay re-delivers logged events to one rule.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"
#include "ly/events/event_log.hpp"
#include "ly/events/pattern.hpp"
#include "ly/events/target.hpp"

namespace ly::events {

struct Rule {
    std::string name;  // unique on a bus; `ly events replay --rule NAME`
    Pattern pattern;
    std::vector<std::shared_ptr<Target>> targets;
};

struct BusOptions {
    int delivery_threads = 2;         // for asynchronous targets (webhooks)
    std::size_t max_queued = 10'000;  // deliveries waiting for a thread; beyond it they are dropped (logged)
};

// Delivery semantics. The log is the source of truth: an event is appended before any target sees it, and an
// event that fails its schema is neither logged nor delivered. Synchronous targets (FunctionTarget) run in the
// publishing thread, in rule order, before Publish returns; asynchronous targets (webhooks) are queued to the
// delivery threads, so a slow receiver never blocks Publish. Each target gets the event at least once per
// publish or replay while the process runs (webhooks retry); a failure is logged (one JSON line on stderr) and
// does not fail Publish. Deliveries still queued when the bus stops, or dropped because the queue was full, are
// logged with the event id: replay the rule to re-deliver them. Targets must tolerate duplicates (replays).
class EventBus {
  public:
    // The log (and its database) must outlive the bus.
    explicit EventBus(EventLog& log, BusOptions options = {});
    // Stops: cancels retries in progress, waits for the delivery threads, logs deliveries left in the queue.
    ~EventBus();
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    // kConflict when a rule of that name exists; kInvalidArgument for an empty name, no targets or a null one.
    Status AddRule(Rule rule);
    // Compiles the pattern first (its errors are kInvalidArgument naming the bad part).
    Status AddRule(std::string name, std::string_view pattern_json, std::vector<std::shared_ptr<Target>> targets);
    std::vector<std::string> RuleNames() const;

    // Validates (event_types.hpp), appends to the log, delivers. Answers the event's seq in the log. A malformed
    // event or an unknown detail-type is kInvalidArgument with every violation, logged as "event.rejected".
    // Publishing an event whose id is already logged is kConflict and delivers nothing (a retrying producer).
    Result<std::int64_t> Publish(const Event& event);

    // Re-delivers the logged events with since_ms <= time (< until_ms) that match the rule, in log order, to the
    // rule's targets; answers how many events matched. kNotFound for an unknown rule. Asynchronous deliveries
    // are queued: WaitForDeliveries() before exiting a command.
    Result<int> Replay(std::string_view rule_name, std::int64_t since_ms,
                       std::optional<std::int64_t> until_ms = std::nullopt);

    // Blocks until no delivery is queued or running.
    void WaitForDeliveries();

  private:
    struct Delivery {
        std::string rule;
        std::shared_ptr<Target> target;
        Event event;
    };

    void Dispatch(const Rule& rule, const Event& event);
    void DeliverNow(const Delivery& delivery);
    void Work();

    EventLog& log_;
    BusOptions options_;

    mutable std::mutex rules_mutex_;
    std::vector<std::shared_ptr<const Rule>> rules_;

    std::mutex queue_mutex_;
    std::condition_variable queue_changed_;
    std::deque<Delivery> queue_;
    int running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace ly::events
