// The adapters' wire formats, without a network: what they send and how they read what comes back.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "ly/llm/image.hpp"
#include "ly/llm/provider.hpp"

namespace ly::llm {
namespace {

namespace json = boost::json;

Prompt APrompt() {
    Prompt prompt;
    prompt.system = "You read timetables.";
    prompt.text = "Check this.";
    prompt.attachment = Attachment{"image/png", "\x89PNG\r\n\x1a\nxyz", 1000, 750};
    prompt.schema_name = "submit_edits";
    prompt.schema_description = "edits";
    prompt.schema_json = R"({"type":"object","properties":{"edits":{"type":"array"}}})";
    return prompt;
}

TEST(Base64, EncodesByRfc4648) {
    EXPECT_EQ(Base64(""), "");
    EXPECT_EQ(Base64("f"), "Zg==");
    EXPECT_EQ(Base64("fo"), "Zm8=");
    EXPECT_EQ(Base64("foo"), "Zm9v");
    EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
    EXPECT_EQ(Base64(std::string("\xff\xfe\x00", 3)), "//4A");
}

TEST(Anthropic, SendsAnImageBlockAndAForcedToolWithTheSchema) {
    auto provider = MakeAnthropic({"anthropic", "http://127.0.0.1:9/", "claude-x", "k3y"});
    const HttpRequest request = provider->Build(APrompt());
    EXPECT_EQ(request.url, "http://127.0.0.1:9/v1/messages");
    EXPECT_NE(std::find(request.headers.begin(), request.headers.end(), "x-api-key: k3y"), request.headers.end());
    EXPECT_NE(std::find(request.headers.begin(), request.headers.end(), "anthropic-version: 2023-06-01"),
              request.headers.end());
    const json::object body = json::parse(request.body).as_object();
    EXPECT_EQ(body.at("model"), "claude-x");
    EXPECT_EQ(body.at("temperature").to_number<double>(), 0.0);
    EXPECT_EQ(body.at("tools").as_array()[0].at("input_schema").at("type"), "object");
    EXPECT_EQ(body.at("tool_choice").at("name"), "submit_edits");
    const json::array& content = body.at("messages").as_array()[0].at("content").as_array();
    EXPECT_EQ(content[0].at("type"), "image");
    EXPECT_EQ(content[0].at("source").at("media_type"), "image/png");
    EXPECT_EQ(content[0].at("source").at("data").as_string(), Base64("\x89PNG\r\n\x1a\nxyz"));
    EXPECT_EQ(content[1].at("text"), "Check this.");
    const Prompt prompt = APrompt();
    EXPECT_EQ(provider->EstimateInputTokens(prompt),
              static_cast<std::int64_t>(prompt.system.size() + prompt.text.size() + prompt.schema_json.size()) / 4 +
                  1000);  // 1000 × 750 pixels / 750
}

TEST(Anthropic, SendsAPdfAsADocumentBlock) {
    Prompt prompt = APrompt();
    prompt.attachment = Attachment{"application/pdf", "%PDF-1.7", 0, 0};
    const json::object body = json::parse(MakeAnthropic({"anthropic", "", "", "k"})->Build(prompt).body).as_object();
    EXPECT_EQ(body.at("messages").as_array()[0].at("content").as_array()[0].at("type"), "document");
}

TEST(Anthropic, ReadsTheToolInputAndTheUsage) {
    auto provider = MakeAnthropic({"anthropic", "", "", "k"});
    auto answer = provider->Parse(
        R"({"content":[{"type":"text","text":"hm"},{"type":"tool_use","name":"submit_edits","input":{"edits":[]}}],)"
        R"("usage":{"input_tokens":1234,"output_tokens":56}})");
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->json, R"({"edits":[]})");
    EXPECT_EQ(answer->usage.input_tokens, 1234);
    EXPECT_EQ(answer->usage.output_tokens, 56);
    EXPECT_EQ(provider->Parse(R"({"content":[{"type":"text","text":"no tool"}]})").error().code, ErrorCode::kInternal);
    EXPECT_EQ(provider->Parse(R"({"content": [)").error().code, ErrorCode::kInternal);
}

TEST(OpenAi, SendsAnImageDataUrlAndAStrictJsonSchema) {
    auto provider = MakeOpenAi({"openai", "http://localhost:11434/v1", "llava", ""});
    const HttpRequest request = provider->Build(APrompt());
    EXPECT_EQ(request.url, "http://localhost:11434/v1/chat/completions");
    for (const std::string& header : request.headers) EXPECT_FALSE(header.starts_with("Authorization")) << header;
    const json::object body = json::parse(request.body).as_object();
    EXPECT_EQ(body.at("response_format").at("type"), "json_schema");
    EXPECT_EQ(body.at("response_format").at("json_schema").at("strict"), true);
    EXPECT_EQ(body.at("response_format").at("json_schema").at("name"), "submit_edits");
    const json::array& content = body.at("messages").as_array()[1].at("content").as_array();
    EXPECT_EQ(content[1].at("image_url").at("url").as_string(), "data:image/png;base64," + Base64("\x89PNG\r\n\x1a\nxyz"));
    auto keyed = MakeOpenAi({"openai", "", "", "sk-1"})->Build(APrompt());
    EXPECT_EQ(keyed.url, "https://api.openai.com/v1/chat/completions");
    EXPECT_NE(std::find(keyed.headers.begin(), keyed.headers.end(), "Authorization: Bearer sk-1"), keyed.headers.end());
}

TEST(OpenAi, ReadsTheContentAsJsonAndTheUsage) {
    auto provider = MakeOpenAi({"openai", "", "", "k"});
    auto answer = provider->Parse(R"({"choices":[{"message":{"content":"{\"edits\": []}"}}],)"
                                  R"("usage":{"prompt_tokens":900,"completion_tokens":12}})");
    ASSERT_TRUE(answer) << answer.error().message;
    EXPECT_EQ(answer->json, R"({"edits":[]})");
    EXPECT_EQ(answer->usage.input_tokens, 900);
    EXPECT_EQ(provider->Parse(R"({"choices":[{"message":{"content":"{\"edits\": ["}}]})").error().code,
              ErrorCode::kInternal);
    EXPECT_EQ(provider->Parse(R"({"choices":[{"message":{"content":null,"refusal":"no"}}]})").error().code,
              ErrorCode::kInternal);
}

TEST(MakeProvider, RefusesAnUnknownProvider) {
    auto made = MakeProvider({"gemini", "", "", ""});
    ASSERT_FALSE(made);
    EXPECT_EQ(made.error().code, ErrorCode::kInvalidArgument);
}

TEST(PagePng, ScalesALargePageToClaudesLimits) {
    const int width = 3000, height = 2000;
    std::string bgr(static_cast<std::size_t>(width) * height * 3, '\xff');
    auto image = PagePng(bgr, width, height, 3);
    ASSERT_TRUE(image) << image.error().message;
    EXPECT_LE(std::max(image->width, image->height), 1568);
    EXPECT_LE(static_cast<long>(image->width) * image->height, 1'150'000);
    EXPECT_EQ(image->bytes.substr(0, 8), "\x89PNG\r\n\x1a\n");
    EXPECT_NEAR(static_cast<double>(image->width) / image->height, 1.5, 0.01);
    EXPECT_LE(AnthropicImageTokens(image->width, image->height), 1534);
    auto small = PagePng(std::string(30 * 20 * 3, '\0'), 30, 20, 3);
    ASSERT_TRUE(small);
    EXPECT_EQ(small->width, 30);
    EXPECT_FALSE(PagePng("abc", 30, 20, 3));
}

TEST(ImageTokens, FollowEachProvidersRule) {
    EXPECT_EQ(AnthropicImageTokens(1092, 1092), 1590);
    EXPECT_EQ(OpenAiImageTokens(1024, 1024), 85 + 170 * 4);  // 768 × 768: four tiles
    EXPECT_EQ(OpenAiImageTokens(2048, 4096), 85 + 170 * 6);  // 768 × 1536: two by three
}

}  // namespace
}  // namespace ly::llm
