// OpenAI-compatible chat completions (platform.openai.com: chat completions, vision inputs, structured outputs);
// Ollama, vLLM and llama.cpp's server accept the same request at their /v1 base URL.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ly/llm/image.hpp"
#include "ly/llm/provider.hpp"
#include "wire.hpp"

namespace ly::llm {
namespace {

namespace json = boost::json;

class OpenAi final : public Provider {
  public:
    explicit OpenAi(ProviderSettings settings) : settings_(std::move(settings)) {
        if (settings_.base_url.empty()) settings_.base_url = kOpenAiBaseUrl;
        if (settings_.model.empty()) settings_.model = kOpenAiModel;
        while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
    }

    std::string_view name() const override { return "openai"; }

    HttpRequest Build(const Prompt& prompt) const override {
        json::array content{json::object{{"type", "text"}, {"text", prompt.text}}};
        // Chat completions take images only; a PDF goes as its grid text alone (already in the prompt).
        if (prompt.attachment && prompt.attachment->media_type.starts_with("image/")) {
            content.push_back(json::object{
                {"type", "image_url"},
                {"image_url",
                 json::object{{"url", "data:" + prompt.attachment->media_type + ";base64," +
                                           Base64(prompt.attachment->bytes)},
                              {"detail", "high"}}}});
        }
        boost::system::error_code ec;
        json::value schema = json::parse(prompt.schema_json, ec);
        if (ec) schema = json::object{{"type", "object"}};
        json::object body{
            {"model", settings_.model},
            {"temperature", 0},
            {"max_tokens", prompt.max_tokens},
            {"messages", json::array{json::object{{"role", "system"}, {"content", prompt.system}},
                                     json::object{{"role", "user"}, {"content", std::move(content)}}}},
            {"response_format",
             json::object{{"type", "json_schema"},
                          {"json_schema", json::object{{"name", prompt.schema_name},
                                                       {"description", prompt.schema_description},
                                                       {"strict", true},
                                                       {"schema", std::move(schema)}}}}}};
        std::vector<std::string> headers{"Content-Type: application/json"};
        // A local server (Ollama, llama.cpp) needs no key; sending an empty bearer would be refused by some.
        if (!settings_.api_key.empty()) headers.push_back("Authorization: Bearer " + settings_.api_key);
        return HttpRequest{settings_.base_url + "/chat/completions", std::move(headers), json::serialize(body)};
    }

    Result<Answer> Parse(std::string_view body) const override {
        auto parsed = wire::ParseBody(body);
        if (!parsed) return parsed.error();
        const json::value& answer = *parsed;
        Answer out;
        out.usage = wire::ReadUsage(answer, "prompt_tokens", "completion_tokens");
        const json::value* choices = answer.as_object().if_contains("choices");
        if (choices == nullptr || !choices->is_array() || choices->as_array().empty() ||
            !choices->as_array()[0].is_object()) {
            return MakeError(ErrorCode::kInternal, "the answer has no choices");
        }
        const json::value* message = choices->as_array()[0].as_object().if_contains("message");
        if (message == nullptr || !message->is_object()) {
            return MakeError(ErrorCode::kInternal, "the answer has no message");
        }
        if (const json::value* refusal = message->as_object().if_contains("refusal");
            refusal && refusal->is_string() && !refusal->as_string().empty()) {
            return MakeError(ErrorCode::kInternal, "the model refused: " + std::string(refusal->as_string()));
        }
        const json::value* text = message->as_object().if_contains("content");
        if (text == nullptr || !text->is_string()) {
            return MakeError(ErrorCode::kInternal, "the answer's message has no content");
        }
        boost::system::error_code ec;
        const json::value structured = json::parse(text->as_string(), ec);
        if (ec || !structured.is_object()) {
            return MakeError(ErrorCode::kInternal, "the answer's content is not a JSON object (" + ec.message() + ")");
        }
        out.json = json::serialize(structured);
        return out;
    }

    std::int64_t EstimateInputTokens(const Prompt& prompt) const override {
        std::int64_t tokens = wire::TextTokens(prompt);
        if (prompt.attachment && prompt.attachment->media_type.starts_with("image/")) {
            tokens += OpenAiImageTokens(prompt.attachment->width, prompt.attachment->height);
        }
        return tokens;
    }

  private:
    ProviderSettings settings_;
};

}  // namespace

std::unique_ptr<Provider> MakeOpenAi(ProviderSettings settings) { return std::make_unique<OpenAi>(std::move(settings)); }

}  // namespace ly::llm
