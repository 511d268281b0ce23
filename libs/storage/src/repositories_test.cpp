#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "ly/storage/calendar_feed_repository.hpp"
#include "ly/storage/document_repository.hpp"
#include "ly/storage/ids.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/refresh_token_repository.hpp"
#include "ly/storage/review_repository.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/storage/timetable_repository.hpp"
#include "ly/storage/user_repository.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::storage {
namespace {

// A real SQLite file with the schema, and a clock the test moves by hand.
class RepositoryTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = ::ly::testing::OpenMigratedDatabase(folder_.path() / "ly.db");
        ASSERT_NE(db_, nullptr);
    }

    UnixMillisClock Clock() {
        return [this] { return now_ms_.load(); };
    }

    User MakeUser(const std::string& email) {
        UserRepository users(*db_, Clock());
        auto user = users.Create(email, "hash", "Name");
        EXPECT_TRUE(user.ok()) << user.error().message;
        return std::move(user).value();
    }

    Document MakeDocument(const User& owner, const std::string& filename = "week.pdf") {
        DocumentRepository documents(*db_, Clock());
        auto document = documents.Create({.user_id = owner.id,
                                          .filename = filename,
                                          .content_type = "application/pdf",
                                          .size = 10,
                                          .sha256 = std::nullopt,
                                          .object_key = "uploads/x"});
        EXPECT_TRUE(document.ok()) << document.error().message;
        return std::move(document).value();
    }

    ::ly::testing::TempFolder folder_;
    std::unique_ptr<Database> db_;
    std::atomic<std::int64_t> now_ms_{1'700'000'000'000};
};

TEST_F(RepositoryTest, UsersAreFoundByNormalisedEmailAndEmailIsUnique) {
    UserRepository users(*db_, Clock());
    auto ann = users.Create("  Ann@School.ORG ", "argon2id$hash", "Ann");
    ASSERT_TRUE(ann.ok());
    EXPECT_EQ(ann->email, "ann@school.org");
    EXPECT_TRUE(IsId(ann->id));
    EXPECT_EQ(ann->created_at_ms, now_ms_.load());

    auto taken = users.Create("ann@school.org", "other", "Ann Two");
    ASSERT_FALSE(taken.ok());
    EXPECT_EQ(taken.error().code, ErrorCode::kConflict);

    auto by_email = users.FindByEmail("ANN@school.org");
    ASSERT_TRUE(by_email.ok());
    EXPECT_EQ(by_email->id, ann->id);
    EXPECT_EQ(by_email->password_hash, "argon2id$hash");
    auto by_id = users.FindById(ann->id);
    ASSERT_TRUE(by_id.ok());
    EXPECT_EQ(by_id->name, "Ann");

    EXPECT_EQ(users.FindByEmail("bob@school.org").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users.FindById("nope").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(users.Create("   ", "h", "n").error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RepositoryTest, RefreshTokensRotateOnceAndFamiliesRevoke) {
    const User ann = MakeUser("ann@x.org");
    RefreshTokenRepository tokens(*db_, Clock());
    auto first = tokens.Insert({.user_id = ann.id, .token_hash = "h1", .expires_at_ms = now_ms_ + 1000});
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->family_id, first->id);  // a login starts a family
    EXPECT_TRUE(first->active(now_ms_));
    EXPECT_FALSE(first->active(now_ms_ + 1000));  // expired

    auto second = tokens.Insert(
        {.user_id = ann.id, .token_hash = "h2", .family_id = first->family_id, .expires_at_ms = now_ms_ + 1000});
    ASSERT_TRUE(second.ok());
    ASSERT_TRUE(tokens.MarkReplaced(first->id, second->id).ok());
    // Rotating the same token again is reuse.
    EXPECT_EQ(tokens.MarkReplaced(first->id, second->id).error().code, ErrorCode::kConflict);

    auto found = tokens.FindByHash("h1");
    ASSERT_TRUE(found.ok());
    EXPECT_EQ(found->replaced_by, second->id);
    EXPECT_TRUE(found->revoked_at_ms.has_value());
    EXPECT_EQ(tokens.FindByHash("h9").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(tokens.Insert({.user_id = ann.id, .token_hash = "h2", .expires_at_ms = 1}).error().code,
              ErrorCode::kConflict);

    auto revoked = tokens.RevokeFamily(first->family_id);
    ASSERT_TRUE(revoked.ok());
    EXPECT_EQ(*revoked, 1);  // only the second was still active
    EXPECT_FALSE(tokens.FindByHash("h2")->active(now_ms_));

    auto other_login = tokens.Insert({.user_id = ann.id, .token_hash = "h3", .expires_at_ms = now_ms_ + 1000});
    auto another = tokens.Insert({.user_id = ann.id, .token_hash = "h4", .expires_at_ms = now_ms_ + 1000});
    ASSERT_TRUE(other_login.ok() && another.ok());
    ASSERT_TRUE(tokens.Revoke(other_login->id).ok());
    ASSERT_TRUE(tokens.Revoke(other_login->id).ok());  // again: fine
    EXPECT_EQ(tokens.Revoke("unknown").error().code, ErrorCode::kNotFound);
    auto all = tokens.RevokeAllForUser(ann.id);
    ASSERT_TRUE(all.ok());
    EXPECT_EQ(*all, 1);
    EXPECT_FALSE(tokens.FindByHash("h4")->active(now_ms_));
}

TEST_F(RepositoryTest, DocumentsAreScopedToTheirOwner) {
    const User ann = MakeUser("ann@x.org");
    const User bob = MakeUser("bob@x.org");
    DocumentRepository documents(*db_, Clock());
    const Document mine = MakeDocument(ann);
    EXPECT_EQ(mine.status, DocumentStatus::kPending);

    auto got = documents.Get(ann.id, mine.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->filename, "week.pdf");
    EXPECT_FALSE(got->sha256.has_value());
    EXPECT_EQ(documents.Get(bob.id, mine.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(documents.Delete(bob.id, mine.id).error().code, ErrorCode::kNotFound);
    auto bobs_list = documents.List(bob.id, {});
    ASSERT_TRUE(bobs_list.ok());
    EXPECT_TRUE(bobs_list->documents.empty());

    auto orphan = documents.Create({.user_id = "nobody", .filename = "f", .content_type = "t", .object_key = "k"});
    ASSERT_FALSE(orphan.ok());
    EXPECT_EQ(orphan.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(RepositoryTest, DocumentStatusAndContentChange) {
    const User ann = MakeUser("ann@x.org");
    DocumentRepository documents(*db_, Clock());
    const Document document = MakeDocument(ann);
    now_ms_ += 50;
    ASSERT_TRUE(documents.RecordContent(document.id, 1234, "abc123").ok());
    ASSERT_TRUE(documents.UpdateStatus(document.id, DocumentStatus::kFailed, "this PDF is password-protected").ok());
    auto failed = documents.Find(document.id);
    ASSERT_TRUE(failed.ok());
    EXPECT_EQ(failed->status, DocumentStatus::kFailed);
    EXPECT_EQ(failed->error, "this PDF is password-protected");
    EXPECT_EQ(failed->size, 1234);
    EXPECT_EQ(failed->sha256, "abc123");
    EXPECT_EQ(failed->updated_at_ms, document.created_at_ms + 50);
    ASSERT_TRUE(documents.UpdateStatus(document.id, DocumentStatus::kNeedsReview).ok());
    EXPECT_FALSE(documents.Find(document.id)->error.has_value());  // cleared
    // The bytes are recorded once: a second record (a second PUT to an upload URL) is a conflict.
    EXPECT_EQ(documents.RecordContent(document.id, 1, "def456").error().code, ErrorCode::kConflict);
    EXPECT_EQ(documents.RecordContent("unknown", 1, "def456").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(documents.UpdateStatus("unknown", DocumentStatus::kCompleted).error().code, ErrorCode::kNotFound);

    for (DocumentStatus status : {DocumentStatus::kPending, DocumentStatus::kProcessing, DocumentStatus::kCompleted,
                                  DocumentStatus::kNeedsReview, DocumentStatus::kFailed}) {
        EXPECT_EQ(ParseDocumentStatus(DocumentStatusName(status)), status);
    }
    EXPECT_FALSE(ParseDocumentStatus("done").has_value());

    auto counts = documents.CountByStatus();
    ASSERT_TRUE(counts.ok());
    EXPECT_EQ(counts->at(DocumentStatus::kNeedsReview), 1);
    EXPECT_EQ(counts->at(DocumentStatus::kPending), 0);
}

TEST_F(RepositoryTest, OnlyADocumentAwaitingItsBytesCanFailForWantOfThem) {
    const User ann = MakeUser("ann@x.org");
    DocumentRepository documents(*db_, Clock());
    const Document never_arrived = MakeDocument(ann);
    auto failed = documents.FailAwaitingContent(never_arrived.id, "the upload never arrived");
    ASSERT_TRUE(failed.ok());
    EXPECT_TRUE(*failed);
    EXPECT_EQ(documents.Find(never_arrived.id)->status, DocumentStatus::kFailed);
    EXPECT_EQ(documents.Find(never_arrived.id)->error, "the upload never arrived");
    // Failed already: neither failed again nor given bytes.
    EXPECT_FALSE(*documents.FailAwaitingContent(never_arrived.id, "again"));
    EXPECT_EQ(documents.RecordContent(never_arrived.id, 1, "abc").error().code, ErrorCode::kConflict);

    const Document arrived = MakeDocument(ann);
    ASSERT_TRUE(documents.RecordContent(arrived.id, 1, "abc").ok());
    EXPECT_FALSE(*documents.FailAwaitingContent(arrived.id, "the upload never arrived"));
    EXPECT_EQ(documents.Find(arrived.id)->status, DocumentStatus::kPending);
    EXPECT_FALSE(*documents.FailAwaitingContent("unknown", "the upload never arrived"));
}

TEST_F(RepositoryTest, DocumentsListNewestFirstInPagesWithAStatusFilter) {
    const User ann = MakeUser("ann@x.org");
    DocumentRepository documents(*db_, Clock());
    std::vector<std::string> ids;  // oldest first
    for (int i = 0; i < 7; ++i) {
        if (i != 3) now_ms_ += 10;  // two share a timestamp: the id breaks the tie
        ids.push_back(MakeDocument(ann, "doc" + std::to_string(i)).id);
        if (i % 2 == 0) {
            ASSERT_TRUE(documents.UpdateStatus(ids.back(), DocumentStatus::kCompleted).ok());
        }
    }
    std::vector<std::string> seen;
    std::string cursor;
    int pages = 0;
    do {
        auto page = documents.List(ann.id, {.limit = 3, .cursor = cursor});
        ASSERT_TRUE(page.ok()) << page.error().message;
        for (const Document& document : page->documents) seen.push_back(document.id);
        cursor = page->next_cursor;
        ++pages;
    } while (!cursor.empty() && pages < 10);
    EXPECT_EQ(pages, 3);
    ASSERT_EQ(seen.size(), ids.size());
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), ids.size());
    EXPECT_EQ(seen.front(), ids.back());  // newest first
    EXPECT_EQ(seen.back(), ids.front());

    auto completed = documents.List(ann.id, {.limit = 10, .status = DocumentStatus::kCompleted});
    ASSERT_TRUE(completed.ok());
    EXPECT_EQ(completed->documents.size(), 4u);
    EXPECT_TRUE(completed->next_cursor.empty());
    for (const Document& document : completed->documents) EXPECT_EQ(document.status, DocumentStatus::kCompleted);

    auto pending = documents.ListByStatus(DocumentStatus::kPending, 10);
    ASSERT_TRUE(pending.ok());
    ASSERT_EQ(pending->size(), 3u);
    EXPECT_EQ(pending->front().id, ids[1]);  // oldest first

    EXPECT_EQ(documents.List(ann.id, {.limit = 0}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(documents.List(ann.id, {.limit = kMaxDocumentPage + 1}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(documents.List(ann.id, {.cursor = "garbage"}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(documents.List(ann.id, {.cursor = "12x." + ids[0]}).error().code, ErrorCode::kInvalidArgument);
}

NewTimetable MakeTimetable(const Document& document, int blocks) {
    NewTimetable timetable{.document_id = document.id,
                           .user_id = document.user_id,
                           .metadata_json = R"({"teacher":"Ms Ann"})",
                           .confidence = 0.9,
                           .route = "validated",
                           .warnings_json = "[]"};
    for (int i = 0; i < blocks; ++i) {
        timetable.blocks.push_back({.day = "monday",
                                    .start_minutes = 540 + 60 * i,
                                    .end_minutes = 600 + 60 * i,
                                    .name = "Lesson " + std::to_string(i),
                                    .notes = "",
                                    .confidence = 0.8});
    }
    timetable.blocks.back().end_minutes = std::nullopt;
    return timetable;
}

TEST_F(RepositoryTest, TimetablesSaveReplaceAndReadScopedToTheOwner) {
    const User ann = MakeUser("ann@x.org");
    const User bob = MakeUser("bob@x.org");
    const Document document = MakeDocument(ann);
    TimetableRepository timetables(*db_, Clock());

    auto saved = timetables.Save(MakeTimetable(document, 3));
    ASSERT_TRUE(saved.ok()) << saved.error().message;
    ASSERT_EQ(saved->blocks.size(), 3u);
    auto got = timetables.Get(ann.id, saved->id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->metadata_json, R"({"teacher":"Ms Ann"})");
    ASSERT_EQ(got->blocks.size(), 3u);
    EXPECT_EQ(got->blocks[1].name, "Lesson 1");
    EXPECT_EQ(got->blocks[1].end_minutes, 660);
    EXPECT_FALSE(got->blocks[2].end_minutes.has_value());
    EXPECT_DOUBLE_EQ(got->blocks[0].confidence, 0.8);

    // Another extraction of the same document replaces the blocks and keeps the timetable's id.
    now_ms_ += 1000;
    auto replaced = timetables.Save(MakeTimetable(document, 2));
    ASSERT_TRUE(replaced.ok()) << replaced.error().message;
    EXPECT_EQ(replaced->id, saved->id);
    EXPECT_EQ(replaced->created_at_ms, saved->created_at_ms);
    auto by_document = timetables.GetByDocument(ann.id, document.id);
    ASSERT_TRUE(by_document.ok());
    EXPECT_EQ(by_document->blocks.size(), 2u);
    EXPECT_EQ(by_document->updated_at_ms, now_ms_.load());
    auto count = db_->QueryOne("SELECT COUNT(*) FROM timeblocks", {}, "");
    EXPECT_EQ(count->Int(0), 2);

    EXPECT_EQ(timetables.Get(bob.id, saved->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(timetables.GetByDocument(bob.id, document.id).error().code, ErrorCode::kNotFound);
    NewTimetable stolen = MakeTimetable(document, 1);
    stolen.user_id = bob.id;
    EXPECT_EQ(timetables.Save(stolen).error().code, ErrorCode::kNotFound);

    MakeDocument(ann, "second.pdf");
    auto list = timetables.List(ann.id, 10, 0);
    ASSERT_TRUE(list.ok());
    ASSERT_EQ(list->size(), 1u);
    EXPECT_TRUE(list->front().blocks.empty());
    EXPECT_TRUE(timetables.List(bob.id, 10, 0)->empty());
}

TEST_F(RepositoryTest, ABadBlockLeavesThePreviousTimetableWhole) {
    const User ann = MakeUser("ann@x.org");
    const Document document = MakeDocument(ann);
    TimetableRepository timetables(*db_, Clock());
    ASSERT_TRUE(timetables.Save(MakeTimetable(document, 3)).ok());
    NewTimetable broken = MakeTimetable(document, 2);
    broken.blocks[1].start_minutes = -5;  // refused by the table's CHECK
    auto failed = timetables.Save(broken);
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kInvalidArgument);
    auto kept = timetables.GetByDocument(ann.id, document.id);
    ASSERT_TRUE(kept.ok());
    EXPECT_EQ(kept->blocks.size(), 3u);  // the transaction rolled back
}

TEST_F(RepositoryTest, BlocksAreCorrectedOnlyByTheirOwner) {
    const User ann = MakeUser("ann@x.org");
    const User bob = MakeUser("bob@x.org");
    const Document document = MakeDocument(ann);
    TimetableRepository timetables(*db_, Clock());
    auto saved = timetables.Save(MakeTimetable(document, 2));
    ASSERT_TRUE(saved.ok());
    const std::string& id = saved->id;
    const NewBlock block{.day = "friday", .start_minutes = 780, .end_minutes = 840, .name = "Art", .notes = "Room 4"};

    auto added = timetables.AddBlock(ann.id, id, block);
    ASSERT_TRUE(added.ok()) << added.error().message;
    EXPECT_EQ(added->position, 2);  // after the last
    EXPECT_EQ(timetables.AddBlock(bob.id, id, block).error().code, ErrorCode::kNotFound);

    NewBlock changed = block;
    changed.name = "Art and Design";
    auto updated = timetables.UpdateBlock(ann.id, id, added->id, changed);
    ASSERT_TRUE(updated.ok());
    EXPECT_EQ(updated->name, "Art and Design");
    EXPECT_EQ(updated->position, 2);  // unchanged when not given
    EXPECT_EQ(timetables.UpdateBlock(bob.id, id, added->id, changed).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(timetables.UpdateBlock(ann.id, id, "unknown", changed).error().code, ErrorCode::kNotFound);

    // A block id of another timetable does not work through this one.
    const Document other = MakeDocument(ann, "other.pdf");
    auto other_timetable = timetables.Save(MakeTimetable(other, 1));
    ASSERT_TRUE(other_timetable.ok());
    EXPECT_EQ(timetables.DeleteBlock(ann.id, id, other_timetable->blocks[0].id).error().code, ErrorCode::kNotFound);

    EXPECT_EQ(timetables.DeleteBlock(bob.id, id, added->id).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(timetables.DeleteBlock(ann.id, id, added->id).ok());
    EXPECT_EQ(timetables.DeleteBlock(ann.id, id, added->id).error().code, ErrorCode::kNotFound);
    auto after = timetables.Get(ann.id, id);
    ASSERT_TRUE(after.ok());
    EXPECT_EQ(after->blocks.size(), 2u);
}

TEST_F(RepositoryTest, CalendarFeedsAreTheOwnersFoundByHashAndRevokedForGood) {
    const User ann = MakeUser("ann@x.org");
    const User bob = MakeUser("bob@x.org");
    const Document document = MakeDocument(ann);
    TimetableRepository timetables(*db_, Clock());
    auto saved = timetables.Save(MakeTimetable(document, 2));
    ASSERT_TRUE(saved.ok());
    CalendarFeedRepository feeds(*db_, Clock());

    auto feed = feeds.Create("f1", ann.id, saved->id, "hash-1");
    ASSERT_TRUE(feed.ok()) << feed.error().message;
    EXPECT_EQ(feed->timetable_id, saved->id);
    EXPECT_EQ(feed->created_at_ms, now_ms_.load());
    EXPECT_EQ(feeds.Create("f2", bob.id, saved->id, "hash-2").error().code, ErrorCode::kNotFound);
    EXPECT_FALSE(feeds.Create("f3", ann.id, saved->id, "hash-1").ok());  // a hash opens one feed only

    EXPECT_EQ(feeds.FindActive("hash-1")->id, "f1");
    EXPECT_EQ(feeds.FindActive("hash-2").error().code, ErrorCode::kNotFound);
    ASSERT_EQ(feeds.ListActive(ann.id, saved->id)->size(), 1u);
    EXPECT_EQ(feeds.ListActive(bob.id, saved->id).error().code, ErrorCode::kNotFound);

    EXPECT_EQ(feeds.Revoke(bob.id, saved->id, "f1").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(feeds.Revoke(ann.id, saved->id, "f1").ok());
    EXPECT_EQ(feeds.Revoke(ann.id, saved->id, "f1").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(feeds.FindActive("hash-1").error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(feeds.ListActive(ann.id, saved->id)->empty());

    // Deleting the document takes its timetable and the timetable's feeds.
    ASSERT_TRUE(feeds.Create("f4", ann.id, saved->id, "hash-4").ok());
    DocumentRepository documents(*db_, Clock());
    ASSERT_TRUE(documents.Delete(ann.id, document.id).ok());
    EXPECT_EQ(db_->QueryOne("SELECT COUNT(*) FROM calendar_feeds", {}, "")->Int(0), 0);
}

TEST_F(RepositoryTest, DeletingADocumentTakesItsTimetableAndBlocks) {
    const User ann = MakeUser("ann@x.org");
    const Document document = MakeDocument(ann);
    const Document kept = MakeDocument(ann, "kept.pdf");
    TimetableRepository timetables(*db_, Clock());
    ASSERT_TRUE(timetables.Save(MakeTimetable(document, 3)).ok());
    ASSERT_TRUE(timetables.Save(MakeTimetable(kept, 1)).ok());
    DocumentRepository documents(*db_, Clock());
    auto deleted = documents.Delete(ann.id, document.id);
    ASSERT_TRUE(deleted.ok());
    EXPECT_EQ(deleted->object_key, "uploads/x");
    EXPECT_EQ(documents.Get(ann.id, document.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(timetables.GetByDocument(ann.id, document.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(db_->QueryOne("SELECT COUNT(*) FROM timetables", {}, "")->Int(0), 1);
    EXPECT_EQ(db_->QueryOne("SELECT COUNT(*) FROM timeblocks", {}, "")->Int(0), 1);
}

TEST_F(RepositoryTest, ConcurrentUploadsFromSeveralThreads) {
    const User ann = MakeUser("ann@x.org");
    constexpr int kThreads = 4;
    constexpr int kEach = 25;
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&] {
            DocumentRepository documents(*db_, Clock());
            TimetableRepository timetables(*db_, Clock());
            for (int i = 0; i < kEach; ++i) {
                auto document =
                    documents.Create({.user_id = ann.id, .filename = "f", .content_type = "t", .object_key = "k"});
                if (!document.ok() || !timetables.Save(MakeTimetable(*document, 2)).ok() ||
                    !documents.List(ann.id, {.limit = 5}).ok())
                    ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(db_->QueryOne("SELECT COUNT(*) FROM documents", {}, "")->Int(0), kThreads * kEach);
    EXPECT_EQ(db_->QueryOne("SELECT COUNT(*) FROM timeblocks", {}, "")->Int(0), kThreads * kEach * 2);
}

}  // namespace
}  // namespace ly::storage

namespace ly::storage {
namespace {

class ReviewRepositoryTest : public RepositoryTest {};

TEST_F(ReviewRepositoryTest, AReviewWaitsForItsOwnerAndIsSubmittedOnce) {
    const User ann = MakeUser("ann@example.org");
    const User bob = MakeUser("bob@example.org");
    const Document document = MakeDocument(ann);
    ReviewRepository reviews(*db_, Clock());
    ASSERT_TRUE(reviews.Request(document.id, ann.id, "token-1", R"({"timeblocks":[]})").ok());

    auto waiting = reviews.ListWaiting(ann.id, 10);
    ASSERT_TRUE(waiting.ok()) << waiting.error().message;
    ASSERT_EQ(waiting->size(), 1u);
    EXPECT_EQ(waiting->front().task_token, "token-1");
    EXPECT_TRUE(reviews.ListWaiting(bob.id, 10)->empty());
    EXPECT_EQ(reviews.Find(bob.id, document.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(reviews.Submit(bob.id, document.id).error().code, ErrorCode::kNotFound);

    auto submitted = reviews.Submit(ann.id, document.id);
    ASSERT_TRUE(submitted.ok()) << submitted.error().message;
    EXPECT_EQ(submitted->status, "submitted");
    EXPECT_EQ(submitted->task_token, "token-1");
    EXPECT_EQ(reviews.Submit(ann.id, document.id).error().code, ErrorCode::kConflict);
    EXPECT_TRUE(reviews.ListWaiting(ann.id, 10)->empty());

    // A submission that could not be handed on: waiting again, for its owner only.
    EXPECT_EQ(reviews.Reopen(bob.id, document.id).error().code, ErrorCode::kNotFound);
    ASSERT_TRUE(reviews.Reopen(ann.id, document.id).ok());
    EXPECT_EQ(reviews.Find(ann.id, document.id)->status, "waiting");
    EXPECT_EQ(reviews.Reopen(ann.id, document.id).error().code, ErrorCode::kNotFound);  // not submitted now
    ASSERT_TRUE(reviews.Submit(ann.id, document.id).ok());

    // Asked again (a new execution): waiting with the new token.
    ASSERT_TRUE(reviews.Request(document.id, ann.id, "token-2", "{}").ok());
    EXPECT_EQ(reviews.Find(ann.id, document.id)->task_token, "token-2");
    EXPECT_EQ(reviews.Find(ann.id, document.id)->status, "waiting");
}

TEST_F(ReviewRepositoryTest, ANotificationIsMarkedSentOnce) {
    const Document document = MakeDocument(MakeUser("ann@example.org"));
    ReviewRepository reviews(*db_, Clock());
    EXPECT_TRUE(*reviews.MarkNotificationSent(document.id, "job.completed"));
    EXPECT_FALSE(*reviews.MarkNotificationSent(document.id, "job.completed"));
    EXPECT_TRUE(*reviews.MarkNotificationSent(document.id, "hitl.requested"));
}

}  // namespace
}  // namespace ly::storage
