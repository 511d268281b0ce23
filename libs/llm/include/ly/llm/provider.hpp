// The LLM provider port: what we ask (a prompt with an optional image or PDF and the JSON schema the answer must
// follow) and what comes back (the answer's JSON and its token usage), with the two adapters over HTTP.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::llm {

// A file shown to the model beside the text: a PNG/JPEG page or a PDF.
struct Attachment {
    std::string media_type;  // "image/png", "image/jpeg" or "application/pdf"
    std::string bytes;       // raw; the adapters encode it (base64)
    int width = 0;           // images: pixels, for the token estimate
    int height = 0;
};

// One question. The answer is structured output: a JSON object following `schema_json` (a JSON Schema), asked
// for as a forced tool call (Anthropic) or a `json_schema` response format (OpenAI-compatible).
struct Prompt {
    std::string system;
    std::string text;
    std::optional<Attachment> attachment;
    std::string schema_name;  // the tool's / response format's name, e.g. "submit_edits"
    std::string schema_description;
    std::string schema_json;
    int max_tokens = 4096;
};

struct Usage {
    std::int64_t input_tokens = 0;
    std::int64_t output_tokens = 0;
};

struct Answer {
    std::string json;  // the structured answer: the tool's input, or the message content
    Usage usage;
};

// An HTTP request as an adapter builds it, and what came back, so that the adapters stay pure (formats only) and
// one transport (libcurl) and one retry loop serve both.
struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;  // "Name: value"
    std::string body;
};

struct HttpReply {
    long status = 0;          // 0: no answer (timeout, connection refused)
    bool timed_out = false;   // the request timeout passed
    std::string failure;      // without an answer: libcurl's description
    std::string body;
    std::string retry_after;  // the Retry-After header as sent, "" when absent
};

// One provider's wire format. Implementations hold only settings and are thread-safe.
class Provider {
  public:
    virtual ~Provider() = default;
    virtual std::string_view name() const = 0;   // "anthropic" | "openai"
    virtual HttpRequest Build(const Prompt& prompt) const = 0;
    // A 200 answer's body → the structured answer. kInternal when the body or its content is not what the format
    // promises (not JSON, no tool call, refused): the model answered, but nothing usable.
    virtual Result<Answer> Parse(std::string_view body) const = 0;
    // Tokens the prompt should cost, before it is sent (text ≈ 4 characters a token; images by their size).
    virtual std::int64_t EstimateInputTokens(const Prompt& prompt) const = 0;
};

struct ProviderSettings {
    std::string provider;  // "anthropic" | "openai"
    std::string base_url;  // "" → the provider's public API
    std::string model;     // "" → the provider's default model
    std::string api_key;
};

// The Anthropic Messages API (POST {base}/v1/messages; x-api-key, anthropic-version 2023-06-01): the page as a
// base64 `image` block (a PDF as a `document` block), the answer through a tool whose input_schema is the schema,
// forced by tool_choice; temperature 0.
std::unique_ptr<Provider> MakeAnthropic(ProviderSettings settings);
// OpenAI-compatible chat completions (POST {base}/chat/completions; Authorization: Bearer): the page as an
// `image_url` data URL, the answer through response_format json_schema (strict); temperature 0. OpenAI, Ollama
// (http://localhost:11434/v1), vLLM and llama.cpp's server all speak it.
std::unique_ptr<Provider> MakeOpenAi(ProviderSettings settings);
// By settings.provider; kInvalidArgument naming the setting for anything else.
Result<std::unique_ptr<Provider>> MakeProvider(ProviderSettings settings);

// Defaults when unset.
inline constexpr std::string_view kAnthropicBaseUrl = "https://api.anthropic.com";
inline constexpr std::string_view kAnthropicModel = "claude-sonnet-4-5";
inline constexpr std::string_view kOpenAiBaseUrl = "https://api.openai.com/v1";
inline constexpr std::string_view kOpenAiModel = "gpt-4o";

// Standard base64 (RFC 4648, with padding).
std::string Base64(std::string_view bytes);

}  // namespace ly::llm
