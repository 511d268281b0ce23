// The web app served by `ly serve --web-root` over real HTTP: content types, cache headers, the app's
// Content-Security-Policy, the fallback to index.html for the app's routes, 404 for a missing asset, the API's
// paths left to the API, ETag revalidation (304), and paths that try to leave the web root.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "http_test_client.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using testing::HttpAnswer;
using testing::ServerProcess;

constexpr std::string_view kIndex = "<!doctype html><html><head><script type=\"module\" src=\"/assets/app-abc123.js\">"
                                    "</script></head><body><div id=\"root\"></div></body></html>";
constexpr std::string_view kScript = "console.log('the app');";
constexpr std::string_view kSecret = "a file outside the web root";
constexpr std::string_view kAppPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
    "worker-src 'self'; manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'; form-action 'self'";

void Write(const std::filesystem::path& path, std::string_view text) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

// One server for the suite over a web root laid out as Vite builds one, beside a file it must never serve.
class WebAppHttpTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        folder_ = new ::ly::testing::TempFolder();
        const std::filesystem::path root = folder_->path() / "dist";
        Write(root / "index.html", kIndex);
        Write(root / "assets/app-abc123.js", kScript);
        Write(root / "assets/app-abc123.css", "body{margin:0}");
        Write(root / "sw.js", "self.addEventListener('fetch', () => {});");
        Write(root / "manifest.webmanifest", R"({"name":"Timetables"})");
        Write(root / "icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
        Write(root / ".env", "SECRET=1");
        Write(folder_->path() / "secret.txt", kSecret);
        std::filesystem::create_symlink(folder_->path() / "secret.txt", root / "linked.txt");
        server_ = new ServerProcess(folder_->path() / "data", {"--web-root", root.string()});
    }
    static void TearDownTestSuite() {
        EXPECT_EQ(server_->Stop(), 0) << server_->Log();
        delete server_;
        delete folder_;
    }
    void SetUp() override { ASSERT_EQ(server_->start_error(), "") << server_->start_error(); }

    static HttpAnswer Get(const std::string& target, const std::map<std::string, std::string>& headers = {}) {
        return server_->Call("GET", target, "", headers);
    }

    static inline ::ly::testing::TempFolder* folder_ = nullptr;
    static inline ServerProcess* server_ = nullptr;
};

TEST_F(WebAppHttpTest, ServesIndexAtTheRootWithTheAppsPolicyAndNoCache) {
    const HttpAnswer index = Get("/");
    ASSERT_EQ(index.status, 200) << index.body;
    EXPECT_EQ(index.body, kIndex);
    EXPECT_EQ(index.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(index.Header("cache-control"), "no-cache");
    EXPECT_EQ(index.Header("content-security-policy"), kAppPolicy);
    EXPECT_EQ(index.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(index.Header("x-frame-options"), "DENY");
    EXPECT_FALSE(index.Header("etag").empty());
    EXPECT_EQ(Get("/index.html").body, kIndex);
}

TEST_F(WebAppHttpTest, ServesFilesWithTheirTypesAndHashedAssetsImmutable) {
    const HttpAnswer script = Get("/assets/app-abc123.js");
    ASSERT_EQ(script.status, 200);
    EXPECT_EQ(script.body, kScript);
    EXPECT_EQ(script.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(script.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(Get("/assets/app-abc123.css").Header("content-type"), "text/css; charset=utf-8");

    // The service worker runs under its own answer's policy: the app's, so it may fetch what it precaches.
    const HttpAnswer worker = Get("/sw.js");
    EXPECT_EQ(worker.status, 200);
    EXPECT_EQ(worker.Header("cache-control"), "no-cache");
    EXPECT_EQ(worker.Header("content-security-policy"), kAppPolicy);
    const HttpAnswer manifest = Get("/manifest.webmanifest");
    EXPECT_EQ(manifest.Header("content-type"), "application/manifest+json");
    EXPECT_EQ(manifest.Header("cache-control"), "no-cache");
    EXPECT_EQ(Get("/icon.svg").Header("content-type"), "image/svg+xml");

    const HttpAnswer head = server_->Call("HEAD", "/assets/app-abc123.js");
    EXPECT_EQ(head.status, 200);
    EXPECT_EQ(head.body, "");
    EXPECT_EQ(head.Header("content-length"), std::to_string(kScript.size()));
}

TEST_F(WebAppHttpTest, TheAppsRoutesGetIndexAndAMissingAssetIs404) {
    for (const std::string path : {"/timetables/abc", "/review", "/documents/42/pipeline", "/assets/"}) {
        const HttpAnswer page = Get(path);
        EXPECT_EQ(page.status, 200) << path;
        EXPECT_EQ(page.body, kIndex) << path;
        EXPECT_EQ(page.Header("cache-control"), "no-cache") << path;
        EXPECT_EQ(page.Header("content-security-policy"), kAppPolicy) << path;
    }
    const HttpAnswer missing = Get("/assets/app-old999.js");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(missing.Header("content-type"), "application/problem+json");
    EXPECT_EQ(Get("/favicon.ico").status, 404);
    // Other methods than GET and HEAD are not the app's.
    EXPECT_EQ(server_->Call("POST", "/index.html", "x").status, 404);
}

TEST_F(WebAppHttpTest, TheApisPathsStayTheApis) {
    for (const std::string path : {"/api/v1/nothing", "/api/v1/timetables/a/b/c", "/metrics/x", "/healthz/x"}) {
        const HttpAnswer answer = Get(path);
        EXPECT_EQ(answer.status, 404) << path;
        EXPECT_EQ(answer.Header("content-type"), "application/problem+json") << path;
    }
    EXPECT_EQ(Get("/healthz").Field("status"), "ok");
    // A path the API serves with another method is still its 405.
    EXPECT_EQ(Get("/api/v1/auth/login").status, 405);
    // API answers keep their stricter policy.
    EXPECT_EQ(Get("/healthz").Header("content-security-policy"),
              "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
}

TEST_F(WebAppHttpTest, RevalidatesWithTheETag) {
    const HttpAnswer first = Get("/assets/app-abc123.js");
    const std::string etag = first.Header("etag");
    ASSERT_FALSE(etag.empty());
    const HttpAnswer unchanged = Get("/assets/app-abc123.js", {{"If-None-Match", etag}});
    EXPECT_EQ(unchanged.status, 304);
    EXPECT_EQ(unchanged.body, "");
    EXPECT_EQ(unchanged.Header("etag"), etag);
    EXPECT_EQ(unchanged.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(Get("/assets/app-abc123.js", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
    EXPECT_EQ(Get("/assets/app-abc123.js", {{"If-None-Match", "\"other\""}}).status, 200);
    // Another file has another tag.
    EXPECT_EQ(Get("/", {{"If-None-Match", etag}}).status, 200);

    // A rebuilt file gets a new tag: the old one no longer matches.
    Write(folder_->path() / "dist/sw.js", "self.addEventListener('install', () => {}); // a new build");
    const HttpAnswer worker = Get("/sw.js");
    Write(folder_->path() / "dist/sw.js", "self.addEventListener('install', () => {}); // a newer build!");
    const HttpAnswer rebuilt = Get("/sw.js", {{"If-None-Match", worker.Header("etag")}});
    EXPECT_EQ(rebuilt.status, 200);
    EXPECT_NE(rebuilt.Header("etag"), worker.Header("etag"));
}

TEST_F(WebAppHttpTest, NoPathLeavesTheWebRoot) {
    for (const std::string target :
         {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/assets/%2E%2E/%2e%2e/secret.txt",
          "/..%2fsecret.txt", "/..%5csecret.txt", "/assets\\..\\..\\secret.txt", "/index.html%00.js", "/./index.html",
          "/.env", "/%2eenv"}) {
        const HttpAnswer answer = Get(target);
        EXPECT_EQ(answer.status, 400) << target;
        EXPECT_EQ(answer.body.find(kSecret), std::string::npos) << target;
        EXPECT_EQ(answer.Header("content-type"), "application/problem+json") << target;
    }
    // A symbolic link inside the root that leads out of it is not followed.
    const HttpAnswer linked = Get("/linked.txt");
    EXPECT_EQ(linked.status, 404);
    EXPECT_EQ(linked.body.find(kSecret), std::string::npos);
}

TEST(WebAppServeTest, WithoutAWebRootTheRootIs404AndAMissingOneStopsTheStart) {
    ::ly::testing::TempFolder folder;
    {
        ServerProcess server(folder.path() / "data");
        ASSERT_EQ(server.start_error(), "") << server.start_error();
        EXPECT_EQ(server.Call("GET", "/").status, 404);
        EXPECT_EQ(server.Stop(), 0) << server.Log();
    }
    ServerProcess missing(folder.path() / "data2", {"--web-root", (folder.path() / "no-such-dist").string()});
    EXPECT_NE(missing.start_error(), "");
}

}  // namespace
}  // namespace ly::api
