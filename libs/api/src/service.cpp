// Opening the service's parts from the data folder, and its routes.
#include "ly/api/service.hpp"

#include <system_error>
#include <utility>

#include "ly/api/openapi.hpp"
#include "ly/api/sql_refresh_token_store.hpp"
#include "ly/auth/crypto.hpp"
#include "ly/auth/secret.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"

namespace ly::api {
namespace {

// Auth bodies are a few short strings (a password is at most 1 KiB).
constexpr std::size_t kAuthBodyBytes = 16 * 1024;
// Room for multipart boundaries and part headers on top of the document itself.
constexpr std::size_t kMultipartOverheadBytes = 64 * 1024;

storage::UnixMillisClock MillisOf(const auth::Clock& clock) {
    return [&clock] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(clock.Now().time_since_epoch()).count();
    };
}

Status EnsureFolder(const std::filesystem::path& folder) {
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec)
        return MakeError(ErrorCode::kIo, "cannot create the data directory " + folder.string() + ": " + ec.message());
    return Ok{};
}

}  // namespace

Result<std::unique_ptr<Service>> Service::Open(ServiceOptions options, const auth::Clock* clock) {
    static const auth::SystemClock kSystemClock;
    const auth::Clock& time = clock != nullptr ? *clock : kSystemClock;
    if (auto made = EnsureFolder(options.data_dir); !made) return made.error();

    const std::filesystem::path database_path = options.data_dir / "ly.db";
    auto database = storage::OpenSqliteDatabase({.path = database_path, .synchronous_full = options.synchronous_full});
    if (!database) return MakeError(database.error().code, database_path.string() + ": " + database.error().message);
    auto migrated = storage::ApplyMigrations(**database, storage::SchemaMigrations());
    if (!migrated) return MakeError(migrated.error().code, database_path.string() + ": " + migrated.error().message);

    auto objects = storage::FolderObjectStore::Open(options.data_dir / "objects");
    if (!objects) return objects.error();

    auto jwt_key = auth::LoadOrCreateSecret(
        {.name = "JWT signing key", .configured = options.jwt_key, .file = options.data_dir / "keys" / "jwt.key"});
    if (!jwt_key) return jwt_key.error();
    auto access_tokens = auth::AccessTokens::Create({.signing_key = std::move(jwt_key).value(),
                                                     .issuer = options.issuer,
                                                     .audience = options.audience,
                                                     .lifetime = options.access_token_lifetime},
                                                    time);
    if (!access_tokens) return access_tokens.error();

    // Its own key, so that a leaked upload URL key cannot mint access tokens (nor the other way round).
    auto upload_url_key = auth::LoadOrCreateSecret({.name = "upload URL signing key",
                                                    .configured = std::nullopt,
                                                    .file = options.data_dir / "keys" / "upload-url.key"});
    if (!upload_url_key) return upload_url_key.error();
    auto upload_urls =
        auth::UploadUrlSigner::Create(std::move(upload_url_key).value(), time, options.upload_url_lifetime);
    if (!upload_urls) return upload_urls.error();

    auto service =
        std::unique_ptr<Service>(new Service(std::move(options), time, std::move(database).value(),
                                             std::make_unique<storage::FolderObjectStore>(std::move(objects).value()),
                                             std::move(access_tokens).value(), std::move(upload_urls).value()));
    if (auto events = service->StartEvents(); !events) return events.error();
    // Records of connections a killed process never closed.
    (void)service->database_->Execute("DELETE FROM websocket_connections");
    if (auto started = service->StartProcessing(); !started) {
        return MakeError(started.error().code, "cannot resume unfinished documents: " + started.error().message);
    }
    return service;
}

Service::Service(ServiceOptions options, const auth::Clock& clock, std::unique_ptr<storage::Database> database,
                 std::unique_ptr<storage::ObjectStore> objects, auth::AccessTokens access_tokens,
                 auth::UploadUrlSigner upload_urls)
    : options_(std::move(options)),
      clock_(clock),
      database_(std::move(database)),
      objects_(std::move(objects)),
      hasher_(options_.password_hash_limits),
      access_tokens_(std::move(access_tokens)),
      upload_urls_(std::move(upload_urls)),
      refresh_tokens_(std::make_unique<SqlRefreshTokenStore>(*database_, clock_)),
      token_service_(access_tokens_, *refresh_tokens_, clock_, options_.refresh_token_lifetime),
      users_(*database_, MillisOf(clock_)),
      documents_(*database_, MillisOf(clock_)),
      timetables_(*database_, MillisOf(clock_)),
      feeds_(*database_, MillisOf(clock_)),
      reviews_(*database_, MillisOf(clock_)),
      pipeline_documents_(database_->AsyncCommit(), MillisOf(clock_)),
      pipeline_timetables_(database_->AsyncCommit(), MillisOf(clock_)),
      pipeline_reviews_(database_->AsyncCommit(), MillisOf(clock_)) {}

Service::~Service() { Close(); }

void Service::Close() {
    // Runs in progress end or suspend first; their executions resume on the next start.
    if (engine_) engine_->StopWorkers();
    bus_.reset();  // its delivery threads end before the database closes
    database_->Close();
}

Caller Service::Authenticate(const transport::Request& request) const {
    Caller caller = AuthenticateCaller(request, access_tokens_);
    if (caller.refusal || !user_limiter_) return caller;
    caller.refusal = transport::CheckRateLimit(*user_limiter_, caller.user_id);
    return caller;
}

void Service::AddRoutes(transport::Router& router, const transport::RateLimiters& limits) {
    user_limiter_ = limits.api;
    // Password hashing (register, login) takes about a quarter of a second of CPU and 64 MiB: never on an
    // I/O thread. Refresh and logout write with an fsync each, so they leave the I/O threads too; reads
    // (GET /me) are short and stay inline.
    // Sign-in routes are limited per client IP (guessing passwords, creating accounts).
    transport::RouteOptions hashing{.execution = transport::Execution::kWorkerPool,
                                    .max_body_bytes = kAuthBodyBytes,
                                    .limit_by_client_ip = limits.auth};
    transport::RouteOptions writing = hashing;
    transport::RouteOptions reading{
        .execution = transport::Execution::kInline, .max_body_bytes = kAuthBodyBytes, .limit_by_client_ip = nullptr};

    router.Add(
        "POST", "/api/v1/auth/register", [this](const transport::Request& r) { return Register(r); }, hashing);
    router.Add(
        "POST", "/api/v1/auth/login", [this](const transport::Request& r) { return Login(r); }, hashing);
    router.Add(
        "POST", "/api/v1/auth/refresh", [this](const transport::Request& r) { return Refresh(r); }, writing);
    router.Add(
        "POST", "/api/v1/auth/logout", [this](const transport::Request& r) { return Logout(r); }, writing);
    router.Add(
        "GET", "/api/v1/me", [this](const transport::Request& r) { return Me(r); }, reading);

    // An upload is hashed and written with fsyncs: worker pool. Its body may hold the largest document
    // plus the multipart framing.
    transport::RouteOptions uploading{.execution = transport::Execution::kWorkerPool,
                                      .max_body_bytes = options_.max_upload_bytes + kMultipartOverheadBytes,
                                      .limit_by_client_ip = nullptr};
    router.Add(
        "POST", "/api/v1/documents", [this](const transport::Request& r) { return UploadDocument(r); }, uploading);
    // A pre-signed upload: the row and URL are one small write (fsync); the PUT carries the document itself (no
    // multipart framing), is hashed and written with fsyncs. Both on the worker pool.
    transport::RouteOptions presigning{.execution = transport::Execution::kWorkerPool,
                                       .max_body_bytes = kAuthBodyBytes,
                                       .limit_by_client_ip = nullptr};
    router.Add(
        "POST", "/api/v1/documents/upload", [this](const transport::Request& r) { return CreateUploadUrl(r); },
        presigning);
    transport::RouteOptions receiving{.execution = transport::Execution::kWorkerPool,
                                      .max_body_bytes = options_.max_upload_bytes,
                                      .limit_by_client_ip = nullptr};
    router.Add(
        "PUT", "/api/v1/uploads/{documentId}", [this](const transport::Request& r) { return ReceiveUpload(r); },
        receiving);
    router.Add(
        "GET", "/api/v1/documents", [this](const transport::Request& r) { return ListDocuments(r); }, reading);
    router.Add(
        "GET", "/api/v1/documents/{id}", [this](const transport::Request& r) { return GetDocument(r); }, reading);
    // Deleting writes with fsyncs too, but is no sign-in: not under the per-IP sign-in limit.
    transport::RouteOptions deleting = writing;
    deleting.limit_by_client_ip = nullptr;
    router.Add(
        "DELETE", "/api/v1/documents/{id}", [this](const transport::Request& r) { return DeleteDocument(r); },
        deleting);
    // Up to the upload limit read from the object store: off the I/O threads.
    transport::RouteOptions downloading = reading;
    downloading.execution = transport::Execution::kWorkerPool;
    router.Add(
        "GET", "/api/v1/documents/{id}/file", [this](const transport::Request& r) { return GetDocumentFile(r); },
        downloading);
    router.Add(
        "GET", "/api/v1/documents/{id}/preview", [this](const transport::Request& r) { return GetDocumentPreview(r); },
        downloading);
    router.Add(
        "GET", "/api/v1/documents/{id}/timetable",
        [this](const transport::Request& r) { return GetDocumentTimetable(r); }, reading);
    router.Add(
        "GET", "/api/v1/documents/{id}/execution",
        [this](const transport::Request& r) { return GetDocumentExecution(r); }, reading);
    router.Add(
        "GET", "/api/v1/timetables", [this](const transport::Request& r) { return ListTimetables(r); }, reading);
    router.Add(
        "GET", "/api/v1/timetables/{id}", [this](const transport::Request& r) { return GetTimetable(r); }, reading);
    // The exports: "{id}.ics" is more specific than "{id}", so the router sends "….ics" here (router.hpp).
    router.Add(
        "GET", "/api/v1/timetables/{id}.ics",
        [this](const transport::Request& r) { return ExportTimetable(r, ExportFormat::kICalendar); }, reading);
    router.Add(
        "GET", "/api/v1/timetables/{id}.csv",
        [this](const transport::Request& r) { return ExportTimetable(r, ExportFormat::kCsv); }, reading);
    // A correction is one small JSON block written with an fsync: worker pool, no per-IP sign-in limit.
    transport::RouteOptions correcting{.execution = transport::Execution::kWorkerPool,
                                       .max_body_bytes = kAuthBodyBytes,
                                       .limit_by_client_ip = nullptr};
    router.Add(
        "POST", "/api/v1/timetables/{id}/timeblocks", [this](const transport::Request& r) { return AddTimeblock(r); },
        correcting);
    router.Add(
        "PUT", "/api/v1/timetables/{id}/timeblocks/{blockId}",
        [this](const transport::Request& r) { return UpdateTimeblock(r); }, correcting);
    router.Add(
        "DELETE", "/api/v1/timetables/{id}/timeblocks/{blockId}",
        [this](const transport::Request& r) { return DeleteTimeblock(r); }, correcting);
    // Calendar feeds: making and revoking one are small durable writes (worker pool); listing reads.
    router.Add(
        "POST", "/api/v1/timetables/{id}/feeds", [this](const transport::Request& r) { return CreateCalendarFeed(r); },
        correcting);
    router.Add(
        "GET", "/api/v1/timetables/{id}/feeds", [this](const transport::Request& r) { return ListCalendarFeeds(r); },
        reading);
    router.Add(
        "DELETE", "/api/v1/timetables/{id}/feeds/{feedId}",
        [this](const transport::Request& r) { return RevokeCalendarFeed(r); }, correcting);
    // A feed is fetched without a user (calendar servers poll it): limited per client IP like other routes
    // without one, so nobody can guess tokens at speed (32 random bytes make guessing hopeless anyway).
    transport::RouteOptions subscribing = reading;
    subscribing.limit_by_client_ip = limits.api;
    router.Add(
        "GET", "/api/v1/calendar/{token}.ics", [this](const transport::Request& r) { return GetCalendarFeed(r); },
        subscribing);
    // Human review: reading the drafts is a read; a submission writes and resumes the execution.
    router.Add(
        "GET", "/api/v1/reviews", [this](const transport::Request& r) { return ListReviews(r); }, reading);
    router.Add(
        "POST", "/api/v1/reviews/{id}", [this](const transport::Request& r) { return SubmitReview(r); }, correcting);

    // What the web app reads first, the same for everyone: public, from memory.
    router.Add(
        "GET", "/api/v1/limits", [this](const transport::Request& r) { return GetLimits(r); }, reading);
    router.Add(
        "GET", "/api/v1/statemachine", [this](const transport::Request& r) { return GetStateMachine(r); }, reading);
    // The document describing all of the above (and transport's own routes); public, from memory.
    router.Add("GET", "/api/v1/openapi.json", HandleOpenApi, reading);
}

const std::string& Service::DecoyHash() {
    std::call_once(decoy_once_, [this] {
        auto hash = hasher_.Hash(auth::Base64UrlEncode(auth::RandomBytes(16)));
        if (hash) decoy_hash_ = std::move(hash).value();
    });
    return decoy_hash_;
}

}  // namespace ly::api
