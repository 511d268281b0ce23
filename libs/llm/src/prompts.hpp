// The prompts (prompts/*.md, compiled in by cmake/EmbedText.cmake) and the answers' JSON schemas.
#pragma once

#include <string_view>

namespace ly::llm::prompts {

std::string_view SystemMd();
std::string_view VerifyMd();
std::string_view ExtractMd();

// The edits verify mode answers with: every field present (null when unused), as OpenAI's strict mode wants.
inline constexpr std::string_view kEditsSchema = R"({
 "type": "object", "additionalProperties": false, "required": ["edits"],
 "properties": {"edits": {"type": "array", "items": {
  "type": "object", "additionalProperties": false,
  "required": ["op", "id", "day", "start", "end", "name", "notes"],
  "properties": {
   "op": {"type": "string", "enum": ["update", "delete", "add"]},
   "id": {"type": ["string", "null"], "description": "the block's id (b0, b1, …); null for add"},
   "day": {"type": ["string", "null"],
           "enum": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", null]},
   "start": {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
   "end": {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
   "name": {"type": ["string", "null"]},
   "notes": {"type": ["string", "null"]}}}}}})";

// timetable/v1's blocks and metadata, as extract mode answers them.
inline constexpr std::string_view kTimetableSchema = R"({
 "type": "object", "additionalProperties": false, "required": ["metadata", "timeblocks"],
 "properties": {
  "metadata": {"type": "object", "additionalProperties": false,
               "required": ["title", "school", "class", "teacher", "term", "week"],
               "properties": {"title": {"type": "string"}, "school": {"type": "string"}, "class": {"type": "string"},
                              "teacher": {"type": "string"}, "term": {"type": "string"}, "week": {"type": "string"}}},
  "timeblocks": {"type": "array", "items": {
   "type": "object", "additionalProperties": false, "required": ["day", "start", "end", "name", "notes"],
   "properties": {
    "day": {"type": "string", "enum": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]},
    "start": {"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "end": {"type": ["string", "null"], "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "name": {"type": "string"},
    "notes": {"type": "string"}}}}}})";

}  // namespace ly::llm::prompts
