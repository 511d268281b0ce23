#include "log_line.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace ly::transport {

namespace {

// 2024-05-01T09:30:00.123Z
std::string UtcNow() {
    const auto now = std::chrono::system_clock::now();
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const std::size_t length = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
    char result[48];
    std::snprintf(result, sizeof result, "%.*s.%03dZ", static_cast<int>(length), text, static_cast<int>(millis));
    return result;
}

// Appends `"key":value` members to one JSON object. Numbers are written
// fixed-point (Boost.JSON would write 0.25 as 2.5E-1, awkward in a log).
class LineWriter {
  public:
    LineWriter(std::string_view level, std::string_view message) {
        String("time", UtcNow());
        String("level", level);
        String("msg", message);
    }
    void String(std::string_view key, std::string_view value) {
        Key(key);
        line_ += boost::json::serialize(boost::json::string_view(value.data(), value.size()));
    }
    void Integer(std::string_view key, long long value) {
        Key(key);
        line_ += std::to_string(value);
    }
    void Fixed(std::string_view key, double value) {
        Key(key);
        char text[64];
        std::snprintf(text, sizeof text, "%.3f", value);
        line_ += text;
    }
    void Value(std::string_view key, const boost::json::value& value) {
        Key(key);
        line_ += boost::json::serialize(value);
    }
    std::string Finish() { return line_ + "}\n"; }

  private:
    void Key(std::string_view key) {
        line_ += line_.empty() ? "{" : ",";
        line_ += boost::json::serialize(boost::json::string_view(key.data(), key.size()));
        line_ += ':';
    }
    std::string line_;
};

}  // namespace

std::string AccessLogLine(const AccessLogEntry& entry) {
    LineWriter line(entry.status >= 500 ? "error" : "info", "request");
    line.String("method", entry.method);
    line.String("route", entry.route);
    line.Integer("status", entry.status);
    line.Fixed("duration_ms", entry.duration_ms);
    line.String("request_id", entry.request_id);
    line.Integer("bytes_in", static_cast<long long>(entry.bytes_in));
    line.Integer("bytes_out", static_cast<long long>(entry.bytes_out));
    if (!entry.remote.empty()) line.String("remote", entry.remote);
    if (!entry.error.empty()) line.String("error", entry.error);
    return line.Finish();
}

std::string EventLogLine(std::string_view level, std::string_view message, boost::json::object fields) {
    LineWriter line(level, message);
    for (const auto& field : fields) line.Value(field.key(), field.value());
    return line.Finish();
}

void WriteLogLine(std::string_view line) {
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::fflush(stderr);
}

std::string NewRequestId() {
    thread_local std::mt19937_64 generator{std::random_device{}()};
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(generator()));
    return text;
}

bool IsUsableRequestId(std::string_view id) {
    return !id.empty() && id.size() <= 128 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' ||
               c == ':' || c == '-';
    });
}

}  // namespace ly::transport
