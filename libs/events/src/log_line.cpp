#include "log_line.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>

namespace ly::events::internal {

void LogLine(std::string_view level, std::string_view what,
             std::initializer_list<std::pair<std::string_view, std::string>> fields, const std::string& message) {
    boost::json::object line;
    line["level"] = level;
    line["event"] = what;
    for (const auto& [name, value] : fields) line[name] = value;
    line["message"] = message;
    const std::string text = boost::json::serialize(line) + "\n";
    // One fwrite per line: stdio locks the stream, so lines from delivery threads do not interleave.
    std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace ly::events::internal
