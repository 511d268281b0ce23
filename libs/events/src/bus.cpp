#include "ly/events/bus.hpp"

#include "event_json.hpp"
#include "log_line.hpp"
#include "ly/events/event_types.hpp"
#include "pattern_internal.hpp"

namespace ly::events {

EventBus::EventBus(EventLog& log, BusOptions options) : log_(log), options_(options) {
    const int threads = std::max(1, options_.delivery_threads);
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
}

EventBus::~EventBus() {
    {
        std::lock_guard lock(rules_mutex_);
        for (const auto& rule : rules_) {
            for (const auto& target : rule->targets) target->Cancel();
        }
    }
    std::deque<Delivery> left;
    {
        std::lock_guard lock(queue_mutex_);
        stopping_ = true;
        left.swap(queue_);
    }
    queue_changed_.notify_all();
    for (std::thread& thread : threads_) thread.join();
    for (const Delivery& delivery : left) {
        internal::LogLine(
            "warning", "event.delivery_dropped",
            {{"rule", delivery.rule}, {"target", delivery.target->name()}, {"eventId", delivery.event.id}},
            "the bus stopped before this delivery; replay the rule to re-deliver it");
    }
}

Status EventBus::AddRule(Rule rule) {
    if (rule.name.empty()) return MakeError(ErrorCode::kInvalidArgument, "a rule needs a name");
    if (rule.targets.empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "rule \"" + rule.name + "\" has no targets");
    }
    for (const auto& target : rule.targets) {
        if (!target) return MakeError(ErrorCode::kInvalidArgument, "rule \"" + rule.name + "\" has a null target");
    }
    std::lock_guard lock(rules_mutex_);
    for (const auto& existing : rules_) {
        if (existing->name == rule.name) {
            return MakeError(ErrorCode::kConflict, "a rule named \"" + rule.name + "\" is already on the bus");
        }
    }
    rules_.push_back(std::make_shared<const Rule>(std::move(rule)));
    return Ok{};
}

Status EventBus::AddRule(std::string name, std::string_view pattern_json,
                         std::vector<std::shared_ptr<Target>> targets) {
    auto pattern = Pattern::Compile(pattern_json);
    if (!pattern) {
        return MakeError(pattern.error().code, "rule \"" + name + "\": " + pattern.error().message);
    }
    return AddRule(Rule{std::move(name), std::move(*pattern), std::move(targets)});
}

std::vector<std::string> EventBus::RuleNames() const {
    std::lock_guard lock(rules_mutex_);
    std::vector<std::string> names;
    for (const auto& rule : rules_) names.push_back(rule->name);
    return names;
}

Result<std::int64_t> EventBus::Publish(const Event& event) {
    if (auto valid = ValidateEvent(event); !valid) {
        internal::LogLine("error", "event.rejected", {{"eventId", event.id}, {"detailType", event.detail_type}},
                          valid.error().message);
        return valid.error();
    }
    auto seq = log_.Append(event);
    if (!seq) return seq.error();

    // Rules are copied out of the lock: a synchronous target may publish the next event (or add a rule).
    std::vector<std::shared_ptr<const Rule>> rules;
    {
        std::lock_guard lock(rules_mutex_);
        rules = rules_;
    }
    const boost::json::value envelope = internal::EventToJson(event);  // parsed once for every rule
    for (const auto& rule : rules) {
        if (internal::MatchesValue(rule->pattern, envelope)) Dispatch(*rule, event);
    }
    return *seq;
}

Result<int> EventBus::Replay(std::string_view rule_name, std::int64_t since_ms, std::optional<std::int64_t> until_ms) {
    std::shared_ptr<const Rule> rule;
    {
        std::lock_guard lock(rules_mutex_);
        for (const auto& candidate : rules_) {
            if (candidate->name == rule_name) rule = candidate;
        }
    }
    if (!rule) return MakeError(ErrorCode::kNotFound, "no rule named \"" + std::string(rule_name) + "\" on the bus");
    int matched = 0;
    std::int64_t after_seq = 0;
    while (true) {
        auto page = log_.ReadSinceTime(since_ms, until_ms, 500, after_seq);
        if (!page) return page.error();
        for (const LoggedEvent& logged : *page) {
            if (rule->pattern.Matches(logged.event)) {
                Dispatch(*rule, logged.event);
                ++matched;
            }
            after_seq = logged.seq;
        }
        if (page->size() < 500) break;
    }
    return matched;
}

void EventBus::Dispatch(const Rule& rule, const Event& event) {
    for (const auto& target : rule.targets) {
        Delivery delivery{rule.name, target, event};
        if (!target->asynchronous()) {
            DeliverNow(delivery);
            continue;
        }
        bool queued = false;
        {
            std::lock_guard lock(queue_mutex_);
            if (!stopping_ && queue_.size() < options_.max_queued) {
                queue_.push_back(std::move(delivery));
                queued = true;
            }
        }
        if (queued) {
            queue_changed_.notify_all();  // all: WaitForDeliveries waits on the same condition
        } else {
            internal::LogLine("error", "event.delivery_dropped",
                              {{"rule", rule.name}, {"target", target->name()}, {"eventId", event.id}},
                              "the delivery queue is full or the bus is stopping; replay the rule to re-deliver");
        }
    }
}

void EventBus::DeliverNow(const Delivery& delivery) {
    if (auto delivered = delivery.target->Deliver(delivery.event); !delivered) {
        internal::LogLine(
            "error", "event.delivery_failed",
            {{"rule", delivery.rule}, {"target", delivery.target->name()}, {"eventId", delivery.event.id}},
            delivered.error().message);
    }
}

void EventBus::Work() {
    while (true) {
        Delivery delivery;
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            delivery = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        DeliverNow(delivery);
        {
            std::lock_guard lock(queue_mutex_);
            --running_;
        }
        queue_changed_.notify_all();
    }
}

void EventBus::WaitForDeliveries() {
    std::unique_lock lock(queue_mutex_);
    queue_changed_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
}

}  // namespace ly::events
