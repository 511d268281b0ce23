#include "ly/events/event.hpp"

#include <gtest/gtest.h>

#include "ly/storage/ids.hpp"

namespace ly::events {
namespace {

TEST(Event, NewEventHasAFreshIdAndTheCurrentTime) {
    auto first = NewEvent("document.uploaded", R"({"documentId":"x"})");
    auto second = NewEvent("document.uploaded", "{}");
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_TRUE(storage::IsId(first->id));
    EXPECT_NE(first->id, second->id);
    EXPECT_EQ(first->version, "0");
    EXPECT_EQ(first->source, kDefaultSource);
    EXPECT_GT(first->time_ms, 1'700'000'000'000);
}

TEST(Event, SerializeThenParseGivesTheSameEvent) {
    Event event;
    event.id = "0f8fad5b-d9cb-469f-a165-70867728950e";
    event.source = "learning-yogi.documents";
    event.detail_type = "document.uploaded";
    event.time_ms = 1'764'358'968'123;
    event.resources = {"doc/1", "doc/2"};
    event.detail = R"({"documentId":"a","n":[1,2]})";
    const std::string json = SerializeEvent(event);
    EXPECT_NE(json.find(R"("detail-type":"document.uploaded")"), std::string::npos) << json;
    EXPECT_NE(json.find(R"("time":"2025-11-28T19:42:48.123Z")"), std::string::npos) << json;
    auto parsed = ParseEvent(json);
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->id, event.id);
    EXPECT_EQ(parsed->detail_type, event.detail_type);
    EXPECT_EQ(parsed->time_ms, event.time_ms);
    EXPECT_EQ(parsed->resources, event.resources);
    EXPECT_EQ(parsed->detail, event.detail);
    EXPECT_EQ(SerializeEvent(*parsed), json);
}

TEST(Event, ParseNamesWhatIsWrong) {
    EXPECT_NE(ParseEvent("[").error().message.find("not valid JSON"), std::string::npos);
    EXPECT_NE(ParseEvent("[]").error().message.find("JSON object"), std::string::npos);
    const std::string base = R"({"version":"0","id":"i","source":"s","detail-type":"t","account":"a","region":"r",)";
    EXPECT_NE(ParseEvent(base + R"("time":"2026-01-01T00:00:00Z","detail":{}})").ok(), false);
    EXPECT_NE(ParseEvent(base + R"("detail":{}})").error().message.find("missing \"time\""), std::string::npos);
    EXPECT_NE(ParseEvent(base + R"("time":"yesterday","detail":{}})").error().message.find("\"time\""),
              std::string::npos);
    EXPECT_NE(ParseEvent(base + R"("time":"2026-01-01T00:00:00Z","detail":[]})").error().message.find("detail"),
              std::string::npos);
    EXPECT_NE(ParseEvent(base + R"("time":"2026-01-01T00:00:00Z","resources":[1],"detail":{}})")
                  .error()
                  .message.find("resources"),
              std::string::npos);
    EXPECT_NE(ParseEvent(R"({"version":0,"id":"i"})").error().message.find("\"version\" must be a string"),
              std::string::npos);
}

TEST(Rfc3339, FormatsUtcWithMilliseconds) {
    EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
    EXPECT_EQ(FormatRfc3339(951'782'400'000), "2000-02-29T00:00:00.000Z");
    EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999Z");
}

TEST(Rfc3339, ParsesOffsetsAndFractions) {
    EXPECT_EQ(*ParseRfc3339("1970-01-01T00:00:00Z"), 0);
    EXPECT_EQ(*ParseRfc3339("1970-01-01T01:00:00+01:00"), 0);
    EXPECT_EQ(*ParseRfc3339("1969-12-31T19:00:00.5-05:00"), 500);
    EXPECT_EQ(*ParseRfc3339("2000-02-29t00:00:00.123456z"), 951'782'400'123);
    for (std::int64_t ms : {0LL, 1'764'358'968'123LL, 4'102'444'800'000LL}) {
        EXPECT_EQ(*ParseRfc3339(FormatRfc3339(ms)), ms);
    }
}

TEST(Rfc3339, RefusesWhatIsNotADateTime) {
    for (const char* bad : {"", "2026-11-28", "2026-11-28 19:42:48Z", "2026-11-28T19:42:48", "2026-02-29T00:00:00Z",
                            "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-01-01T24:00:00Z",
                            "2026-01-01T00:60:00Z", "2026-01-01T00:00:00+24:00", "2026-01-01T00:00:00.Z"}) {
        EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
    }
}

TEST(Event, DetailStringReadsOneField) {
    Event event;
    event.detail = R"({"userId":"u1","size":3})";
    EXPECT_EQ(*DetailString(event, "userId"), "u1");
    EXPECT_EQ(DetailString(event, "size").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(DetailString(event, "nope").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace ly::events
