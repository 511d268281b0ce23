// The Anthropic Messages API's wire format (docs.anthropic.com: Messages, tool use, vision, PDF support).
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "ly/llm/image.hpp"
#include "ly/llm/provider.hpp"
#include "wire.hpp"

namespace ly::llm {
namespace {

namespace json = boost::json;

std::string TrimSlash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

class Anthropic final : public Provider {
  public:
    explicit Anthropic(ProviderSettings settings) : settings_(std::move(settings)) {
        if (settings_.base_url.empty()) settings_.base_url = kAnthropicBaseUrl;
        if (settings_.model.empty()) settings_.model = kAnthropicModel;
        settings_.base_url = TrimSlash(settings_.base_url);
    }

    std::string_view name() const override { return "anthropic"; }

    HttpRequest Build(const Prompt& prompt) const override {
        json::array content;
        if (prompt.attachment) {
            const Attachment& file = *prompt.attachment;
            const bool pdf = file.media_type == "application/pdf";
            content.push_back(json::object{
                {"type", pdf ? "document" : "image"},
                {"source",
                 json::object{{"type", "base64"}, {"media_type", file.media_type}, {"data", Base64(file.bytes)}}}});
        }
        content.push_back(json::object{{"type", "text"}, {"text", prompt.text}});
        boost::system::error_code ec;
        json::value schema = json::parse(prompt.schema_json, ec);
        if (ec) schema = json::object{{"type", "object"}};
        json::object body{
            {"model", settings_.model},
            {"max_tokens", prompt.max_tokens},
            {"temperature", 0},
            {"system", prompt.system},
            {"tools", json::array{json::object{{"name", prompt.schema_name},
                                               {"description", prompt.schema_description},
                                               {"input_schema", std::move(schema)}}}},
            // Forced: the answer is always this tool's input, never prose.
            {"tool_choice", json::object{{"type", "tool"}, {"name", prompt.schema_name}}},
            {"messages", json::array{json::object{{"role", "user"}, {"content", std::move(content)}}}}};
        return HttpRequest{settings_.base_url + "/v1/messages",
                           {"content-type: application/json", "x-api-key: " + settings_.api_key,
                            "anthropic-version: 2023-06-01"},
                           json::serialize(body)};
    }

    Result<Answer> Parse(std::string_view body) const override {
        auto parsed = wire::ParseBody(body);
        if (!parsed) return parsed.error();
        const json::value& answer = *parsed;
        Answer out;
        out.usage = wire::ReadUsage(answer, "input_tokens", "output_tokens");
        const json::value* content = answer.as_object().if_contains("content");
        if (content == nullptr || !content->is_array()) {
            return MakeError(ErrorCode::kInternal, "the answer has no content");
        }
        for (const json::value& block : content->as_array()) {
            const json::object* object = block.if_object();
            if (object == nullptr) continue;
            const json::value* type = object->if_contains("type");
            if (type == nullptr || !type->is_string() || type->as_string() != "tool_use") continue;
            const json::value* input = object->if_contains("input");
            if (input == nullptr || !input->is_object()) {
                return MakeError(ErrorCode::kInternal, "the tool call has no input object");
            }
            out.json = json::serialize(*input);
            return out;
        }
        return MakeError(ErrorCode::kInternal, "the answer has no tool call");
    }

    std::int64_t EstimateInputTokens(const Prompt& prompt) const override {
        std::int64_t tokens = wire::TextTokens(prompt);
        if (prompt.attachment) {
            if (prompt.attachment->media_type == "application/pdf") {
                // A PDF page costs its text and its image: about 1,500 to 3,000 tokens (Anthropic's PDF guide).
                tokens += 3000;
            } else {
                tokens += AnthropicImageTokens(prompt.attachment->width, prompt.attachment->height);
            }
        }
        return tokens;
    }

  private:
    ProviderSettings settings_;
};

}  // namespace

std::unique_ptr<Provider> MakeAnthropic(ProviderSettings settings) {
    return std::make_unique<Anthropic>(std::move(settings));
}

}  // namespace ly::llm
