// Live updates: every change of a document is an event (libs/events: checked by its schema, logged), pushed to
// the owner's browsers over /ws; a browser that reconnects asks for what it missed since the last event it saw.
#include "live_updates.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "event_log.hpp"
#include "ly/api/event_rules.hpp"
#include "ly/api/service.hpp"
#include "ly/events/event_types.hpp"

namespace ly::api {
namespace {

namespace json = boost::json;

// Events missed while away, at most this many in one reply (the page then reloads the documents instead).
constexpr int kResumeLimit = 200;
// A connection record outlives a lost process by this long at most.
constexpr std::int64_t kConnectionTtlMs = 24LL * 3600 * 1000;

// The browser's message for an event: {"type", "eventId", "documentId", "stage", "at", …the detail's fields}.
json::object WebSocketMessage(const events::Event& event) {
    json::object message{{"type", event.detail_type}, {"eventId", event.id}};
    boost::system::error_code ec;
    json::value detail = json::parse(event.detail, ec);
    if (!ec && detail.is_object()) {
        for (const auto& [key, value] : detail.as_object()) {
            if (key != "userId") message[key] = value;
        }
    }
    return message;
}

std::int64_t UnixMs(std::chrono::system_clock::time_point time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

}  // namespace

std::shared_ptr<events::Target> WebSocketPushTarget(std::shared_ptr<transport::WebSocketHub> hub) {
    return std::make_shared<events::FunctionTarget>("websocket", [hub](const events::Event& event) -> Status {
        auto user_id = events::DetailString(event, "userId");
        if (!user_id) return user_id.error();  // every document event names its owner (the schemas require it)
        hub->Push(*user_id, json::serialize(WebSocketMessage(event)));
        return Ok{};
    });
}

Status Service::StartEvents() {
    // Events are what happened to a document, told again by replaying the pipeline: no fsync each.
    event_log_ = std::make_unique<events::EventLog>(database_->AsyncCommit());
    bus_ = std::make_unique<events::EventBus>(*event_log_);
    // The same rules as `ly events replay` adds (WebSocket push, e-mail, webhooks as configured).
    if (auto added = AddServiceRules(*bus_, options_.event_targets, *database_, options_.websocket_hub); !added) {
        return added;
    }
    // An upload starts its document's execution (the seed's EventBridge rule → StartExecution). Idempotent: the
    // execution's id is the document's. Only here, not in `ly events replay`: starting needs the service's engine.
    auto start = std::make_shared<events::FunctionTarget>("start-execution", [this](const events::Event& event) {
        auto document_id = events::DetailString(event, "documentId");
        if (!document_id) return Status(document_id.error());
        QueueForProcessing(*document_id);
        return Status(Ok{});
    });
    if (auto added = bus_->AddRule("start-processing",
                                   R"({"source":["learning-yogi.documents"],"detail-type":["document.uploaded"]})",
                                   {std::move(start)});
        !added) {
        return added;
    }
    // Which targets are on, so an operator sees whether e-mail and webhooks are (names only: no URL or address).
    std::string rules;
    for (const std::string& name : bus_->RuleNames()) rules += (rules.empty() ? "" : ", ") + name;
    LogEvent("info", "events", "", "", "event rules: " + (rules.empty() ? std::string("none") : rules));
    return Ok{};
}

bool Service::Publish(const pipeline::Notification& notification) {
    if (!bus_) return false;
    const std::string at = events::FormatRfc3339(UnixMs(clock_.Now()));
    auto event = events::NewEvent(notification.type, pipeline::EventDetailJson(notification, at));
    if (!event) {
        LogEvent("error", "events", "documentId", notification.document_id, event.error().message);
        return false;
    }
    if (auto published = bus_->Publish(*event); !published) {
        // The bus has logged a malformed event already; this names the document it was about.
        LogEvent("error", "events", "documentId", notification.document_id,
                 "cannot publish " + notification.type + ": " + published.error().message);
        return false;
    }
    return true;
}

void Service::PublishUploaded(const storage::Document& document) {
    json::object detail{{"filename", document.filename.empty() ? std::string("document") : document.filename},
                        {"contentType", document.content_type},
                        {"size", document.size},
                        {"objectKey", document.object_key}};
    if (document.sha256) detail["sha256"] = *document.sha256;
    if (!Publish({"document.uploaded", document.id, document.user_id, "uploaded", std::move(detail)})) {
        QueueForProcessing(document.id);  // no event, so no rule started it
    }
}

transport::WebSocketOptions Service::WebSocketHooks() {
    transport::WebSocketOptions hooks;
    hooks.hub = options_.websocket_hub;
    hooks.authenticate = [this](std::string_view token) -> Result<std::string> {
        auto claims = access_tokens_.Verify(token);
        if (!claims) return claims.error();  // kUnauthenticated, without the token
        return claims->user_id;
    };
    // Connection records (user, connected at, 24-hour expiry): what an operator or another process sees of who
    // is listening. Written off the request path's hot loop but on the I/O thread: one small insert.
    hooks.on_connect = [this](const transport::WebSocketClient& client) {
        const std::int64_t connected = UnixMs(client.connected_at);
        auto stored = database_->Execute(
            "INSERT OR REPLACE INTO websocket_connections (id, user_id, connected_at, expires_at) VALUES (?, ?, ?, ?)",
            {client.connection_id, client.user_id, connected, connected + kConnectionTtlMs});
        if (!stored) LogEvent("warn", "websocket", "userId", client.user_id, stored.error().message);
    };
    hooks.on_disconnect = [this](const transport::WebSocketClient& client) {
        auto removed = database_->Execute("DELETE FROM websocket_connections WHERE id = ?", {client.connection_id});
        if (!removed) LogEvent("warn", "websocket", "userId", client.user_id, removed.error().message);
    };
    hooks.on_message = [this](const transport::WebSocketClient& client,
                              std::string_view text) -> std::optional<std::string> {
        boost::system::error_code ec;
        const json::value message = json::parse(text, ec);
        const json::object* object = ec ? nullptr : message.if_object();
        const json::value* type = object != nullptr ? object->if_contains("type") : nullptr;
        if (type == nullptr || !type->is_string() || type->as_string() != "resume") {
            return json::serialize(json::object{{"type", "error"}, {"reason", "unknown message type; send resume"}});
        }
        const json::value* since = object->if_contains("since");
        if (since == nullptr || !since->is_string()) {
            return json::serialize(json::object{{"type", "error"}, {"reason", "resume needs \"since\": an event id"}});
        }
        auto missed = event_log_->ReadForUserSinceEvent(client.user_id, since->as_string(), kResumeLimit);
        if (!missed) {
            // An id this user never received (or a forgotten one): the page must reload its documents.
            return json::serialize(json::object{{"type", "resume_failed"}, {"reason", missed.error().message}});
        }
        json::array events;
        for (const events::LoggedEvent& logged : *missed) events.push_back(WebSocketMessage(logged.event));
        const bool complete = static_cast<int>(events.size()) < kResumeLimit;
        return json::serialize(
            json::object{{"type", "resumed"}, {"events", std::move(events)}, {"complete", complete}});
    };
    return hooks;
}

}  // namespace ly::api
