// Timetables and their blocks in the Database: save an extraction's timetable (replacing the document's
// previous one), read and list them scoped to their owner, and correct single blocks (another user's is kNotFound).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

struct StoredBlock {
    std::string id{};
    std::string timetable_id{};
    std::string day{};  // the domain's day name ("monday"); storage does not interpret it
    std::int64_t start_minutes = 0;
    std::optional<std::int64_t> end_minutes{};
    std::string name{};
    std::string notes{};
    double confidence = 0.0;
    std::int64_t position = 0;  // order within the timetable
};

struct NewBlock {
    std::string day{};
    std::int64_t start_minutes = 0;
    std::optional<std::int64_t> end_minutes{};
    std::string name{};
    std::string notes{};
    double confidence = 0.0;
    std::optional<std::int64_t> position{};  // absent: after the last block (on update: unchanged)
};

struct StoredTimetable {
    std::string id{};
    std::string document_id{};
    std::string user_id{};
    std::string metadata_json{};  // timetable/v1 metadata, as JSON text
    double confidence = 0.0;
    std::string route{};
    std::string warnings_json{};  // JSON array of warnings
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::vector<StoredBlock> blocks{};  // by position; empty in List()
};

struct NewTimetable {
    std::string document_id{};
    std::string user_id{};
    std::string metadata_json = "{}";
    double confidence = 0.0;
    std::string route{};
    std::string warnings_json = "[]";
    std::vector<NewBlock> blocks{};  // positions default to their order here
};

class TimetableRepository {
  public:
    TimetableRepository(Database& database, UnixMillisClock clock) : database_(database), clock_(std::move(clock)) {}

    // Stores the timetable and its blocks in one transaction. A document's earlier timetable is replaced: it keeps
    // its id (links stay valid) and created_at, its blocks are replaced. kNotFound when the document is not the
    // user's.
    Result<StoredTimetable> Save(const NewTimetable& timetable);
    Result<StoredTimetable> Get(std::string_view owner_id, std::string_view id);
    Result<StoredTimetable> GetByDocument(std::string_view owner_id, std::string_view document_id);
    // Newest first, without blocks.
    Result<std::vector<StoredTimetable>> List(std::string_view owner_id, int limit, int offset);

    // Corrections. Each answers kNotFound when the timetable is not the owner's or the block not in it, and
    // touches the timetable's updated_at.
    Result<StoredBlock> AddBlock(std::string_view owner_id, std::string_view timetable_id, const NewBlock& block);
    Result<StoredBlock> UpdateBlock(std::string_view owner_id, std::string_view timetable_id, std::string_view block_id,
                                    const NewBlock& block);
    Status DeleteBlock(std::string_view owner_id, std::string_view timetable_id, std::string_view block_id);

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
