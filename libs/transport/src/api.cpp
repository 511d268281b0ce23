#include "api.hpp"

#include <chrono>
#include <limits>
#include <optional>

#include "ly/timetable/json.hpp"
#include "ly/transport/multipart.hpp"
#include "ly/transport/problem.hpp"

namespace ly::transport {

namespace {

constexpr std::string_view kFileField = "file";

struct Upload {
    std::string_view bytes;
    std::string filename;
};

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// The name the client gave the raw body: X-Filename, then ?filename=.
std::string_view RawFilename(const Request& request) {
    if (const auto header = request.headers.Get("X-Filename"); !header.empty()) return header;
    return request.QueryParam("filename").value_or(std::string_view());
}

// Finds the upload inside the request; on failure, the answer to send.
std::optional<Response> FindUpload(const Request& request, Upload& upload) {
    const std::string_view content_type = request.headers.Get("Content-Type");
    auto media = ParseHeaderValue(content_type);
    const bool multipart = media.ok() ? media->value == "multipart/form-data"
                                      : Trim(content_type.substr(0, content_type.find(';'))).starts_with("multipart/");
    if (!multipart) {
        upload = Upload{request.body, CleanFilename(RawFilename(request))};
        return std::nullopt;
    }
    if (!media.ok()) {
        return ErrorResponse(
            MakeError(ErrorCode::kInvalidArgument, "malformed Content-Type: " + media.error().message));
    }
    auto boundary = MultipartBoundary(*media);
    if (!boundary.ok()) return ErrorResponse(boundary.error());
    auto parts = ParseMultipart(request.body, *boundary);
    if (!parts.ok()) return ErrorResponse(parts.error());
    for (const auto& part : *parts) {
        if (part.name != kFileField) continue;
        const std::string_view filename = part.filename ? std::string_view(*part.filename) : RawFilename(request);
        upload = Upload{part.body, CleanFilename(filename)};
        return std::nullopt;
    }
    return ErrorResponse(MakeError(ErrorCode::kInvalidArgument, "the form has no field \"file\" holding the document"),
                         kFileField);
}

}  // namespace

Response HandleHealthz(const Request&) {
    Response response = JsonResponse(200, R"({"status":"ok"})");
    response.headers.Set("Cache-Control", "no-store");
    return response;
}

Response HandleReadyz(const Request&, const Readiness& readiness) {
    if (readiness.IsReady()) return JsonResponse(200, R"({"status":"ready"})");
    Response response =
        ProblemResponse(503, "unavailable", "Service unavailable",
                        readiness.IsDraining() ? "the service is shutting down" : "the service is still starting");
    response.headers.Set("Retry-After", "5");
    return response;
}

Response HandleMetrics(const Request&, const MetricsRegistry& metrics) {
    Response response;
    response.headers.Set("Content-Type", std::string(kPrometheusContentType));
    response.body = metrics.Render();
    return response;
}

Response HandleExtract(const Request& request, const extract::ExtractOptions& options, HistogramFamily* durations) {
    Upload upload;
    if (auto problem = FindUpload(request, upload)) return std::move(*problem);
    if (upload.bytes.empty()) {
        return ErrorResponse(MakeError(ErrorCode::kEmpty,
                                       "the upload is empty; send the document as the request body "
                                       "or as the multipart form field \"file\""),
                             kFileField);
    }
    const auto started = std::chrono::steady_clock::now();
    auto timetable = extract::Extract(upload.bytes, std::move(upload.filename), options);
    if (durations != nullptr) {
        const std::string_view outcome =
            timetable.ok() ? std::string_view(timetable->route) : ErrorCodeName(timetable.error().code);
        durations->With({outcome}).Observe(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    if (!timetable.ok()) {
        const ErrorCode code = timetable.error().code;
        return ErrorResponse(timetable.error(), code == ErrorCode::kEmpty || code == ErrorCode::kTooLarge ||
                                                        code == ErrorCode::kUnsupportedType
                                                    ? kFileField
                                                    : std::string_view());
    }
    return JsonResponse(200, timetable::ToJson(*timetable, false));
}

Result<Router> MakeApiRouter(const extract::ExtractOptions& options, const ApiServices& services) {
    auto durations = services.metrics.AddHistogram(
        "ly_extraction_duration_seconds", "Time to extract a timetable from a document, by outcome",
        {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60}, {"outcome"});
    if (!durations.ok()) return durations.error();

    Router router;
    router.Add("GET", "/healthz", HandleHealthz);
    router.Add("GET", "/readyz",
               [&readiness = services.readiness](const Request& request) { return HandleReadyz(request, readiness); });
    router.Add("GET", "/metrics",
               [&metrics = services.metrics](const Request& request) { return HandleMetrics(request, metrics); });

    RouteOptions upload;
    upload.execution = Execution::kWorkerPool;  // extraction is CPU-heavy
    upload.max_body_bytes = options.max_file_bytes > std::numeric_limits<std::size_t>::max() - kMultipartOverheadBytes
                                ? std::numeric_limits<std::size_t>::max()
                                : options.max_file_bytes + kMultipartOverheadBytes;
    // No user to key by yet: the API's limit per client IP.
    upload.limit_by_client_ip = services.limits.api;
    router.Add(
        "POST", "/api/v1/extract",
        [options, durations = *durations](const Request& request) {
            return HandleExtract(request, options, durations);
        },
        upload);
    return router;
}

}  // namespace ly::transport
