// Human review in the Database: the drafts waiting for their teacher (with the token that resumes the document's
// execution), their submission, and the record of notifications already sent (each at most once).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

struct Review {
    std::string document_id{};
    std::string user_id{};
    std::string task_token{};  // never shown to the teacher or logged
    std::string draft_json{};  // the extraction's timetable/v1 JSON
    std::string status{};      // "waiting" or "submitted"
    std::int64_t created_at_ms = 0;
    std::optional<std::int64_t> submitted_at_ms{};
};

class ReviewRepository {
  public:
    ReviewRepository(Database& database, UnixMillisClock clock) : database_(database), clock_(std::move(clock)) {}

    // Queues (or re-queues, with a new token and draft) the document's review.
    Status Request(std::string_view document_id, std::string_view user_id, std::string_view task_token,
                   std::string_view draft_json);
    // The owner's waiting reviews, oldest first.
    Result<std::vector<Review>> ListWaiting(std::string_view user_id, int limit);
    // kNotFound for another user's or an unknown document.
    Result<Review> Find(std::string_view user_id, std::string_view document_id);
    // Marks a waiting review submitted and answers it (with its token); kConflict when it is not waiting.
    Result<Review> Submit(std::string_view user_id, std::string_view document_id);
    // A submitted review waiting again (its submission could not be handed on); kNotFound when none was submitted.
    Status Reopen(std::string_view user_id, std::string_view document_id);

    // True the first time for a (document, kind), false ever after: send only on true.
    Result<bool> MarkNotificationSent(std::string_view document_id, std::string_view kind);

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
