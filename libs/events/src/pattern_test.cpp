#include "ly/events/pattern.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <sstream>

namespace ly::events {
namespace {

// testdata/patterns.json: cases after the EventBridge documentation's examples ("matches": pattern, event,
// whether it matches) and patterns that must be refused ("invalid": pattern, part of the error).
boost::json::object Cases() {
    std::ifstream file(std::string(LY_EVENTS_TESTDATA) + "/patterns.json");
    std::stringstream text;
    text << file.rdbuf();
    return boost::json::parse(text.str()).as_object();
}

TEST(Pattern, DocumentationExamples) {
    const boost::json::object all = Cases();
    const boost::json::array& cases = all.at("matches").as_array();
    EXPECT_GE(cases.size(), 40u);
    for (const boost::json::value& item : cases) {
        const boost::json::object& c = item.as_object();
        const std::string name(c.at("name").as_string());
        auto pattern = Pattern::Compile(boost::json::serialize(c.at("pattern")));
        ASSERT_TRUE(pattern.ok()) << name << ": " << pattern.error().message;
        auto matched = pattern->MatchesJson(boost::json::serialize(c.at("event")));
        ASSERT_TRUE(matched.ok()) << name;
        EXPECT_EQ(*matched, c.at("match").as_bool()) << name;
    }
}

TEST(Pattern, InvalidPatternsAreRefusedWithWhere) {
    const boost::json::object all = Cases();
    for (const boost::json::value& item : all.at("invalid").as_array()) {
        const boost::json::object& c = item.as_object();
        const std::string name(c.at("name").as_string());
        const std::string text = c.at("pattern").is_null() ? "{" : boost::json::serialize(c.at("pattern"));
        auto pattern = Pattern::Compile(text);
        ASSERT_FALSE(pattern.ok()) << name;
        EXPECT_EQ(pattern.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(pattern.error().message.find(std::string(c.at("error").as_string())), std::string::npos)
            << name << ": " << pattern.error().message;
    }
}

TEST(Pattern, MatchesOurEnvelope) {
    auto event = NewEvent("ocr.low_confidence", R"({"confidence":0.85,"route":"llm"})");
    ASSERT_TRUE(event.ok());
    event->resources = {"document/880e8400"};
    auto pattern = Pattern::Compile(R"({"source":["learning-yogi.documents"],"detail-type":[{"prefix":"ocr."}],
        "resources":[{"prefix":"document/"}],"detail":{"confidence":[{"numeric":[">=",0.8,"<",0.98]}]}})");
    ASSERT_TRUE(pattern.ok()) << pattern.error().message;
    EXPECT_TRUE(pattern->Matches(*event));
    event->detail = R"({"confidence":0.5,"route":"review"})";
    EXPECT_FALSE(pattern->Matches(*event));
    EXPECT_FALSE(pattern->MatchesJson("{").ok());
}

}  // namespace
}  // namespace ly::events
