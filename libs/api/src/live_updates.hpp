// Inside libs/api: the target that pushes a document event to its owner's open pages (/ws), for the service's
// "websocket" rule (event_rules.cpp).
#pragma once

#include <memory>

#include "ly/events/target.hpp"
#include "ly/transport/websocket_hub.hpp"

namespace ly::api {

// A synchronous target: queueing a message on the hub does not block.
std::shared_ptr<events::Target> WebSocketPushTarget(std::shared_ptr<transport::WebSocketHub> hub);

}  // namespace ly::api
