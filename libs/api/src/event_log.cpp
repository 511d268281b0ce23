#include "event_log.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

namespace ly::api {

void LogEvent(std::string_view level, std::string_view event, std::string_view subject_field, std::string_view subject,
              const std::string& message) {
    boost::json::object line;
    line["level"] = level;
    line["event"] = event;
    if (!subject_field.empty() && !subject.empty()) line[subject_field] = subject;
    line["message"] = message;
    const std::string text = boost::json::serialize(line) + "\n";
    std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace ly::api
