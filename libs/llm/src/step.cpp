#include "ly/llm/step.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <set>

#include "ly/llm/checks.hpp"
#include "ly/timetable/json.hpp"
#include "prompts.hpp"

namespace ly::llm {
namespace {

namespace json = boost::json;

// Answers are kept as long as OCR results: the same file uploaded again is not paid for again.
constexpr std::chrono::hours kCacheTtl{24 * 30};
// Below this a draft's block is marked LOW in verify mode's prompt.
constexpr double kLowBlock = 0.90;
// A verify answer with more edits than this share of the blocks (and at least 3) found many errors: the draft is
// not worth correcting piecemeal, so the page is extracted whole.
constexpr double kManyEditsShare = 0.25;

void Log(std::string_view level, std::string_view event, const std::string& message) {
    json::object line{{"level", level}, {"event", event}, {"message", message}};
    std::cerr << json::serialize(line) << '\n';
}

std::string_view VersionLine(std::string_view markdown) {
    // "<!-- version: 3 -->" on the first line.
    const std::size_t start = markdown.find("version:");
    const std::size_t end = markdown.find("-->");
    if (start == std::string_view::npos || end == std::string_view::npos || start > end) return "0";
    std::string_view version = markdown.substr(start + 8, end - start - 8);
    while (!version.empty() && version.front() == ' ') version.remove_prefix(1);
    while (!version.empty() && version.back() == ' ') version.remove_suffix(1);
    return version;
}

// The prompt text without its version comment.
std::string_view Body(std::string_view markdown) {
    const std::size_t end = markdown.find("-->\n");
    return end == std::string_view::npos ? markdown : markdown.substr(end + 4);
}

std::string Replace(std::string text, std::string_view placeholder, std::string_view value) {
    const std::size_t at = text.find(placeholder);
    if (at != std::string::npos) text.replace(at, placeholder.size(), value);
    return text;
}

std::string BlockId(std::size_t index) { return "b" + std::to_string(index); }

std::string DraftForPrompt(const timetable::Timetable& draft) {
    json::array blocks;
    for (std::size_t i = 0; i < draft.blocks.size(); ++i) {
        const timetable::Timeblock& b = draft.blocks[i];
        blocks.push_back(json::object{{"id", BlockId(i)},
                                      {"day", timetable::DayName(b.day)},
                                      {"start", timetable::FormatTime(b.start)},
                                      {"end", b.end ? json::value(timetable::FormatTime(*b.end)) : json::value()},
                                      {"name", b.name},
                                      {"notes", b.notes},
                                      {"confidence", std::round(b.confidence * 100) / 100}});
    }
    return json::serialize(blocks);
}

std::string LowBlocks(const timetable::Timetable& draft) {
    std::string text;
    for (std::size_t i = 0; i < draft.blocks.size(); ++i) {
        const timetable::Timeblock& b = draft.blocks[i];
        if (b.confidence >= kLowBlock) continue;
        char confidence[16];
        std::snprintf(confidence, sizeof confidence, "%.2f", b.confidence);
        text += "- " + BlockId(i) + " LOW (" + confidence + "): " + std::string(timetable::DayName(b.day)) + " " +
                timetable::FormatTime(b.start) + " \"" + b.name + "\"\n";
    }
    return text.empty() ? "(none)\n" : text;
}

std::string ProblemsForPrompt(const std::vector<std::string>& problems) {
    if (problems.empty()) return "";
    std::string text = "\nYour previous answer had these problems. Answer again, fixing them:\n";
    for (const std::string& problem : problems) text += "- " + problem + "\n";
    return text;
}

Prompt BuildPrompt(std::string_view mode, const timetable::Timetable& draft, const Document& document,
                   const std::vector<std::string>& problems) {
    Prompt prompt;
    prompt.system = std::string(Body(prompts::SystemMd()));
    prompt.attachment = document.attachment;
    if (mode == "verify") {
        std::string text(Body(prompts::VerifyMd()));
        text = Replace(std::move(text), "{{draft}}", DraftForPrompt(draft));
        text = Replace(std::move(text), "{{low_confidence}}", LowBlocks(draft));
        prompt.text = Replace(std::move(text), "{{problems}}", ProblemsForPrompt(problems));
        prompt.schema_name = "submit_edits";
        prompt.schema_description = "The corrections to our reading of the timetable, as block edits";
        prompt.schema_json = std::string(prompts::kEditsSchema);
        prompt.max_tokens = 2048;
    } else {
        std::string text(Body(prompts::ExtractMd()));
        text = Replace(std::move(text), "{{grid}}", document.grid_text);
        prompt.text = Replace(std::move(text), "{{problems}}", ProblemsForPrompt(problems));
        prompt.schema_name = "submit_timetable";
        prompt.schema_description = "The whole timetable: every time block of the week, and the metadata";
        prompt.schema_json = std::string(prompts::kTimetableSchema);
        prompt.max_tokens = 8192;
    }
    return prompt;
}

// An answer read into blocks, or the ways it breaks the schema.
struct Parsed {
    std::vector<timetable::Timeblock> blocks;
    std::optional<timetable::Metadata> metadata;
    std::vector<std::string> problems;
    std::size_t edits = 0;
};

const json::value* Get(const json::object& object, std::string_view key) { return object.if_contains(key); }

std::optional<std::string> OptionalString(const json::object& object, std::string_view key) {
    const json::value* value = Get(object, key);
    if (value == nullptr || !value->is_string()) return std::nullopt;
    return std::string(value->as_string());
}

// Fills `block` from the item's day, start, end, name and notes; problems name the item by `where`.
void ReadBlock(const json::object& item, const std::string& where, timetable::Timeblock& block,
               std::vector<std::string>& problems) {
    const auto day = OptionalString(item, "day");
    const auto parsed_day = day ? timetable::DayFromName(*day) : std::nullopt;
    if (!parsed_day) {
        problems.push_back(where + ": day must be monday … sunday");
    } else {
        block.day = *parsed_day;
    }
    const auto start = OptionalString(item, "start");
    const auto parsed_start = start ? timetable::ParseHhMm(*start) : std::nullopt;
    if (!parsed_start) {
        problems.push_back(where + ": start must be HH:MM");
    } else {
        block.start = *parsed_start;
    }
    block.end.reset();
    if (const json::value* end = Get(item, "end"); end != nullptr && !end->is_null()) {
        const auto parsed_end = end->is_string() ? timetable::ParseHhMm(end->as_string()) : std::nullopt;
        if (!parsed_end) {
            problems.push_back(where + ": end must be HH:MM or null");
        } else if (parsed_start && *parsed_end <= *parsed_start) {
            problems.push_back(where + ": end must be after start");
        } else {
            block.end = parsed_end;
        }
    }
    const auto name = OptionalString(item, "name");
    if (!name || name->empty()) {
        problems.push_back(where + ": name must be the block's name as written");
    } else {
        block.name = *name;
    }
    block.notes = OptionalString(item, "notes").value_or("");
}

Parsed ApplyEdits(std::string_view answer, const timetable::Timetable& draft, double confidence) {
    Parsed parsed;
    boost::system::error_code ec;
    const json::value root = json::parse(answer, ec);
    const json::value* edits = !ec && root.is_object() ? Get(root.as_object(), "edits") : nullptr;
    if (edits == nullptr || !edits->is_array()) {
        parsed.problems.push_back("the answer must be an object with an \"edits\" array");
        return parsed;
    }
    std::vector<std::optional<timetable::Timeblock>> blocks(draft.blocks.begin(), draft.blocks.end());
    std::vector<timetable::Timeblock> added;
    std::set<std::string> touched;
    for (std::size_t i = 0; i < edits->as_array().size(); ++i) {
        const std::string where = "edits[" + std::to_string(i) + "]";
        const json::object* edit = edits->as_array()[i].if_object();
        if (edit == nullptr) {
            parsed.problems.push_back(where + " must be an object");
            continue;
        }
        const std::string op = OptionalString(*edit, "op").value_or("");
        if (op == "add") {
            timetable::Timeblock block;
            block.confidence = confidence;
            ReadBlock(*edit, where, block, parsed.problems);
            added.push_back(std::move(block));
            continue;
        }
        if (op != "update" && op != "delete") {
            parsed.problems.push_back(where + ": op must be update, delete or add");
            continue;
        }
        const std::string id = OptionalString(*edit, "id").value_or("");
        std::size_t index = blocks.size();
        if (id.size() > 1 && id[0] == 'b' && id.find_first_not_of("0123456789", 1) == std::string::npos &&
            id.size() < 8) {
            index = static_cast<std::size_t>(std::stoul(id.substr(1)));
        }
        if (index >= blocks.size()) {
            parsed.problems.push_back(where + ": id \"" + id + "\" is not a block of our reading");
            continue;
        }
        if (!touched.insert(id).second) {
            parsed.problems.push_back(where + ": block " + id + " is edited twice");
            continue;
        }
        if (op == "delete") {
            blocks[index].reset();
        } else {
            timetable::Timeblock block = *blocks[index];
            block.confidence = confidence;
            ReadBlock(*edit, where, block, parsed.problems);
            blocks[index] = std::move(block);
        }
    }
    parsed.edits = edits->as_array().size();
    for (auto& block : blocks) {
        if (block) parsed.blocks.push_back(std::move(*block));
    }
    for (auto& block : added) parsed.blocks.push_back(std::move(block));
    return parsed;
}

Parsed ReadTimetable(std::string_view answer, double confidence) {
    Parsed parsed;
    boost::system::error_code ec;
    const json::value root = json::parse(answer, ec);
    const json::value* blocks = !ec && root.is_object() ? Get(root.as_object(), "timeblocks") : nullptr;
    if (blocks == nullptr || !blocks->is_array()) {
        parsed.problems.push_back("the answer must be an object with a \"timeblocks\" array");
        return parsed;
    }
    for (std::size_t i = 0; i < blocks->as_array().size(); ++i) {
        const std::string where = "timeblocks[" + std::to_string(i) + "]";
        const json::object* item = blocks->as_array()[i].if_object();
        if (item == nullptr) {
            parsed.problems.push_back(where + " must be an object");
            continue;
        }
        timetable::Timeblock block;
        block.confidence = confidence;
        ReadBlock(*item, where, block, parsed.problems);
        parsed.blocks.push_back(std::move(block));
    }
    if (const json::value* metadata = Get(root.as_object(), "metadata"); metadata && metadata->is_object()) {
        const json::object& m = metadata->as_object();
        parsed.metadata = timetable::Metadata{OptionalString(m, "title").value_or(""),
                                              OptionalString(m, "school").value_or(""),
                                              OptionalString(m, "class").value_or(""),
                                              OptionalString(m, "teacher").value_or(""),
                                              OptionalString(m, "term").value_or(""),
                                              OptionalString(m, "week").value_or("")};
    }
    return parsed;
}

// The answer as a timetable/v1 draft: the engine's source and warnings, the answer's blocks and confidence.
std::string AnswerDraft(const timetable::Timetable& engine, const Parsed& parsed, double confidence,
                        const std::vector<std::string>& remarks, bool accepted) {
    timetable::Timetable answer = engine;
    answer.blocks = parsed.blocks;
    if (parsed.metadata) answer.metadata = *parsed.metadata;
    for (timetable::Timeblock& block : answer.blocks) block.confidence = std::min(block.confidence, confidence);
    timetable::SortBlocks(answer.blocks);
    answer.confidence = confidence;
    answer.route = accepted ? "llm" : "review";
    for (const std::string& remark : remarks) answer.warnings.push_back("LLM: " + remark);
    return timetable::ToJson(answer, false);
}

json::array Strings(const std::vector<std::string>& items) {
    json::array array;
    for (const std::string& item : items) array.emplace_back(item);
    return array;
}

std::vector<std::string> StringsOf(const json::object& object, std::string_view key) {
    std::vector<std::string> items;
    if (const json::value* value = object.if_contains(key); value && value->is_array()) {
        for (const json::value& item : value->as_array()) {
            if (item.is_string()) items.emplace_back(item.as_string());
        }
    }
    return items;
}

std::string OutcomeToJson(const Outcome& outcome) {
    return json::serialize(json::object{{"accepted", outcome.accepted},
                                        {"mode", outcome.mode},
                                        {"timetable", outcome.timetable_json},
                                        {"answers", Strings(outcome.answers_json)},
                                        {"problems", Strings(outcome.problems)},
                                        {"disagreements", Strings(outcome.disagreements)},
                                        {"calls", outcome.calls},
                                        {"inputTokens", outcome.usage.input_tokens},
                                        {"outputTokens", outcome.usage.output_tokens},
                                        {"costUsd", outcome.cost_usd},
                                        {"promptVersion", outcome.prompt_version}});
}

std::optional<Outcome> OutcomeFromJson(std::string_view text) {
    boost::system::error_code ec;
    const json::value root = json::parse(text, ec);
    if (ec || !root.is_object()) return std::nullopt;
    const json::object& o = root.as_object();
    Outcome outcome;
    const json::value* accepted = o.if_contains("accepted");
    const json::value* mode = o.if_contains("mode");
    const json::value* timetable = o.if_contains("timetable");
    if (!accepted || !accepted->is_bool() || !mode || !mode->is_string() || !timetable || !timetable->is_string()) {
        return std::nullopt;
    }
    outcome.accepted = accepted->as_bool();
    outcome.mode = std::string(mode->as_string());
    outcome.timetable_json = std::string(timetable->as_string());
    outcome.answers_json = StringsOf(o, "answers");
    outcome.problems = StringsOf(o, "problems");
    outcome.disagreements = StringsOf(o, "disagreements");
    auto integer = [&](std::string_view key) {
        const json::value* value = o.if_contains(key);
        return value && value->is_int64() ? value->as_int64() : 0;
    };
    outcome.calls = static_cast<int>(integer("calls"));
    outcome.usage = Usage{integer("inputTokens"), integer("outputTokens")};
    if (const json::value* cost = o.if_contains("costUsd"); cost && cost->is_number()) {
        outcome.cost_usd = cost->to_number<double>();
    }
    if (const json::value* version = o.if_contains("promptVersion"); version && version->is_string()) {
        outcome.prompt_version = std::string(version->as_string());
    }
    return outcome;
}

std::string ThisMonth() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char month[8];
    std::strftime(month, sizeof month, "%Y-%m", &tm);
    return month;
}

}  // namespace

std::string PromptVersion(std::string_view mode) {
    return "system-" + std::string(VersionLine(prompts::SystemMd())) + "+" + std::string(mode) + "-" +
           std::string(VersionLine(mode == "verify" ? prompts::VerifyMd() : prompts::ExtractMd()));
}

Result<std::unique_ptr<Step>> Step::Create(Settings settings, storage::Cache& cache,
                                           std::unique_ptr<Transport> transport) {
    auto provider = MakeProvider(ProviderSettings{settings.provider, settings.base_url, settings.model,
                                                  settings.api_key});
    if (!provider) return provider.error();
    if (settings.api_key.empty() && settings.base_url.empty()) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "the " + settings.provider +
                             " API needs a key: set LY_LLM_API_KEY (or ANTHROPIC_API_KEY / OPENAI_API_KEY)");
    }
    if (settings.timeout.count() < 1) return MakeError(ErrorCode::kInvalidArgument, "--llm-timeout-s must be positive");
    if (settings.max_concurrency < 1) {
        return MakeError(ErrorCode::kInvalidArgument, "--llm-max-concurrency must be at least 1");
    }
    if (settings.monthly_budget_usd < 0) {
        return MakeError(ErrorCode::kInvalidArgument, "--llm-monthly-budget-usd must not be negative");
    }
    if (!transport) transport = MakeCurlTransport();
    return std::unique_ptr<Step>(new Step(std::move(settings), cache, std::move(provider).value(),
                                          std::move(transport)));
}

Step::Step(Settings settings, storage::Cache& cache, std::unique_ptr<Provider> provider,
           std::unique_ptr<Transport> transport)
    : settings_(std::move(settings)),
      cache_(cache),
      provider_(std::move(provider)),
      transport_(std::move(transport)),
      provider_name_(provider_->name()) {
    client_ = std::make_unique<Client>(
        *provider_, *transport_,
        ClientSettings{std::chrono::duration_cast<std::chrono::milliseconds>(settings_.timeout),
                       settings_.max_concurrency, settings_.retry});
    const bool anthropic = provider_name_ == "anthropic";
    model_ = !settings_.model.empty() ? settings_.model
                                      : std::string(anthropic ? kAnthropicModel : kOpenAiModel);
    input_price_ = settings_.input_usd_per_mtok >= 0 ? settings_.input_usd_per_mtok : (anthropic ? 3.0 : 2.5);
    output_price_ = settings_.output_usd_per_mtok >= 0 ? settings_.output_usd_per_mtok : (anthropic ? 15.0 : 10.0);
}

void Step::SetObserver(Observer observer) {
    std::lock_guard lock(mutex_);
    observer_ = std::move(observer);
}

double Step::CostUsd(const Usage& usage) const {
    return (static_cast<double>(usage.input_tokens) * input_price_ +
            static_cast<double>(usage.output_tokens) * output_price_) /
           1e6;
}

double Step::spent_this_month_usd() {
    std::lock_guard lock(mutex_);
    return budget_month_ == ThisMonth() ? spent_ : 0.0;
}

Result<Outcome> Step::Run(const Document& document) {
    auto parsed_draft = timetable::FromJson(document.draft_json);
    if (!parsed_draft) {
        return MakeError(ErrorCode::kInvalidArgument, "the draft is not timetable/v1: " + parsed_draft.error().message);
    }
    const timetable::Timetable& draft = *parsed_draft;
    const std::string first_mode = draft.confidence >= settings_.verify_from ? "verify" : "extract";
    Observer observer;
    {
        std::lock_guard lock(mutex_);
        observer = observer_;
    }
    const std::string key = "llm:v1:" + document.sha256 + ":" + provider_name_ + ":" + model_ + ":" +
                            PromptVersion(first_mode) + ":" + first_mode;
    if (auto cached = cache_.Get(key)) {
        if (auto outcome = OutcomeFromJson(*cached)) {
            outcome->cached = true;
            if (observer.on_cache_hit) observer.on_cache_hit(first_mode);
            return *outcome;
        }
    }
    {
        std::lock_guard lock(mutex_);
        if (const std::string month = ThisMonth(); month != budget_month_) {
            budget_month_ = month;
            spent_ = 0;
            budget_warned_ = false;
        }
        if (settings_.monthly_budget_usd > 0 && spent_ >= settings_.monthly_budget_usd) {
            char text[160];
            std::snprintf(text, sizeof text, "the monthly LLM budget of $%.2f is spent ($%.4g): documents in the "
                          "LLM band go to review until next month", settings_.monthly_budget_usd, spent_);
            if (!budget_warned_) {
                budget_warned_ = true;
                Log("warn", "llm.budget_spent", text);
            }
            if (observer.on_failure) observer.on_failure(first_mode, "budget");
            return MakeError(ErrorCode::kUnavailable, text);
        }
    }

    PageText page(document.page_text);
    // Times the engine derived (a header's start ending at the next one) count as the page's own.
    for (const timetable::Timeblock& block : draft.blocks) {
        page.AddTime(block.start.minutes);
        if (block.end) page.AddTime(block.end->minutes);
    }
    Outcome outcome;
    outcome.mode = first_mode;
    outcome.prompt_version = PromptVersion(first_mode);
    std::vector<std::string> problems;
    int failed_answers = 0;
    bool escalated = false;
    while (failed_answers < 2) {
        const Prompt prompt = BuildPrompt(outcome.mode, draft, document, problems);
        CallReport report;
        auto answer = client_->Call(prompt, report);
        ++outcome.calls;
        if (!answer && answer.error().code != ErrorCode::kInternal) {
            // The provider never answered (the attempts are spent) or refused us: the state machine decides.
            if (observer.on_failure) observer.on_failure(outcome.mode, ErrorCodeName(answer.error().code));
            return answer.error();
        }
        if (answer) {
            const double cost = CostUsd(answer->usage);
            outcome.usage.input_tokens += answer->usage.input_tokens;
            outcome.usage.output_tokens += answer->usage.output_tokens;
            outcome.cost_usd += cost;
            {
                std::lock_guard lock(mutex_);
                spent_ += cost;
            }
            if (observer.on_call) observer.on_call(outcome.mode, answer->usage, cost);
        }
        if (!answer) {
            problems = {"the answer could not be read (" + answer.error().message + "); answer with the tool only"};
            if (observer.on_failure) observer.on_failure(outcome.mode, "malformed");
            ++failed_answers;
            continue;
        }
        const double trust = 1.0;  // lowered by the checks below
        Parsed parsed = outcome.mode == "verify" ? ApplyEdits(answer->json, draft, trust)
                                                 : ReadTimetable(answer->json, trust);
        if (!parsed.problems.empty()) {
            problems = parsed.problems;
            if (observer.on_failure) observer.on_failure(outcome.mode, "schema");
            ++failed_answers;
            continue;
        }
        if (outcome.mode == "verify" && !escalated &&
            parsed.edits >= std::max<std::size_t>(3, static_cast<std::size_t>(kManyEditsShare *
                                                                                static_cast<double>(draft.blocks.size())))) {
            // Many errors: read the whole page instead (once), with a fresh count of failed answers.
            escalated = true;
            outcome.mode = "extract";
            problems.clear();
            failed_answers = 0;
            continue;
        }
        const CheckResult check = CheckAnswer(parsed.blocks, draft, page);
        std::vector<std::string> remarks = check.problems;
        remarks.insert(remarks.end(), check.disagreements.begin(), check.disagreements.end());
        const bool accepted = check.problems.empty();
        std::string answer_draft = AnswerDraft(draft, parsed, check.confidence, remarks, accepted);
        outcome.answers_json.push_back(answer_draft);
        if (!accepted) {
            problems = check.problems;
            if (observer.on_failure) observer.on_failure(outcome.mode, "checks");
            ++failed_answers;
            continue;
        }
        outcome.accepted = true;
        outcome.timetable_json = std::move(answer_draft);
        outcome.disagreements = check.disagreements;
        problems.clear();
        break;
    }
    outcome.problems = problems;
    cache_.Put(key, OutcomeToJson(outcome), std::chrono::duration_cast<std::chrono::milliseconds>(kCacheTtl));
    return outcome;
}

}  // namespace ly::llm
