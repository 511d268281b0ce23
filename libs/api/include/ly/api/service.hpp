// The service's API: built once at start from the data folder (SQLite database, object store, signing keys),
// it adds the /api/v1 auth, account, document and timetable routes to a Router, and processes uploads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "ly/api/bearer.hpp"
#include "ly/api/event_rules.hpp"
#include "ly/auth/access_token.hpp"
#include "ly/auth/clock.hpp"
#include "ly/auth/password.hpp"
#include "ly/auth/token_service.hpp"
#include "ly/auth/upload_url.hpp"
#include "ly/base/result.hpp"
#include "ly/events/bus.hpp"
#include "ly/events/event_log.hpp"
#include "ly/extract/extractor.hpp"
#include "ly/llm/step.hpp"
#include "ly/pipeline/functions.hpp"
#include "ly/storage/calendar_feed_repository.hpp"
#include "ly/storage/database.hpp"
#include "ly/storage/document_repository.hpp"
#include "ly/storage/object_store.hpp"
#include "ly/storage/review_repository.hpp"
#include "ly/storage/timetable_repository.hpp"
#include "ly/storage/user_repository.hpp"
#include "ly/transport/metrics.hpp"
#include "ly/transport/rate_limit.hpp"
#include "ly/transport/router.hpp"
#include "ly/transport/websocket_hub.hpp"
#include "ly/workflow/engine.hpp"
#include "ly/workflow/execution_store.hpp"
#include "ly/workflow/task_runner.hpp"

namespace ly::api {

struct ServiceOptions {
    // Holds ly.db (SQLite), objects/ (uploads) and keys/ (generated signing keys); created if missing.
    std::filesystem::path data_dir = "data";
    // The JWT signing key (at least 32 bytes) when configured; otherwise keys/jwt.key, generated on first start.
    std::optional<std::string> jwt_key{};
    // How long a pre-signed upload URL (POST /api/v1/documents/upload) stays valid; signed with keys/upload-url.key,
    // generated on first start. A document whose bytes have not arrived by then fails ("the upload never arrived").
    std::chrono::seconds upload_url_lifetime = auth::UploadUrlSigner::kDefaultLifetime;
    std::string issuer = "ly";
    std::string audience = "ly-api";
    std::chrono::seconds access_token_lifetime{900};
    std::chrono::seconds refresh_token_lifetime{std::chrono::hours(24 * 30)};
    auth::PasswordHashLimits password_hash_limits = auth::PasswordHashLimits::Interactive();
    // The largest document accepted by POST /api/v1/documents and by a pre-signed upload.
    std::size_t max_upload_bytes = 25u << 20;
    // See storage::SqliteOptions::synchronous_full: FULL survives a power cut, not only a killed process.
    bool synchronous_full = true;
    // How uploads are read into timetables.
    extract::ExtractOptions extract{};
    // Workflow workers running document executions (at least one). Their own threads, not the HTTP worker
    // pool: an extraction may take seconds of CPU (OCR) and must not hold up requests.
    int processing_threads = 1;
    // Where the teachers' browsers listen (/ws); null: events are still logged, nobody is told live.
    std::shared_ptr<transport::WebSocketHub> websocket_hub{};
    // E-mail and webhook targets of document events (event_rules.hpp); off by default.
    EventTargetSettings event_targets{};
    // The LLM step for drafts in the LLM band (libs/llm); no provider (the default): they go to review.
    llm::Settings llm{};
};

class Service {
  public:
    // Opens (creating as needed) the data folder's database with migrations applied, the object store and
    // the signing keys. `clock` (the system clock when null) must outlive the service. Errors name the path.
    static Result<std::unique_ptr<Service>> Open(ServiceOptions options, const auth::Clock* clock = nullptr);

    ~Service();
    Service(const Service&) = delete;
    Service& operator=(const Service&) = delete;

    // Adds the routes (/api/v1/auth/…, /api/v1/me, /api/v1/documents…). Their handlers refer to this
    // service, which must outlive the router and every request in flight.
    void AddRoutes(transport::Router& router, const transport::RateLimiters& limits);

    // Registers the service's metrics: documents by status (counted when scraped), the time each processed
    // document took, by outcome, and the LLM step's calls, tokens, cost, cache hits and failures. `metrics` must outlive the service's processing threads (Close stops them).
    Status AddMetrics(transport::MetricsRegistry& metrics);

    // Stops the processing threads (a document in extraction finishes first; queued ones stay pending in the
    // database and are resumed on the next start), then closes the database; later requests answer 500.
    // Idempotent.
    void Close();

    const auth::AccessTokens& access_tokens() const { return access_tokens_; }

    // The handlers, public so tests can call them without a socket.
    transport::Response Register(const transport::Request& request);
    transport::Response Login(const transport::Request& request);
    transport::Response Refresh(const transport::Request& request);
    transport::Response Logout(const transport::Request& request);
    transport::Response Me(const transport::Request& request);
    transport::Response UploadDocument(const transport::Request& request);
    transport::Response ListDocuments(const transport::Request& request);
    transport::Response GetDocument(const transport::Request& request);
    transport::Response DeleteDocument(const transport::Request& request);
    // POST /api/v1/documents/upload: a document row awaiting its bytes and a signed URL to PUT them to.
    transport::Response CreateUploadUrl(const transport::Request& request);
    // PUT /api/v1/uploads/{documentId}: the bytes for a signed URL (the signature is the credential).
    transport::Response ReceiveUpload(const transport::Request& request);
    // GET /api/v1/documents/{id}/file: the original bytes, to their owner.
    transport::Response GetDocumentFile(const transport::Request& request);
    // GET /api/v1/documents/{id}/preview: the first page of an image or scan as prepared for OCR (PNG).
    transport::Response GetDocumentPreview(const transport::Request& request);
    // GET /api/v1/documents/{id}/execution: the document's run through the state machine — its states with
    // their times, attempts and errors (the data of the web app's workflow view).
    transport::Response GetDocumentExecution(const transport::Request& request);
    // GET /api/v1/reviews: the caller's drafts waiting for review; POST /api/v1/reviews/{id}: the corrected
    // time blocks, which resume the document's execution (validate, save, notify).
    transport::Response ListReviews(const transport::Request& request);
    transport::Response SubmitReview(const transport::Request& request);
    transport::Response ListTimetables(const transport::Request& request);
    transport::Response GetTimetable(const transport::Request& request);
    transport::Response GetDocumentTimetable(const transport::Request& request);
    // GET /api/v1/timetables/{id}.ics and .csv: the owner's timetable as a download.
    enum class ExportFormat { kICalendar, kCsv };
    transport::Response ExportTimetable(const transport::Request& request, ExportFormat format);
    transport::Response AddTimeblock(const transport::Request& request);
    transport::Response UpdateTimeblock(const transport::Request& request);
    transport::Response DeleteTimeblock(const transport::Request& request);

    // Calendar feeds of a timetable (calendar_feed_handlers.cpp): POST …/timetables/{id}/feeds makes one and shows
    // its URL once; GET lists the active ones (no URLs); DELETE …/feeds/{feedId} revokes one. GET
    // /api/v1/calendar/{token}.ics (no bearer: the token is the credential) is the timetable's .ics as it is now.
    transport::Response CreateCalendarFeed(const transport::Request& request);
    transport::Response ListCalendarFeeds(const transport::Request& request);
    transport::Response RevokeCalendarFeed(const transport::Request& request);
    transport::Response GetCalendarFeed(const transport::Request& request);

    // GET /api/v1/limits (public): the largest upload and the accepted media types and file extensions, which the
    // web app checks a file against before sending it.
    transport::Response GetLimits(const transport::Request& request);
    // GET /api/v1/statemachine (public): statemachines/document-processing.asl.json as compiled in, for the web
    // app's pipeline graph.
    transport::Response GetStateMachine(const transport::Request& request);

    // The /ws hooks: the access token of ?token= → the user, connection records, and "resume" messages
    // ({"type":"resume","since":"<event id>"}) answered from the event log.
    transport::WebSocketOptions WebSocketHooks();

    // Publishes a document's event (checked by its schema, logged, pushed to the owner's WebSockets). A failure
    // is logged, never thrown: the document's processing goes on.
    // False when the event could not be published (logged).
    bool Publish(const pipeline::Notification& notification);

  private:
    // The caller's document named by the path's {id}: "document not found" (404) for a malformed id, another
    // user's or an unknown one alike.
    Result<storage::Document> CallersDocument(const Caller& caller, const transport::Request& request);

    // The caller of an authenticated route: BearerUserId, then the per-user rate limit (429).
    Caller Authenticate(const transport::Request& request) const;

    Service(ServiceOptions options, const auth::Clock& clock, std::unique_ptr<storage::Database> database,
            std::unique_ptr<storage::ObjectStore> objects, auth::AccessTokens access_tokens,
            auth::UploadUrlSigner upload_urls);

    // A pre-signed upload whose URL has expired without its bytes: marks it failed ("the upload never arrived")
    // and updates `document` to match. Nothing for any other document. Checked where documents are read (start,
    // GET /documents, GET /documents/{id}), so no timer is needed.
    Status SettleExpiredUpload(storage::Document& document);

    // A hash of a random password, verified against when a login names an unknown e-mail address so that
    // it takes as long as a wrong password (no account discovery by timing). Made on first need.
    const std::string& DecoyHash();

    // Starts the workflow engine on the document-processing state machine (statemachines/): its executions
    // live in the database, so those a stop or crash interrupted resume where they were. Documents whose
    // execution never started (a crash right after the upload) are started; pre-signed uploads whose URL
    // expired without their bytes fail.
    Status StartProcessing();
    // The engine's history events that the service acts on: a failed execution fails its document (with the
    // reason) and says so; an ended one is timed for /metrics.
    void OnWorkflowEvent(const workflow::HistoryEvent& event);
    // The event log and bus with the service's rules (event_rules.hpp): WebSocket push, e-mail, webhooks.
    // kInvalidArgument for a wrong target setting.
    Status StartEvents();
    // document.uploaded for a document whose bytes are stored.
    // (for a document whose bytes are stored) — which starts its execution through the bus's start-processing
    // rule; directly when the event could not be published.
    void PublishUploaded(const storage::Document& document);
    // Starts (idempotently: the execution's id is the document's) the document's execution.
    void QueueForProcessing(const std::string& document_id);

    ServiceOptions options_;
    const auth::Clock& clock_;
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<storage::ObjectStore> objects_;
    auth::PasswordHasher hasher_;
    auth::AccessTokens access_tokens_;
    auth::UploadUrlSigner upload_urls_;
    // Requests per user (set by AddRoutes; null: no limit).
    std::shared_ptr<transport::RateLimiter> user_limiter_;
    std::unique_ptr<auth::RefreshTokenStore> refresh_tokens_;
    auth::TokenService token_service_;
    storage::UserRepository users_;
    storage::DocumentRepository documents_;
    storage::TimetableRepository timetables_;
    storage::CalendarFeedRepository feeds_;
    // Documents whose pre-signed upload is being stored: a second PUT at the same time answers 409 instead of
    // overwriting the first one's object.
    std::mutex uploads_mutex_;
    std::set<std::string> uploads_in_flight_;
    std::once_flag decoy_once_;
    std::string decoy_hash_;

    // The pipeline: its functions' context, the OCR cache and the intermediates they share, the engine.
    storage::ReviewRepository reviews_;
    // The pipeline writes through these: its writes can be redone (its functions are idempotent and an execution
    // replays its history), so they commit without an fsync each (Database::AsyncCommit); a teacher's own writes
    // (uploads, corrections, reviews) stay durable, and each durable commit flushes the pipeline's before it.
    storage::DocumentRepository pipeline_documents_;
    storage::TimetableRepository pipeline_timetables_;
    storage::ReviewRepository pipeline_reviews_;
    storage::MemoryCache ocr_cache_{4096};  // OCR results and LLM answers, by the document's SHA-256
    pipeline::Intermediates intermediates_;
    std::unique_ptr<llm::Step> llm_;  // null without a provider
    std::unique_ptr<pipeline::Context> pipeline_;
    std::unique_ptr<workflow::SqlExecutionStore> executions_;
    workflow::FunctionRegistry functions_;
    std::unique_ptr<workflow::WorkflowEngine> engine_;
    std::mutex started_mutex_;
    std::map<std::string, std::chrono::steady_clock::time_point>
        started_;  // execution id → when this process saw it start
    std::unique_ptr<events::EventLog> event_log_;
    std::unique_ptr<events::EventBus> bus_;
    // Set by AddMetrics while the processing threads may already run (documents resumed on start).
    std::atomic<transport::HistogramFamily*> processing_durations_{nullptr};
};

}  // namespace ly::api
