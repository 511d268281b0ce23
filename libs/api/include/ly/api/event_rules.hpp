// The service's rules on the event bus, from its settings: document events pushed to the owner's open pages
// (WebSocket), an e-mail to the owner when a timetable is ready or needs review, signed webhooks. One function for
// `ly serve` and `ly events replay`, so that a replay reaches the same targets.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/events/bus.hpp"
#include "ly/mail/smtp.hpp"
#include "ly/storage/database.hpp"
#include "ly/transport/websocket_hub.hpp"

namespace ly::api {

// The rules' names, for `ly events replay --rule NAME`.
inline constexpr std::string_view kWebSocketRule = "websocket";  // every document event → the owner's /ws
inline constexpr std::string_view kEmailRule = "email";          // job.completed, hitl.requested → the owner
inline constexpr std::string_view kWebhookRule = "webhook";      // document events → each configured URL

// What turns the e-mail and webhook targets on; both are off by default. Secrets come from the environment only.
struct EventTargetSettings {
    // E-mail, on when smtp_url is set: smtp://host[:port] or smtps://host[:port].
    std::string smtp_url{};
    std::string smtp_from{};  // the sender's address; required with smtp_url
    std::string smtp_from_name = "Learning Yogi";
    std::string smtp_username{};
    std::string smtp_password{};  // LY_SMTP_PASSWORD; never logged
    mail::StartTls smtp_starttls = mail::StartTls::kRequire;
    std::chrono::seconds smtp_timeout{30};
    // The web app's address: e-mails link to {public_url}/documents/{id} (ready) or /reviews/{id} (to check).
    // Empty: no link.
    std::string public_url{};

    // Webhooks, on when a URL is set: each gets every document event (or those of webhook_events) as a POST signed
    // with HMAC-SHA256 of webhook_secret (LY_WEBHOOK_SECRET, required then).
    std::vector<std::string> webhook_urls{};
    std::string webhook_secret{};
    std::vector<std::string> webhook_events{};  // detail-types, e.g. "job.completed"; empty: all
};

// Adds the rules the settings turn on, and the WebSocket rule when `hub` is not null. The e-mail target reads the
// owner's address and the document's filename from `database`, which must outlive the bus. A wrong setting is
// kInvalidArgument naming it by its flag (--smtp-from, --webhook-url, …) and adds no rule.
Status AddServiceRules(events::EventBus& bus, const EventTargetSettings& settings, storage::Database& database,
                       std::shared_ptr<transport::WebSocketHub> hub = nullptr);

}  // namespace ly::api
