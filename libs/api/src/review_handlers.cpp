// Human review: the drafts not sure enough to be saved unchecked wait here for their teacher; the corrected
// time blocks resume the document's execution (its "Request Human Review" callback task), which validates,
// saves and notifies.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "json_body.hpp"
#include "ly/api/service.hpp"
#include "ly/storage/ids.hpp"
#include "ly/timetable/json.hpp"
#include "ly/transport/problem.hpp"

namespace ly::api {
namespace {

namespace json = boost::json;
using transport::ErrorResponse;

constexpr int kReviewPage = 100;

json::value ParsedDraft(const std::string& draft_json) {
    boost::system::error_code ec;
    json::value draft = json::parse(draft_json, ec);
    return ec ? json::value(nullptr) : draft;
}

}  // namespace

transport::Response Service::ListReviews(const transport::Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    auto waiting = reviews_.ListWaiting(caller.user_id, kReviewPage);
    if (!waiting) return ErrorResponse(waiting.error());
    json::array reviews;
    for (const storage::Review& review : *waiting) {
        // The token that resumes the execution stays on the server.
        reviews.push_back(json::object{{"documentId", review.document_id},
                                       {"createdAt", Rfc3339(review.created_at_ms)},
                                       {"draft", ParsedDraft(review.draft_json)}});
    }
    return JsonObjectResponse(200, json::object{{"reviews", std::move(reviews)}});
}

transport::Response Service::SubmitReview(const transport::Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    const Error not_found = MakeError(ErrorCode::kNotFound, "no review waits for this document");
    if (!storage::IsId(id)) return ErrorResponse(not_found);
    json::object body;
    if (auto invalid = ParseJsonObject(request.body, body)) return FieldErrorResponse(*invalid);
    const json::value* blocks = body.if_contains("timeblocks");
    if (blocks == nullptr || !blocks->is_array()) {
        return FieldErrorResponse(
            {MakeError(ErrorCode::kInvalidArgument, "timeblocks: the corrected time blocks, an array"), "timeblocks"});
    }
    auto review = reviews_.Find(caller.user_id, id);
    if (!review) return ErrorResponse(review.error().code == ErrorCode::kNotFound ? not_found : review.error());
    if (review->status != "waiting") {
        return ErrorResponse(MakeError(ErrorCode::kConflict, "this review was already submitted"));
    }

    // The draft with the teacher's blocks: checked as timetable/v1 (days, HH:MM times) before anything changes.
    json::value draft = ParsedDraft(review->draft_json);
    if (!draft.is_object()) return ErrorResponse(MakeError(ErrorCode::kInternal, "the stored draft is unreadable"));
    json::array corrected;
    for (const json::value& block : blocks->as_array()) {
        if (!block.is_object()) {
            return FieldErrorResponse(
                {MakeError(ErrorCode::kInvalidArgument, "timeblocks: each block is an object"), "timeblocks"});
        }
        json::object checked = block.as_object();
        checked["confidence"] = 1.0;  // read by the teacher
        if (!checked.contains("notes")) checked["notes"] = "";
        corrected.push_back(std::move(checked));
    }
    draft.as_object()["timeblocks"] = std::move(corrected);
    draft.as_object()["confidence"] = 1.0;
    auto parsed = timetable::FromJson(json::serialize(draft));
    if (!parsed) {
        return FieldErrorResponse(
            {MakeError(ErrorCode::kInvalidArgument, "timeblocks: " + parsed.error().message), "timeblocks"});
    }
    const auto block_count = static_cast<std::int64_t>(parsed->blocks.size());

    auto submitted = reviews_.Submit(caller.user_id, id);
    if (!submitted) return ErrorResponse(submitted.error());
    if (!engine_) return ErrorResponse(MakeError(ErrorCode::kUnavailable, "processing is stopped"));
    // Processing again, and said so, before the execution resumes: it may finish (completed) on a worker before
    // this handler's next statement, and a later "processing" or "reviewed" would come after "completed".
    auto before = documents_.Find(submitted->document_id);
    if (!before) return ErrorResponse(before.error());
    if (auto marked = documents_.UpdateStatus(submitted->document_id, storage::DocumentStatus::kProcessing); !marked) {
        (void)reviews_.Reopen(caller.user_id, id);
        return ErrorResponse(marked.error());
    }
    Publish({"hitl.completed", submitted->document_id, caller.user_id, "reviewed",
             json::object{{"reviewerId", caller.user_id}, {"blockCount", block_count}}});
    if (auto resumed = engine_->SendTaskSuccess(submitted->task_token, std::move(draft)); !resumed) {
        // Nothing reached the execution: the document is as it was.
        (void)documents_.UpdateStatus(submitted->document_id, before->status, before->error);
        if (resumed.error().code == ErrorCode::kNotFound || resumed.error().code == ErrorCode::kConflict) {
            // Its execution no longer waits (it ended, or was answered already): the review is moot.
            return ErrorResponse(MakeError(ErrorCode::kConflict, "this document's processing no longer waits for it"));
        }
        (void)reviews_.Reopen(caller.user_id, id);  // the teacher can submit again
        return ErrorResponse(resumed.error());
    }
    return JsonObjectResponse(202, json::object{{"documentId", submitted->document_id}, {"status", "processing"}});
}

}  // namespace ly::api
