// Pre-signed uploads, as S3 gives them: POST /api/v1/documents/upload creates the document row (pending, no
// SHA-256 yet) and answers a signed URL; PUT /api/v1/uploads/{documentId} to that URL (the signature is the
// credential, no bearer token) stores the bytes and hands the document to processing like a direct upload.
// Also GET /api/v1/documents/{id}/file, the original bytes back to their owner.
#include <boost/json/object.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "json_body.hpp"
#include "ly/api/service.hpp"
#include "ly/base/sha256.hpp"
#include "ly/storage/ids.hpp"
#include "ly/transport/multipart.hpp"
#include "ly/transport/problem.hpp"
#include "stored_type.hpp"

namespace ly::api {
namespace {

using transport::ErrorResponse;
using transport::Request;
using transport::Response;

constexpr std::string_view kUploadsPath = "/api/v1/uploads/";
constexpr std::string_view kNeverArrived = "the upload never arrived";
// A document is given up a little after its URL expires: the URL's expiry is signed a few milliseconds after the
// row is created, so the row's age alone would fail it a moment early.
constexpr std::chrono::seconds kExpiryGrace{1};

Error NoSuchDocument() { return MakeError(ErrorCode::kNotFound, "document not found"); }

std::int64_t UnixMillis(auth::TimePoint time) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

// "http://" plus the request's Host header ("host" or "host:port"): the URL the client reached us at. Only
// plain HTTP, since that is what `ly serve` speaks (a TLS proxy in front would need to rewrite the scheme).
// kInvalidArgument when the header is missing or not an authority without user info.
Result<std::string> BaseUrl(const Request& request) {
    const std::string_view host = request.headers.Get("Host");
    const auto authority = boost::urls::parse_authority(boost::urls::string_view(host.data(), host.size()));
    if (host.empty() || !authority || authority->has_userinfo() || authority->host().empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "Host: the request needs a Host header naming this server");
    }
    return "http://" + std::string(host);
}

// `size` of the JSON body: a whole number of bytes from 1 to the upload limit.
std::optional<FieldError> RequireSize(const boost::json::object& body, std::size_t max_bytes, std::uint64_t& out) {
    const boost::json::value* value = body.if_contains("size");
    if (value == nullptr || value->is_null()) {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, "size: is required"), "size"};
    }
    if (value->is_uint64()) {
        out = value->as_uint64();
    } else if (value->is_int64() && value->as_int64() >= 0) {
        out = static_cast<std::uint64_t>(value->as_int64());
    } else if (value->is_int64()) {
        out = 0;  // negative: refused below with zero
    } else {
        return FieldError{MakeError(ErrorCode::kInvalidArgument, "size: must be a whole number of bytes"), "size"};
    }
    if (out == 0) return FieldError{MakeError(ErrorCode::kInvalidArgument, "size: must be at least 1 byte"), "size"};
    if (out > max_bytes) {
        return FieldError{MakeError(ErrorCode::kTooLarge, "size: the document is over the limit of " +
                                                              std::to_string(max_bytes >> 20) + " MB"),
                          "size"};
    }
    return std::nullopt;
}

bool HasControlCharacter(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) return true;
    }
    return false;
}

// `attachment; filename="week.pdf"; filename*=UTF-8''week.pdf` (RFC 6266): the quoted name keeps ASCII only
// (anything else, quotes and backslashes become '_'), the RFC 8187 one carries the name as it is.
std::string AttachmentDisposition(std::string_view filename) {
    const std::string clean = transport::CleanFilename(filename);
    std::string ascii;
    for (const char c : clean) {
        const auto byte = static_cast<unsigned char>(c);
        ascii += (byte >= 0x80 || c == '"' || c == '\\') ? '_' : c;
    }
    return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" +
           boost::urls::encode(boost::urls::string_view(clean.data(), clean.size()), boost::urls::unreserved_chars);
}

}  // namespace

Status Service::SettleExpiredUpload(storage::Document& document) {
    if (document.status != storage::DocumentStatus::kPending || document.sha256) return Ok{};
    const std::int64_t now_ms = UnixMillis(clock_.Now());
    const std::int64_t given_up_at_ms =
        document.created_at_ms +
        std::chrono::duration_cast<std::chrono::milliseconds>(options_.upload_url_lifetime + kExpiryGrace).count();
    if (now_ms < given_up_at_ms) return Ok{};
    // Conditional: bytes that arrived a moment ago win, and the document stays as it is.
    auto failed = documents_.FailAwaitingContent(document.id, kNeverArrived);
    if (!failed) return failed.error();
    if (*failed) {
        document.status = storage::DocumentStatus::kFailed;
        document.error = std::string(kNeverArrived);
        document.updated_at_ms = now_ms;
    }
    return Ok{};
}

Response Service::CreateUploadUrl(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);

    boost::json::object body;
    if (auto problem = ParseJsonObject(request.body, body)) return FieldErrorResponse(*problem);
    std::string filename;
    if (auto problem = RequireString(body, "filename", filename)) return FieldErrorResponse(*problem);
    std::string content_type;
    if (auto problem = RequireString(body, "contentType", content_type)) return FieldErrorResponse(*problem);
    const auto type = TypeOfContentType(content_type);
    if (!type || HasControlCharacter(content_type)) {
        return ErrorResponse(
            MakeError(ErrorCode::kInvalidArgument, "contentType: must be one of " + AcceptedContentTypes()),
            "contentType");
    }
    std::uint64_t size = 0;
    if (auto problem = RequireSize(body, options_.max_upload_bytes, size)) return FieldErrorResponse(*problem);
    auto base_url = BaseUrl(request);
    if (!base_url) return ErrorResponse(base_url.error(), "Host");

    auto id = storage::NewId();
    if (!id) return ErrorResponse(id.error());
    // The row first, awaiting its bytes (no SHA-256); its size is the declared one until they arrive.
    auto document = documents_.Create({.id = *id,
                                       .user_id = caller.user_id,
                                       .filename = transport::CleanFilename(filename),
                                       .content_type = std::string(type->content_type),
                                       .size = static_cast<std::int64_t>(size),
                                       .sha256 = std::nullopt,
                                       .object_key = UploadKey(caller.user_id, *id, *type)});
    if (!document) {
        if (document.error().code == ErrorCode::kInvalidArgument) {
            // The owner vanished between the token check and the insert.
            return ErrorResponse(
                MakeError(ErrorCode::kUnauthenticated, "the account of this access token no longer exists"));
        }
        return ErrorResponse(document.error());
    }
    // Signed with the content type as declared: the PUT must send the same one (compared without case or spaces).
    auto signed_url = upload_urls_.Sign(std::string(kUploadsPath) + *id, *id, caller.user_id, content_type, size);
    if (!signed_url) {
        (void)documents_.Delete(caller.user_id, *id);  // no URL: nothing could ever complete it
        return ErrorResponse(
            MakeError(ErrorCode::kInternal, "cannot sign an upload URL: " + signed_url.error().message));
    }

    boost::json::object answer;
    answer["documentId"] = *id;
    answer["uploadUrl"] = *base_url + signed_url->path_and_query;
    answer["expiresAt"] = Rfc3339(UnixMillis(signed_url->expires_at));
    Response response = JsonObjectResponse(201, answer);
    response.headers.Set("Location", "/api/v1/documents/" + *id);
    return response;
}

Response Service::ReceiveUpload(const Request& request) {
    // Verify takes the path and query exactly as the request target carries them (what was signed).
    const std::string_view target(request.target);
    const std::size_t question = target.find('?');
    const std::string_view path = target.substr(0, question);
    const std::string_view query =
        question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
    auto grant = upload_urls_.Verify(request.method, path, query, request.headers.Get("Content-Type"),
                                     static_cast<std::uint64_t>(request.body.size()));
    if (!grant) {
        switch (grant.error().code) {
            case ErrorCode::kInvalidArgument:
                return ErrorResponse(grant.error(), "Content-Type");
            case ErrorCode::kTooLarge:
                return ErrorResponse(grant.error(), "body");
            default:
                return ErrorResponse(grant.error());
        }
    }
    const std::string_view id = request.PathParam("documentId").value_or("");
    if (id != grant->document_id) {
        return ErrorResponse(MakeError(ErrorCode::kUnauthenticated, "upload URL does not match its path"));
    }
    if (user_limiter_) {
        if (auto limited = transport::CheckRateLimit(*user_limiter_, grant->user_id)) return std::move(*limited);
    }

    // One upload per document at a time; released however this handler ends.
    {
        std::lock_guard lock(uploads_mutex_);
        if (!uploads_in_flight_.insert(grant->document_id).second) {
            return ErrorResponse(MakeError(ErrorCode::kConflict, "an upload to this URL is in progress already"));
        }
    }
    struct Release {
        Service& service;
        const std::string& id;
        ~Release() {
            std::lock_guard lock(service.uploads_mutex_);
            service.uploads_in_flight_.erase(id);
        }
    } release{*this, grant->document_id};

    auto document = documents_.Get(grant->user_id, grant->document_id);
    if (!document) {
        // Deleted since the URL was made.
        if (document.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchDocument());
        return ErrorResponse(document.error());
    }
    if (document->sha256 || document->status != storage::DocumentStatus::kPending) {
        return ErrorResponse(MakeError(ErrorCode::kConflict,
                                       "this document's bytes have arrived already (or it no longer waits for them); "
                                       "ask for a new upload URL to send another document"));
    }
    if (request.body.empty()) return ErrorResponse(MakeError(ErrorCode::kEmpty, "body: the upload is empty"), "body");
    // The bytes must be what the URL was made for, told from the bytes themselves, as POST /documents does.
    const auto declared = TypeOfContentType(document->content_type);
    const extract::DocumentType sniffed_type = extract::Sniff(request.body);
    const auto sniffed = TypeOf(sniffed_type);
    if (!declared || !sniffed || sniffed->content_type != declared->content_type) {
        return ErrorResponse(MakeError(ErrorCode::kUnsupportedType,
                                       "body: this is " + std::string(extract::DocumentTypeName(sniffed_type)) +
                                           ", not the " + document->content_type + " the upload URL was made for"),
                             "body");
    }

    // The object first, then its hash on the row: a row with a SHA-256 always has its bytes.
    if (auto put = objects_->Put(document->object_key, request.body); !put) return ErrorResponse(put.error());
    auto recorded =
        documents_.RecordContent(document->id, static_cast<std::int64_t>(request.body.size()), Sha256Hex(request.body));
    if (!recorded) {
        if (recorded.error().code == ErrorCode::kNotFound) {
            (void)objects_->Delete(document->object_key);  // deleted meanwhile: nothing refers to the bytes
            return ErrorResponse(NoSuchDocument());
        }
        return ErrorResponse(recorded.error());  // kConflict: given up (expired) meanwhile
    }
    // Starts processing. Stored and committed first: a crash from here on loses nothing (a restart starts it).
    auto uploaded = documents_.Find(document->id);
    if (uploaded) {
        PublishUploaded(*uploaded);
    } else {
        QueueForProcessing(document->id);
    }

    boost::json::object answer;
    answer["documentId"] = document->id;
    answer["status"] = storage::DocumentStatusName(storage::DocumentStatus::kPending);
    return JsonObjectResponse(200, answer);
}

Response Service::GetDocumentFile(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto document = CallersDocument(caller, request);
    if (!document) return ErrorResponse(document.error());
    if (!document->sha256) {
        return ErrorResponse(MakeError(ErrorCode::kConflict, "the document's bytes have not arrived (yet)"));
    }
    auto bytes = objects_->Get(document->object_key);
    if (!bytes) {
        if (bytes.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchDocument());  // deleted meanwhile
        return ErrorResponse(bytes.error());
    }
    Response response;
    response.status = 200;
    response.headers.Set("Content-Type", document->content_type);
    response.headers.Set("Content-Disposition", AttachmentDisposition(document->filename));
    response.headers.Set("ETag", "\"" + *document->sha256 + "\"");
    response.body = std::move(bytes).value();
    return response;
}

Response Service::GetDocumentPreview(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto document = CallersDocument(caller, request);
    if (!document) return ErrorResponse(document.error());
    auto bytes = objects_->Get(pipeline::PreviewKey(document->id));
    if (!bytes) {
        if (bytes.error().code == ErrorCode::kNotFound) {
            return ErrorResponse(MakeError(ErrorCode::kNotFound,
                                           "this document has no preview: only images and scans get one, once "
                                           "they are prepared"));
        }
        return ErrorResponse(bytes.error());
    }
    Response response;
    response.status = 200;
    response.headers.Set("Content-Type", "image/png");
    response.headers.Set("Cache-Control", "private, max-age=3600");
    response.body = std::move(bytes).value();
    return response;
}

}  // namespace ly::api
