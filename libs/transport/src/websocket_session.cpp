#include "websocket_session.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <boost/json/parse.hpp>
#include <deque>
#include <optional>
#include <utility>

#include "log_line.hpp"

namespace ly::transport {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

// How long a closing handshake may take (ours or the client's) before the socket is simply closed: a stop
// must not wait on a client that does not answer.
constexpr auto kCloseTimeout = std::chrono::seconds(5);

// A close reason is at most 123 bytes (a control frame's payload less the code).
std::string CloseReason(std::string reason) {
    if (reason.size() > 123) reason.resize(123);
    return reason;
}

// Client messages are JSON objects with a string "type"; the hook gets only those.
bool IsClientMessage(std::string_view text) {
    boost::system::error_code ec;
    const boost::json::value value = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
    if (ec || !value.is_object()) return false;
    const auto* type = value.as_object().if_contains("type");
    return type != nullptr && type->is_string();
}

class WebSocketSession : public WebSocketPeer, public std::enable_shared_from_this<WebSocketSession> {
  public:
    WebSocketSession(beast::tcp_stream&& stream, http::request<http::string_body>&& request, std::string user_id,
                     std::string request_id, std::shared_ptr<const WebSocketServices> services,
                     UpgradeAnswered answered)
        : ws_(std::move(stream)),
          executor_(ws_.get_executor()),
          request_(std::move(request)),
          request_id_(std::move(request_id)),
          services_(std::move(services)),
          answered_(std::move(answered)),
          close_timer_(executor_) {
        client_.user_id = std::move(user_id);
        client_.connection_id = NewRequestId();
        client_.connected_at = std::chrono::system_clock::now();
    }

    WebSocketSession(const WebSocketSession&) = delete;
    WebSocketSession& operator=(const WebSocketSession&) = delete;

    void Start() {
        const WebSocketOptions& options = services_->options;
        // Beast's own timers from here on: idle pings, idle timeout and the closing handshake's limit.
        beast::get_lowest_layer(ws_).expires_never();
        websocket::stream_base::timeout timeout;
        timeout.handshake_timeout = kCloseTimeout;
        timeout.idle_timeout = options.idle_timeout;
        timeout.keep_alive_pings = true;
        ws_.set_option(timeout);
        ws_.read_message_max(options.max_message_bytes);
        ws_.set_option(websocket::stream_base::decorator([id = request_id_](websocket::response_type& response) {
            response.set(http::field::server, "ly");
            response.set("X-Request-Id", id);
        }));
        join_ = options.hub->Join(client_.user_id, shared_from_this(), options.max_connections_per_user);
        ws_.async_accept(request_, beast::bind_front_handler(&WebSocketSession::OnAccept, shared_from_this()));
    }

    void Send(std::shared_ptr<const std::string> text) override {
        net::post(executor_,
                  [self = shared_from_this(), text = std::move(text)]() mutable { self->Enqueue(std::move(text)); });
    }

    void Close(unsigned short code, std::string reason) override {
        net::post(executor_, [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
            self->StartClose(code, std::move(reason));
        });
    }

  private:
    void OnAccept(beast::error_code ec) {
        answered_(ec ? 400 : 101);
        answered_ = nullptr;
        request_ = {};
        if (ec) return End();
        open_ = true;
        services_->connections->Add(1);
        if (join_ == WebSocketHub::JoinOutcome::kHubClosed) {
            StartClose(kCloseGoingAway, "the server is shutting down");
        } else if (join_ == WebSocketHub::JoinOutcome::kUserFull) {
            // Another upgrade of the same user got the last place between the HTTP check and here.
            StartClose(kClosePolicyViolation, "too many WebSocket connections for this user");
        } else {
            connected_ = true;
            if (services_->options.on_connect) services_->options.on_connect(client_);
        }
        if (closing_) {
            SendClose();
        } else {
            WriteNext();
        }
        Read();
    }

    // The read loop runs for the connection's whole life: Beast answers pings and reads pongs (which keep the
    // idle timeout away) only while a read is pending, and the read's error is how every connection ends.
    void Read() {
        ws_.async_read(read_buffer_, beast::bind_front_handler(&WebSocketSession::OnRead, shared_from_this()));
    }

    void OnRead(beast::error_code ec, std::size_t) {
        if (ec) return End();  // closed by either side, timed out, too big (Beast sent 1009), or dropped
        std::string text = beast::buffers_to_string(read_buffer_.data());
        read_buffer_.consume(read_buffer_.size());
        if (closing_) return Read();  // until the client's close frame
        if (!ws_.got_text()) {
            StartClose(static_cast<unsigned short>(websocket::close_code::unknown_data),
                       "messages are JSON text, not binary");
            return Read();
        }
        if (!IsClientMessage(text)) {
            StartClose(kClosePolicyViolation, "a message is a JSON object with a string \"type\"");
            return Read();
        }
        if (!services_->options.on_message) return Read();

        // The hook may read a database (a resume replays the event log): off the I/O thread, and the next
        // message waits for this one's reply so replies keep the order of the messages.
        auto home = net::prefer(ws_.get_executor(), net::execution::outstanding_work.tracked);
        net::post(services_->workers, [self = shared_from_this(), home, text = std::move(text)]() mutable {
            std::optional<std::string> reply = self->services_->options.on_message(self->client_, text);
            net::post(home, [self = std::move(self), reply = std::move(reply)]() mutable {
                if (reply) self->Enqueue(std::make_shared<const std::string>(std::move(*reply)));
                self->Read();
            });
        });
    }

    void Enqueue(std::shared_ptr<const std::string> text) {
        if (ended_ || closing_) return;
        if (queue_.size() >= services_->options.max_queued_messages) {
            // The client does not read: closing politely would queue behind the stuck writes, so drop it.
            WriteLogLine(EventLogLine("warn", "websocket client too slow: disconnected",
                                      {{"connection_id", client_.connection_id}, {"queued_messages", queue_.size()}}));
            return Drop();
        }
        queue_.push_back(std::move(text));
        WriteNext();
    }

    void WriteNext() {
        if (!open_ || writing_ || closing_ || queue_.empty()) return;
        writing_ = true;
        ws_.text(true);
        ws_.async_write(net::buffer(*queue_.front()),
                        beast::bind_front_handler(&WebSocketSession::OnWrite, shared_from_this()));
    }

    void OnWrite(beast::error_code ec, std::size_t) {
        writing_ = false;
        if (ec) return Drop();  // the read fails next and ends the session
        if (!queue_.empty()) queue_.pop_front();
        if (closing_) return SendClose();
        WriteNext();
    }

    // Sends a close frame once the write in progress, if any, is done; the socket is closed anyway when the
    // client has not answered within kCloseTimeout.
    void StartClose(unsigned short code, std::string reason) {
        if (ended_ || closing_) return;
        closing_ = true;
        close_code_ = code;
        close_reason_ = CloseReason(std::move(reason));
        queue_.clear();
        close_timer_.expires_after(kCloseTimeout);
        close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
            if (!ec) self->Drop();
        });
        SendClose();
    }

    void SendClose() {
        if (!open_ || writing_ || close_sent_) return;
        close_sent_ = true;
        ws_.async_close(websocket::close_reason(static_cast<websocket::close_code>(close_code_), close_reason_),
                        [self = shared_from_this()](beast::error_code) {});  // the read loop sees the end
    }

    void Drop() {
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
    }

    // Once, when the read loop or the handshake has failed: the connection is over.
    void End() {
        if (ended_) return;
        ended_ = true;
        queue_.clear();
        close_timer_.cancel();
        if (join_ == WebSocketHub::JoinOutcome::kJoined) services_->options.hub->Leave(client_.user_id, this);
        if (open_) services_->connections->Add(-1);
        if (connected_ && services_->options.on_disconnect) services_->options.on_disconnect(client_);
        Drop();
    }

    websocket::stream<beast::tcp_stream> ws_;
    const net::any_io_executor executor_;  // the connection's I/O thread; Send and Close post to it from any thread
    http::request<http::string_body> request_;  // the upgrade, until answered
    std::string request_id_;
    std::shared_ptr<const WebSocketServices> services_;
    UpgradeAnswered answered_;
    net::steady_timer close_timer_;
    WebSocketClient client_;
    WebSocketHub::JoinOutcome join_ = WebSocketHub::JoinOutcome::kHubClosed;

    beast::flat_buffer read_buffer_;
    // Text frames waiting to be written; the front one is being written.
    std::deque<std::shared_ptr<const std::string>> queue_;
    bool open_ = false;       // the handshake is done
    bool connected_ = false;  // on_connect ran, so on_disconnect will
    bool writing_ = false;
    bool closing_ = false;
    bool close_sent_ = false;
    bool ended_ = false;
    unsigned short close_code_ = kCloseGoingAway;
    std::string close_reason_;
};

}  // namespace

Status CheckWebSocketOptions(const WebSocketOptions& options) {
    if (!options.authenticate) return Ok{};
    const auto invalid = [](std::string message) { return MakeError(ErrorCode::kInvalidArgument, std::move(message)); };
    if (!options.hub) return invalid("the WebSocket options have an authenticate hook but no hub");
    if (options.idle_timeout.count() <= 0) return invalid("the WebSocket idle timeout must be positive");
    if (options.max_message_bytes == 0) return invalid("the WebSocket message limit must be at least 1 byte");
    if (options.max_connections_per_user == 0) {
        return invalid("the WebSocket connections per user must be at least 1");
    }
    if (options.max_queued_messages == 0) return invalid("the WebSocket write queue must hold at least 1 message");
    return Ok{};
}

void StartWebSocketSession(beast::tcp_stream stream, http::request<http::string_body> request, std::string user_id,
                           std::string request_id, std::shared_ptr<const WebSocketServices> services,
                           UpgradeAnswered answered) {
    std::make_shared<WebSocketSession>(std::move(stream), std::move(request), std::move(user_id), std::move(request_id),
                                       std::move(services), std::move(answered))
        ->Start();
}

}  // namespace ly::transport
