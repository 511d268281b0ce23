// The WebSocket endpoint /ws: its options (the hooks the layers above fill in) and the hub of live
// connections by user, through which any thread pushes JSON text to a user's browsers.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::transport {

class WebSocketHub;

// One open WebSocket connection, as the hooks see it.
struct WebSocketClient {
    std::string user_id;        // what WebSocketOptions::authenticate returned
    std::string connection_id;  // 16 random hex digits, unique per connection
    std::chrono::system_clock::time_point connected_at;
};

struct WebSocketOptions {
    // /ws is served only when this is set: the access token of `?token=` (browsers cannot set headers on a
    // WebSocket) → the user id, or an error (kUnauthenticated: 401, before any upgrade). Runs on an I/O thread.
    std::function<Result<std::string>(std::string_view token)> authenticate;
    // Where the connections are registered; the composition root makes it and shares it with whoever pushes.
    std::shared_ptr<WebSocketHub> hub;
    // After the upgrade, and once when the connection ends (for connection records). On an I/O thread: keep
    // them short.
    std::function<void(const WebSocketClient&)> on_connect;
    std::function<void(const WebSocketClient&)> on_disconnect;
    // A client's message: a JSON object with a string "type" (anything else closes the connection with 1008),
    // e.g. {"type":"resume","since":"<event id>"}. The reply, if any, goes to this connection only, after what
    // was queued before it. Runs on the worker pool, one message of a connection at a time.
    std::function<std::optional<std::string>(const WebSocketClient&, std::string_view text)> on_message;
    // With nothing heard from the client for half of this, the server pings; with still nothing (no pong, no
    // message) when the other half has passed, it drops the connection.
    std::chrono::milliseconds idle_timeout{60'000};
    std::size_t max_message_bytes = 4 * 1024;  // a client message over this closes with 1009
    std::size_t max_connections_per_user = 8;  // more: 429 before the upgrade
    // Messages waiting to be written to one connection; a client so slow that more pile up is disconnected
    // rather than let memory grow.
    std::size_t max_queued_messages = 256;
};

class WebSocketPeer;  // a connection as the server implements it (src/websocket_session.cpp)

// The live connections by user id. Thread-safe: pushes may come from any thread; each connection writes on its
// own I/O thread through its own bounded queue.
class WebSocketHub {
  public:
    WebSocketHub() = default;
    WebSocketHub(const WebSocketHub&) = delete;
    WebSocketHub& operator=(const WebSocketHub&) = delete;

    // Queues `json_text` as a text frame on every open connection of the user; returns how many.
    std::size_t Push(std::string_view user_id, std::string json_text);

    // Open connections: all, or the user's.
    std::size_t Count() const;
    std::size_t Count(std::string_view user_id) const;

    // Closes every connection of the user (close code 1008, e.g. after a logout or a deleted account); returns
    // how many.
    std::size_t Close(std::string_view user_id);

    // The server is stopping: closes every connection with 1001 (going away) and refuses new ones.
    void CloseAll();

    // For the server (src/websocket_session.cpp): a connection joins unless the user already has `max_per_user`
    // or the hub is closed; it leaves when it ends.
    enum class JoinOutcome { kJoined, kUserFull, kHubClosed };
    JoinOutcome Join(const std::string& user_id, const std::shared_ptr<WebSocketPeer>& peer, std::size_t max_per_user);
    void Leave(const std::string& user_id, const WebSocketPeer* peer);

  private:
    std::vector<std::shared_ptr<WebSocketPeer>> PeersOf(std::string_view user_id) const;

    mutable std::mutex mutex_;
    std::map<std::string, std::vector<std::weak_ptr<WebSocketPeer>>, std::less<>> peers_;  // guarded by mutex_
    std::size_t count_ = 0;                                                                // guarded by mutex_
    bool closed_ = false;                                                                  // guarded by mutex_
};

}  // namespace ly::transport
