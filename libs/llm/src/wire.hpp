// What the two adapters' wire formats share: reading an answer's body and its token usage, and the text's token
// estimate.
#pragma once

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "ly/llm/provider.hpp"

namespace ly::llm::wire {

// The body as a JSON object, or kInternal: the model answered, but nothing usable.
inline Result<boost::json::value> ParseBody(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value answer = boost::json::parse(body, ec);
    if (ec || !answer.is_object()) {
        return MakeError(ErrorCode::kInternal, "the answer is not JSON (" + ec.message() + ")");
    }
    return answer;
}

// The answer's "usage" object, by each provider's names for its two counts.
inline Usage ReadUsage(const boost::json::value& answer, std::string_view input_key, std::string_view output_key) {
    Usage usage;
    const boost::json::value* found = answer.as_object().if_contains("usage");
    if (found == nullptr || !found->is_object()) return usage;
    if (const boost::json::value* in = found->as_object().if_contains(input_key); in && in->is_int64()) {
        usage.input_tokens = in->as_int64();
    }
    if (const boost::json::value* out = found->as_object().if_contains(output_key); out && out->is_int64()) {
        usage.output_tokens = out->as_int64();
    }
    return usage;
}

// About 4 bytes of English or JSON a token, for both providers' tokenizers.
inline std::int64_t TextTokens(const Prompt& prompt) {
    return static_cast<std::int64_t>(prompt.system.size() + prompt.text.size() + prompt.schema_json.size()) / 4;
}

}  // namespace ly::llm::wire
