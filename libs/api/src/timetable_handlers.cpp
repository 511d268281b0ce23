// The /api/v1/timetables handlers and GET /api/v1/documents/:id/timetable: a caller's own timetables as JSON,
// and corrections of single blocks (another user's id answers 404, exactly as an unknown one).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <cctype>
#include <charconv>

#include "json_body.hpp"
#include "ly/api/bearer.hpp"
#include "ly/api/service.hpp"
#include "ly/storage/ids.hpp"
#include "ly/timetable/timetable.hpp"
#include "ly/transport/problem.hpp"
#include "timetable_export.hpp"

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

Error NoSuchBlock() { return MakeError(ErrorCode::kNotFound, "timetable or time block not found"); }

FieldError Invalid(std::string field, const std::string& message) {
    return FieldError{MakeError(ErrorCode::kInvalidArgument, field + ": " + message), std::move(field)};
}

// An optional string member: nullopt when absent or null, an error naming it when not a string.
std::optional<FieldError> OptionalString(const boost::json::object& body, const std::string& field,
                                         std::optional<std::string>& out) {
    const auto* value = body.if_contains(field);
    if (value == nullptr || value->is_null()) return std::nullopt;
    if (!value->is_string()) return Invalid(field, "must be a string");
    out = std::string(value->as_string());
    return std::nullopt;
}

// A corrected block from a request body, checked as the extraction's output is: a day name ("monday" …,
// any case), "HH:MM" times with the end (if any) after the start, and a non-empty name. A correction is
// the teacher's word, so its confidence is 1.
std::optional<FieldError> ParseBlock(std::string_view text, storage::NewBlock& block) {
    boost::json::object body;
    if (auto problem = ParseJsonObject(text, body)) return problem;

    std::string day;
    if (auto problem = RequireString(body, "day", day)) return problem;
    for (char& c : day) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto parsed_day = timetable::DayFromName(day);
    if (!parsed_day) return Invalid("day", "must be a day of the week (monday … sunday)");

    std::string start_text;
    if (auto problem = RequireString(body, "start", start_text)) return problem;
    const auto start = timetable::ParseHhMm(start_text);
    if (start_text.size() != 5 || !start) return Invalid("start", "must be a time as HH:MM (24-hour)");

    std::optional<std::string> end_text;
    if (auto problem = OptionalString(body, "end", end_text)) return problem;
    std::optional<timetable::TimeOfDay> end;
    if (end_text) {
        end = timetable::ParseHhMm(*end_text);
        if (end_text->size() != 5 || !end) return Invalid("end", "must be a time as HH:MM (24-hour), or null");
        if (*end <= *start) return Invalid("end", "must be after the start");
    }

    std::string name;
    if (auto problem = RequireString(body, "name", name)) return problem;
    if (name.find_first_not_of(" \t\r\n") == std::string::npos) return Invalid("name", "must not be empty");

    std::optional<std::string> notes;
    if (auto problem = OptionalString(body, "notes", notes)) return problem;

    block = storage::NewBlock{.day = std::string(timetable::DayName(*parsed_day)),
                              .start_minutes = start->minutes,
                              .end_minutes = end ? std::optional<std::int64_t>(end->minutes) : std::nullopt,
                              .name = std::move(name),
                              .notes = notes.value_or(""),
                              .confidence = 1.0};
    return std::nullopt;
}

Response TimetableAnswer(Result<storage::StoredTimetable> found) {
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchTimetable());
        return ErrorResponse(found.error());
    }
    return JsonObjectResponse(200, TimetableJson(*found, true));
}

// A file download of `body`: its type and an attachment name, so browsers save it rather than show it.
Response Download(std::string body, std::string_view content_type, const std::string& filename) {
    Response response;
    response.headers.Set("Content-Type", std::string(content_type));
    // The name is ASCII letters, digits, '-' and '.' only (ExportFilename), so it needs no quoting rules.
    response.headers.Set("Content-Disposition", "attachment; filename=\"" + filename + "\"");
    response.body = std::move(body);
    return response;
}

}  // namespace

Response Service::ExportTimetable(const Request& request, ExportFormat format) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    auto found = timetables_.Get(caller.user_id, id);
    if (!found) {
        if (found.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchTimetable());
        return ErrorResponse(found.error());
    }
    auto exported = ToExport(*found);
    if (!exported) return ErrorResponse(exported.error());
    if (format == ExportFormat::kICalendar) {
        return Download(FormatICalendar(*exported), "text/calendar; charset=utf-8", ExportFilename(*exported, "ics"));
    }
    return Download(FormatCsv(*exported), "text/csv; charset=utf-8", ExportFilename(*exported, "csv"));
}

Response Service::ListTimetables(const Request& request) {
    Caller caller = Authenticate(request);
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
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    return TimetableAnswer(timetables_.Get(caller.user_id, id));
}

Response Service::GetDocumentTimetable(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    return TimetableAnswer(timetables_.GetByDocument(caller.user_id, id));
}

Response Service::AddTimeblock(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    if (!storage::IsId(id)) return ErrorResponse(NoSuchTimetable());
    storage::NewBlock block;
    if (auto problem = ParseBlock(request.body, block)) return FieldErrorResponse(*problem);
    auto added = timetables_.AddBlock(caller.user_id, id, block);
    if (!added) {
        if (added.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchTimetable());
        return ErrorResponse(added.error());
    }
    Response response = JsonObjectResponse(201, BlockJson(*added));
    response.headers.Set("Location", "/api/v1/timetables/" + std::string(id) + "/timeblocks/" + added->id);
    return response;
}

Response Service::UpdateTimeblock(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    const std::string_view block_id = request.PathParam("blockId").value_or("");
    if (!storage::IsId(id) || !storage::IsId(block_id)) return ErrorResponse(NoSuchBlock());
    storage::NewBlock block;
    if (auto problem = ParseBlock(request.body, block)) return FieldErrorResponse(*problem);
    auto updated = timetables_.UpdateBlock(caller.user_id, id, block_id, block);
    if (!updated) {
        if (updated.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchBlock());
        return ErrorResponse(updated.error());
    }
    return JsonObjectResponse(200, BlockJson(*updated));
}

Response Service::DeleteTimeblock(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view id = request.PathParam("id").value_or("");
    const std::string_view block_id = request.PathParam("blockId").value_or("");
    if (!storage::IsId(id) || !storage::IsId(block_id)) return ErrorResponse(NoSuchBlock());
    auto deleted = timetables_.DeleteBlock(caller.user_id, id, block_id);
    if (!deleted) {
        if (deleted.error().code == ErrorCode::kNotFound) return ErrorResponse(NoSuchBlock());
        return ErrorResponse(deleted.error());
    }
    Response response;
    response.status = 204;
    return response;
}

}  // namespace ly::api
