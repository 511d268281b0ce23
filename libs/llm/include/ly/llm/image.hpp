// A page for a vision model: scaled down to the provider's limits (Claude: long side ≤ 1568 px and about
// 1.15 megapixels; larger images are only scaled down by the provider, at our cost in upload and latency) and
// encoded as PNG.
#pragma once

#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/llm/provider.hpp"

namespace ly::llm {

struct ImageLimits {
    int max_long_side = 1568;
    long max_pixels = 1'150'000;
};

// `pixels`: width × height × `channels` bytes, row-major: 1 for grey, 3 for BGR (the engine's prepared page has
// both). Averaged down to fit `limits` (kept as is when it fits) and encoded as a grey or RGB PNG.
// kInvalidArgument when the sizes do not match.
Result<Attachment> PagePng(std::string_view pixels, int width, int height, int channels,
                           const ImageLimits& limits = {});

// Claude's estimate for an image: width × height / 750 tokens.
std::int64_t AnthropicImageTokens(int width, int height);
// OpenAI's (high detail): scaled into 2048 × 2048, the short side to 768, then 85 + 170 per 512-pixel tile.
std::int64_t OpenAiImageTokens(int width, int height);

}  // namespace ly::llm
