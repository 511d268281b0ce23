// GET /api/v1/openapi.json over real HTTP: the embedded document answers 200 application/json with an ETag, parses
// as OpenAPI 3.1, needs no token, and its ETag revalidates to 304. Then a session over every route, each answer
// checked against the served document (libs/api/testdata/check_openapi_answers.py, with Debian's
// python3-jsonschema): its status and media type documented, its JSON body valid against the documented schema.
#include <gtest/gtest.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>
#include <utility>

#include "http_test_client.hpp"
#include "ly/testing/files.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using ::ly::testing::ReadFile;

using testing::HttpAnswer;
using testing::ServerProcess;

TEST(OpenApiHttpTest, ServesTheDocumentAsJsonWithAnETag) {
    ::ly::testing::TempFolder folder;
    ServerProcess server(folder.path() / "data");
    ASSERT_EQ(server.start_error(), "") << server.start_error();

    const HttpAnswer answer = server.Call("GET", "/api/v1/openapi.json");
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/json");
    const boost::json::value document = answer.Json();
    ASSERT_TRUE(document.is_object()) << "not a JSON object: " << answer.body.substr(0, 200);
    EXPECT_EQ(document.at("openapi"), "3.1.0");
    EXPECT_TRUE(document.at("paths").as_object().contains("/api/v1/openapi.json"));

    const std::string etag = answer.Header("etag");
    ASSERT_FALSE(etag.empty());
    const HttpAnswer unchanged = server.Call("GET", "/api/v1/openapi.json", "", {{"If-None-Match", etag}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_EQ(unchanged.body, "");
    const HttpAnswer stale = server.Call("GET", "/api/v1/openapi.json", "", {{"If-None-Match", "\"other\""}});
    EXPECT_EQ(stale.status, 200);
    EXPECT_EQ(stale.body, answer.body);

    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

constexpr std::string_view kBoundary = "ly-openapi-boundary-7Hq2";

std::string FileForm(std::string_view bytes, std::string_view filename) {
    std::string body = "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += bytes;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return body;
}

// Calls the server and keeps every answer with the documented operation it belongs to.
class RecordingClient {
  public:
    explicit RecordingClient(const ServerProcess& server) : server_(server) {}

    // `documented_path` is the operation's template in the document, `target` what is sent.
    HttpAnswer Call(const std::string& method, const std::string& documented_path, const std::string& target,
                    const std::string& body = {}, const std::map<std::string, std::string>& headers = {}) {
        HttpAnswer answer = server_.Call(method, target, body, headers);
        boost::json::object recorded;
        recorded["method"] = method;
        recorded["path"] = documented_path;
        recorded["status"] = answer.status;
        recorded["contentType"] = answer.Header("content-type");
        recorded["body"] = answer.body;
        answers_.push_back(std::move(recorded));
        return answer;
    }
    HttpAnswer Json(const std::string& method, const std::string& documented_path, const std::string& target,
                    const std::string& json, const std::string& token = {}) {
        std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
        if (!token.empty()) headers["Authorization"] = "Bearer " + token;
        return Call(method, documented_path, target, json, headers);
    }
    HttpAnswer WithToken(const std::string& method, const std::string& documented_path, const std::string& target,
                         const std::string& token) {
        return Call(method, documented_path, target, {}, {{"Authorization", "Bearer " + token}});
    }

    const boost::json::array& answers() const { return answers_; }

  private:
    const ServerProcess& server_;
    boost::json::array answers_;
};

// Runs check_openapi_answers.py over the answers: its output, and whether it accepted them all.
std::pair<bool, std::string> CheckAgainstDocument(const std::filesystem::path& folder, const std::string& document,
                                                  const boost::json::array& answers) {
    const std::filesystem::path document_file = folder / "served-openapi.json";
    const std::filesystem::path answers_file = folder / "answers.json";
    std::ofstream(document_file, std::ios::binary) << document;
    std::ofstream(answers_file, std::ios::binary) << boost::json::serialize(answers);
    const std::string command = "/usr/bin/python3 " + std::string(LY_SOURCE_DIR) +
                                "/libs/api/testdata/check_openapi_answers.py '" + document_file.string() + "' '" +
                                answers_file.string() + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) return {false, "cannot run " + command};
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    return {pclose(pipe) == 0, output};
}

TEST(OpenApiHttpTest, EveryRouteAnswersAsDocumented) {
    ::ly::testing::TempFolder folder;
    ServerProcess server(folder.path() / "data");
    ASSERT_EQ(server.start_error(), "") << server.start_error();
    RecordingClient client(server);
    const std::string week = ReadFile(std::filesystem::path(LY_SOURCE_DIR) / "tests/fixtures/text/week_list.txt");
    ASSERT_FALSE(week.empty());

    // Operations.
    EXPECT_EQ(client.Call("GET", "/healthz", "/healthz").status, 200);
    EXPECT_EQ(client.Call("GET", "/readyz", "/readyz").status, 200);
    EXPECT_EQ(client.Call("GET", "/metrics", "/metrics").status, 200);
    const HttpAnswer document = client.Call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json");
    ASSERT_EQ(document.status, 200);
    EXPECT_EQ(client
                  .Call("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", {},
                        {{"If-None-Match", document.Header("etag")}})
                  .status,
              304);

    EXPECT_EQ(client.Call("GET", "/api/v1/limits", "/api/v1/limits").status, 200);
    const HttpAnswer machine = client.Call("GET", "/api/v1/statemachine", "/api/v1/statemachine");
    ASSERT_EQ(machine.status, 200);
    EXPECT_EQ(client
                  .Call("GET", "/api/v1/statemachine", "/api/v1/statemachine", {},
                        {{"If-None-Match", machine.Header("etag")}})
                  .status,
              304);

    // Extraction, raw and multipart, and its problems.
    EXPECT_EQ(client.Call("POST", "/api/v1/extract", "/api/v1/extract", week, {{"X-Filename", "week_list.txt"}}).status,
              200);
    EXPECT_EQ(client
                  .Call("POST", "/api/v1/extract", "/api/v1/extract", FileForm(week, "week_list.txt"),
                        {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}})
                  .status,
              200);
    EXPECT_EQ(client.Call("POST", "/api/v1/extract", "/api/v1/extract", "").status, 400);
    EXPECT_EQ(client.Call("POST", "/api/v1/extract", "/api/v1/extract", std::string("\x00\x01\x02\xff\xfe", 5)).status,
              415);

    // Accounts and tokens.
    const std::string credentials = R"({"email":"ann@school.org","password":"correct horse")";
    EXPECT_EQ(
        client.Json("POST", "/api/v1/auth/register", "/api/v1/auth/register", credentials + R"(,"name":"Ann"})").status,
        201);
    EXPECT_EQ(
        client.Json("POST", "/api/v1/auth/register", "/api/v1/auth/register", credentials + R"(,"name":"Ann"})").status,
        409);
    EXPECT_EQ(client.Json("POST", "/api/v1/auth/register", "/api/v1/auth/register", R"({"email":"x@y.org"})").status,
              400);
    EXPECT_EQ(client
                  .Json("POST", "/api/v1/auth/login", "/api/v1/auth/login",
                        R"({"email":"ann@school.org","password":"wrong horse"})")
                  .status,
              401);
    const HttpAnswer login = client.Json("POST", "/api/v1/auth/login", "/api/v1/auth/login", credentials + "}");
    ASSERT_EQ(login.status, 200) << login.body;
    const HttpAnswer refreshed = client.Json("POST", "/api/v1/auth/refresh", "/api/v1/auth/refresh",
                                             R"({"refreshToken":")" + login.Field("refreshToken") + R"("})");
    ASSERT_EQ(refreshed.status, 200) << refreshed.body;
    EXPECT_EQ(client.Json("POST", "/api/v1/auth/refresh", "/api/v1/auth/refresh", R"({"refreshToken":"nope"})").status,
              401);
    const std::string token = refreshed.Field("accessToken");
    EXPECT_EQ(client.WithToken("GET", "/api/v1/me", "/api/v1/me", token).status, 200);
    EXPECT_EQ(client.Call("GET", "/api/v1/me", "/api/v1/me").status, 401);

    // A direct upload, processed into a timetable.
    const HttpAnswer uploaded =
        client.Call("POST", "/api/v1/documents", "/api/v1/documents", FileForm(week, "week_list.txt"),
                    {{"Authorization", "Bearer " + token},
                     {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    EXPECT_EQ(client.Json("POST", "/api/v1/documents", "/api/v1/documents", "{}", token).status, 400);
    const std::string document_id = uploaded.Field("documentId");
    const std::string document_path = "/api/v1/documents/" + document_id;
    for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);;) {
        const std::string status = server.GetWithToken(document_path, token).Field("status");
        if ((status != "pending" && status != "processing") || std::chrono::steady_clock::now() > deadline) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents/{id}", document_path, token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents/{id}", "/api/v1/documents/not-an-id", token).status, 404);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents", "/api/v1/documents?limit=1", token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents", "/api/v1/documents?status=completed", token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents", "/api/v1/documents?limit=0", token).status, 400);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents/{id}/file", document_path + "/file", token).status, 200);
    const HttpAnswer timetable =
        client.WithToken("GET", "/api/v1/documents/{id}/timetable", document_path + "/timetable", token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    const std::string timetable_path = "/api/v1/timetables/" + timetable.Field("id");
    EXPECT_EQ(client.WithToken("GET", "/api/v1/documents/{id}/execution", document_path + "/execution", token).status,
              200);
    EXPECT_EQ(
        client.WithToken("GET", "/api/v1/documents/{id}/execution", "/api/v1/documents/not-an-id/execution", token)
            .status,
        404);

    // Timetables, exports and corrections.
    EXPECT_EQ(client.WithToken("GET", "/api/v1/timetables", "/api/v1/timetables?limit=5&offset=0", token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/timetables", "/api/v1/timetables?limit=x", token).status, 400);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/timetables/{id}", timetable_path, token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/timetables/{id}.ics", timetable_path + ".ics", token).status, 200);
    EXPECT_EQ(client.WithToken("GET", "/api/v1/timetables/{id}.csv", timetable_path + ".csv", token).status, 200);
    const std::string blocks = "/api/v1/timetables/{id}/timeblocks";
    const HttpAnswer added =
        client.Json("POST", blocks, timetable_path + "/timeblocks",
                    R"({"day":"Friday","start":"15:00","end":"16:00","name":"Staff meeting","notes":"Room 4"})", token);
    ASSERT_EQ(added.status, 201) << added.body;
    EXPECT_EQ(client
                  .Json("POST", blocks, timetable_path + "/timeblocks",
                        R"({"day":"Friday","start":"16:00","end":"15:00","name":"Backwards"})", token)
                  .status,
              400);
    const std::string block_path = timetable_path + "/timeblocks/" + added.Field("id");
    EXPECT_EQ(client
                  .Json("PUT", blocks + "/{blockId}", block_path,
                        R"({"day":"friday","start":"15:30","end":null,"name":"Staff meeting"})", token)
                  .status,
              200);
    EXPECT_EQ(client.WithToken("DELETE", blocks + "/{blockId}", block_path, token).status, 204);
    EXPECT_EQ(client.WithToken("DELETE", blocks + "/{blockId}", block_path, token).status, 404);

    // Calendar feeds.
    const std::string feeds = "/api/v1/timetables/{id}/feeds";
    const HttpAnswer feed = client.WithToken("POST", feeds, timetable_path + "/feeds", token);
    ASSERT_EQ(feed.status, 201) << feed.body;
    EXPECT_EQ(client.WithToken("POST", feeds, "/api/v1/timetables/not-an-id/feeds", token).status, 404);
    EXPECT_EQ(client.WithToken("GET", feeds, timetable_path + "/feeds", token).status, 200);
    EXPECT_EQ(client.Call("GET", feeds, timetable_path + "/feeds").status, 401);
    EXPECT_EQ(client.Call("GET", "/api/v1/calendar/{token}.ics", feed.Field("url")).status, 200);
    const std::string feed_path = timetable_path + "/feeds/" + feed.Field("id");
    EXPECT_EQ(client.WithToken("DELETE", feeds + "/{feedId}", feed_path, token).status, 204);
    EXPECT_EQ(client.WithToken("DELETE", feeds + "/{feedId}", feed_path, token).status, 404);
    EXPECT_EQ(client.Call("GET", "/api/v1/calendar/{token}.ics", feed.Field("url")).status, 404);

    // A pre-signed upload.
    EXPECT_EQ(client
                  .Json("POST", "/api/v1/documents/upload", "/api/v1/documents/upload",
                        R"({"filename":"week.txt","contentType":"text/plain"})", token)
                  .status,
              400);
    const HttpAnswer url = client.Json(
        "POST", "/api/v1/documents/upload", "/api/v1/documents/upload",
        R"({"filename":"week.txt","contentType":"text/plain","size":)" + std::to_string(week.size()) + "}", token);
    ASSERT_EQ(url.status, 201) << url.body;
    const std::string upload_url = url.Field("uploadUrl");
    const std::string upload_target = upload_url.substr(upload_url.find("/api/v1/uploads/"));
    const std::string upload_path = "/api/v1/uploads/{documentId}";
    EXPECT_EQ(client.Call("PUT", upload_path, upload_target + "x", week, {{"Content-Type", "text/plain"}}).status, 401);
    EXPECT_EQ(client.Call("PUT", upload_path, upload_target, week, {{"Content-Type", "text/plain"}}).status, 200);
    EXPECT_EQ(client.Call("PUT", upload_path, upload_target, week, {{"Content-Type", "text/plain"}}).status, 409);

    // Cleaning up.
    EXPECT_EQ(client.WithToken("DELETE", "/api/v1/documents/{id}", document_path, token).status, 204);
    EXPECT_EQ(client.WithToken("DELETE", "/api/v1/documents/{id}", document_path, token).status, 404);
    EXPECT_EQ(client
                  .Json("POST", "/api/v1/auth/logout", "/api/v1/auth/logout",
                        R"({"refreshToken":")" + refreshed.Field("refreshToken") + R"("})")
                  .status,
              204);

    const auto [accepted, output] = CheckAgainstDocument(folder.path(), document.body, client.answers());
    EXPECT_TRUE(accepted) << "answers that differ from the served OpenAPI document (is python3-jsonschema "
                             "installed? scripts/install-deps.sh):\n"
                          << output;
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace ly::api
