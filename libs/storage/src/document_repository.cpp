#include "ly/storage/document_repository.hpp"

#include <array>
#include <charconv>

#include "ly/storage/ids.hpp"

namespace ly::storage {
namespace {

constexpr std::string_view kColumns =
    "id, user_id, filename, content_type, size, sha256, status, error, object_key, created_at, updated_at";
constexpr std::array kAllStatuses = {DocumentStatus::kPending, DocumentStatus::kProcessing, DocumentStatus::kCompleted,
                                     DocumentStatus::kNeedsReview, DocumentStatus::kFailed};

std::string Select(std::string_view rest) {
    return "SELECT " + std::string(kColumns) + " FROM documents " + std::string(rest);
}

Document ToDocument(const Row& row) {
    Document document;
    document.id = row.Text(0);
    document.user_id = row.Text(1);
    document.filename = row.Text(2);
    document.content_type = row.Text(3);
    document.size = row.Int(4);
    document.sha256 = row.OptionalText(5);
    // The CHECK constraint admits only known names.
    document.status = ParseDocumentStatus(row.Text(6)).value_or(DocumentStatus::kFailed);
    document.error = row.OptionalText(7);
    document.object_key = row.Text(8);
    document.created_at_ms = row.Int(9);
    document.updated_at_ms = row.Int(10);
    return document;
}

std::vector<Document> ToDocuments(const std::vector<Row>& rows) {
    std::vector<Document> documents;
    documents.reserve(rows.size());
    for (const Row& row : rows) documents.push_back(ToDocument(row));
    return documents;
}

// A cursor is "<created_at_ms>.<id>" of the last document on the page.
std::string MakeCursor(const Document& document) { return std::to_string(document.created_at_ms) + "." + document.id; }

bool ParseCursor(std::string_view cursor, std::int64_t& created_at_ms, std::string& id) {
    const auto dot = cursor.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string_view number = cursor.substr(0, dot);
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), created_at_ms);
    if (ec != std::errc() || end != number.data() + number.size()) return false;
    id = std::string(cursor.substr(dot + 1));
    return IsId(id);
}

Value OptionalText(const std::optional<std::string>& text) {
    if (text) return *text;
    return nullptr;
}

}  // namespace

std::string_view DocumentStatusName(DocumentStatus status) {
    switch (status) {
        case DocumentStatus::kPending:
            return "pending";
        case DocumentStatus::kProcessing:
            return "processing";
        case DocumentStatus::kCompleted:
            return "completed";
        case DocumentStatus::kNeedsReview:
            return "needs_review";
        case DocumentStatus::kFailed:
            return "failed";
    }
    return "failed";
}

std::optional<DocumentStatus> ParseDocumentStatus(std::string_view name) {
    for (DocumentStatus status : kAllStatuses) {
        if (DocumentStatusName(status) == name) return status;
    }
    return std::nullopt;
}

Result<Document> DocumentRepository::Create(NewDocument fresh) {
    if (fresh.id.empty()) {
        auto id = NewId();
        if (!id) return id.error();
        fresh.id = std::move(*id);
    }
    Document document;
    document.id = std::move(fresh.id);
    document.user_id = std::move(fresh.user_id);
    document.filename = std::move(fresh.filename);
    document.content_type = std::move(fresh.content_type);
    document.size = fresh.size;
    document.sha256 = std::move(fresh.sha256);
    document.status = DocumentStatus::kPending;
    document.object_key = std::move(fresh.object_key);
    document.created_at_ms = clock_();
    document.updated_at_ms = document.created_at_ms;
    auto inserted = database_.Execute(
        "INSERT INTO documents (id, user_id, filename, content_type, size, sha256, status, error, object_key, "
        "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)",
        {document.id, document.user_id, document.filename, document.content_type, document.size,
         OptionalText(document.sha256), std::string(DocumentStatusName(document.status)), document.object_key,
         document.created_at_ms, document.updated_at_ms});
    if (!inserted) return inserted.error();
    return document;
}

Result<Document> DocumentRepository::Get(std::string_view owner_id, std::string_view id) {
    auto row = database_.QueryOne(Select("WHERE id = ? AND user_id = ?"), {std::string(id), std::string(owner_id)},
                                  "document not found");
    if (!row) return row.error();
    return ToDocument(*row);
}

Result<Document> DocumentRepository::Find(std::string_view id) {
    auto row = database_.QueryOne(Select("WHERE id = ?"), {std::string(id)}, "document not found");
    if (!row) return row.error();
    return ToDocument(*row);
}

Result<DocumentPage> DocumentRepository::List(std::string_view owner_id, const DocumentListOptions& options) {
    if (options.limit < 1 || options.limit > kMaxDocumentPage) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "limit must be between 1 and " + std::to_string(kMaxDocumentPage));
    }
    std::string where = "WHERE user_id = ?";
    Params params = {std::string(owner_id)};
    if (options.status) {
        where += " AND status = ?";
        params.emplace_back(std::string(DocumentStatusName(*options.status)));
    }
    if (!options.cursor.empty()) {
        std::int64_t created_at_ms = 0;
        std::string id;
        if (!ParseCursor(options.cursor, created_at_ms, id)) {
            return MakeError(ErrorCode::kInvalidArgument, "cursor is not one a previous page gave");
        }
        where += " AND (created_at < ? OR (created_at = ? AND id < ?))";
        params.emplace_back(created_at_ms);
        params.emplace_back(created_at_ms);
        params.emplace_back(std::move(id));
    }
    // One more than asked: whether it arrives says if there is a next page.
    params.emplace_back(std::int64_t{options.limit} + 1);
    auto rows = database_.Query(Select(where + " ORDER BY created_at DESC, id DESC LIMIT ?"), params);
    if (!rows) return rows.error();
    DocumentPage page;
    page.documents = ToDocuments(*rows);
    if (page.documents.size() > static_cast<std::size_t>(options.limit)) {
        page.documents.pop_back();
        page.next_cursor = MakeCursor(page.documents.back());
    }
    return page;
}

Result<Document> DocumentRepository::Delete(std::string_view owner_id, std::string_view id) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    auto row = tx.QueryOne(Select("WHERE id = ? AND user_id = ?"), {std::string(id), std::string(owner_id)},
                           "document not found");
    if (!row) return row.error();
    Document document = ToDocument(*row);
    // Explicit rather than left to ON DELETE CASCADE, so the effect does not depend on a connection setting.
    const Params by_document = {document.id};
    for (const char* statement :
         {"DELETE FROM timeblocks WHERE timetable_id IN (SELECT id FROM timetables WHERE document_id = ?)",
          "DELETE FROM timetables WHERE document_id = ?", "DELETE FROM documents WHERE id = ?"}) {
        if (auto deleted = tx.Execute(statement, by_document); !deleted) return deleted.error();
    }
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return document;
}

Status DocumentRepository::UpdateStatus(std::string_view id, DocumentStatus status,
                                        const std::optional<std::string>& error) {
    auto changed =
        database_.Execute("UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ?",
                          {std::string(DocumentStatusName(status)), OptionalText(error), clock_(), std::string(id)});
    if (!changed) return changed.error();
    if (*changed == 0) return MakeError(ErrorCode::kNotFound, "document not found");
    return Ok{};
}

Status DocumentRepository::RecordContent(std::string_view id, std::int64_t size, std::string_view sha256) {
    // Only once, and only while the document still waits for its bytes: the condition in the UPDATE makes two
    // racing uploads (or an upload racing its expiry) end with exactly one winner.
    auto changed = database_.Execute(
        "UPDATE documents SET size = ?, sha256 = ?, updated_at = ? WHERE id = ? AND sha256 IS NULL AND status = ?",
        {size, std::string(sha256), clock_(), std::string(id),
         std::string(DocumentStatusName(DocumentStatus::kPending))});
    if (!changed) return changed.error();
    if (*changed == 1) return Ok{};
    auto existing = Find(id);
    if (!existing) return existing.error();
    return MakeError(ErrorCode::kConflict, "the document's bytes have arrived already, or it no longer waits for them");
}

Result<bool> DocumentRepository::FailAwaitingContent(std::string_view id, std::string_view error) {
    auto changed = database_.Execute(
        "UPDATE documents SET status = ?, error = ?, updated_at = ? WHERE id = ? AND sha256 IS NULL AND status = ?",
        {std::string(DocumentStatusName(DocumentStatus::kFailed)), std::string(error), clock_(), std::string(id),
         std::string(DocumentStatusName(DocumentStatus::kPending))});
    if (!changed) return changed.error();
    return *changed == 1;
}

Result<std::vector<Document>> DocumentRepository::ListByStatus(DocumentStatus status, int limit) {
    if (limit < 1) return MakeError(ErrorCode::kInvalidArgument, "limit must be at least 1");
    auto rows = database_.Query(Select("WHERE status = ? ORDER BY created_at, id LIMIT ?"),
                                {std::string(DocumentStatusName(status)), std::int64_t{limit}});
    if (!rows) return rows.error();
    return ToDocuments(*rows);
}

Result<std::map<DocumentStatus, std::int64_t>> DocumentRepository::CountByStatus() {
    auto rows = database_.Query("SELECT status, COUNT(*) FROM documents GROUP BY status");
    if (!rows) return rows.error();
    std::map<DocumentStatus, std::int64_t> counts;
    for (DocumentStatus status : kAllStatuses) counts[status] = 0;
    for (const Row& row : *rows) {
        if (auto status = ParseDocumentStatus(row.Text(0))) counts[*status] = row.Int(1);
    }
    return counts;
}

}  // namespace ly::storage
