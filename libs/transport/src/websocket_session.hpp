// A WebSocket connection on /ws, taken over from the HTTP session that read and checked its upgrade request:
// the handshake, a read loop handing client messages to on_message, and a bounded write queue for pushes.
#pragma once

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "ly/base/result.hpp"
#include "ly/transport/metrics.hpp"
#include "ly/transport/websocket_hub.hpp"

namespace boost::asio {
class thread_pool;
}  // namespace boost::asio

namespace ly::transport {

inline constexpr std::string_view kWebSocketPath = "/ws";

// WebSocket close codes (RFC 6455 section 7.4.1) the server sends.
inline constexpr unsigned short kCloseGoingAway = 1001;
inline constexpr unsigned short kClosePolicyViolation = 1008;

// A connection as the hub holds it. Both calls are safe from any thread; they post to the connection's own
// I/O thread.
class WebSocketPeer {
  public:
    virtual ~WebSocketPeer() = default;
    virtual void Send(std::shared_ptr<const std::string> text) = 0;
    virtual void Close(unsigned short code, std::string reason) = 0;
};

// What every WebSocket session of a server shares; lives as long as the last session.
struct WebSocketServices {
    WebSocketOptions options;
    boost::asio::thread_pool& workers;  // runs on_message; outlives the server
    Gauge* connections = nullptr;       // ly_websocket_connections
};

// A clear error when the options cannot serve /ws (no hub, a zero limit or timeout); Ok when /ws is off.
Status CheckWebSocketOptions(const WebSocketOptions& options);

// Called once the handshake's answer is written: 101, or the 400 Beast sends for a broken handshake.
using UpgradeAnswered = std::function<void(int status)>;

// Takes over a GET /ws upgrade request the HTTP session has checked (Origin) and authenticated (user_id):
// answers it with 101 and serves the connection until it ends.
void StartWebSocketSession(boost::beast::tcp_stream stream,
                           boost::beast::http::request<boost::beast::http::string_body> request, std::string user_id,
                           std::string request_id, std::shared_ptr<const WebSocketServices> services,
                           UpgradeAnswered answered);

}  // namespace ly::transport
