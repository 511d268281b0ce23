// The /api/v1/documents handlers: direct multipart upload into the object store, and listing, reading and
// deleting a caller's own documents (another user's id answers 404, exactly as an unknown one).
#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "json_body.hpp"
#include "ly/api/bearer.hpp"
#include "ly/api/service.hpp"
#include "ly/base/sha256.hpp"
#include "ly/extract/sniff.hpp"
#include "ly/storage/ids.hpp"
#include "ly/transport/multipart.hpp"
#include "ly/transport/problem.hpp"
#include "stored_type.hpp"

namespace ly::api {
namespace {

using transport::ErrorResponse;
using transport::Request;
using transport::Response;

constexpr std::string_view kFileField = "file";

// `storage`: where the JSON's memory comes from (a list builds its page in one arena; see ListDocuments).
boost::json::object DocumentJson(const storage::Document& document, boost::json::storage_ptr storage = {}) {
    auto optional = [&storage](const std::optional<std::string>& text) {
        return text ? boost::json::value(*text, storage) : boost::json::value(nullptr, storage);
    };
    boost::json::object json(storage);
    json.reserve(9);
    json.emplace("id", document.id);
    json.emplace("filename", document.filename);
    json.emplace("contentType", document.content_type);
    json.emplace("size", document.size);
    json.emplace("sha256", optional(document.sha256));
    json.emplace("status", storage::DocumentStatusName(document.status));
    json.emplace("error", optional(document.error));
    json.emplace("createdAt", Rfc3339(document.created_at_ms));
    json.emplace("updatedAt", Rfc3339(document.updated_at_ms));
    return json;
}

Error NoSuchDocument() { return MakeError(ErrorCode::kNotFound, "document not found"); }

// The upload's part, or the answer to send.
std::optional<Response> FindFilePart(const Request& request, transport::MultipartPart& file) {
    auto media = transport::ParseHeaderValue(request.headers.Get("Content-Type"));
    if (!media || media->value != "multipart/form-data") {
        return ErrorResponse(
            MakeError(ErrorCode::kInvalidArgument, "send the document as multipart/form-data with the field \"file\""),
            kFileField);
    }
    auto boundary = transport::MultipartBoundary(*media);
    if (!boundary) return ErrorResponse(boundary.error(), "body");
    auto parts = transport::ParseMultipart(request.body, *boundary);
    if (!parts) return ErrorResponse(parts.error(), "body");
    for (auto& part : *parts) {
        if (part.name == kFileField) {
            file = std::move(part);
            return std::nullopt;
        }
    }
    return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "file: the form has no field \"file\""), kFileField);
}

}  // namespace

Response Service::UploadDocument(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);

    transport::MultipartPart file;
    if (auto problem = FindFilePart(request, file)) return std::move(*problem);
    if (file.body.empty()) return ErrorResponse(MakeError(ErrorCode::kEmpty, "file: the upload is empty"), kFileField);
    if (file.body.size() > options_.max_upload_bytes) {
        return ErrorResponse(
            MakeError(ErrorCode::kTooLarge, "file: the document is over the limit of " +
                                                std::to_string(options_.max_upload_bytes >> 20) + " MB"),
            kFileField);
    }
    const extract::DocumentType sniffed = extract::Sniff(file.body);
    const auto type = TypeOf(sniffed);
    if (!type) {
        return ErrorResponse(MakeError(ErrorCode::kUnsupportedType,
                                       "file: this is " + std::string(extract::DocumentTypeName(sniffed)) +
                                           "; send a PDF, a Word document (.docx), a text file or an image"),
                             kFileField);
    }

    auto id = storage::NewId();
    if (!id) return ErrorResponse(id.error());
    const std::string key = UploadKey(caller.user_id, *id, *type);
    // The object first: a document row never points at bytes that are not there.
    if (auto put = objects_->Put(key, file.body); !put) return ErrorResponse(put.error());
    auto document = documents_.Create({.id = *id,
                                       .user_id = caller.user_id,
                                       .filename = transport::CleanFilename(file.filename.value_or("")),
                                       .content_type = std::string(type->content_type),
                                       .size = static_cast<std::int64_t>(file.body.size()),
                                       .sha256 = Sha256Hex(file.body),
                                       .object_key = key});
    if (!document) {
        (void)objects_->Delete(key);  // nothing refers to it; a failed delete leaves only an orphan file
        if (document.error().code == ErrorCode::kInvalidArgument) {
            // The owner vanished between the token check and the insert.
            return transport::ErrorResponse(
                MakeError(ErrorCode::kUnauthenticated, "the account of this access token no longer exists"));
        }
        return ErrorResponse(document.error());
    }
    PublishUploaded(*document);  // starts processing; stored and committed first: a crash from here on loses nothing
    boost::json::object body;
    body["documentId"] = document->id;
    body["status"] = storage::DocumentStatusName(document->status);
    Response response = JsonObjectResponse(201, body);
    response.headers.Set("Location", "/api/v1/documents/" + document->id);
    return response;
}

Response Service::ListDocuments(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);

    storage::DocumentListOptions options;
    if (const auto limit = request.QueryParam("limit")) {
        int value = 0;
        const auto [end, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), value);
        if (ec != std::errc() || end != limit->data() + limit->size() || value < 1 ||
            value > storage::kMaxDocumentPage) {
            return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "limit: must be a whole number from 1 to " +
                                                                            std::to_string(storage::kMaxDocumentPage)),
                                 "limit");
        }
        options.limit = value;
    }
    if (const auto status = request.QueryParam("status")) {
        options.status = storage::ParseDocumentStatus(*status);
        if (!options.status) {
            return ErrorResponse(MakeError(ErrorCode::kInvalidArgument,
                                           "status: must be pending, processing, completed, needs_review or failed"),
                                 "status");
        }
    }
    if (const auto cursor = request.QueryParam("cursor")) options.cursor = std::string(*cursor);

    auto page = documents_.List(caller.user_id, options);
    if (!page) {
        if (page.error().code == ErrorCode::kInvalidArgument) {
            return ErrorResponse(
                MakeError(ErrorCode::kInvalidArgument, "cursor: not one this service gave; start from the first page"),
                "cursor");
        }
        return ErrorResponse(page.error());
    }
    // The page is built in one arena, freed at once: the most requested read allocates almost nothing.
    unsigned char arena[32 * 1024];
    boost::json::monotonic_resource resource(arena, sizeof arena);
    const boost::json::storage_ptr storage(&resource);
    boost::json::array documents(storage);
    documents.reserve(page->documents.size());
    for (auto& document : page->documents) {
        // Rare (a pre-signed upload given up on), and then one conditional UPDATE.
        if (auto settled = SettleExpiredUpload(document); !settled) return ErrorResponse(settled.error());
        documents.push_back(DocumentJson(document, storage));
    }
    boost::json::object body(storage);
    body["documents"] = std::move(documents);
    body["nextCursor"] =
        page->next_cursor.empty() ? boost::json::value(nullptr) : boost::json::value(page->next_cursor);
    return JsonObjectResponse(200, body);
}

Result<storage::Document> Service::CallersDocument(const Caller& caller, const Request& request) {
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return NoSuchDocument();
    auto document = documents_.Get(caller.user_id, id);
    if (!document && document.error().code == ErrorCode::kNotFound) return NoSuchDocument();
    return document;
}

Response Service::GetDocument(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto document = CallersDocument(caller, request);
    if (!document) return ErrorResponse(document.error());
    if (auto settled = SettleExpiredUpload(*document); !settled) return ErrorResponse(settled.error());
    return JsonObjectResponse(200, DocumentJson(*document));
}

Response Service::DeleteDocument(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchDocument());
    auto deleted = documents_.Delete(caller.user_id, id);
    if (!deleted) {
        if (deleted.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchDocument());
        return ErrorResponse(deleted.error());
    }
    // The row (with its timetable and blocks) is gone; the bytes follow. A failed delete leaves an orphan file
    // that nothing refers to, never a row without its file.
    Response response;
    response.status = 204;
    if (auto removed = objects_->Delete(deleted->object_key); !removed) {
        response.internal_error = "document deleted, its object left behind: " + removed.error().message;
    }
    if (auto removed = objects_->Delete(pipeline::PreviewKey(deleted->id)); !removed) {  // none is fine
        response.internal_error = "document deleted, its preview left behind: " + removed.error().message;
    }
    return response;
}

}  // namespace ly::api
