#include "ly/events/event.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <regex>

#include "event_json.hpp"
#include "ly/storage/clock.hpp"
#include "ly/storage/ids.hpp"

namespace ly::events {
namespace internal {

Result<boost::json::value> ParseJson(std::string_view text, std::string_view what) {
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(text, ec);
    if (ec) return MakeError(ErrorCode::kInvalidArgument, std::string(what) + " is not valid JSON: " + ec.message());
    return value;
}

std::optional<double> AsNumber(const boost::json::value& value) {
    if (value.is_int64()) return static_cast<double>(value.get_int64());
    if (value.is_uint64()) return static_cast<double>(value.get_uint64());
    if (value.is_double()) return value.get_double();
    return std::nullopt;
}

std::string FormatNumber(double number) {
    char text[32];
    if (std::floor(number) == number && std::fabs(number) < 1e15) {
        std::snprintf(text, sizeof text, "%.0f", number);
    } else {
        std::snprintf(text, sizeof text, "%.15g", number);
    }
    return text;
}

std::string Short(const boost::json::value& value) {
    if (value.is_double()) return FormatNumber(value.get_double());
    std::string text = boost::json::serialize(value);
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
}

std::int64_t DaysFromCivil(std::int64_t year, unsigned month, unsigned day) {
    year -= month <= 2 ? 1 : 0;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const auto year_of_era = static_cast<unsigned>(year - era * 400);
    const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + static_cast<std::int64_t>(day_of_era) - 719468;
}

boost::json::object EventToJson(const Event& event) {
    boost::json::object json;
    json["version"] = event.version;
    json["id"] = event.id;
    json["source"] = event.source;
    json["detail-type"] = event.detail_type;
    json["account"] = event.account;
    json["region"] = event.region;
    json["time"] = FormatRfc3339(event.time_ms);
    boost::json::array resources;
    for (const std::string& resource : event.resources) resources.emplace_back(resource);
    json["resources"] = std::move(resources);
    boost::system::error_code ec;
    boost::json::value detail = boost::json::parse(event.detail, ec);
    json["detail"] = ec ? boost::json::value(event.detail) : std::move(detail);
    return json;
}

}  // namespace internal

namespace {

bool IsLeap(std::int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

unsigned DaysInMonth(std::int64_t year, unsigned month) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

Error BadEnvelope(const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, "event: " + message); }

Result<std::string> StringField(const boost::json::object& json, std::string_view name) {
    const boost::json::value* value = json.if_contains(name);
    if (value == nullptr) return BadEnvelope("missing \"" + std::string(name) + "\"");
    if (!value->is_string()) return BadEnvelope("\"" + std::string(name) + "\" must be a string");
    return std::string(value->get_string());
}

}  // namespace

Result<Event> NewEvent(std::string_view detail_type, std::string_view detail_json, std::string_view source) {
    auto id = storage::NewId();
    if (!id) return id.error();
    Event event;
    event.id = std::move(*id);
    event.source = std::string(source);
    event.detail_type = std::string(detail_type);
    event.time_ms = storage::SystemUnixMillis();
    event.detail = std::string(detail_json);
    return event;
}

std::string SerializeEvent(const Event& event) { return boost::json::serialize(internal::EventToJson(event)); }

Result<Event> ParseEvent(std::string_view json) {
    auto parsed = internal::ParseJson(json, "event");
    if (!parsed) return parsed.error();
    if (!parsed->is_object()) return BadEnvelope("the envelope must be a JSON object");
    const boost::json::object& object = parsed->get_object();
    Event event;
    for (auto [name, field] : {std::pair{"version", &event.version}, std::pair{"id", &event.id},
                               std::pair{"source", &event.source}, std::pair{"detail-type", &event.detail_type},
                               std::pair{"account", &event.account}, std::pair{"region", &event.region}}) {
        auto text = StringField(object, name);
        if (!text) return text.error();
        *field = std::move(*text);
    }
    auto time = StringField(object, "time");
    if (!time) return time.error();
    auto time_ms = ParseRfc3339(*time);
    if (!time_ms) return BadEnvelope("\"time\": " + time_ms.error().message);
    event.time_ms = *time_ms;
    if (const boost::json::value* resources = object.if_contains("resources")) {
        if (!resources->is_array()) return BadEnvelope("\"resources\" must be an array of strings");
        for (const boost::json::value& resource : resources->get_array()) {
            if (!resource.is_string()) return BadEnvelope("\"resources\" must be an array of strings");
            event.resources.emplace_back(resource.get_string());
        }
    }
    const boost::json::value* detail = object.if_contains("detail");
    if (detail == nullptr) return BadEnvelope("missing \"detail\"");
    if (!detail->is_object()) return BadEnvelope("\"detail\" must be a JSON object");
    event.detail = boost::json::serialize(*detail);
    return event;
}

std::string FormatRfc3339(std::int64_t unix_ms) {
    // Floor division, so times before 1970 format too.
    std::int64_t days = unix_ms / 86'400'000;
    std::int64_t ms_of_day = unix_ms % 86'400'000;
    if (ms_of_day < 0) {
        ms_of_day += 86'400'000;
        --days;
    }
    // civil_from_days (Howard Hinnant).
    const std::int64_t z = days + 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto day_of_era = static_cast<unsigned>(z - era * 146097);
    const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const unsigned mp = (5 * day_of_year + 2) / 153;
    const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
    const unsigned month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = static_cast<std::int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
    char text[40];
    std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(year),
                  month, day, static_cast<long long>(ms_of_day / 3'600'000),
                  static_cast<long long>(ms_of_day / 60'000 % 60), static_cast<long long>(ms_of_day / 1000 % 60),
                  static_cast<long long>(ms_of_day % 1000));
    return text;
}

Result<std::int64_t> ParseRfc3339(std::string_view text) {
    static const std::regex kDateTime(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$)");
    std::match_results<std::string_view::const_iterator> match;
    if (!std::regex_match(text.begin(), text.end(), match, kDateTime)) {
        return MakeError(
            ErrorCode::kInvalidArgument,
            "not an RFC 3339 date-time (expected e.g. 2026-11-28T19:42:48Z): \"" + std::string(text) + "\"");
    }
    auto number = [&](int group) { return std::stoll(match[group].str()); };
    const std::int64_t year = number(1);
    const auto month = static_cast<unsigned>(number(2));
    const auto day = static_cast<unsigned>(number(3));
    const std::int64_t hour = number(4), minute = number(5), second = number(6);
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month) || hour > 23 || minute > 59 ||
        second > 60) {
        return MakeError(ErrorCode::kInvalidArgument, "date-time out of range: \"" + std::string(text) + "\"");
    }
    std::int64_t millis = 0;
    if (match[7].matched) {
        const std::string fraction = match[7].str().substr(1) + "00";  // at least three digits
        millis = std::stoll(fraction.substr(0, 3));
    }
    std::int64_t offset_minutes = 0;
    if (match[9].matched) {
        const std::int64_t offset_hours = number(10), offset_mins = number(11);
        if (offset_hours > 23 || offset_mins > 59) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "date-time offset out of range: \"" + std::string(text) + "\"");
        }
        offset_minutes = (offset_hours * 60 + offset_mins) * (match[9].str() == "-" ? -1 : 1);
    }
    // A leap second (:60) counts as the last millisecond-precise second of its minute.
    const std::int64_t seconds = internal::DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
                                 std::min<std::int64_t>(second, 59) - offset_minutes * 60;
    return seconds * 1000 + millis;
}

Result<std::string> DetailString(const Event& event, std::string_view field) {
    auto detail = internal::ParseJson(event.detail, "event detail");
    if (!detail) return detail.error();
    const boost::json::value* value = detail->is_object() ? detail->get_object().if_contains(field) : nullptr;
    if (value == nullptr || !value->is_string()) {
        return MakeError(ErrorCode::kNotFound, "the event's detail has no string \"" + std::string(field) + "\"");
    }
    return std::string(value->get_string());
}

}  // namespace ly::events
