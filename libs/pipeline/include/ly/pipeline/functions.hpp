// The pipeline's functions, one per step of statemachines/document-processing.asl.json: each a plain function of
// (event JSON, context) → result JSON or a typed error, so the workflow engine (or a Lambda runtime) can call it.
#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"
#include "ly/extract/extractor.hpp"
#include "ly/llm/step.hpp"
#include "ly/pipeline/intermediates.hpp"
#include "ly/storage/cache.hpp"
#include "ly/storage/document_repository.hpp"
#include "ly/storage/object_store.hpp"
#include "ly/storage/review_repository.hpp"
#include "ly/storage/timetable_repository.hpp"

namespace ly::pipeline {

// A change the teacher should hear about, handed to whoever publishes events (event bus → WebSocket, e-mail).
struct Notification {
    std::string type;  // an event type: "document.classified", "ocr.completed", "hitl.requested", "job.completed", …
    std::string document_id;
    std::string user_id;
    std::string stage;           // what just finished, e.g. "classified"
    boost::json::object detail;  // type-specific fields (confidence, route, reason, …)
};

// The notification as an event's detail (libs/events checks it against the type's schema): its fields plus
// documentId, userId, stage and `at` (RFC 3339).
std::string EventDetailJson(const Notification& notification, std::string_view at);

// What the functions work with. Everything is owned elsewhere and outlives the calls.
struct Context {
    storage::ObjectStore& objects;
    storage::DocumentRepository& documents;
    storage::TimetableRepository& timetables;
    storage::ReviewRepository& reviews;
    storage::Cache& cache;              // OCR results by SHA-256 (30 days)
    Intermediates& intermediates;       // prepared pages and page grids between steps of one process
    extract::ExtractOptions extract{};  // the engine's settings (image steps, limits, thresholds)
    // The LLM step (libs/llm) for drafts in the LLM band; null: no provider, so they go to review.
    llm::Step* llm = nullptr;
    // Publishes a notification; a failure is logged by the caller's engine like any task error.
    std::function<Status(const Notification&)> notify;
};

using Function = std::function<Result<boost::json::value>(const boost::json::value& event, Context& context)>;

// The step's name for a failure, as the state machine's Retry and Catch match it ("Document.Corrupt",
// "Storage.Unavailable", "LLM.Unavailable", …).
std::string ErrorName(const Error& error, std::string_view function);

// statemachines/document-processing.asl.json, compiled in; its functions are Functions().
std::string_view DocumentProcessingAsl();
inline constexpr std::string_view kDocumentProcessing = "document-processing";

// Every function by the name its ASL resource ends in (arn:…:function:NAME).
const std::map<std::string, Function, std::less<>>& Functions();

// Each function; their event and result fields are documented in src/functions.cpp.
Result<boost::json::value> DocumentClassifier(const boost::json::value& event, Context& context);
Result<boost::json::value> ImagePreprocessor(const boost::json::value& event, Context& context);
Result<boost::json::value> DocumentPreprocessor(const boost::json::value& event, Context& context);
Result<boost::json::value> OCRProcessor(const boost::json::value& event, Context& context);
Result<boost::json::value> LLMProcessor(const boost::json::value& event, Context& context);
Result<boost::json::value> HITLQueueWriter(const boost::json::value& event, Context& context);
Result<boost::json::value> Validator(const boost::json::value& event, Context& context);
Result<boost::json::value> DatabaseWriter(const boost::json::value& event, Context& context);
Result<boost::json::value> NotificationSender(const boost::json::value& event, Context& context);

// Where ImagePreprocessor (and DocumentPreprocessor) store the first prepared page as PNG:
// "preprocessed/{documentId}_preprocessed.png".
std::string PreviewKey(std::string_view document_id);

// The stored form of a timetable for a document (shared with the service's direct processing).
storage::NewTimetable ToStoredTimetable(const storage::Document& document, const timetable::Timetable& timetable);

}  // namespace ly::pipeline
