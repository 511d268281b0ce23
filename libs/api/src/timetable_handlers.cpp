// The /api/v1/timetables handlers and GET /api/v1/documents/:id/timetable: a caller's own timetables as JSON
// (another user's id answers 404, exactly as an unknown one).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <charconv>

#include "json_body.hpp"
#include "ly/api/bearer.hpp"
#include "ly/api/service.hpp"
#include "ly/storage/ids.hpp"
#include "ly/timetable/timetable.hpp"
#include "ly/transport/problem.hpp"

namespace ly::api {
namespace {

using transport::ErrorResponse;
using transport::Request;
using transport::Response;

constexpr int kDefaultTimetablePage = 20;
constexpr int kMaxTimetablePage = 100;

Error NoSuchTimetable() { return MakeError(ErrorCode::kNotFound, "timetable not found"); }

// Stored JSON text as a value; `fallback` if it does not parse (it was written by this service, so only a
// damaged database would get here).
boost::json::value ParseStored(const std::string& text, boost::json::value fallback) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(text, ec);
    return ec ? fallback : value;
}

std::string Minutes(std::int64_t minutes) { return timetable::FormatTime({static_cast<int>(minutes)}); }

boost::json::object BlockJson(const storage::StoredBlock& block) {
    boost::json::object json;
    json["id"] = block.id;
    json["day"] = block.day;
    json["start"] = Minutes(block.start_minutes);
    json["end"] = block.end_minutes ? boost::json::value(Minutes(*block.end_minutes)) : boost::json::value(nullptr);
    json["name"] = block.name;
    json["notes"] = block.notes;
    json["confidence"] = block.confidence;
    return json;
}

boost::json::object TimetableJson(const storage::StoredTimetable& stored, bool with_blocks) {
    boost::json::object json;
    json["id"] = stored.id;
    json["documentId"] = stored.document_id;
    json["metadata"] = ParseStored(stored.metadata_json, boost::json::object());
    json["confidence"] = stored.confidence;
    json["route"] = stored.route;
    json["warnings"] = ParseStored(stored.warnings_json, boost::json::array());
    json["createdAt"] = Rfc3339(stored.created_at_ms);
    json["updatedAt"] = Rfc3339(stored.updated_at_ms);
    if (with_blocks) {
        boost::json::array blocks;
        for (const auto& block : stored.blocks) blocks.push_back(BlockJson(block));
        json["timeblocks"] = std::move(blocks);
    }
    return json;
}

// A whole-number query parameter in [min, max]; `fallback` when absent, nullopt when malformed.
std::optional<int> IntParam(const Request& request, std::string_view name, int fallback, int min, int max) {
    const auto text = request.QueryParam(name);
    if (!text) return fallback;
    int value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < min || value > max) return std::nullopt;
    return value;
}

Response TimetableAnswer(Result<storage::StoredTimetable> found) {
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchTimetable());
        return ErrorResponse(found.error());
    }
    return JsonObjectResponse(200, TimetableJson(*found, true));
}

}  // namespace

Response Service::ListTimetables(const Request& request) {
    Caller caller = AuthenticateCaller(request, access_tokens_);
    if (caller.refusal) return std::move(*caller.refusal);
    const auto limit = IntParam(request, "limit", kDefaultTimetablePage, 1, kMaxTimetablePage);
    if (!limit) {
        return ErrorResponse(MakeError(ErrorCode::kInvalidArgument,
                                       "limit: must be a whole number from 1 to " + std::to_string(kMaxTimetablePage)),
                             "limit");
    }
    const auto offset = IntParam(request, "offset", 0, 0, 1'000'000);
    if (!offset) {
        return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "offset: must be a whole number from 0"), "offset");
    }
    auto listed = timetables_.List(caller.user_id, *limit, *offset);
    if (!listed) return ErrorResponse(listed.error());
    boost::json::array timetables;
    for (const auto& stored : *listed) timetables.push_back(TimetableJson(stored, false));
    boost::json::object body;
    body["timetables"] = std::move(timetables);
    return JsonObjectResponse(200, body);
}

Response Service::GetTimetable(const Request& request) {
    Caller caller = AuthenticateCaller(request, access_tokens_);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    return TimetableAnswer(timetables_.Get(caller.user_id, id));
}

Response Service::GetDocumentTimetable(const Request& request) {
    Caller caller = AuthenticateCaller(request, access_tokens_);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    return TimetableAnswer(timetables_.GetByDocument(caller.user_id, id));
}

}  // namespace ly::api
