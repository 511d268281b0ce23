// One JSON line on stderr for what the service does outside a request (processing, account upkeep), beside
// the server's access log. Ids and reasons only: never file contents, passwords or tokens.
#pragma once

#include <string>
#include <string_view>

namespace ly::api {

// `subject` is named by `subject_field` (e.g. "documentId", "userId"); both empty to name none.
void LogEvent(std::string_view level, std::string_view event, std::string_view subject_field, std::string_view subject,
              const std::string& message);

}  // namespace ly::api
