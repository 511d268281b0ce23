// Calendar subscriptions: a private, revocable feed URL per timetable that Google, Apple and Outlook calendars poll
// without a sign-in. The URL's token is its only credential: 32 random bytes, shown once, stored as its SHA-256, so
// the database alone opens no feed, and a lookup compares hashes, never the secret itself.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "json_body.hpp"
#include "ly/api/service.hpp"
#include "ly/auth/crypto.hpp"
#include "ly/base/sha256.hpp"
#include "ly/storage/ids.hpp"
#include "ly/transport/problem.hpp"
#include "timetable_export.hpp"

namespace ly::api {
namespace {

using transport::ErrorResponse;
using transport::Request;
using transport::Response;

constexpr std::size_t kTokenBytes = 32;
// 32 bytes as unpadded base64url.
constexpr std::size_t kTokenLength = 43;
// Calendar clients poll every few hours at best; five minutes spares the server repeated polls and still shows a
// correction the same day.
constexpr std::string_view kFeedCacheControl = "private, max-age=300";

Error NoSuchTimetable() { return MakeError(ErrorCode::kNotFound, "timetable not found"); }
Error NoSuchFeed() { return MakeError(ErrorCode::kNotFound, "calendar feed not found or revoked"); }

bool IsToken(std::string_view text) {
    return text.size() == kTokenLength && text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                                 "0123456789-_") == std::string_view::npos;
}

Response NotFoundOr(const Error& error, Error not_found) {
    return ErrorResponse(error.code == ErrorCode::kNotFound ? std::move(not_found) : error);
}

}  // namespace

Response Service::CreateCalendarFeed(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view timetable_id = request.PathParam("id").value_or("");
    if (!storage::IsId(timetable_id)) return ErrorResponse(NoSuchTimetable());
    auto id = storage::NewId();
    if (!id) return ErrorResponse(id.error());
    const std::string token = auth::Base64UrlEncode(auth::RandomBytes(kTokenBytes));
    auto feed = feeds_.Create(*id, caller.user_id, timetable_id, Sha256Hex(token));
    if (!feed) return NotFoundOr(feed.error(), NoSuchTimetable());
    boost::json::object body{{"id", feed->id},
                             {"url", "/api/v1/calendar/" + token + ".ics"},
                             {"createdAt", Rfc3339(feed->created_at_ms)}};
    return JsonObjectResponse(201, body);
}

Response Service::ListCalendarFeeds(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view timetable_id = request.PathParam("id").value_or("");
    if (!storage::IsId(timetable_id)) return ErrorResponse(NoSuchTimetable());
    auto listed = feeds_.ListActive(caller.user_id, timetable_id);
    if (!listed) return NotFoundOr(listed.error(), NoSuchTimetable());
    boost::json::array feeds;
    for (const storage::CalendarFeed& feed : *listed) {
        feeds.push_back(boost::json::object{{"id", feed.id}, {"createdAt", Rfc3339(feed.created_at_ms)}});
    }
    return JsonObjectResponse(200, boost::json::object{{"feeds", std::move(feeds)}});
}

Response Service::RevokeCalendarFeed(const Request& request) {
    Caller caller = Authenticate(request);
    if (caller.refusal) return std::move(*caller.refusal);
    const std::string_view timetable_id = request.PathParam("id").value_or("");
    const std::string_view feed_id = request.PathParam("feedId").value_or("");
    if (!storage::IsId(timetable_id) || !storage::IsId(feed_id)) return ErrorResponse(NoSuchFeed());
    if (auto revoked = feeds_.Revoke(caller.user_id, timetable_id, feed_id); !revoked) {
        return NotFoundOr(revoked.error(), NoSuchFeed());
    }
    Response response;
    response.status = 204;
    return response;
}

Response Service::GetCalendarFeed(const Request& request) {
    const std::string_view token = request.PathParam("token").value_or("");
    // A malformed token cannot have been issued: no lookup.
    if (!IsToken(token)) return ErrorResponse(NoSuchFeed());
    auto feed = feeds_.FindActive(Sha256Hex(token));
    if (!feed) return NotFoundOr(feed.error(), NoSuchFeed());
    // The timetable as it is now, so the teacher's later corrections reach the subscribed calendars.
    auto found = timetables_.Get(feed->user_id, feed->timetable_id);
    if (!found) return NotFoundOr(found.error(), NoSuchFeed());
    auto exported = ToExport(*found);
    if (!exported) return ErrorResponse(exported.error());
    Response response;
    response.headers.Set("Content-Type", "text/calendar; charset=utf-8");
    response.headers.Set("Cache-Control", std::string(kFeedCacheControl));
    response.body = FormatICalendar(*exported);
    return response;
}

}  // namespace ly::api
