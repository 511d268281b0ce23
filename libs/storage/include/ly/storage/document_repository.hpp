// Documents in the Database: create, get and list scoped to their owner (another user's id is kNotFound),
// status changes from the pipeline, and delete together with the document's timetable and blocks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

// pending → processing → completed | needs_review | failed
enum class DocumentStatus { kPending, kProcessing, kCompleted, kNeedsReview, kFailed };

std::string_view DocumentStatusName(DocumentStatus status);  // "pending", …, "needs_review", "failed"
std::optional<DocumentStatus> ParseDocumentStatus(std::string_view name);

struct Document {
    std::string id{};
    std::string user_id{};
    std::string filename{};
    std::string content_type{};
    std::int64_t size = 0;
    std::optional<std::string> sha256{};  // hex; absent until the bytes have arrived
    DocumentStatus status = DocumentStatus::kPending;
    std::optional<std::string> error{};  // why it failed, for the teacher
    std::string object_key{};
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
};

struct NewDocument {
    std::string id{};  // empty: a new one is made (give one when the object key must contain it)
    std::string user_id{};
    std::string filename{};
    std::string content_type{};
    std::int64_t size = 0;
    std::optional<std::string> sha256{};
    std::string object_key{};
};

struct DocumentListOptions {
    int limit = 20;                          // 1 … kMaxDocumentPage
    std::string cursor{};                    // empty for the first page, else a page's next_cursor
    std::optional<DocumentStatus> status{};  // only documents with this status
};

inline constexpr int kMaxDocumentPage = 100;

struct DocumentPage {
    std::vector<Document> documents{};  // newest first
    std::string next_cursor{};          // empty on the last page; opaque to callers
};

class DocumentRepository {
  public:
    DocumentRepository(Database& database, UnixMillisClock clock) : database_(database), clock_(std::move(clock)) {}

    // Stored as pending. kInvalidArgument when the owner does not exist.
    Result<Document> Create(NewDocument document);
    // The owner's document; kNotFound for an unknown id and for another user's.
    Result<Document> Get(std::string_view owner_id, std::string_view id);
    // The owner's documents newest first, a page at a time (keyset pagination: stable while documents are added).
    // kInvalidArgument for a limit out of range or a cursor this did not give.
    Result<DocumentPage> List(std::string_view owner_id, const DocumentListOptions& options);
    // Removes the document with its timetable and blocks; answers what was removed so the caller can delete
    // its objects. kNotFound for an unknown id and for another user's.
    Result<Document> Delete(std::string_view owner_id, std::string_view id);

    // For the pipeline (no owner; the id comes from our own queue).
    Result<Document> Find(std::string_view id);
    // Sets the status and the error (cleared when absent). kNotFound for an unknown id.
    Status UpdateStatus(std::string_view id, DocumentStatus status,
                        const std::optional<std::string>& error = std::nullopt);
    // Records the uploaded bytes' size and SHA-256 (a pre-signed upload learns them only when it completes), once:
    // kConflict unless the document is pending without a SHA-256; kNotFound for an unknown id.
    Status RecordContent(std::string_view id, std::int64_t size, std::string_view sha256);
    // Marks a document that still waits for its bytes (pending, no SHA-256) failed with `error`; false when it
    // no longer waits (the bytes arrived, or it was deleted or failed meanwhile).
    Result<bool> FailAwaitingContent(std::string_view id, std::string_view error);
    // Oldest first: what to resume after a restart (pending and processing documents).
    Result<std::vector<Document>> ListByStatus(DocumentStatus status, int limit);
    // Every status with its count (zero included), for metrics.
    Result<std::map<DocumentStatus, std::int64_t>> CountByStatus();

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
