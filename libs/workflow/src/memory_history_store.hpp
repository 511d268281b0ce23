// An in-memory HistoryStore for tests of the interpreter: events in a vector, callbacks in a map.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ly/workflow/history.hpp"

namespace ly::workflow {

class MemoryHistoryStore : public HistoryStore {
  public:
    Result<std::vector<HistoryEvent>> Events(std::string_view execution_id) override {
        std::lock_guard lock(mutex_);
        std::vector<HistoryEvent> out;
        for (const auto& event : events_) {
            if (event.execution_id == execution_id) out.push_back(event);
        }
        return out;
    }
    Result<HistoryEvent> Append(HistoryEvent event) override {
        std::lock_guard lock(mutex_);
        if (fail_appends_after_ >= 0 && static_cast<int>(events_.size()) >= fail_appends_after_) {
            return MakeError(ErrorCode::kIo, "the test's store refuses appends now");
        }
        event.seq = static_cast<std::int64_t>(events_.size()) + 1;
        events_.push_back(event);
        return event;
    }
    Result<std::optional<CallbackOutcome>> Callback(std::string_view token) override {
        std::lock_guard lock(mutex_);
        auto found = callbacks_.find(std::string(token));
        if (found == callbacks_.end()) return std::optional<CallbackOutcome>();
        return std::optional<CallbackOutcome>(found->second);
    }

    Result<std::optional<std::int64_t>> LastHeartbeat(std::string_view token) override {
        std::lock_guard lock(mutex_);
        auto found = heartbeats_.find(std::string(token));
        if (found == heartbeats_.end()) return std::optional<std::int64_t>();
        return std::optional<std::int64_t>(found->second);
    }
    void Heartbeat(const std::string& token, std::int64_t at_ms) {
        std::lock_guard lock(mutex_);
        heartbeats_[token] = at_ms;
    }

    void Complete(const std::string& token, CallbackOutcome outcome) {
        std::lock_guard lock(mutex_);
        callbacks_[token] = std::move(outcome);
    }
    void Seed(std::vector<HistoryEvent> events) {
        std::lock_guard lock(mutex_);
        events_ = std::move(events);
    }
    std::vector<HistoryEvent> All() {
        std::lock_guard lock(mutex_);
        return events_;
    }
    // From the n-th event on, appends fail: the "process" dies before the step takes effect.
    void FailAppendsAfter(int count) {
        std::lock_guard lock(mutex_);
        fail_appends_after_ = count;
    }

  private:
    std::mutex mutex_;
    std::vector<HistoryEvent> events_;
    std::map<std::string, CallbackOutcome> callbacks_;
    std::map<std::string, std::int64_t> heartbeats_;
    int fail_appends_after_ = -1;
};

}  // namespace ly::workflow
