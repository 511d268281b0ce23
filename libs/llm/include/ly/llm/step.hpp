// The pipeline's LLM step, free of the workflow: given the engine's draft of a document in the LLM band, its page
// and its cell grid, asks the provider to verify (a list of block edits) or extract (the whole timetable), checks
// the answer against the document, asks once more with the problems listed, and caches what it decided.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/llm/client.hpp"
#include "ly/llm/provider.hpp"
#include "ly/storage/cache.hpp"

namespace ly::llm {

struct Settings {
    std::string provider{};  // "anthropic" | "openai" | "" (off: documents in the band go to review)
    std::string base_url{};
    std::string model{};
    std::string api_key{};
    std::chrono::seconds timeout{120};
    int max_concurrency = 4;
    double monthly_budget_usd = 0;  // 0: no budget
    // Prices per million tokens; negative: the provider's default model's list price (Claude Sonnet $3/$15,
    // GPT-4o $2.50/$10). Set both to 0 for a local model.
    double input_usd_per_mtok = -1;
    double output_usd_per_mtok = -1;
    // Drafts at or above this confidence are verified (cheap: only edits come back); below it, extracted whole.
    double verify_from = 0.90;
    RetryPolicy retry{};

    bool enabled() const { return !provider.empty(); }
};

// One document as the step sees it.
struct Document {
    std::string sha256{};
    std::string draft_json{};                // the engine's timetable/v1 draft, with its confidence
    std::optional<Attachment> attachment{};  // the page (PNG) or the PDF; none for Word and text
    std::string grid_text{};                 // the cell grid as text: positions and per-cell confidence
    std::vector<std::string> page_text{};    // the document's own text, for the checks
};

// What the step decided.
struct Outcome {
    bool accepted = false;  // true: `timetable_json` is the LLM's timetable, route "llm"
    std::string mode;       // "verify" | "extract" (verify that found many errors goes on to extract)
    std::string timetable_json;              // accepted: timetable/v1 with route "llm" and the answer's confidence
    std::vector<std::string> answers_json;   // each answer as a timetable/v1 draft, in order (for the review)
    std::vector<std::string> problems;       // of the last answer, when not accepted
    std::vector<std::string> disagreements;  // with the engine's sure blocks
    int calls = 0;
    Usage usage;
    double cost_usd = 0;
    bool cached = false;
    std::string prompt_version;
};

// Observations for metrics (provider, mode): each call, each cache hit, each failure.
struct Observer {
    std::function<void(std::string_view mode, const Usage& usage, double cost_usd)> on_call;
    std::function<void(std::string_view mode)> on_cache_hit;
    std::function<void(std::string_view mode, std::string_view reason)> on_failure;
};

class Step {
  public:
    // kInvalidArgument for a wrong setting (unknown provider, no API key for a public API, …).
    // `transport` null: libcurl. `cache` keeps answers (30 days) and must outlive the step.
    static Result<std::unique_ptr<Step>> Create(Settings settings, storage::Cache& cache,
                                                std::unique_ptr<Transport> transport = nullptr);

    // The decision for one document. Errors (the state machine's Retry and Catch act on them):
    // kUnavailable — the monthly budget is spent (warned once a month) or the key is refused;
    // kRateLimited / kIo — the provider stayed overloaded or unreachable through the attempts.
    Result<Outcome> Run(const Document& document);

    void SetObserver(Observer observer);
    const std::string& provider_name() const { return provider_name_; }
    const std::string& model() const { return model_; }
    double spent_this_month_usd();
    double CostUsd(const Usage& usage) const;

  private:
    Step(Settings settings, storage::Cache& cache, std::unique_ptr<Provider> provider,
         std::unique_ptr<Transport> transport);

    Settings settings_;
    storage::Cache& cache_;
    std::unique_ptr<Provider> provider_;
    std::unique_ptr<Transport> transport_;
    std::unique_ptr<Client> client_;
    std::string provider_name_;
    std::string model_;
    double input_price_ = 0, output_price_ = 0;  // per million tokens
    std::mutex mutex_;
    Observer observer_;         // guarded by mutex_
    std::string budget_month_;  // "2025-03": the month `spent_` counts; guarded by mutex_
    double spent_ = 0;          // guarded by mutex_
    bool budget_warned_ = false;  // guarded by mutex_
};

// The prompts' version (prompts/*.md, first line), part of the cache key: a new prompt asks again.
std::string PromptVersion(std::string_view mode);

}  // namespace ly::llm
