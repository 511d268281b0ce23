#include "ly/events/event_types.hpp"

#include <map>

#include "event_json.hpp"
#include "json_schema_internal.hpp"
#include "ly/events/json_schema.hpp"

namespace ly::events {
namespace embedded {
// Generated at build time from schemas/*.schema.json (CMakeLists.txt, cmake/EmbedText.cmake).
std::string_view Schema_envelope();
std::string_view Schema_document_uploaded();
std::string_view Schema_document_classified();
std::string_view Schema_document_preprocessed();
std::string_view Schema_ocr_completed();
std::string_view Schema_ocr_low_confidence();
std::string_view Schema_llm_completed();
std::string_view Schema_validation_completed();
std::string_view Schema_job_completed();
std::string_view Schema_job_failed();
std::string_view Schema_hitl_requested();
std::string_view Schema_hitl_completed();
}  // namespace embedded

namespace {

const std::map<std::string_view, std::string_view, std::less<>>& SchemaTexts() {
    static const std::map<std::string_view, std::string_view, std::less<>> kTexts = {
        {"envelope", embedded::Schema_envelope()},
        {"document.uploaded", embedded::Schema_document_uploaded()},
        {"document.classified", embedded::Schema_document_classified()},
        {"document.preprocessed", embedded::Schema_document_preprocessed()},
        {"ocr.completed", embedded::Schema_ocr_completed()},
        {"ocr.low_confidence", embedded::Schema_ocr_low_confidence()},
        {"llm.completed", embedded::Schema_llm_completed()},
        {"validation.completed", embedded::Schema_validation_completed()},
        {"job.completed", embedded::Schema_job_completed()},
        {"job.failed", embedded::Schema_job_failed()},
        {"hitl.requested", embedded::Schema_hitl_requested()},
        {"hitl.completed", embedded::Schema_hitl_completed()},
    };
    return kTexts;
}

// Compiled once. The embedded schemas are ours and tested, so a failure to compile is a bug, reported on use.
const std::map<std::string_view, Result<JsonSchema>, std::less<>>& CompiledSchemas() {
    static const auto kCompiled = [] {
        std::map<std::string_view, Result<JsonSchema>, std::less<>> schemas;
        for (const auto& [name, text] : SchemaTexts()) schemas.emplace(name, JsonSchema::Compile(text));
        return schemas;
    }();
    return kCompiled;
}

Status Check(std::string_view schema_name, const boost::json::value& instance, const std::string& pointer,
             std::vector<std::string>& violations) {
    const auto& schema = CompiledSchemas().at(schema_name);
    if (!schema) {
        return MakeError(ErrorCode::kInternal,
                         "the built-in schema " + std::string(schema_name) + " is broken: " + schema.error().message);
    }
    internal::CollectViolations(schema->root(), instance, pointer, violations);
    return Ok{};
}

}  // namespace

const std::vector<std::string_view>& EventTypes() {
    static const std::vector<std::string_view> kTypes = {
        "document.uploaded",  "document.classified", "document.preprocessed", "ocr.completed",
        "ocr.low_confidence", "llm.completed",       "validation.completed",  "job.completed",
        "job.failed",         "hitl.requested",      "hitl.completed"};
    return kTypes;
}

Result<std::string_view> EventSchemaText(std::string_view name) {
    const auto found = SchemaTexts().find(name);
    if (found == SchemaTexts().end()) {
        return MakeError(ErrorCode::kNotFound, "no event schema named \"" + std::string(name) + "\"");
    }
    return found->second;
}

Status ValidateEvent(const Event& event) {
    if (event.detail_type == "envelope" || !SchemaTexts().contains(event.detail_type)) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "unknown event detail-type \"" + event.detail_type + "\" (not one of the pipeline's types)");
    }
    const boost::json::object envelope = internal::EventToJson(event);
    std::vector<std::string> violations;
    if (auto checked = Check("envelope", envelope, "", violations); !checked) return checked;
    if (const boost::json::value& detail = envelope.at("detail"); detail.is_object()) {
        if (auto checked = Check(event.detail_type, detail, "/detail", violations); !checked) return checked;
    }
    if (violations.empty()) return Ok{};
    std::string message = "event " + event.detail_type + " is malformed: ";
    for (std::size_t i = 0; i < violations.size(); ++i) message += (i == 0 ? "" : "; ") + violations[i];
    return MakeError(ErrorCode::kInvalidArgument, message);
}

}  // namespace ly::events
