#include "ly/api/event_rules.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "document_email.hpp"
#include "live_updates.hpp"
#include "ly/events/email_target.hpp"
#include "ly/events/event_types.hpp"
#include "ly/events/webhook_target.hpp"
#include "ly/storage/clock.hpp"

namespace ly::api {
namespace {

namespace json = boost::json;

constexpr std::string_view kDocumentSource = "learning-yogi.documents";

Error Invalid(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); }

// The e-mail to a document's owner for job.completed and hitl.requested, looked up when the event is delivered
// (so a replay writes to the address the owner has now).
Result<std::shared_ptr<events::Target>> OwnerEmailTarget(const EventTargetSettings& settings,
                                                         storage::Database& database) {
    if (settings.smtp_from.empty()) return Invalid("--smtp-from is required with --smtp-url");
    std::string public_url = settings.public_url;
    while (public_url.ends_with('/')) public_url.pop_back();
    if (!public_url.empty() && !public_url.starts_with("http://") && !public_url.starts_with("https://")) {
        return Invalid("--public-url must start with http:// or https://");
    }
    if (settings.smtp_timeout.count() < 1) return Invalid("--smtp-timeout-seconds must be positive");
    auto sender = mail::SmtpSender::Create({.url = settings.smtp_url,
                                            .from = settings.smtp_from,
                                            .from_name = settings.smtp_from_name,
                                            .username = settings.smtp_username,
                                            .password = settings.smtp_password,
                                            .starttls = settings.smtp_starttls,
                                            .timeout = settings.smtp_timeout});
    if (!sender) return Invalid("e-mail (--smtp-…): " + sender.error().message);

    auto users = std::make_shared<storage::UserRepository>(database, storage::SystemUnixMillis);
    auto documents = std::make_shared<storage::DocumentRepository>(database, storage::SystemUnixMillis);
    auto compose = [users, documents, public_url, signature = settings.smtp_from_name](
                       const events::Event& event) -> Result<std::optional<mail::Message>> {
        auto document_id = events::DetailString(event, "documentId");
        if (!document_id) return document_id.error();
        auto user_id = events::DetailString(event, "userId");
        if (!user_id) return user_id.error();
        auto document = documents->Find(*document_id);
        if (!document) {
            // Deleted since the event: there is nothing left to tell its owner about.
            if (document.error().code == ErrorCode::kNotFound) return std::optional<mail::Message>();
            return document.error();
        }
        if (document->user_id != *user_id) {
            return MakeError(ErrorCode::kInternal, "document " + *document_id + " is not the event's user's");
        }
        auto owner = users->FindById(*user_id);
        if (!owner) {
            return MakeError(owner.error().code,
                             "the owner of document " + *document_id + ": " + owner.error().message);
        }
        return DocumentEmail(event, *owner, *document, public_url, signature);
    };
    auto target = events::EmailTarget::Create("owner", std::move(sender).value(), std::move(compose));
    if (!target) return target.error();
    return std::shared_ptr<events::Target>(std::move(target).value());
}

// {"source": [documents], "detail-type": [types…]}; an unknown type is refused, so a typo is not a silent filter.
Result<std::string> DocumentEventsPattern(const std::vector<std::string>& types, std::string_view setting) {
    json::object pattern{{"source", json::array{kDocumentSource}}};
    if (!types.empty()) {
        json::array detail_types;
        for (const std::string& type : types) {
            const auto& known = events::EventTypes();
            if (std::find(known.begin(), known.end(), type) == known.end()) {
                return Invalid(std::string(setting) + ": \"" + type + "\" is not an event type");
            }
            detail_types.emplace_back(type);
        }
        pattern["detail-type"] = std::move(detail_types);
    }
    return json::serialize(pattern);
}

}  // namespace

Status AddServiceRules(events::EventBus& bus, const EventTargetSettings& settings, storage::Database& database,
                       std::shared_ptr<transport::WebSocketHub> hub) {
    struct PendingRule {
        std::string name;
        std::string pattern;
        std::vector<std::shared_ptr<events::Target>> targets;
    };
    std::vector<PendingRule> rules;  // every setting is checked before the first rule is added

    // Every document event the service publishes goes to its owner's open pages.
    if (hub) {
        auto pattern = DocumentEventsPattern({}, "");
        if (!pattern) return pattern.error();
        rules.push_back({std::string(kWebSocketRule), *pattern, {WebSocketPushTarget(std::move(hub))}});
    }
    if (!settings.smtp_url.empty()) {
        auto target = OwnerEmailTarget(settings, database);
        if (!target) return target.error();
        auto pattern = DocumentEventsPattern({"job.completed", "hitl.requested"}, "");
        if (!pattern) return pattern.error();
        rules.push_back({std::string(kEmailRule), *pattern, {std::move(target).value()}});
    }
    if (!settings.webhook_urls.empty()) {
        if (settings.webhook_secret.empty()) return Invalid("LY_WEBHOOK_SECRET must be set with --webhook-url");
        PendingRule rule{std::string(kWebhookRule), {}, {}};
        auto pattern = DocumentEventsPattern(settings.webhook_events, "--webhook-events");
        if (!pattern) return pattern.error();
        rule.pattern = *pattern;
        for (std::size_t i = 0; i < settings.webhook_urls.size(); ++i) {
            // Named by position: the URL may hold a token, so it is never a name in a log.
            events::WebhookOptions options;
            options.name = std::to_string(i + 1);
            options.url = settings.webhook_urls[i];
            options.secret = settings.webhook_secret;
            auto target = events::WebhookTarget::Create(std::move(options));
            if (!target) {
                return Invalid("--webhook-url (number " + std::to_string(i + 1) + "): " + target.error().message);
            }
            rule.targets.push_back(std::move(target).value());
        }
        rules.push_back(std::move(rule));
    } else if (!settings.webhook_events.empty()) {
        return Invalid("--webhook-events is set but no --webhook-url");
    }

    for (PendingRule& rule : rules) {
        if (auto added = bus.AddRule(rule.name, rule.pattern, std::move(rule.targets)); !added) return added;
    }
    return Ok{};
}

}  // namespace ly::api
