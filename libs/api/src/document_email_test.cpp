// The e-mails' wording: what a teacher reads for each event, with and without a link.
#include "document_email.hpp"

#include <gtest/gtest.h>

namespace ly::api {
namespace {

events::Event EventOf(std::string_view type, std::string_view detail) {
    auto event = events::NewEvent(type, detail);
    EXPECT_TRUE(event.ok());
    return std::move(event).value();
}

const storage::User kAnn{
    .id = "u1", .email = "ann@school.example", .password_hash = "", .name = "Ann", .created_at_ms = 0};
const storage::Document kDocument{.id = "d1", .user_id = "u1", .filename = "week 3.docx"};

TEST(DocumentEmail, TimetableReadyNamesTheDocumentTheLessonsAndLinksToIt) {
    auto message = DocumentEmail(EventOf("job.completed", R"({"blockCount":12})"), kAnn, kDocument,
                                 "https://app.example", "Learning Yogi");
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->to, "ann@school.example");
    EXPECT_EQ(message->to_name, "Ann");
    EXPECT_EQ(message->subject, "Your timetable is ready: week 3.docx");
    EXPECT_EQ(message->text,
              "Hello Ann,\n\nThe timetable in \"week 3.docx\" has been read and saved (12 lessons).\n\n"
              "See it here: https://app.example/documents/d1\n\n-- \nLearning Yogi\n");
}

TEST(DocumentEmail, ReviewRequestedSaysWhyAndLinksToTheReview) {
    auto message = DocumentEmail(EventOf("hitl.requested", R"({"reason":"confidence 0.42 is below 0.80"})"), kAnn,
                                 kDocument, "https://app.example", "");
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->subject, "Please check your timetable: week 3.docx");
    EXPECT_EQ(message->text,
              "Hello Ann,\n\nThe timetable in \"week 3.docx\" could not be read with enough confidence, so it waits "
              "for you to check and correct it before it is saved.\n\nWhy: confidence 0.42 is below 0.80\n\n"
              "Check it here: https://app.example/reviews/d1\n");
}

TEST(DocumentEmail, NoLinkWithoutAPublicUrlAndNoMailForOtherEvents) {
    storage::User nameless = kAnn;
    nameless.name.clear();
    auto message = DocumentEmail(EventOf("job.completed", "{}"), nameless, kDocument, "", "");
    ASSERT_TRUE(message.has_value());
    EXPECT_EQ(message->text, "Hello,\n\nThe timetable in \"week 3.docx\" has been read and saved.\n");
    EXPECT_FALSE(DocumentEmail(EventOf("job.failed", "{}"), kAnn, kDocument, "", "").has_value());
    EXPECT_FALSE(DocumentEmail(EventOf("document.uploaded", "{}"), kAnn, kDocument, "", "").has_value());
}

}  // namespace
}  // namespace ly::api
