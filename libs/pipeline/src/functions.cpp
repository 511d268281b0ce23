// The pipeline's functions. Every event carries the execution's state (statemachines/document-processing.asl.json):
//   documentId, userId, objectKey, filename, sha256    — the upload
//   classification {documentType, format, hasTextLayer, pages}   — after DocumentClassifier
//   preprocessed {pages, steps, previewKey}             — after ImagePreprocessor / DocumentPreprocessor
//   ocrResult (timetable/v1 draft with confidence and route)      — after OCRProcessor, LLMProcessor or a review
//   validated {timetable, warnings}                     — after Validator
// A function reads what it needs, names a missing field in its error, and answers only its own result (the state
// machine's ResultPath puts it in place).
#include "ly/pipeline/functions.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "grid_text.hpp"
#include "ly/base/sha256.hpp"
#include "ly/llm/image.hpp"
#include "ly/timetable/json.hpp"
#include "ly/timetable/validate.hpp"

namespace ly::pipeline {
namespace {

namespace json = boost::json;

// OCR results are kept this long by the document's SHA-256: the same file uploaded again is not read again.
constexpr std::chrono::hours kOcrCacheTtl{24 * 30};

Result<std::string> StringField(const json::value& event, std::string_view name) {
    const json::object* object = event.if_object();
    const json::value* value = object != nullptr ? object->if_contains(name) : nullptr;
    if (value == nullptr || !value->is_string() || value->as_string().empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "the event has no \"" + std::string(name) + "\"");
    }
    return std::string(value->as_string());
}

const json::value* Member(const json::value& event, std::string_view name) {
    const json::object* object = event.if_object();
    return object != nullptr ? object->if_contains(name) : nullptr;
}

// The upload named by the event, and its bytes.
struct Upload {
    std::string document_id;
    std::string user_id;
    std::string filename;
    std::string bytes;
    std::string sha256;  // hex, as stored with the document
};

Result<Upload> LoadUpload(const json::value& event, Context& context) {
    auto document_id = StringField(event, "documentId");
    if (!document_id) return document_id.error();
    auto document = context.documents.Find(*document_id);
    if (!document) return document.error();
    auto bytes = context.objects.Get(document->object_key);
    if (!bytes) return bytes.error();
    std::string sha256 = document->sha256 ? *document->sha256 : Sha256Hex(*bytes);
    return Upload{document->id, document->user_id, document->filename, std::move(bytes).value(), std::move(sha256)};
}

// Keys of what one document's steps hand each other; the SHA-256 makes a re-upload a new key.
std::string PreparedKey(const Upload& upload) { return upload.document_id + "/" + upload.sha256 + "/prepared"; }

std::string PageGridKey(const Upload& upload, int page) {
    return upload.document_id + "/" + upload.sha256 + "/grid/" + std::to_string(page);
}

// Image steps change what is read, so they are part of the OCR cache key.
std::string OcrCacheKey(std::string_view sha256, const extract::ExtractOptions& options) {
    const extract::ImageSteps& s = options.image_steps;
    std::string steps;
    for (bool on : {s.orient, s.rectify, s.deskew, s.flatten_light, s.denoise}) steps += on ? '1' : '0';
    return "ocr:v1:" + std::string(sha256) + ":" + steps;
}

// What the LLM step needs of a reading that the draft does not hold: the grid as text and the page's lines. Kept
// beside the OCR result, as long; recomputed from the upload on a miss.
std::string LlmContextKey(std::string_view sha256, const extract::ExtractOptions& options) {
    return "llm-context:v1:" + OcrCacheKey(sha256, options).substr(3);
}

std::string LlmContextJson(const extract::CellGrid& grid) {
    json::array lines;
    for (const std::string& line : PageLines(grid)) lines.emplace_back(line);
    return json::serialize(json::object{{"grid", GridText(grid)}, {"lines", std::move(lines)}});
}

Status Notify(Context& context, const Upload& upload, std::string type, std::string stage, json::object detail = {}) {
    if (!context.notify) return Ok{};
    return context.notify(
        Notification{std::move(type), upload.document_id, upload.user_id, std::move(stage), std::move(detail)});
}

// The prepared image of the upload: from the step before, or prepared again when this process has not got it.
Result<std::shared_ptr<const extract::PreparedImage>> PreparedOf(const Upload& upload, Context& context) {
    if (auto cached = context.intermediates.Prepared(PreparedKey(upload))) return cached;
    auto prepared = extract::PrepareImage(upload.bytes, context.extract.reader_limits, context.extract.image_steps);
    if (!prepared) return prepared.error();
    auto shared = std::make_shared<const extract::PreparedImage>(std::move(prepared).value());
    context.intermediates.PutPrepared(PreparedKey(upload), shared);
    return shared;
}

// A draft: the timetable/v1 JSON the review and the validator work on.
Result<json::value> DraftOf(const timetable::Timetable& timetable) {
    boost::system::error_code ec;
    json::value draft = json::parse(timetable::ToJson(timetable, false), ec);
    if (ec) return MakeError(ErrorCode::kInternal, "the extraction's JSON could not be read back: " + ec.message());
    return draft;
}

// "ocr.completed", or "ocr.low_confidence" when the draft is not sure enough to be saved as it is.
Result<json::value> Announce(const Upload& upload, json::value draft, bool cached, Context& context) {
    json::object detail;
    std::string route;
    if (const json::value* confidence = Member(draft, "confidence")) detail["confidence"] = *confidence;
    if (const json::value* value = Member(draft, "route"); value != nullptr && value->is_string()) {
        route = std::string(value->as_string());
        detail["route"] = route;
    }
    if (const json::value* source = Member(draft, "source")) {
        if (const json::value* pages = Member(*source, "pages"); pages != nullptr && pages->is_int64()) {
            detail["pageCount"] = *pages;
        }
    }
    const bool sure = route == "validated";
    if (sure) detail["cached"] = cached;
    if (auto sent = Notify(context, upload, sure ? "ocr.completed" : "ocr.low_confidence", "ocr", std::move(detail));
        !sent) {
        return sent.error();
    }
    return draft;
}

Result<json::value> FinishReading(const Upload& upload, extract::CellGrid grid, std::string source_type,
                                  Context& context) {
    std::string llm_context = context.llm != nullptr ? LlmContextJson(grid) : std::string();
    const timetable::Timetable timetable =
        extract::FromGrid(std::move(grid), upload.bytes, upload.filename, std::move(source_type), context.extract);
    auto draft = DraftOf(timetable);
    if (!draft) return draft.error();
    context.cache.Put(OcrCacheKey(timetable.source.sha256, context.extract), json::serialize(*draft),
                      std::chrono::duration_cast<std::chrono::milliseconds>(kOcrCacheTtl));
    if (timetable.route == "llm" && !llm_context.empty()) {
        context.cache.Put(LlmContextKey(timetable.source.sha256, context.extract), std::move(llm_context),
                          std::chrono::duration_cast<std::chrono::milliseconds>(kOcrCacheTtl));
    }
    return Announce(upload, std::move(draft).value(), false, context);
}

Result<json::value> CachedDraft(const Upload& upload, Context& context) {
    auto cached = context.cache.Get(OcrCacheKey(upload.sha256, context.extract));
    if (!cached) return MakeError(ErrorCode::kNotFound, "not cached");
    boost::system::error_code ec;
    json::value draft = json::parse(*cached, ec);
    if (ec) return MakeError(ErrorCode::kNotFound, "not cached");  // a damaged entry: read again
    return draft;
}

}  // namespace

std::string EventDetailJson(const Notification& notification, std::string_view at) {
    json::object detail = notification.detail;
    detail["documentId"] = notification.document_id;
    detail["userId"] = notification.user_id;
    detail["stage"] = notification.stage;
    detail["at"] = at;
    return json::serialize(detail);
}

std::string ErrorName(const Error& error, std::string_view function) {
    switch (error.code) {
        case ErrorCode::kUnsupportedType:
            return "Document.Unsupported";
        case ErrorCode::kCorruptDocument:
            return "Document.Corrupt";
        case ErrorCode::kEncrypted:
            return "Document.Encrypted";
        case ErrorCode::kEmpty:
            return "Document.Empty";
        case ErrorCode::kTooLarge:
            return "Document.TooLarge";
        case ErrorCode::kNotFound:
            return "Document.NotFound";
        case ErrorCode::kIo:
            // The LLM's provider unreachable, failing or too slow: retried by the state machine.
            return function == "LLMProcessor" ? "LLM.ProviderError" : "Storage.Unavailable";
        case ErrorCode::kInvalidArgument:
            return "Input.Invalid";
        case ErrorCode::kConflict:
            return "Conflict";
        case ErrorCode::kRateLimited:
            return std::string(function == "LLMProcessor" ? "LLM" : function) + ".RateLimited";
        case ErrorCode::kUnauthenticated:
        case ErrorCode::kUnavailable:
            return std::string(function == "LLMProcessor" ? "LLM" : function) + ".Unavailable";
        case ErrorCode::kInternal:
            return "Internal";
    }
    return "Internal";
}

Result<json::value> DocumentClassifier(const json::value& event, Context& context) {
    auto upload = LoadUpload(event, context);
    if (!upload) return upload.error();
    if (auto marked = context.documents.UpdateStatus(upload->document_id, storage::DocumentStatus::kProcessing);
        !marked) {
        return marked.error();
    }
    auto classification = extract::Classify(upload->bytes, context.extract);
    if (!classification) {
        // Not a type we read: the state machine's Choice sends it to "Unsupported Type", with the reason.
        if (classification.error().code != ErrorCode::kUnsupportedType) return classification.error();
        return json::value(json::object{{"documentType", "unsupported"}, {"reason", classification.error().message}});
    }
    json::object detail{{"documentType", classification->document_type},
                        {"pageCount", classification->pages},
                        {"hasTextLayer", classification->has_text_layer}};
    if (auto sent = Notify(context, *upload, "document.classified", "classified", detail); !sent) return sent.error();
    json::object result = std::move(detail);
    result["format"] = classification->format;
    result["pages"] = classification->pages;
    return json::value(std::move(result));
}

Result<json::value> ImagePreprocessor(const json::value& event, Context& context) {
    auto upload = LoadUpload(event, context);
    if (!upload) return upload.error();
    auto prepared = extract::PrepareImage(upload->bytes, context.extract.reader_limits, context.extract.image_steps);
    if (!prepared) return prepared.error();
    json::array steps;
    for (const extract::PreparedPage& page : prepared->pages) {
        for (const std::string& step : page.steps) steps.emplace_back(step);
    }
    const auto pages = static_cast<std::int64_t>(prepared->pages.size());
    if (prepared->pages.empty()) return MakeError(ErrorCode::kCorruptDocument, "the image has no pages");
    // The first page as corrected, for the review screen beside the draft (and for the teacher's own check).
    auto preview = extract::PreviewPng(prepared->pages.front());
    if (!preview) return preview.error();
    if (auto stored = context.objects.Put(PreviewKey(upload->document_id), *preview); !stored) return stored.error();
    context.intermediates.PutPrepared(PreparedKey(*upload),
                                      std::make_shared<const extract::PreparedImage>(std::move(prepared).value()));
    if (auto sent = Notify(context, *upload, "document.preprocessed", "preprocessed",
                           json::object{{"pageCount", pages}, {"steps", steps}});
        !sent) {
        return sent.error();
    }
    return json::value(
        json::object{{"pages", pages}, {"steps", std::move(steps)}, {"previewKey", PreviewKey(upload->document_id)}});
}

std::string PreviewKey(std::string_view document_id) {
    return "preprocessed/" + std::string(document_id) + "_preprocessed.png";
}

Result<json::value> DocumentPreprocessor(const json::value& event, Context& context) {
    auto prepared = ImagePreprocessor(event, context);
    if (!prepared) return prepared;
    // The pages as the Map state's items.
    json::array pages;
    for (std::int64_t page = 1; page <= prepared->as_object().at("pages").as_int64(); ++page) {
        pages.push_back(json::object{{"page", page}});
    }
    prepared->as_object()["pages"] = std::move(pages);
    return prepared;
}

Result<json::value> OCRProcessor(const json::value& event, Context& context) {
    auto upload = LoadUpload(event, context);
    if (!upload) return upload.error();

    const json::value* mode = Member(event, "mode");
    const json::value* page = Member(event, "page");
    if (mode != nullptr && mode->is_string() && mode->as_string() == "combine") {
        // The Map's pages into one grid, read as one document (as Extract reads a scan).
        const json::value* pages = Member(event, "pages");
        if (pages == nullptr || !pages->is_array() || pages->as_array().empty()) {
            return MakeError(ErrorCode::kInvalidArgument, "the event has no \"pages\" to combine");
        }
        extract::CellGrid combined;
        combined.read_by_ocr = true;
        combined.pages = static_cast<int>(pages->as_array().size());
        for (int number = 1; number <= combined.pages; ++number) {
            auto grid = context.intermediates.Grid(PageGridKey(*upload, number));
            if (!grid) {
                auto prepared = PreparedOf(*upload, context);
                if (!prepared) return prepared.error();
                if (static_cast<std::size_t>(number) > (*prepared)->pages.size()) {
                    return MakeError(ErrorCode::kInvalidArgument,
                                     "page " + std::to_string(number) + " is not in the document");
                }
                extract::PreparedImage one{{(*prepared)->pages[static_cast<std::size_t>(number) - 1]}};
                auto read = extract::ReadPreparedImage(one);
                if (!read) return read.error();
                grid = std::make_shared<const extract::CellGrid>(std::move(read).value());
            }
            for (extract::Table table : grid->tables) {
                table.page = number;  // each page was read on its own, as page 1
                combined.tables.push_back(std::move(table));
            }
            combined.loose_lines.insert(combined.loose_lines.end(), grid->loose_lines.begin(), grid->loose_lines.end());
            combined.warnings.insert(combined.warnings.end(), grid->warnings.begin(), grid->warnings.end());
        }
        context.intermediates.Forget(upload->document_id + "/");
        return FinishReading(*upload, std::move(combined), "pdf", context);
    }
    if (page != nullptr) {
        // One page of a scan (a Map item): its grid stays in this process for "combine".
        const json::value* number = Member(*page, "page");
        if (number == nullptr || !number->is_int64() || number->as_int64() < 1) {
            return MakeError(ErrorCode::kInvalidArgument, "the event's \"page\" has no page number");
        }
        auto prepared = PreparedOf(*upload, context);
        if (!prepared) return prepared.error();
        const auto index = static_cast<std::size_t>(number->as_int64());
        if (index > (*prepared)->pages.size()) {
            return MakeError(ErrorCode::kInvalidArgument, "page " + std::to_string(index) + " is not in the document");
        }
        extract::PreparedImage one{{(*prepared)->pages[index - 1]}};
        auto grid = extract::ReadPreparedImage(one);
        if (!grid) return grid.error();
        const auto tables = static_cast<std::int64_t>(grid->tables.size());
        context.intermediates.PutGrid(PageGridKey(*upload, static_cast<int>(index)),
                                      std::make_shared<const extract::CellGrid>(std::move(grid).value()));
        return json::value(json::object{{"page", number->as_int64()}, {"tables", tables}});
    }

    if (auto cached = CachedDraft(*upload, context)) {
        return Announce(*upload, std::move(cached).value(), true, context);
    }
    if (Member(event, "preprocessed") != nullptr) {
        auto prepared = PreparedOf(*upload, context);
        if (!prepared) return prepared.error();
        auto grid = extract::ReadPreparedImage(**prepared);
        if (!grid) return grid.error();
        auto read = FinishReading(*upload, std::move(grid).value(), "image", context);
        // A draft for the LLM keeps its prepared page here: the LLM step sends it.
        const json::value* route = read ? Member(*read, "route") : nullptr;
        if (context.llm == nullptr || route == nullptr || !route->is_string() || route->as_string() != "llm") {
            context.intermediates.Forget(upload->document_id + "/");
        }
        return read;
    }
    std::string source_type;
    auto grid = extract::ReadDocument(upload->bytes, context.extract, source_type);
    if (!grid) return grid.error();
    return FinishReading(*upload, std::move(grid).value(), std::move(source_type), context);
}

Result<json::value> LLMProcessor(const json::value& event, Context& context) {
    // Without a provider the draft goes to human review, as the state machine's Catch sends it.
    if (context.llm == nullptr) return MakeError(ErrorCode::kUnavailable, "no LLM provider is configured");
    const json::value* draft = Member(event, "ocrResult");
    if (draft == nullptr || !draft->is_object()) {
        return MakeError(ErrorCode::kInvalidArgument, "the event has no \"ocrResult\" to check");
    }
    auto upload = LoadUpload(event, context);
    if (!upload) return upload.error();
    const std::string document_type = [&] {
        const json::value* classification = Member(event, "classification");
        const json::value* type = classification != nullptr ? Member(*classification, "documentType") : nullptr;
        return type != nullptr && type->is_string() ? std::string(type->as_string()) : std::string();
    }();
    const bool scanned = Member(event, "preprocessed") != nullptr;

    llm::Document document{.sha256 = upload->sha256, .draft_json = json::serialize(*draft)};
    std::shared_ptr<const extract::PreparedImage> prepared;
    if (scanned) {
        // The page as prepared for OCR (upright, flat, in colour), scaled to the provider's limits.
        auto page = PreparedOf(*upload, context);
        if (!page) return page.error();
        prepared = *page;
        if (!prepared->pages.empty()) {
            const extract::PreparedPage& first = prepared->pages.front();
            // Grey, as OCR reads it (light flattened): a third of colour's pixels to scale and encode, per call.
            auto png = llm::PagePng(first.gray, first.width, first.height, 1);
            if (!png) return png.error();
            document.attachment = std::move(png).value();
        }
    } else if (document_type == "pdf") {
        document.attachment = llm::Attachment{"application/pdf", upload->bytes, 0, 0};
    }
    // The grid and the page's text, as the reading left them; read again when they are gone.
    auto kept = context.cache.Get(LlmContextKey(upload->sha256, context.extract));
    boost::system::error_code ec;
    json::value kept_json = kept ? json::parse(*kept, ec) : json::value();
    if (!kept || ec || !kept_json.is_object()) {
        Result<extract::CellGrid> grid = MakeError(ErrorCode::kInternal, "not read");
        if (prepared) {
            grid = extract::ReadPreparedImage(*prepared);
        } else {
            std::string source_type;
            grid = extract::ReadDocument(upload->bytes, context.extract, source_type);
        }
        if (!grid) return grid.error();
        kept_json = json::parse(LlmContextJson(*grid));
    }
    if (const json::value* grid = Member(kept_json, "grid"); grid != nullptr && grid->is_string()) {
        document.grid_text = std::string(grid->as_string());
    }
    if (const json::value* lines = Member(kept_json, "lines"); lines != nullptr && lines->is_array()) {
        for (const json::value& line : lines->as_array()) {
            if (line.is_string()) document.page_text.emplace_back(line.as_string());
        }
    }
    context.intermediates.Forget(upload->document_id + "/");

    auto outcome = context.llm->Run(document);
    if (!outcome) return outcome.error();
    // What the execution history shows of the step: mode, tokens and cost (a cached answer cost nothing now).
    json::object summary{{"provider", context.llm->provider_name()},
                         {"model", context.llm->model()},
                         {"mode", outcome->mode},
                         {"accepted", outcome->accepted},
                         {"calls", outcome->cached ? 0 : outcome->calls},
                         {"inputTokens", outcome->cached ? 0 : outcome->usage.input_tokens},
                         {"outputTokens", outcome->cached ? 0 : outcome->usage.output_tokens},
                         {"costUsd", outcome->cached ? 0.0 : outcome->cost_usd},
                         {"cached", outcome->cached},
                         {"promptVersion", outcome->prompt_version}};
    json::array disagreements, problems, answers;
    for (const std::string& item : outcome->disagreements) disagreements.emplace_back(item);
    for (const std::string& item : outcome->problems) problems.emplace_back(item);
    summary["disagreements"] = std::move(disagreements);
    summary["problems"] = std::move(problems);
    json::value result;
    if (outcome->accepted) {
        result = json::parse(outcome->timetable_json, ec);
        if (ec || !result.is_object()) return MakeError(ErrorCode::kInternal, "the LLM's timetable is unreadable");
    } else {
        // Review, with both drafts: the engine's as the one to correct, the LLM's answers beside it.
        for (const std::string& answer : outcome->answers_json) {
            json::value parsed = json::parse(answer, ec);
            if (!ec) answers.push_back(std::move(parsed));
        }
        summary["answers"] = std::move(answers);
        result = *draft;
        result.as_object()["route"] = "review";
    }
    result.as_object()["llm"] = std::move(summary);
    if (outcome->accepted) {
        json::object detail{{"confidence", result.as_object()["confidence"]},
                            {"provider", context.llm->provider_name()},
                            {"model", context.llm->model()}};
        if (auto sent = Notify(context, *upload, "llm.completed", "llm", std::move(detail)); !sent) {
            return sent.error();
        }
    }
    return result;
}

Result<json::value> HITLQueueWriter(const json::value& event, Context& context) {
    // Called through lambda:invoke.waitForTaskToken: the event is the Payload of the state's Parameters.
    auto document_id = StringField(event, "documentId");
    if (!document_id) return document_id.error();
    auto token = StringField(event, "taskToken");
    if (!token) return token.error();
    const json::value* draft = Member(event, "draft");
    if (draft == nullptr || !draft->is_object())
        return MakeError(ErrorCode::kInvalidArgument, "the event has no \"draft\"");
    auto document = context.documents.Find(*document_id);
    if (!document) return document.error();
    if (auto queued = context.reviews.Request(document->id, document->user_id, *token, json::serialize(*draft));
        !queued) {
        return queued.error();
    }
    if (auto marked = context.documents.UpdateStatus(document->id, storage::DocumentStatus::kNeedsReview); !marked) {
        return marked.error();
    }
    const Upload upload{document->id, document->user_id, document->filename, {}, {}};
    json::object detail{{"reason", "the reading is not sure enough to be saved unchecked"}};
    if (const json::value* confidence = Member(*draft, "confidence")) detail["confidence"] = *confidence;
    if (const json::value* blocks = Member(*draft, "timeblocks"); blocks != nullptr && blocks->is_array()) {
        detail["blockCount"] = static_cast<std::int64_t>(blocks->as_array().size());
    }
    if (auto sent = Notify(context, upload, "hitl.requested", "review", std::move(detail)); !sent) return sent.error();
    return json::value(json::object{{"queued", true}});
}

Result<json::value> Validator(const json::value& event, Context& context) {
    const json::value* draft = Member(event, "ocrResult");
    if (draft == nullptr || !draft->is_object()) {
        return MakeError(ErrorCode::kInvalidArgument, "the event has no \"ocrResult\" to validate");
    }
    auto parsed = timetable::FromJson(json::serialize(*draft));
    if (!parsed)
        return MakeError(ErrorCode::kInvalidArgument, "the draft is not timetable/v1: " + parsed.error().message);
    timetable::Timetable timetable = std::move(parsed).value();
    timetable::SortBlocks(timetable.blocks);
    json::array warnings;
    for (const std::string& warning : timetable::Validate(timetable.blocks)) warnings.emplace_back(warning);
    auto normalised = DraftOf(timetable);
    if (!normalised) return normalised.error();
    if (auto document_id = StringField(event, "documentId"); document_id) {
        if (auto document = context.documents.Find(*document_id); document) {
            const Upload upload{document->id, document->user_id, document->filename, {}, {}};
            json::object detail{{"valid", true},
                                {"blockCount", static_cast<std::int64_t>(timetable.blocks.size())},
                                {"warnings", warnings},
                                {"confidence", timetable.confidence}};
            if (!timetable.route.empty()) detail["route"] = timetable.route;
            if (auto sent = Notify(context, upload, "validation.completed", "validation", std::move(detail)); !sent) {
                return sent.error();
            }
        }
    }
    return json::value(json::object{{"timetable", std::move(normalised).value()}, {"warnings", std::move(warnings)}});
}

Result<json::value> DatabaseWriter(const json::value& event, Context& context) {
    auto document_id = StringField(event, "documentId");
    if (!document_id) return document_id.error();
    const json::value* validated = Member(event, "validated");
    const json::value* timetable_json = validated != nullptr ? Member(*validated, "timetable") : nullptr;
    if (timetable_json == nullptr)
        return MakeError(ErrorCode::kInvalidArgument, "the event has no \"validated.timetable\"");
    auto timetable = timetable::FromJson(json::serialize(*timetable_json));
    if (!timetable)
        return MakeError(ErrorCode::kInvalidArgument,
                         "the timetable is not timetable/v1: " + timetable.error().message);
    auto document = context.documents.Find(*document_id);
    if (!document) return document.error();
    // Save replaces the document's timetable: a step run twice (a replay after a crash) stores it once.
    auto saved = context.timetables.Save(ToStoredTimetable(*document, *timetable));
    if (!saved) return saved.error();
    if (auto marked = context.documents.UpdateStatus(document->id, storage::DocumentStatus::kCompleted); !marked) {
        return marked.error();
    }
    return json::value(
        json::object{{"timetableId", saved->id}, {"blocks", static_cast<std::int64_t>(timetable->blocks.size())}});
}

Result<json::value> NotificationSender(const json::value& event, Context& context) {
    auto document_id = StringField(event, "documentId");
    if (!document_id) return document_id.error();
    auto document = context.documents.Find(*document_id);
    if (!document) return document.error();
    // Marked before it is sent: a crash between the two loses one message rather than sending it twice.
    auto first = context.reviews.MarkNotificationSent(document->id, "job.completed");
    if (!first) return first.error();
    if (!*first) return json::value(json::object{{"sent", false}});
    json::object detail;
    if (const json::value* saved = Member(event, "saved")) {
        if (const json::value* id = Member(*saved, "timetableId")) detail["timetableId"] = *id;
        if (const json::value* blocks = Member(*saved, "blocks")) detail["blockCount"] = *blocks;
    }
    if (const json::value* draft = Member(event, "ocrResult")) {
        if (const json::value* confidence = Member(*draft, "confidence")) detail["confidence"] = *confidence;
        if (const json::value* route = Member(*draft, "route")) detail["route"] = *route;
    }
    const Upload upload{document->id, document->user_id, document->filename, {}, {}};
    if (auto sent = Notify(context, upload, "job.completed", "completed", std::move(detail)); !sent)
        return sent.error();
    return json::value(json::object{{"sent", true}});
}

storage::NewTimetable ToStoredTimetable(const storage::Document& document, const timetable::Timetable& timetable) {
    json::object metadata{{"title", timetable.metadata.title},
                          {"school", timetable.metadata.school},
                          {"className", timetable.metadata.class_name},
                          {"teacher", timetable.metadata.teacher},
                          {"term", timetable.metadata.term},
                          {"week", timetable.metadata.week}};
    json::array warnings;
    for (const std::string& warning : timetable.warnings) warnings.emplace_back(warning);
    storage::NewTimetable stored{.document_id = document.id,
                                 .user_id = document.user_id,
                                 .metadata_json = json::serialize(metadata),
                                 .confidence = timetable.confidence,
                                 .route = timetable.route,
                                 .warnings_json = json::serialize(warnings)};
    for (const timetable::Timeblock& block : timetable.blocks) {
        stored.blocks.push_back(
            storage::NewBlock{.day = std::string(timetable::DayName(block.day)),
                              .start_minutes = block.start.minutes,
                              .end_minutes = block.end ? std::optional<std::int64_t>(block.end->minutes) : std::nullopt,
                              .name = block.name,
                              .notes = block.notes,
                              .confidence = block.confidence});
    }
    return stored;
}

const std::map<std::string, Function, std::less<>>& Functions() {
    static const std::map<std::string, Function, std::less<>> kFunctions = {
        {"DocumentClassifier", DocumentClassifier},
        {"ImagePreprocessor", ImagePreprocessor},
        {"DocumentPreprocessor", DocumentPreprocessor},
        {"OCRProcessor", OCRProcessor},
        {"LLMProcessor", LLMProcessor},
        {"HITLQueueWriter", HITLQueueWriter},
        {"Validator", Validator},
        {"DatabaseWriter", DatabaseWriter},
        {"NotificationSender", NotificationSender},
    };
    return kFunctions;
}

}  // namespace ly::pipeline
