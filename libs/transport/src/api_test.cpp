#include "api.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>

#include "ly/transport/multipart.hpp"
#include "ly/transport/problem.hpp"
#include "ly/transport/server.hpp"

namespace ly::transport {
namespace {

namespace json = boost::json;

constexpr std::string_view kTimetableText =
    "Monday\t08:35-08:50 Registration\t09:00-10:00 Maths\n"
    "Tuesday\t08:35-08:50 Registration\t09:00-10:00 English\n";

Request Post(std::string target, std::string body, Headers headers = {}) {
    auto request = MakeRequest("POST", std::move(target), std::move(headers), std::move(body));
    EXPECT_TRUE(request.ok());
    return std::move(request).value();
}

Headers With(std::string name, std::string value) {
    Headers headers;
    headers.Add(std::move(name), std::move(value));
    return headers;
}

json::object ProblemOf(const Response& response, int status) {
    EXPECT_EQ(response.status, status) << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type"), kProblemContentType);
    auto problem = json::parse(response.body).as_object();
    EXPECT_EQ(problem.at("status").as_int64(), status);
    EXPECT_TRUE(problem.contains("type"));
    EXPECT_TRUE(problem.contains("title"));
    EXPECT_TRUE(problem.contains("detail"));
    return problem;
}

json::object TimetableOf(const Response& response) {
    EXPECT_EQ(response.status, 200) << response.body;
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
    auto timetable = json::parse(response.body).as_object();
    EXPECT_EQ(timetable.at("schema").as_string(), "timetable/v1");
    EXPECT_TRUE(timetable.at("timeblocks").is_array());
    return timetable;
}

std::string Multipart(std::string_view boundary, std::string_view field, std::string_view filename,
                      std::string_view content) {
    std::string body = "--" + std::string(boundary) + "\r\nContent-Disposition: form-data; name=\"" +
                       std::string(field) + "\"; filename=\"" + std::string(filename) +
                       "\"\r\nContent-Type: text/plain\r\n\r\n";
    body += content;
    body += "\r\n--" + std::string(boundary) + "--\r\n";
    return body;
}

std::string RandomBinary(std::size_t size) {
    std::mt19937 generator(42);
    std::string bytes(size, '\0');
    for (auto& c : bytes) c = static_cast<char>(generator() & 0xff);
    bytes[0] = '\0';  // never text, never a known magic number
    return bytes;
}

TEST(Healthz, AnswersOk) {
    const Response response = HandleHealthz(Request{});
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"status":"ok"})");
    EXPECT_EQ(response.headers.Get("Content-Type"), "application/json");
}

TEST(Extract, RawTextBodyGivesTimetableJson) {
    const Response response =
        HandleExtract(Post("/api/v1/extract", std::string(kTimetableText), With("X-Filename", "week.txt")), {});
    const auto timetable = TimetableOf(response);
    EXPECT_EQ(timetable.at("source").at("filename").as_string(), "week.txt");
    EXPECT_EQ(timetable.at("source").at("type").as_string(), "text");
}

TEST(Extract, FilenameFromQueryOrDefault) {
    auto from_query = TimetableOf(HandleExtract(Post("/api/v1/extract?filename=my%20week.csv", "a,b\n"), {}));
    EXPECT_EQ(from_query.at("source").at("filename").as_string(), "my week.csv");
    auto by_default = TimetableOf(HandleExtract(Post("/api/v1/extract", "a,b\n"), {}));
    EXPECT_EQ(by_default.at("source").at("filename").as_string(), "upload");
}

TEST(Extract, MultipartFileField) {
    const std::string body = Multipart("----x7", "file", "C:\\Users\\t\\week.txt", kTimetableText);
    const Response response = HandleExtract(
        Post("/api/v1/extract", body, With("Content-Type", R"(multipart/form-data; boundary="----x7")")), {});
    const auto timetable = TimetableOf(response);
    EXPECT_EQ(timetable.at("source").at("filename").as_string(), "week.txt");
    EXPECT_EQ(timetable.at("source").at("type").as_string(), "text");
}

TEST(Extract, MultipartWithoutFileFieldIs400OnFile) {
    const std::string body = Multipart("b", "document", "week.txt", kTimetableText);
    const auto problem = ProblemOf(
        HandleExtract(Post("/api/v1/extract", body, With("Content-Type", "multipart/form-data; boundary=b")), {}), 400);
    EXPECT_EQ(problem.at("field").as_string(), "file");
}

TEST(Extract, BadMultipartIs400) {
    const std::string truncated = Multipart("b", "file", "week.txt", kTimetableText).substr(0, 80);
    for (const auto& [content_type, body] : std::vector<std::pair<std::string, std::string>>{
             {"multipart/form-data", "--b\r\n"},                                           // no boundary
             {"multipart/form-data; boundary=b", truncated},                               // no closing delimiter
             {"multipart/form-data; boundary=zzz", Multipart("b", "file", "w.txt", "x")},  // wrong boundary
             {R"(multipart/form-data; boundary="b)", "--b\r\n"},                           // unclosed quote
         }) {
        const auto problem =
            ProblemOf(HandleExtract(Post("/api/v1/extract", body, With("Content-Type", content_type)), {}), 400);
        EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:invalid_argument") << content_type;
    }
}

TEST(Extract, EmptyBodyIs400OnFile) {
    const auto problem = ProblemOf(HandleExtract(Post("/api/v1/extract", ""), {}), 400);
    EXPECT_EQ(problem.at("field").as_string(), "file");
    EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:empty");
    const std::string empty_file = Multipart("b", "file", "w.txt", "");
    ProblemOf(
        HandleExtract(Post("/api/v1/extract", empty_file, With("Content-Type", "multipart/form-data; boundary=b")), {}),
        400);
}

TEST(Extract, RandomBinaryIs415) {
    const auto problem = ProblemOf(
        HandleExtract(Post("/api/v1/extract", RandomBinary(4096), With("Content-Type", "application/octet-stream")),
                      {}),
        415);
    EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:unsupported_type");
}

TEST(Extract, OversizedBodyIs413) {
    extract::ExtractOptions options;
    options.max_file_bytes = 16;
    ProblemOf(HandleExtract(Post("/api/v1/extract", std::string(kTimetableText)), options), 413);
}

TEST(ApiRouter, RoutesAndLimits) {
    extract::ExtractOptions options;
    options.max_file_bytes = 1000;
    MetricsRegistry metrics;
    Readiness readiness;
    readiness.MarkReady();
    const RateLimiters limits = MakeRateLimiters({});
    auto made = MakeApiRouter(options, ApiServices{readiness, metrics, limits});
    ASSERT_TRUE(made.ok());
    const Router& router = *made;
    auto healthz = MakeRequest("GET", "/healthz");
    ASSERT_TRUE(healthz.ok());
    EXPECT_EQ(router.Handle(*healthz).status, 200);
    EXPECT_EQ(router.Handle(Post("/api/v1/extract", std::string(kTimetableText))).status, 200);
    EXPECT_EQ(router.Handle(Post("/healthz", "")).status, 405);
    EXPECT_EQ(router.Handle(Post("/api/v2/extract", "")).status, 404);

    const RouteMatch extract = router.Find("POST", "/api/v1/extract");
    ASSERT_NE(extract.route, nullptr);
    EXPECT_EQ(extract.route->options.execution, Execution::kWorkerPool);
    EXPECT_EQ(extract.route->options.max_body_bytes, 1000 + kMultipartOverheadBytes);
    EXPECT_EQ(extract.route->options.limit_by_client_ip, limits.api);
    const RouteMatch health = router.Find("GET", "/healthz");
    ASSERT_NE(health.route, nullptr);
    EXPECT_EQ(health.route->options.execution, Execution::kInline);
    EXPECT_EQ(health.route->options.limit_by_client_ip, nullptr);

    auto readyz = MakeRequest("GET", "/readyz");
    ASSERT_TRUE(readyz.ok());
    EXPECT_EQ(router.Handle(*readyz).status, 200);
    auto scrape = MakeRequest("GET", "/metrics");
    ASSERT_TRUE(scrape.ok());
    const Response metrics_response = router.Handle(*scrape);
    EXPECT_EQ(metrics_response.status, 200);
    EXPECT_EQ(metrics_response.headers.Get("Content-Type"), kPrometheusContentType);
    // The extraction above was timed.
    EXPECT_NE(metrics_response.body.find("ly_extraction_duration_seconds_count{outcome=\""), std::string::npos);
}

// What `ly serve` registers: transport's own routes, then those add_routes brings.
TEST(ServedRoutes, TransportsOwnThenTheLayersAbove) {
    ServerOptions options;
    options.add_routes = [](Router& router, const RateLimiters&) {
        router.Add("GET", "/api/v1/things/{id}", [](const Request&) { return Response{}; });
    };
    auto served = ServedRoutes(options);
    ASSERT_TRUE(served.ok()) << served.error().message;
    std::vector<std::string> listed;
    for (const ServedRoute& route : *served) listed.push_back(route.method + " " + route.pattern);
    EXPECT_EQ(listed, (std::vector<std::string>{"GET /healthz", "GET /readyz", "GET /metrics", "POST /api/v1/extract",
                                                "GET /api/v1/things/{id}"}));
}

TEST(Extract, RecordsItsDurationByOutcome) {
    MetricsRegistry metrics;
    auto durations = metrics.AddHistogram("d", "x", {1}, {"outcome"});
    ASSERT_TRUE(durations.ok());
    (void)HandleExtract(Post("/api/v1/extract", std::string(kTimetableText)), {}, *durations);
    (void)HandleExtract(Post("/api/v1/extract", RandomBinary(64)), {}, *durations);
    const std::string text = metrics.Render();
    EXPECT_NE(text.find("d_count{outcome=\"unsupported_type\"} 1"), std::string::npos) << text;
    std::size_t series = 0;
    for (std::size_t at = text.find("d_count{"); at != std::string::npos; at = text.find("d_count{", at + 1)) ++series;
    EXPECT_EQ(series, 2u) << text;
}

TEST(CleanFilename, KeepsTheLastComponentWithoutControls) {
    EXPECT_EQ(CleanFilename("week.pdf"), "week.pdf");
    EXPECT_EQ(CleanFilename("../../etc/passwd"), "passwd");
    EXPECT_EQ(CleanFilename("C:\\Users\\me\\week.docx"), "week.docx");
    EXPECT_EQ(CleanFilename("a\r\nb\x7f.txt"), "ab.txt");
    EXPECT_EQ(CleanFilename(""), "upload");
    EXPECT_EQ(CleanFilename(".."), "upload");
    EXPECT_EQ(CleanFilename("dir/"), "upload");
    const std::string long_name = std::string(254, 'a') + "\xe2\x82\xac";  // € straddles byte 255
    EXPECT_EQ(CleanFilename(long_name), std::string(254, 'a'));
}

TEST(ProblemMapping, EveryErrorCodeHasTheMostSpecificStatus) {
    EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatus(ErrorCode::kEmpty), 400);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatus(ErrorCode::kTooLarge), 413);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnsupportedType), 415);
    EXPECT_EQ(HttpStatus(ErrorCode::kCorruptDocument), 422);
    EXPECT_EQ(HttpStatus(ErrorCode::kEncrypted), 422);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatus(ErrorCode::kConflict), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kRateLimited), 429);
    EXPECT_EQ(HttpStatus(ErrorCode::kIo), 500);
    EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(ProblemMapping, ServerErrorsLeakNothing) {
    const Response response =
        ErrorResponse(MakeError(ErrorCode::kInternal, "poppler threw in /home/build/pdf.cpp:42"), "file");
    const auto problem = ProblemOf(response, 500);
    EXPECT_EQ(response.body.find("poppler"), std::string::npos);
    EXPECT_FALSE(problem.contains("field"));
    EXPECT_NE(response.internal_error.find("poppler threw"), std::string::npos);
}

TEST(ProblemMapping, ClientErrorsSayWhatToFix) {
    const auto problem =
        ProblemOf(ErrorResponse(MakeError(ErrorCode::kEncrypted, "the PDF is password-protected")), 422);
    EXPECT_EQ(problem.at("detail").as_string(), "the PDF is password-protected");
    EXPECT_EQ(problem.at("type").as_string(), "urn:ly:problem:encrypted");
    EXPECT_FALSE(problem.contains("field"));
}

}  // namespace
}  // namespace ly::transport
