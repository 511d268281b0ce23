// Processing uploads: each document runs the document-processing state machine (statemachines/, compiled in)
// on the workflow engine, whose executions and history live in the database — a restart resumes them where
// they were. The pipeline's functions (libs/pipeline) do the work; this file starts executions, registers the
// functions, and turns an execution's failure into the document's.
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <random>

#include "event_log.hpp"
#include "ly/api/service.hpp"
#include "ly/storage/ids.hpp"
#include "ly/transport/problem.hpp"
#include "ly/workflow/definition.hpp"

namespace ly::api {
namespace {

namespace json = boost::json;

// Enough for any backlog a single service holds; more would wait for the next start.
constexpr int kResumeLimit = 100000;

void Log(std::string_view level, std::string_view document_id, const std::string& message) {
    LogEvent(level, "processing", "documentId", document_id, message);
}

// Worker ids are unique per process, so a restarted service never mistakes an old lease for its own.
std::string WorkerPrefix() {
    std::random_device random;
    return "ly-" + std::to_string(random()) + "-" + std::to_string(random());
}

}  // namespace

Status Service::StartProcessing() {
    if (options_.llm.enabled()) {
        auto step = llm::Step::Create(options_.llm, ocr_cache_);
        if (!step) return step.error();
        llm_ = std::move(step).value();
    }
    pipeline_ = std::make_unique<pipeline::Context>(
        pipeline::Context{.objects = *objects_,
                          .documents = pipeline_documents_,
                          .timetables = pipeline_timetables_,
                          .reviews = pipeline_reviews_,
                          .cache = ocr_cache_,
                          .intermediates = intermediates_,
                          .extract = options_.extract,
                          .llm = llm_.get(),
                          .notify = [this](const pipeline::Notification& notification) -> Status {
                              Publish(notification);
                              return Ok{};
                          }});
    for (const auto& [name, function] : pipeline::Functions()) {
        functions_.Register(
            name, [this, name = name, function = function](const json::value& event, const workflow::TaskContext&) {
                auto result = function(event, *pipeline_);
                if (!result)
                    return Result<json::value>(
                        workflow::MakeTaskError(pipeline::ErrorName(result.error(), name), result.error().message));
                return result;
            });
    }
    auto definition = workflow::Definition::Parse(pipeline::DocumentProcessingAsl());
    if (!definition)
        return MakeError(definition.error().code,
                         "the document-processing state machine: " + definition.error().message);
    executions_ = std::make_unique<workflow::SqlExecutionStore>(*database_);
    workflow::EngineOptions engine_options;
    engine_options.workers = options_.processing_threads < 1 ? 1 : options_.processing_threads;
    engine_options.worker_prefix = WorkerPrefix();
    engine_options.observer = [this](const workflow::HistoryEvent& event) { OnWorkflowEvent(event); };
    engine_ = std::make_unique<workflow::WorkflowEngine>(*executions_, functions_, std::move(engine_options));
    engine_->AddDefinition(std::string(pipeline::kDocumentProcessing), *definition);

    // Executions a crash interrupted resume by themselves (their leases expire); documents whose execution never
    // started are started now (Start is idempotent on the document's id).
    for (const auto status : {storage::DocumentStatus::kProcessing, storage::DocumentStatus::kPending}) {
        auto unfinished = documents_.ListByStatus(status, kResumeLimit);
        if (!unfinished) return unfinished.error();
        for (storage::Document& document : *unfinished) {
            // A pre-signed upload whose bytes have not arrived: nothing to read yet. Its PUT starts it; if its
            // URL has expired, it never will, and it fails.
            if (!document.sha256) {
                if (auto settled = SettleExpiredUpload(document); !settled) return settled.error();
                continue;
            }
            QueueForProcessing(document.id);
        }
    }
    engine_->StartWorkers();
    return Ok{};
}

void Service::QueueForProcessing(const std::string& document_id) {
    if (!engine_) return;  // closed: stays pending in the database; the next start runs it
    auto document = documents_.Find(document_id);
    if (!document) {
        Log("error", document_id, "cannot start processing it: " + document.error().message);
        return;
    }
    json::object input{{"documentId", document->id},
                       {"userId", document->user_id},
                       {"objectKey", document->object_key},
                       {"filename", document->filename},
                       {"contentType", document->content_type},
                       {"sha256", document->sha256.value_or("")},
                       {"thresholds", json::object{{"validated", options_.extract.validated_threshold},
                                                   {"llm", options_.extract.llm_threshold}}}};
    {
        std::lock_guard lock(started_mutex_);
        started_.emplace(document->id, std::chrono::steady_clock::now());
    }
    // The document's id is the execution's: a second start (a restart, a retried request) finds the first.
    auto started = engine_->Start(pipeline::kDocumentProcessing, std::move(input), document->id);
    if (!started) Log("error", document_id, "cannot start processing it: " + started.error().message);
}

void Service::OnWorkflowEvent(const workflow::HistoryEvent& event) {
    if (!event.path.empty()) return;  // inside a Parallel or Map branch
    const bool failed = event.type == workflow::EventType::kExecutionFailed;
    if (!failed && event.type != workflow::EventType::kExecutionSucceeded) return;
    const std::string& document_id = event.execution_id;

    std::string outcome = failed ? "failed" : "completed";
    if (!failed) {
        if (auto document = documents_.Find(document_id); document) {
            outcome = std::string(storage::DocumentStatusName(document->status));
        }
    }
    std::optional<std::chrono::steady_clock::time_point> started;
    {
        std::lock_guard lock(started_mutex_);
        if (auto found = started_.find(document_id); found != started_.end()) {
            started = found->second;
            started_.erase(found);
        }
    }
    if (transport::HistogramFamily* durations = processing_durations_.load(); durations != nullptr && started) {
        durations->With({outcome}).Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - *started).count());
    }
    if (!failed) return;

    const json::object* payload = event.payload.if_object();
    auto text = [payload](std::string_view key) {
        const json::value* value = payload != nullptr ? payload->if_contains(key) : nullptr;
        return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
    };
    std::string reason = text("cause");
    if (reason.empty()) reason = "the document could not be processed (" + text("error") + ")";
    Log("warn", document_id, "failed: " + reason);
    auto document = documents_.Find(document_id);
    if (!document) return;  // deleted meanwhile
    if (auto marked = pipeline_documents_.UpdateStatus(document_id, storage::DocumentStatus::kFailed, reason);
        !marked) {
        Log("error", document_id, "cannot mark it failed: " + marked.error().message);
    }
    json::object detail{{"reason", reason}};
    if (const std::string error = text("error"); !error.empty()) detail["error"] = error;
    Publish({"job.failed", document_id, document->user_id, "failed", std::move(detail)});
}

transport::Response Service::GetDocumentExecution(const transport::Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto document = CallersDocument(caller, request);
    if (!document) return transport::ErrorResponse(document.error());
    if (!engine_) return transport::ErrorResponse(MakeError(ErrorCode::kUnavailable, "processing is stopped"));
    auto described = engine_->Describe(document->id);
    if (!described) {
        if (described.error().code == ErrorCode::kNotFound) {
            // A pre-signed upload whose bytes have not arrived has not started.
            return transport::ErrorResponse(
                MakeError(ErrorCode::kNotFound, "this document has not started processing"));
        }
        return transport::ErrorResponse(described.error());
    }
    json::value answer = workflow::DescriptionToJson(*described);
    // The LLM step's mode, tokens and cost beside its state (its output holds them; the rest of it stays private).
    json::array& states = answer.as_object()["states"].as_array();
    for (std::size_t i = 0; i < states.size() && i < described->states.size(); ++i) {
        const json::object* output = described->states[i].output.if_object();
        const json::value* draft = output != nullptr ? output->if_contains("ocrResult") : nullptr;
        const json::value* summary =
            draft != nullptr && draft->is_object() ? draft->as_object().if_contains("llm") : nullptr;
        if (described->states[i].name != "Process with LLM" || summary == nullptr || !summary->is_object()) continue;
        json::object llm = summary->as_object();
        llm.erase("answers");  // whole drafts: the review shows them
        states[i].as_object()["llm"] = std::move(llm);
    }
    return transport::JsonResponse(200, json::serialize(answer));
}

Status Service::AddMetrics(transport::MetricsRegistry& metrics) {
    auto documents = metrics.AddGauge("ly_documents", "Documents by status", {"status"});
    if (!documents) return documents.error();
    auto durations = metrics.AddHistogram("ly_document_processing_seconds",
                                          "Time from taking an uploaded document to storing its outcome, by outcome",
                                          {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}, {"outcome"});
    if (!durations) return durations.error();
    processing_durations_.store(*durations);
    if (llm_) {
        auto calls = metrics.AddCounter("ly_llm_calls_total", "Answers from the LLM provider, by provider and mode",
                                        {"provider", "mode"});
        auto tokens = metrics.AddCounter("ly_llm_tokens_total", "Tokens the LLM provider counted, by provider, mode "
                                         "and kind (input, output)", {"provider", "mode", "kind"});
        auto cost = metrics.AddCounter("ly_llm_cost_usd_total", "Estimated cost of the LLM's answers in US dollars",
                                       {"provider", "mode"});
        auto hits = metrics.AddCounter("ly_llm_cache_hits_total", "Documents answered from the LLM cache (not paid "
                                       "again)", {"provider", "mode"});
        auto failures = metrics.AddCounter("ly_llm_failures_total", "LLM answers or calls that failed, by reason "
                                           "(checks, schema, malformed, rate_limited, io, budget, …)",
                                           {"provider", "mode", "reason"});
        if (!calls) return calls.error();
        if (!tokens) return tokens.error();
        if (!cost) return cost.error();
        if (!hits) return hits.error();
        if (!failures) return failures.error();
        const std::string provider = llm_->provider_name();
        llm_->SetObserver(llm::Observer{
            .on_call =
                [=, calls = *calls, tokens = *tokens, cost = *cost](std::string_view mode, const llm::Usage& usage,
                                                                    double usd) {
                    calls->With({provider, mode}).Increment();
                    tokens->With({provider, mode, "input"}).Increment(static_cast<double>(usage.input_tokens));
                    tokens->With({provider, mode, "output"}).Increment(static_cast<double>(usage.output_tokens));
                    cost->With({provider, mode}).Increment(usd);
                },
            .on_cache_hit = [=, hits = *hits](std::string_view mode) { hits->With({provider, mode}).Increment(); },
            .on_failure =
                [=, failures = *failures](std::string_view mode, std::string_view reason) {
                    failures->With({provider, mode, reason}).Increment();
                }});
    }
    // Counted when scraped: one indexed COUNT per status, so the gauge is never out of step with the database.
    metrics.OnScrape([this, family = *documents] {
        auto counts = documents_.CountByStatus();
        if (!counts) {
            Log("error", "", std::string("cannot count documents for /metrics: ") + counts.error().message);
            return;
        }
        for (const auto status : {storage::DocumentStatus::kPending, storage::DocumentStatus::kProcessing,
                                  storage::DocumentStatus::kCompleted, storage::DocumentStatus::kNeedsReview,
                                  storage::DocumentStatus::kFailed}) {
            const auto found = counts->find(status);
            family->With({storage::DocumentStatusName(status)})
                .Set(found == counts->end() ? 0.0 : static_cast<double>(found->second));
        }
    });
    return Ok{};
}

}  // namespace ly::api
