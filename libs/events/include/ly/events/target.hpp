// Where a rule sends matching events: the Target interface and FunctionTarget (a function called with the
// event — the service starts a workflow or pushes to WebSocket clients with it). Webhooks: webhook_target.hpp.
#pragma once

#include <functional>
#include <string>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"

namespace ly::events {

class Target {
  public:
    virtual ~Target() = default;

    // Delivers one event. An error is logged by the bus with the rule's and the target's names; the event stays
    // in the log, so it can be replayed. May be called from several threads at once.
    virtual Status Deliver(const Event& event) = 0;

    // A name for logs ("start-workflow", "webhook:partner"); never a URL or a secret.
    virtual std::string name() const = 0;

    // True for targets that may be slow (network): the bus then delivers on its delivery threads, so Publish
    // never waits for them. False: delivered in the publishing thread before Publish returns.
    virtual bool asynchronous() const { return false; }

    // Asks deliveries in progress to give up soon (the bus is stopping). Default: nothing to interrupt.
    virtual void Cancel() {}
};

// Calls a function. Synchronous by default (cheap work such as queueing a workflow start or a WebSocket message);
// pass asynchronous = true for work that may block.
class FunctionTarget : public Target {
  public:
    using Function = std::function<Status(const Event&)>;

    FunctionTarget(std::string name, Function function, bool asynchronous = false)
        : name_(std::move(name)), function_(std::move(function)), asynchronous_(asynchronous) {}

    Status Deliver(const Event& event) override { return function_(event); }
    std::string name() const override { return name_; }
    bool asynchronous() const override { return asynchronous_; }

  private:
    std::string name_;
    Function function_;
    bool asynchronous_;
};

}  // namespace ly::events
