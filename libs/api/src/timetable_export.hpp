// Exports of a stored timetable: iCalendar (RFC 5545, one weekly recurring event per block) and CSV
// (RFC 4180, one row per block). Pure formatting over plain values: no I/O, no clock, no HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/storage/timetable_repository.hpp"
#include "ly/timetable/timetable.hpp"

namespace ly::api {

struct ExportBlock {
    std::string id;  // the stored block's id: stable across corrections, so the event's UID is too
    timetable::Timeblock block;
};

struct ExportTimetable {
    std::string name;  // what the calendar is called; "" when the document named nothing
    std::int64_t created_at_ms = 0;
    std::int64_t updated_at_ms = 0;
    std::vector<ExportBlock> blocks;  // in timetable::BlockBefore order
};

// The stored timetable as export input: blocks typed and sorted, the name from the metadata (its title;
// else its class and teacher, e.g. "4M, Ms Khan"). kInternal when a stored day is not a day name (only a
// damaged database could hold one).
Result<ExportTimetable> ToExport(const storage::StoredTimetable& stored);

// The whole iCalendar object, CRLF line ends, folded at 75 octets.
std::string FormatICalendar(const ExportTimetable& timetable);

// The whole CSV file: a header `day,start,end,name,notes,confidence`, then one row per block, CRLF line ends.
std::string FormatCsv(const ExportTimetable& timetable);

// A download name safe in any header and file system: the name's ASCII letters and digits in lower case,
// other runs as "-", at most 60 characters, else "timetable"; then "." and `extension`.
std::string ExportFilename(const ExportTimetable& timetable, std::string_view extension);

// The pieces, for tests.
// RFC 5545 TEXT: backslash, semicolon and comma escaped, line breaks as "\n".
std::string EscapeICalendarText(std::string_view text);
// One content line as folded lines, each ending in CRLF.
std::string FoldICalendarLine(std::string_view line);
// One CSV field, guarded against formula injection and quoted when needed.
std::string CsvField(std::string_view text);

}  // namespace ly::api
