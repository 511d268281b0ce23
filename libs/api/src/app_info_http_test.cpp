// What the web app reads before anyone signs in, over real HTTP: GET /api/v1/limits names the upload limit the
// server was started with and exactly the media types a pre-signed upload accepts; GET /api/v1/statemachine is
// the state machine the server runs, byte for byte.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "http_test_client.hpp"
#include "ly/testing/files.hpp"

namespace ly::api {
namespace {

using testing::HttpAnswer;

constexpr int kMaxFileMb = 3;

class AppInfoHttpTest : public testing::SharedServerTest {
  protected:
    static void SetUpTestSuite() { StartServer({"--max-file-mb", std::to_string(kMaxFileMb)}); }

    static std::vector<std::string> Strings(const boost::json::value& array) {
        std::vector<std::string> strings;
        for (const auto& item : array.as_array()) strings.emplace_back(item.as_string());
        return strings;
    }

    // POST /api/v1/documents/upload declaring `content_type`: 201 when the server accepts the type.
    static int DeclareUpload(const Account& account, const std::string& content_type) {
        return server_
            ->PostJson("/api/v1/documents/upload",
                       R"({"filename":"week","contentType":")" + content_type + R"(","size":100})",
                       {{"Authorization", "Bearer " + account.access_token}})
            .status;
    }
};

TEST_F(AppInfoHttpTest, LimitsAreTheServersOwnWithoutABearer) {
    const HttpAnswer answer = server_->Call("GET", "/api/v1/limits");
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/json");
    const boost::json::value limits = answer.Json();
    EXPECT_EQ(limits.at("maxUploadBytes").to_number<std::int64_t>(), std::int64_t{kMaxFileMb} << 20);
    const std::vector<std::string> types = Strings(limits.at("acceptedTypes"));
    EXPECT_EQ(types, (std::vector<std::string>{"image/png", "image/jpeg", "image/webp", "image/tiff", "image/bmp",
                                               "image/heic", "application/pdf",
                                               "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                               "text/plain", "text/csv"}));
    const std::vector<std::string> extensions = Strings(limits.at("acceptedExtensions"));
    for (const std::string extension : {".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp", ".heic", ".pdf",
                                        ".docx", ".txt", ".csv"}) {
        EXPECT_NE(std::find(extensions.begin(), extensions.end(), extension), extensions.end()) << extension;
    }

    // Every type listed is one a pre-signed upload may declare, and others are refused: the list is the server's.
    const Account account = NewAccount();
    for (const std::string& type : types) EXPECT_EQ(DeclareUpload(account, type), 201) << type;
    for (const std::string type : {"image/gif", "application/zip", "application/msword", "text/html"}) {
        EXPECT_EQ(DeclareUpload(account, type), 400) << type;
    }
}

TEST_F(AppInfoHttpTest, TheStateMachineIsTheOneTheServerRuns) {
    const HttpAnswer answer = server_->Call("GET", "/api/v1/statemachine");
    ASSERT_EQ(answer.status, 200) << answer.body;
    EXPECT_EQ(answer.Header("content-type"), "application/json");
    EXPECT_EQ(answer.body,
              ::ly::testing::ReadFile(std::filesystem::path(LY_SOURCE_DIR) / "statemachines/document-processing.asl.json"));
    const boost::json::value machine = answer.Json();
    ASSERT_TRUE(machine.is_object());
    const std::string start(machine.at("StartAt").as_string());
    EXPECT_TRUE(machine.at("States").as_object().contains(start));
    const std::string etag = answer.Header("etag");
    ASSERT_FALSE(etag.empty());
    EXPECT_EQ(server_->Call("GET", "/api/v1/statemachine", "", {{"If-None-Match", etag}}).status, 304);
}

}  // namespace
}  // namespace ly::api
