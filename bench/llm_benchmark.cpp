// The LLM step's own cost, the provider excluded: Example 1.1's prepared page scaled and encoded as PNG, the
// prompt and request built (base64 included), the answer parsed and checked against the page, the outcome cached —
// through an in-process transport that answers at once. And the cache-hit path: the same document again.
// Also prints the tokens the verify and extract prompts of Example 1.1 are estimated to cost.
// Reports, never asserts.
//   build/bench/llm_benchmark [--benchmark_repetitions=5]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ly/extract/extractor.hpp"
#include "ly/llm/image.hpp"
#include "ly/llm/step.hpp"
#include "ly/storage/cache.hpp"
#include "ly/timetable/json.hpp"

namespace {

const std::filesystem::path kExample = std::filesystem::path(LY_SAMPLES_DIR) / "Teacher Timetable Example 1.1.png";

// Anthropic's answer to a verify prompt with no edits, at once: what the provider's time is excluded from.
class InstantTransport final : public ly::llm::Transport {
  public:
    ly::llm::HttpReply Post(const ly::llm::HttpRequest& request, std::chrono::milliseconds) override {
        benchmark::DoNotOptimize(request.body.data());
        last_body_bytes = request.body.size();
        return ly::llm::HttpReply{200, false, "",
                                  R"({"id":"msg_1","type":"message","content":[{"type":"tool_use","id":"t1",)"
                                  R"("name":"submit_edits","input":{"edits":[]}}],"usage":{"input_tokens":2900,)"
                                  R"("output_tokens":12}})",
                                  ""};
    }
    std::size_t last_body_bytes = 0;
};

struct Example {
    ly::extract::PreparedPage page;
    std::string draft_json;
    std::vector<std::string> lines;
};

const Example& Load() {
    static const Example example = [] {
        std::ifstream in(kExample, std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        Example loaded;
        auto prepared = ly::extract::PrepareImage(bytes.str());
        if (prepared && !prepared->pages.empty()) loaded.page = prepared->pages.front();
        auto timetable = ly::extract::Extract(bytes.str(), kExample.filename().string());
        if (timetable) {
            loaded.draft_json = ly::timetable::ToJson(*timetable, false);
            for (const auto& block : timetable->blocks) loaded.lines.push_back(block.name);
            for (const std::string header : {"8:35 - 8:50", "9:00 - 10:00"}) loaded.lines.push_back(header);
        }
        return loaded;
    }();
    return example;
}

std::unique_ptr<ly::llm::Step> MakeStep(ly::storage::Cache& cache, InstantTransport** transport = nullptr) {
    ly::llm::Settings settings;
    settings.provider = "anthropic";
    settings.api_key = "bench";
    auto owned = std::make_unique<InstantTransport>();
    if (transport != nullptr) *transport = owned.get();
    return std::move(ly::llm::Step::Create(settings, cache, std::move(owned))).value();
}

ly::llm::Document DocumentOf(const Example& example, std::string sha256) {
    auto png = ly::llm::PagePng(example.page.gray, example.page.width, example.page.height, 1);
    return ly::llm::Document{std::move(sha256), example.draft_json, std::move(png).value(), "", example.lines};
}

void BM_LlmCallOverhead(benchmark::State& state) {
    const Example& example = Load();
    if (example.draft_json.empty()) {
        state.SkipWithError("Example 1.1 is not readable here");
        return;
    }
    ly::storage::MemoryCache cache(1 << 16);
    auto step = MakeStep(cache);
    std::int64_t n = 0;
    for (auto _ : state) {
        // A new document each time: no cache, the whole call but the provider (image encoding included).
        auto outcome = step->Run(DocumentOf(example, "sha-" + std::to_string(n++)));
        if (!outcome || !outcome->accepted) {
            state.SkipWithError("the step did not accept the answer");
            break;
        }
    }
}
BENCHMARK(BM_LlmCallOverhead)->Unit(benchmark::kMillisecond)->UseRealTime();

// The part of the overhead that is the page: scaling and PNG encoding.
void BM_LlmPagePng(benchmark::State& state) {
    const Example& example = Load();
    for (auto _ : state) {
        auto png = ly::llm::PagePng(example.page.gray, example.page.width, example.page.height, 1);
        benchmark::DoNotOptimize(png);
    }
}
BENCHMARK(BM_LlmPagePng)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LlmCacheHit(benchmark::State& state) {
    const Example& example = Load();
    if (example.draft_json.empty()) {
        state.SkipWithError("Example 1.1 is not readable here");
        return;
    }
    ly::storage::MemoryCache cache(64);
    auto step = MakeStep(cache);
    const ly::llm::Document document{"same-sha", example.draft_json, std::nullopt, "", example.lines};
    (void)step->Run(document);
    for (auto _ : state) {
        auto outcome = step->Run(document);
        if (!outcome || !outcome->cached) {
            state.SkipWithError("not a cache hit");
            break;
        }
    }
}
BENCHMARK(BM_LlmCacheHit)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    const Example& example = Load();
    if (!example.draft_json.empty()) {
        auto png = ly::llm::PagePng(example.page.gray, example.page.width, example.page.height, 1);
        if (png) {
            const auto image_tokens = ly::llm::AnthropicImageTokens(png->width, png->height);
            std::printf("example_1_1 page %dx%d sent as %dx%d PNG of %zu KB: %lld image tokens (Claude)\n",
                        example.page.width, example.page.height, png->width, png->height, png->bytes.size() / 1024,
                        static_cast<long long>(image_tokens));
            // The verify request's text (system prompt, prompt with the draft, schema) at about 4 bytes a token,
            // beside the image's tokens: what bench/llm.sh prices a document at.
            ly::storage::MemoryCache cache(4);
            InstantTransport* transport = nullptr;
            auto step = MakeStep(cache, &transport);
            if (step->Run(DocumentOf(example, "tokens"))) {
                const std::size_t base64 = (png->bytes.size() + 2) / 3 * 4;
                std::printf("verify_input_tokens %lld\n",
                            static_cast<long long>((transport->last_body_bytes - base64) / 4) +
                                static_cast<long long>(image_tokens));
                std::printf("draft_blocks %zu\n", example.lines.size() - 2);
            }
        }
    }
    benchmark::Shutdown();
    return 0;
}
