#include "ly/storage/timetable_repository.hpp"

#include "ly/storage/ids.hpp"

namespace ly::storage {
namespace {

constexpr std::string_view kTimetableColumns =
    "id, document_id, user_id, metadata, confidence, route, warnings, created_at, updated_at";
constexpr std::string_view kBlockColumns =
    "id, timetable_id, day, start_minutes, end_minutes, name, notes, confidence, position";

StoredTimetable ToTimetable(const Row& row) {
    StoredTimetable timetable;
    timetable.id = row.Text(0);
    timetable.document_id = row.Text(1);
    timetable.user_id = row.Text(2);
    timetable.metadata_json = row.Text(3);
    timetable.confidence = row.Real(4);
    timetable.route = row.Text(5);
    timetable.warnings_json = row.Text(6);
    timetable.created_at_ms = row.Int(7);
    timetable.updated_at_ms = row.Int(8);
    return timetable;
}

StoredBlock ToBlock(const Row& row) {
    return StoredBlock{row.Text(0), row.Text(1), row.Text(2), row.Int(3), row.OptionalInt(4),
                       row.Text(5), row.Text(6), row.Real(7), row.Int(8)};
}

Value OptionalInt(const std::optional<std::int64_t>& value) {
    if (value) return *value;
    return nullptr;
}

Result<std::vector<StoredBlock>> LoadBlocks(Session& session, const std::string& timetable_id) {
    auto rows = session.Query(
        "SELECT " + std::string(kBlockColumns) + " FROM timeblocks WHERE timetable_id = ? ORDER BY position, id",
        {timetable_id});
    if (!rows) return rows.error();
    std::vector<StoredBlock> blocks;
    blocks.reserve(rows->size());
    for (const Row& row : *rows) blocks.push_back(ToBlock(row));
    return blocks;
}

Result<StoredTimetable> LoadOwned(Session& session, std::string_view where, const Params& params) {
    auto row = session.QueryOne("SELECT " + std::string(kTimetableColumns) + " FROM timetables " + std::string(where),
                                params, "timetable not found");
    if (!row) return row.error();
    StoredTimetable timetable = ToTimetable(*row);
    auto blocks = LoadBlocks(session, timetable.id);
    if (!blocks) return blocks.error();
    timetable.blocks = std::move(*blocks);
    return timetable;
}

Status InsertBlock(Session& session, const StoredBlock& block) {
    auto inserted = session.Execute(
        "INSERT INTO timeblocks (id, timetable_id, day, start_minutes, end_minutes, name, notes, confidence, "
        "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {block.id, block.timetable_id, block.day, block.start_minutes, OptionalInt(block.end_minutes), block.name,
         block.notes, block.confidence, block.position});
    if (!inserted) return inserted.error();
    return Ok{};
}

// Inside a transaction: the timetable if it is the owner's (kNotFound otherwise), its updated_at set to now.
Status TouchOwned(Session& session, std::string_view owner_id, std::string_view timetable_id, std::int64_t now) {
    auto changed = session.Execute("UPDATE timetables SET updated_at = ? WHERE id = ? AND user_id = ?",
                                   {now, std::string(timetable_id), std::string(owner_id)});
    if (!changed) return changed.error();
    if (*changed == 0) return MakeError(ErrorCode::kNotFound, "timetable not found");
    return Ok{};
}

}  // namespace

Result<StoredTimetable> TimetableRepository::Save(const NewTimetable& fresh) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    auto document = tx.QueryOne("SELECT 1 FROM documents WHERE id = ? AND user_id = ?",
                                {fresh.document_id, fresh.user_id}, "document not found");
    if (!document) return document.error();

    const std::int64_t now = clock_();
    StoredTimetable timetable;
    timetable.document_id = fresh.document_id;
    timetable.user_id = fresh.user_id;
    timetable.metadata_json = fresh.metadata_json;
    timetable.confidence = fresh.confidence;
    timetable.route = fresh.route;
    timetable.warnings_json = fresh.warnings_json;
    timetable.updated_at_ms = now;

    auto previous = tx.Query("SELECT id, created_at FROM timetables WHERE document_id = ?", {fresh.document_id});
    if (!previous) return previous.error();
    if (!previous->empty()) {
        timetable.id = previous->front().Text(0);
        timetable.created_at_ms = previous->front().Int(1);
        auto updated = tx.Execute(
            "UPDATE timetables SET metadata = ?, confidence = ?, route = ?, warnings = ?, updated_at = ? WHERE id = ?",
            {timetable.metadata_json, timetable.confidence, timetable.route, timetable.warnings_json, now,
             timetable.id});
        if (!updated) return updated.error();
        if (auto cleared = tx.Execute("DELETE FROM timeblocks WHERE timetable_id = ?", {timetable.id}); !cleared) {
            return cleared.error();
        }
    } else {
        auto id = NewId();
        if (!id) return id.error();
        timetable.id = std::move(*id);
        timetable.created_at_ms = now;
        auto inserted = tx.Execute(
            "INSERT INTO timetables (id, document_id, user_id, metadata, confidence, route, warnings, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            {timetable.id, timetable.document_id, timetable.user_id, timetable.metadata_json, timetable.confidence,
             timetable.route, timetable.warnings_json, now, now});
        if (!inserted) return inserted.error();
    }

    std::int64_t order = 0;
    for (const NewBlock& fresh_block : fresh.blocks) {
        auto id = NewId();
        if (!id) return id.error();
        StoredBlock block{std::move(*id),
                          timetable.id,
                          fresh_block.day,
                          fresh_block.start_minutes,
                          fresh_block.end_minutes,
                          fresh_block.name,
                          fresh_block.notes,
                          fresh_block.confidence,
                          fresh_block.position.value_or(order)};
        ++order;
        if (auto inserted = InsertBlock(tx, block); !inserted) return inserted.error();
        timetable.blocks.push_back(std::move(block));
    }
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return timetable;
}

Result<StoredTimetable> TimetableRepository::Get(std::string_view owner_id, std::string_view id) {
    return LoadOwned(database_, "WHERE id = ? AND user_id = ?", {std::string(id), std::string(owner_id)});
}

Result<StoredTimetable> TimetableRepository::GetByDocument(std::string_view owner_id, std::string_view document_id) {
    return LoadOwned(database_, "WHERE document_id = ? AND user_id = ?",
                     {std::string(document_id), std::string(owner_id)});
}

Result<std::vector<StoredTimetable>> TimetableRepository::List(std::string_view owner_id, int limit, int offset) {
    if (limit < 1 || offset < 0) {
        return MakeError(ErrorCode::kInvalidArgument, "limit must be at least 1 and offset not negative");
    }
    auto rows = database_.Query("SELECT " + std::string(kTimetableColumns) +
                                    " FROM timetables WHERE user_id = ? ORDER BY created_at DESC, id DESC "
                                    "LIMIT ? OFFSET ?",
                                {std::string(owner_id), std::int64_t{limit}, std::int64_t{offset}});
    if (!rows) return rows.error();
    std::vector<StoredTimetable> timetables;
    timetables.reserve(rows->size());
    for (const Row& row : *rows) timetables.push_back(ToTimetable(row));
    return timetables;
}

Result<StoredBlock> TimetableRepository::AddBlock(std::string_view owner_id, std::string_view timetable_id,
                                                  const NewBlock& fresh) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    if (auto touched = TouchOwned(tx, owner_id, timetable_id, clock_()); !touched) return touched.error();
    std::int64_t position = 0;
    if (fresh.position) {
        position = *fresh.position;
    } else {
        auto last = tx.QueryOne("SELECT COALESCE(MAX(position) + 1, 0) FROM timeblocks WHERE timetable_id = ?",
                                {std::string(timetable_id)}, "");
        if (!last) return last.error();
        position = last->Int(0);
    }
    auto id = NewId();
    if (!id) return id.error();
    StoredBlock block{std::move(*id),      std::string(timetable_id), fresh.day,
                      fresh.start_minutes, fresh.end_minutes,         fresh.name,
                      fresh.notes,         fresh.confidence,          position};
    if (auto inserted = InsertBlock(tx, block); !inserted) return inserted.error();
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return block;
}

Result<StoredBlock> TimetableRepository::UpdateBlock(std::string_view owner_id, std::string_view timetable_id,
                                                     std::string_view block_id, const NewBlock& fresh) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    if (auto touched = TouchOwned(tx, owner_id, timetable_id, clock_()); !touched) return touched.error();
    auto current =
        tx.QueryOne("SELECT " + std::string(kBlockColumns) + " FROM timeblocks WHERE id = ? AND timetable_id = ?",
                    {std::string(block_id), std::string(timetable_id)}, "time block not found");
    if (!current) return current.error();
    StoredBlock block = ToBlock(*current);
    block.day = fresh.day;
    block.start_minutes = fresh.start_minutes;
    block.end_minutes = fresh.end_minutes;
    block.name = fresh.name;
    block.notes = fresh.notes;
    block.confidence = fresh.confidence;
    if (fresh.position) block.position = *fresh.position;
    auto updated = tx.Execute(
        "UPDATE timeblocks SET day = ?, start_minutes = ?, end_minutes = ?, name = ?, notes = ?, confidence = ?, "
        "position = ? WHERE id = ?",
        {block.day, block.start_minutes, OptionalInt(block.end_minutes), block.name, block.notes, block.confidence,
         block.position, block.id});
    if (!updated) return updated.error();
    if (auto committed = tx.Commit(); !committed) return committed.error();
    return block;
}

Status TimetableRepository::DeleteBlock(std::string_view owner_id, std::string_view timetable_id,
                                        std::string_view block_id) {
    auto transaction = database_.Begin();
    if (!transaction) return transaction.error();
    Transaction& tx = **transaction;
    if (auto touched = TouchOwned(tx, owner_id, timetable_id, clock_()); !touched) return touched.error();
    auto deleted = tx.Execute("DELETE FROM timeblocks WHERE id = ? AND timetable_id = ?",
                              {std::string(block_id), std::string(timetable_id)});
    if (!deleted) return deleted.error();
    if (*deleted == 0) return MakeError(ErrorCode::kNotFound, "time block not found");
    return tx.Commit();
}

}  // namespace ly::storage
