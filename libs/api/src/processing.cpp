// Processing uploads: a small pool of threads owned by the service takes document ids from a queue, runs the
// extraction engine on the stored bytes and saves the timetable. The database is the durable queue: a document
// stays pending (or processing) until its outcome is stored, so a restart resumes whatever was unfinished.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <exception>

#include "event_log.hpp"
#include "ly/api/service.hpp"

namespace ly::api {
namespace {

// Enough for any backlog a single service holds; more would wait for the next start.
constexpr int kResumeLimit = 100000;

void Log(std::string_view level, std::string_view document_id, const std::string& message) {
    LogEvent(level, "processing", "documentId", document_id, message);
}

std::string MetadataJson(const timetable::Metadata& metadata) {
    boost::json::object json;
    json["title"] = metadata.title;
    json["school"] = metadata.school;
    json["className"] = metadata.class_name;
    json["teacher"] = metadata.teacher;
    json["term"] = metadata.term;
    json["week"] = metadata.week;
    return boost::json::serialize(json);
}

std::string WarningsJson(const std::vector<std::string>& warnings) {
    boost::json::array json;
    for (const std::string& warning : warnings) json.emplace_back(warning);
    return boost::json::serialize(json);
}

storage::NewTimetable ToStored(const storage::Document& document, const timetable::Timetable& extracted) {
    storage::NewTimetable stored{.document_id = document.id,
                                 .user_id = document.user_id,
                                 .metadata_json = MetadataJson(extracted.metadata),
                                 .confidence = extracted.confidence,
                                 .route = extracted.route,
                                 .warnings_json = WarningsJson(extracted.warnings)};
    for (const timetable::Timeblock& block : extracted.blocks) {
        stored.blocks.push_back(
            storage::NewBlock{.day = std::string(timetable::DayName(block.day)),
                              .start_minutes = block.start.minutes,
                              .end_minutes = block.end ? std::optional<std::int64_t>(block.end->minutes) : std::nullopt,
                              .name = block.name,
                              .notes = block.notes,
                              .confidence = block.confidence});
    }
    return stored;
}

}  // namespace

Status Service::StartProcessing() {
    // Processing ones first: they were started before the pending ones were queued.
    for (const auto status : {storage::DocumentStatus::kProcessing, storage::DocumentStatus::kPending}) {
        auto unfinished = documents_.ListByStatus(status, kResumeLimit);
        if (!unfinished) return unfinished.error();
        for (storage::Document& document : *unfinished) {
            // A pre-signed upload whose bytes have not arrived: nothing to read yet. Its PUT queues it; if its
            // URL has expired, it never will, and it fails.
            if (!document.sha256) {
                if (auto settled = SettleExpiredUpload(document); !settled) return settled.error();
                continue;
            }
            queue_.push_back(document.id);
        }
    }
    if (!queue_.empty()) Log("info", "", "resuming " + std::to_string(queue_.size()) + " unfinished document(s)");
    const int threads = options_.processing_threads < 1 ? 1 : options_.processing_threads;
    for (int i = 0; i < threads; ++i) processing_threads_.emplace_back([this] { RunProcessingThread(); });
    return Ok{};
}

void Service::QueueForProcessing(const std::string& document_id) {
    {
        std::lock_guard lock(queue_mutex_);
        if (stopping_) return;  // stays pending in the database; the next start resumes it
        queue_.push_back(document_id);
    }
    queue_changed_.notify_one();
}

void Service::RunProcessingThread() {
    for (;;) {
        std::string document_id;
        {
            std::unique_lock lock(queue_mutex_);
            queue_changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            document_id = std::move(queue_.front());
            queue_.pop_front();
        }
        ProcessDocument(document_id);
    }
}

Status Service::AddMetrics(transport::MetricsRegistry& metrics) {
    auto documents = metrics.AddGauge("ly_documents", "Documents by status", {"status"});
    if (!documents) return documents.error();
    auto durations = metrics.AddHistogram("ly_document_processing_seconds",
                                          "Time from taking an uploaded document to storing its outcome, by outcome",
                                          {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120}, {"outcome"});
    if (!durations) return durations.error();
    processing_durations_.store(*durations);
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

void Service::ProcessDocument(const std::string& document_id) {
    const auto started = std::chrono::steady_clock::now();
    // The time to its outcome, for /metrics; documents that were not processed (deleted, no bytes) are not timed.
    auto observe = [&](std::string_view outcome) {
        if (transport::HistogramFamily* durations = processing_durations_.load()) {
            durations->With({outcome}).Observe(
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        }
    };
    auto document = documents_.Find(document_id);
    if (!document) {
        // Deleted since it was queued: nothing to do.
        if (document.error().code != ErrorCode::kNotFound) {
            Log("error", document_id, std::string("cannot read it for processing: ") + document.error().message);
        }
        return;
    }
    if (!document->sha256) return;  // its bytes have not arrived; their PUT queues it again
    if (auto marked = documents_.UpdateStatus(document_id, storage::DocumentStatus::kProcessing); !marked) {
        if (marked.error().code != ErrorCode::kNotFound) {
            Log("error", document_id, std::string("cannot mark it processing: ") + marked.error().message);
        }
        return;
    }

    auto fail = [&](const std::string& reason) {
        observe("failed");
        Publish({"job.failed", document_id, document->user_id, "failed", boost::json::object{{"reason", reason}}});
        Log("warn", document_id, std::string("failed: ") + reason);
        if (auto marked = documents_.UpdateStatus(document_id, storage::DocumentStatus::kFailed, reason); !marked) {
            if (marked.error().code != ErrorCode::kNotFound) {
                Log("error", document_id, std::string("cannot mark it failed: ") + marked.error().message);
            }
        }
    };

    auto bytes = objects_->Get(document->object_key);
    if (!bytes) {
        Log("error", document_id, std::string("cannot read its file: ") + bytes.error().message);
        fail("the uploaded file could not be read; upload it again");
        return;
    }

    Result<timetable::Timetable> extracted = MakeError(ErrorCode::kInternal, "not run");
    try {
        extracted = extract::Extract(*bytes, document->filename, options_.extract);
    } catch (const std::exception& e) {
        // The engine reports failures as values; this is a bug in it, kept from ending the service.
        Log("error", document_id, std::string("the extraction engine threw: ") + e.what());
        extracted = MakeError(ErrorCode::kInternal, "the document could not be read (internal error)");
    }
    if (!extracted) {
        fail(extracted.error().message);
        return;
    }

    auto saved = timetables_.Save(ToStored(*document, *extracted));
    if (!saved) {
        if (saved.error().code == ErrorCode::kNotFound) return;  // deleted while it was being read
        Log("error", document_id, std::string("cannot store its timetable: ") + saved.error().message);
        fail("the timetable could not be stored; upload the document again");
        return;
    }
    const auto outcome =
        extracted->route == "validated" ? storage::DocumentStatus::kCompleted : storage::DocumentStatus::kNeedsReview;
    observe(storage::DocumentStatusName(outcome));
    const auto block_count = static_cast<std::int64_t>(extracted->blocks.size());
    boost::json::object read{
        {"confidence", extracted->confidence}, {"route", extracted->route}, {"pageCount", extracted->source.pages}};
    if (outcome == storage::DocumentStatus::kCompleted) read["cached"] = false;
    Publish({outcome == storage::DocumentStatus::kCompleted ? "ocr.completed" : "ocr.low_confidence", document_id,
             document->user_id, "ocr", std::move(read)});
    if (auto marked = documents_.UpdateStatus(document_id, outcome); !marked) {
        if (marked.error().code != ErrorCode::kNotFound) {
            Log("error", document_id, std::string("cannot record its outcome: ") + marked.error().message);
        }
        return;
    }
    if (outcome == storage::DocumentStatus::kCompleted) {
        Publish({"job.completed", document_id, document->user_id, "completed",
                 boost::json::object{{"timetableId", saved->id},
                                     {"confidence", extracted->confidence},
                                     {"route", extracted->route},
                                     {"blockCount", block_count}}});
    } else {
        Publish({"hitl.requested", document_id, document->user_id, "review",
                 boost::json::object{{"reason", "the reading is not sure enough to be saved unchecked"},
                                     {"confidence", extracted->confidence},
                                     {"blockCount", block_count}}});
    }
}

}  // namespace ly::api
