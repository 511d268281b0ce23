#include "ly/events/event_types.hpp"

#include <gtest/gtest.h>

#include <set>

#include "ly/events/json_schema.hpp"

namespace ly::events {
namespace {

constexpr std::string_view kDocument = "880e8400-e29b-41d4-a716-446655440003";
constexpr std::string_view kUser = "550e8400-e29b-41d4-a716-446655440000";

std::string Common(std::string_view stage) {
    return R"("documentId":")" + std::string(kDocument) + R"(","userId":")" + std::string(kUser) + R"(","stage":")" +
           std::string(stage) + R"(","at":"2026-11-28T19:42:48.123Z")";
}

struct Example {
    std::string type;
    std::string valid_detail;
    std::string broken_detail;
    std::string expected_violation;  // part of the error the broken one must give
};

std::vector<Example> Examples() {
    return {
        {"document.uploaded",
         "{" + Common("uploaded") + R"(,"filename":"week.png","contentType":"image/png","size":1234,"sha256":")" +
             std::string(64, 'a') + R"(","objectKey":"uploads/x"})",
         "{" + Common("uploaded") + R"(,"filename":"week.png","contentType":"image/png","size":-1})",
         "/detail/size: -1 is less than the minimum 0"},
        {"document.classified",
         "{" + Common("classified") + R"(,"documentType":"image","pageCount":1,"confidence":0.95})",
         "{" + Common("classified") + R"(,"documentType":"gif"})", R"(/detail/documentType: "gif" is not one of)"},
        {"document.preprocessed", "{" + Common("preprocessed") + R"(,"pageCount":2,"steps":["deskew"]})",
         "{" + Common("preprocessed") + R"(,"pageCount":0})", "/detail/pageCount: 0 is less than the minimum 1"},
        {"ocr.completed", "{" + Common("ocr") + R"(,"confidence":0.992,"route":"validated","cached":false})",
         "{" + Common("ocr") + R"(,"confidence":99.2,"route":"validated"})",
         "/detail/confidence: 99.2 is greater than the maximum 1"},
        {"ocr.low_confidence", "{" + Common("ocr") + R"(,"confidence":0.85,"route":"llm"})",
         "{" + Common("ocr") + R"(,"confidence":0.85,"route":"validated"})", "/detail/route"},
        {"llm.completed", "{" + Common("llm") + R"(,"confidence":0.9,"provider":"none"})", "{" + Common("llm") + R"(})",
         "/detail: missing required property \"confidence\""},
        {"validation.completed", "{" + Common("validation") + R"(,"valid":true,"blockCount":12,"warnings":[]})",
         "{" + Common("validation") + R"(,"valid":"yes","blockCount":12})",
         "/detail/valid: must be boolean, not string"},
        {"job.completed",
         "{" + Common("completed") + R"(,"timetableId":"0f8fad5b-d9cb-469f-a165-70867728950e","route":"validated"})",
         "{" + Common("completed") + R"(,"timetableId":"42"})", "/detail/timetableId: \"42\" does not match"},
        {"job.failed", "{" + Common("failed") + R"(,"reason":"this PDF is password-protected","error":"encrypted"})",
         "{" + Common("failed") + R"(,"reason":""})", "/detail/reason: is shorter than 1 characters"},
        {"hitl.requested", "{" + Common("review") + R"(,"reason":"low confidence","confidence":0.5})",
         "{" + Common("review") + R"(,"reason":"low confidence","taskToken":"secret"})",
         "/detail/taskToken: property not allowed here"},
        {"hitl.completed",
         "{" + Common("reviewed") + R"(,"reviewerId":"550e8400-e29b-41d4-a716-446655440000","blockCount":3})",
         "{" + Common("completed") + R"(,"blockCount":3})", R"(/detail/stage: must be "reviewed", not "completed")"},
    };
}

Event MakeEvent(const std::string& type, const std::string& detail) {
    auto event = NewEvent(type, detail);
    EXPECT_TRUE(event.ok());
    return std::move(event).value();
}

TEST(EventTypes, AreTheSeedsElevenWithACompilingSchemaEach) {
    EXPECT_EQ(EventTypes().size(), 11u);
    for (std::string_view type : EventTypes()) {
        auto text = EventSchemaText(type);
        ASSERT_TRUE(text.ok()) << type;
        auto schema = JsonSchema::Compile(*text);
        EXPECT_TRUE(schema.ok()) << type << ": " << schema.error().message;
    }
    auto envelope = JsonSchema::Compile(*EventSchemaText("envelope"));
    EXPECT_TRUE(envelope.ok()) << envelope.error().message;
    EXPECT_EQ(EventSchemaText("nope").error().code, ErrorCode::kNotFound);
}

TEST(EventTypes, EveryTypeHasAnExampleHere) {
    std::set<std::string> covered;
    for (const Example& example : Examples()) covered.insert(example.type);
    for (std::string_view type : EventTypes()) EXPECT_TRUE(covered.contains(std::string(type))) << type;
}

TEST(EventTypes, AcceptValidEventsAndRejectBrokenOnesWithThePointer) {
    for (const Example& example : Examples()) {
        auto valid = ValidateEvent(MakeEvent(example.type, example.valid_detail));
        EXPECT_TRUE(valid.ok()) << example.type << ": " << valid.error().message;
        auto broken = ValidateEvent(MakeEvent(example.type, example.broken_detail));
        ASSERT_FALSE(broken.ok()) << example.type;
        EXPECT_EQ(broken.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(broken.error().message.find("event " + example.type + " is malformed: "), std::string::npos)
            << broken.error().message;
        EXPECT_NE(broken.error().message.find(example.expected_violation), std::string::npos)
            << example.type << ": " << broken.error().message;
    }
}

TEST(EventTypes, EveryDetailNeedsDocumentAndUser) {
    for (std::string_view type : EventTypes()) {
        auto checked = ValidateEvent(MakeEvent(std::string(type), R"({"stage":"x"})"));
        ASSERT_FALSE(checked.ok()) << type;
        EXPECT_NE(checked.error().message.find("missing required property \"documentId\""), std::string::npos);
        EXPECT_NE(checked.error().message.find("missing required property \"userId\""), std::string::npos);
    }
}

TEST(EventTypes, TheEnvelopeIsCheckedToo) {
    Event event = MakeEvent("job.failed", "{" + Common("failed") + R"(,"reason":"x"})");
    event.version = "1";
    event.account = "me";
    event.id = "not-a-uuid";
    auto checked = ValidateEvent(event);
    ASSERT_FALSE(checked.ok());
    EXPECT_NE(checked.error().message.find(R"(/version: must be "0", not "1")"), std::string::npos);
    EXPECT_NE(checked.error().message.find("/account:"), std::string::npos);
    EXPECT_NE(checked.error().message.find("/id:"), std::string::npos);

    Event not_an_object = MakeEvent("job.failed", "[1]");
    EXPECT_NE(ValidateEvent(not_an_object).error().message.find("/detail: must be object, not array"),
              std::string::npos);
    Event not_json = MakeEvent("job.failed", "{oops");
    EXPECT_NE(ValidateEvent(not_json).error().message.find("/detail: must be object, not string"), std::string::npos);
}

TEST(EventTypes, AnUnknownTypeIsRejected) {
    for (const char* type : {"document.deleted", "envelope", ""}) {
        auto checked = ValidateEvent(MakeEvent(type, "{}"));
        ASSERT_FALSE(checked.ok());
        EXPECT_NE(checked.error().message.find("unknown event detail-type"), std::string::npos);
    }
}

}  // namespace
}  // namespace ly::events
