#include "ly/storage/review_repository.hpp"

namespace ly::storage {
namespace {

constexpr std::string_view kColumns = "document_id, user_id, task_token, draft, status, created_at, submitted_at";

Review ToReview(const Row& row) {
    return Review{.document_id = row.Text(0),
                  .user_id = row.Text(1),
                  .task_token = row.Text(2),
                  .draft_json = row.Text(3),
                  .status = row.Text(4),
                  .created_at_ms = row.Int(5),
                  .submitted_at_ms = row.OptionalInt(6)};
}

}  // namespace

Status ReviewRepository::Request(std::string_view document_id, std::string_view user_id, std::string_view task_token,
                                 std::string_view draft_json) {
    auto written = database_.Execute(
        "INSERT INTO reviews (document_id, user_id, task_token, draft, status, created_at) "
        "VALUES (?, ?, ?, ?, 'waiting', ?) "
        "ON CONFLICT (document_id) DO UPDATE SET task_token = excluded.task_token, draft = excluded.draft, "
        "status = 'waiting', created_at = excluded.created_at, submitted_at = NULL",
        {std::string(document_id), std::string(user_id), std::string(task_token), std::string(draft_json), clock_()});
    if (!written) return written.error();
    return Ok{};
}

Result<std::vector<Review>> ReviewRepository::ListWaiting(std::string_view user_id, int limit) {
    if (limit < 1) return MakeError(ErrorCode::kInvalidArgument, "limit must be at least 1");
    auto rows = database_.Query("SELECT " + std::string(kColumns) +
                                    " FROM reviews WHERE user_id = ? AND status = 'waiting' "
                                    "ORDER BY created_at, document_id LIMIT ?",
                                {std::string(user_id), std::int64_t{limit}});
    if (!rows) return rows.error();
    std::vector<Review> reviews;
    reviews.reserve(rows->size());
    for (const Row& row : *rows) reviews.push_back(ToReview(row));
    return reviews;
}

Result<Review> ReviewRepository::Find(std::string_view user_id, std::string_view document_id) {
    auto row =
        database_.QueryOne("SELECT " + std::string(kColumns) + " FROM reviews WHERE document_id = ? AND user_id = ?",
                           {std::string(document_id), std::string(user_id)}, "review not found");
    if (!row) return row.error();
    return ToReview(*row);
}

Result<Review> ReviewRepository::Submit(std::string_view user_id, std::string_view document_id) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    auto row = tx.QueryOne("SELECT " + std::string(kColumns) + " FROM reviews WHERE document_id = ? AND user_id = ?",
                           {std::string(document_id), std::string(user_id)}, "review not found");
    if (!row) return row.error();
    Review review = ToReview(*row);
    if (review.status != "waiting") return MakeError(ErrorCode::kConflict, "this review was already submitted");
    const std::int64_t now = clock_();
    auto updated = tx.Execute("UPDATE reviews SET status = 'submitted', submitted_at = ? WHERE document_id = ?",
                              {now, review.document_id});
    if (!updated) return updated.error();
    if (auto committed = tx.Commit(); !committed) return committed.error();
    review.status = "submitted";
    review.submitted_at_ms = now;
    return review;
}

Status ReviewRepository::Reopen(std::string_view user_id, std::string_view document_id) {
    auto updated = database_.Execute(
        "UPDATE reviews SET status = 'waiting', submitted_at = NULL WHERE document_id = ? AND user_id = ? "
        "AND status = 'submitted'",
        {std::string(document_id), std::string(user_id)});
    if (!updated) return updated.error();
    if (*updated == 0) return MakeError(ErrorCode::kNotFound, "no submitted review to reopen");
    return Ok{};
}

Result<bool> ReviewRepository::MarkNotificationSent(std::string_view document_id, std::string_view kind) {
    auto inserted = database_.Execute(
        "INSERT INTO notifications_sent (document_id, kind, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        {std::string(document_id), std::string(kind), clock_()});
    if (!inserted) return inserted.error();
    return *inserted == 1;
}

}  // namespace ly::storage
