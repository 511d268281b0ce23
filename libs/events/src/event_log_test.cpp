#include "ly/events/event_log.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace ly::events {
namespace {

using testing::Classified;
using testing::kUserA;
using testing::kUserB;

class EventLogTest : public ::testing::Test {
  protected:
    ::ly::testing::TempFolder folder_;
    std::unique_ptr<storage::Database> database_ = testing::OpenMigratedDatabase(folder_);
    EventLog log_{*database_};
};

TEST_F(EventLogTest, AppendAnswersIncreasingSeqsAndReadsBackTheSameEvents) {
    const Event first = Classified(kUserA, "image", 1000);
    const Event second = Classified(kUserB, "pdf", 2000);
    auto seq1 = log_.Append(first);
    auto seq2 = log_.Append(second);
    ASSERT_TRUE(seq1.ok() && seq2.ok()) << seq1.error().message;
    EXPECT_LT(*seq1, *seq2);
    auto all = log_.ReadSince(0, 10);
    ASSERT_TRUE(all.ok()) << all.error().message;
    ASSERT_EQ(all->size(), 2u);
    EXPECT_EQ((*all)[0].seq, *seq1);
    EXPECT_EQ(SerializeEvent((*all)[0].event), SerializeEvent(first));
    EXPECT_EQ(SerializeEvent((*all)[1].event), SerializeEvent(second));
    auto after_first = log_.ReadSince(*seq1, 10);
    ASSERT_EQ(after_first->size(), 1u);
    EXPECT_EQ((*after_first)[0].event.id, second.id);
}

TEST_F(EventLogTest, TheSameEventTwiceIsAConflict) {
    const Event event = Classified(kUserA);
    ASSERT_TRUE(log_.Append(event).ok());
    auto again = log_.Append(event);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(log_.ReadSince(0, 10)->size(), 1u);
}

TEST_F(EventLogTest, LimitsPageAndAreChecked) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(log_.Append(Classified(kUserA)).ok());
    auto page = log_.ReadSince(0, 2);
    ASSERT_EQ(page->size(), 2u);
    auto next = log_.ReadSince(page->back().seq, 2);
    ASSERT_EQ(next->size(), 2u);
    EXPECT_GT(next->front().seq, page->back().seq);
    EXPECT_EQ(log_.ReadSince(0, 0).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(log_.ReadSince(0, EventLog::kMaxLimit + 1).error().code, ErrorCode::kInvalidArgument);
}

TEST_F(EventLogTest, ReadSinceTimeIsInclusiveOfSinceAndExclusiveOfUntil) {
    for (std::int64_t time : {1000, 2000, 3000, 4000}) ASSERT_TRUE(log_.Append(Classified(kUserA, "image", time)).ok());
    auto since = log_.ReadSinceTime(2000, std::nullopt, 10);
    ASSERT_TRUE(since.ok());
    ASSERT_EQ(since->size(), 3u);
    EXPECT_EQ(since->front().event.time_ms, 2000);
    auto window = log_.ReadSinceTime(2000, 4000, 10);
    ASSERT_EQ(window->size(), 2u);
    EXPECT_EQ(window->back().event.time_ms, 3000);
    auto second_page = log_.ReadSinceTime(2000, std::nullopt, 10, since->front().seq);
    EXPECT_EQ(second_page->size(), 2u);
}

TEST_F(EventLogTest, PerUserReadsSeeOnlyThatUsersEvents) {
    const Event a1 = Classified(kUserA);
    const Event b1 = Classified(kUserB);
    const Event a2 = Classified(kUserA);
    const Event a3 = Classified(kUserA);
    for (const Event* event : {&a1, &b1, &a2, &a3}) ASSERT_TRUE(log_.Append(*event).ok());

    auto mine = log_.ReadForUserSince(kUserA, 0, 10);
    ASSERT_TRUE(mine.ok());
    ASSERT_EQ(mine->size(), 3u);
    for (const LoggedEvent& logged : *mine) EXPECT_NE(logged.event.id, b1.id);

    // "What did I miss since a1?" → a2, a3.
    auto missed = log_.ReadForUserSinceEvent(kUserA, a1.id, 10);
    ASSERT_TRUE(missed.ok()) << missed.error().message;
    ASSERT_EQ(missed->size(), 2u);
    EXPECT_EQ((*missed)[0].event.id, a2.id);
    EXPECT_EQ((*missed)[1].event.id, a3.id);
    // Another user's event id, or an unknown one, is not found: nothing leaks across users.
    EXPECT_EQ(log_.ReadForUserSinceEvent(kUserA, b1.id, 10).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(log_.ReadForUserSinceEvent(kUserA, "nope", 10).error().code, ErrorCode::kNotFound);
    EXPECT_TRUE(log_.ReadForUserSinceEvent(kUserA, a3.id, 10)->empty());
}

TEST_F(EventLogTest, TheUserComesFromTheDetail) {
    ASSERT_TRUE(log_.Append(Classified(kUserB)).ok());
    auto row = database_->QueryOne("SELECT user_id, detail_type, source FROM events", {}, "no event");
    ASSERT_TRUE(row.ok());
    EXPECT_EQ(row->Text(0), kUserB);
    EXPECT_EQ(row->Text(1), "document.classified");
    EXPECT_EQ(row->Text(2), "learning-yogi.documents");
}

}  // namespace
}  // namespace ly::events
