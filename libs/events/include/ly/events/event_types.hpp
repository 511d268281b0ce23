// The pipeline's event types (the seed's list) and their schemas (libs/events/schemas/, compiled in): an event is
// checked against the envelope schema and its type's detail schema before it is published.
#pragma once

#include <string_view>
#include <vector>

#include "ly/base/result.hpp"
#include "ly/events/event.hpp"

namespace ly::events {

// "document.uploaded", "document.classified", "document.preprocessed", "ocr.completed", "ocr.low_confidence",
// "llm.completed", "validation.completed", "job.completed", "job.failed", "hitl.requested", "hitl.completed".
const std::vector<std::string_view>& EventTypes();

// The JSON Schema text of a type's detail (or of "envelope"); kNotFound for an unknown name.
Result<std::string_view> EventSchemaText(std::string_view name);

// Ok, or kInvalidArgument: an unknown detail-type, or every violation with its JSON pointer
// ("event ocr.completed is malformed: /detail/confidence: 1.5 is greater than the maximum 1").
Status ValidateEvent(const Event& event);

}  // namespace ly::events
