// The service's log: one JSON object per line on stderr (access log and
// lifecycle events), and the request ids that tie a log line to an answer.
#pragma once

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>

namespace ly::transport {

struct AccessLogEntry {
    std::string_view method;
    std::string_view route;  // the route's pattern, never the raw path or query: no ids, names or tokens
    int status = 0;
    double duration_ms = 0;
    std::string_view request_id;
    std::size_t bytes_in = 0;   // request body
    std::size_t bytes_out = 0;  // whole response
    std::string_view remote;
    std::string_view error;  // Response::internal_error, for 5xx
};

// {"time":…,"level":…,"msg":"request",…}\n — never a body.
std::string AccessLogLine(const AccessLogEntry& entry);

// {"time":…,"level":level,"msg":message, …fields}\n
std::string EventLogLine(std::string_view level, std::string_view message, boost::json::object fields = {});

// Writes a whole line with one call, so lines from threads never interleave.
void WriteLogLine(std::string_view line);

// 16 random hex digits.
std::string NewRequestId();

// Whether a client's X-Request-Id may be echoed and logged: 1–128 of
// letters, digits and ._:-
bool IsUsableRequestId(std::string_view id);

}  // namespace ly::transport
