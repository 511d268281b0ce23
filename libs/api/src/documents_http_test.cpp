// The document routes over real HTTP: upload into the data folder's object store, list, read and delete,
// each scoped to its owner.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "http_test_client.hpp"
#include "ly/base/sha256.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using testing::HttpAnswer;
using testing::ServerProcess;

constexpr std::string_view kBoundary = "ly-test-boundary-7MA4YWxk";

std::string MultipartBody(std::string_view field, std::string_view filename, std::string_view bytes) {
    std::string body = "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"" + std::string(field) + "\"; filename=\"" + std::string(filename) +
            "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += bytes;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return body;
}

class DocumentsHttpTest : public testing::SharedServerTest {
  protected:
    static HttpAnswer Upload(const Account& account, std::string_view bytes, std::string_view filename = "week.txt",
                             std::string_view field = "file") {
        return server_->Call("POST", "/api/v1/documents", MultipartBody(field, filename, bytes),
                             {{"Authorization", "Bearer " + account.access_token},
                              {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    }

    static HttpAnswer Delete(const Account& account, const std::string& id) {
        return server_->Call("DELETE", "/api/v1/documents/" + id, {},
                             {{"Authorization", "Bearer " + account.access_token}});
    }
};

const std::string kWeek = "Monday\t08:35-08:50 Registration\nTuesday\t09:00-10:00 Maths\n";

TEST_F(DocumentsHttpTest, UploadStoresTheBytesUnderTheOwnersKeyWithTheirHash) {
    const Account ann = NewAccount();
    const HttpAnswer uploaded = Upload(ann, kWeek, "../../etc/week.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string id = uploaded.Field("documentId");
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(uploaded.Field("status"), "pending");
    EXPECT_EQ(uploaded.Header("location"), "/api/v1/documents/" + id);
    EXPECT_EQ(ReadObject("uploads/" + ann.id + "/" + id + ".txt"), kWeek);

    const HttpAnswer got = server_->GetWithToken("/api/v1/documents/" + id, ann.access_token);
    ASSERT_EQ(got.status, 200) << got.body;
    EXPECT_EQ(got.Field("id"), id);
    EXPECT_EQ(got.Field("filename"), "week.txt");
    EXPECT_EQ(got.Field("contentType"), "text/plain");
    EXPECT_EQ(got.Field("sha256"), Sha256Hex(kWeek));
    EXPECT_EQ(got.Json().as_object().at("size").as_int64(), static_cast<std::int64_t>(kWeek.size()));
    // Processing starts as soon as the upload is stored, so it may already have moved on.
    EXPECT_NE(got.Field("status"), "") << got.body;
    EXPECT_EQ(got.Field("createdAt").size(), 24u) << got.body;
}

TEST_F(DocumentsHttpTest, UploadRefusesWhatItCannotKeep) {
    const Account ann = NewAccount();
    ExpectProblem(Upload(ann, kWeek, "week.txt", "attachment"), 400, "file");
    ExpectProblem(Upload(ann, ""), 400, "file");
    ExpectProblem(Upload(ann, std::string("PK\x03\x04", 4) + std::string(60, '\0'), "x.zip"), 415, "file");
    ExpectProblem(server_->Call("POST", "/api/v1/documents", kWeek,
                                {{"Authorization", "Bearer " + ann.access_token}, {"Content-Type", "text/plain"}}),
                  400, "file");
    ExpectProblem(server_->Call("POST", "/api/v1/documents", MultipartBody("file", "w.txt", kWeek),
                                {{"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}}),
                  401);
}

TEST_F(DocumentsHttpTest, ListPagesNewestFirstAndFiltersByStatus) {
    const Account ann = NewAccount();
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        const HttpAnswer uploaded = Upload(ann, kWeek + std::to_string(i), "week" + std::to_string(i) + ".txt");
        ASSERT_EQ(uploaded.status, 201) << uploaded.body;
        ids.push_back(uploaded.Field("documentId"));
    }
    const HttpAnswer first = server_->GetWithToken("/api/v1/documents?limit=2", ann.access_token);
    ASSERT_EQ(first.status, 200) << first.body;
    const boost::json::value first_json = first.Json();
    const auto& first_page = first_json.as_object();
    ASSERT_EQ(first_page.at("documents").as_array().size(), 2u);
    EXPECT_EQ(first_page.at("documents").as_array()[0].as_object().at("id").as_string(), ids[2]);
    ASSERT_TRUE(first_page.at("nextCursor").is_string()) << first.body;

    const HttpAnswer second = server_->GetWithToken(
        "/api/v1/documents?limit=2&cursor=" + std::string(first_page.at("nextCursor").as_string()), ann.access_token);
    ASSERT_EQ(second.status, 200) << second.body;
    const boost::json::value second_json = second.Json();
    const auto& second_page = second_json.as_object();
    ASSERT_EQ(second_page.at("documents").as_array().size(), 1u);
    EXPECT_EQ(second_page.at("documents").as_array()[0].as_object().at("id").as_string(), ids[0]);
    EXPECT_TRUE(second_page.at("nextCursor").is_null());

    // Once processing has settled, each status filter answers only documents with that status, and together
    // they answer all three.
    for (const std::string& id : ids) WaitUntilProcessed(ann, id);
    std::size_t total = 0;
    for (const std::string status : {"pending", "processing", "completed", "needs_review", "failed"}) {
        const HttpAnswer filtered = server_->GetWithToken("/api/v1/documents?status=" + status, ann.access_token);
        ASSERT_EQ(filtered.status, 200) << filtered.body;
        const boost::json::value json = filtered.Json();
        for (const auto& document : json.as_object().at("documents").as_array()) {
            EXPECT_EQ(document.as_object().at("status").as_string(), status) << filtered.body;
            ++total;
        }
    }
    EXPECT_EQ(total, 3u);

    ExpectProblem(server_->GetWithToken("/api/v1/documents?status=done", ann.access_token), 400, "status");
    ExpectProblem(server_->GetWithToken("/api/v1/documents?limit=0", ann.access_token), 400, "limit");
    ExpectProblem(server_->GetWithToken("/api/v1/documents?limit=abc", ann.access_token), 400, "limit");
    ExpectProblem(server_->GetWithToken("/api/v1/documents?cursor=made-up", ann.access_token), 400, "cursor");
    ExpectProblem(server_->Call("GET", "/api/v1/documents"), 401);
}

TEST_F(DocumentsHttpTest, AnotherUsersDocumentIsNotFound) {
    const Account ann = NewAccount();
    const Account bob = NewAccount();
    const std::string id = Upload(ann, kWeek).Field("documentId");
    ASSERT_FALSE(id.empty());

    const HttpAnswer peek = server_->GetWithToken("/api/v1/documents/" + id, bob.access_token);
    ExpectProblem(peek, 404);
    const HttpAnswer unknown =
        server_->GetWithToken("/api/v1/documents/00000000-0000-4000-8000-000000000000", bob.access_token);
    EXPECT_EQ(peek.body, unknown.body) << "another user's document must look exactly like a missing one";
    ExpectProblem(server_->GetWithToken("/api/v1/documents/not-an-id", bob.access_token), 404);
    ExpectProblem(Delete(bob, id), 404);
    const HttpAnswer bobs_list = server_->GetWithToken("/api/v1/documents", bob.access_token);
    EXPECT_EQ(bobs_list.Json().as_object().at("documents").as_array().size(), 0u) << bobs_list.body;

    // Still there for its owner.
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + id, ann.access_token).status, 200);
}

TEST_F(DocumentsHttpTest, DeleteRemovesTheDocumentAndItsBytes) {
    const Account ann = NewAccount();
    const std::string id = Upload(ann, kWeek).Field("documentId");
    const auto object = folder_->path() / "data" / "objects" / "uploads" / ann.id / (id + ".txt");
    ASSERT_TRUE(std::filesystem::exists(object));

    const HttpAnswer deleted = Delete(ann, id);
    EXPECT_EQ(deleted.status, 204) << deleted.body;
    EXPECT_FALSE(std::filesystem::exists(object));
    ExpectProblem(server_->GetWithToken("/api/v1/documents/" + id, ann.access_token), 404);
    ExpectProblem(Delete(ann, id), 404);
}

}  // namespace
}  // namespace ly::api

namespace ly::api {
namespace {

// The size limit (--max-file-mb): over it by a little, the handler refuses the file; by much, the server
// refuses the body before reading it. Both are 413.
TEST(DocumentsHttpLimitTest, AnUploadOverTheLimitIs413) {
    ::ly::testing::TempFolder folder;
    ServerProcess server(folder.path() / "data", {"--max-file-mb", "1"});
    ASSERT_EQ(server.start_error(), "");
    ASSERT_EQ(
        server
            .PostJson("/api/v1/auth/register", R"({"email":"big@school.org","password":"correct horse","name":"Big"})")
            .status,
        201);
    const std::string token =
        server.PostJson("/api/v1/auth/login", R"({"email":"big@school.org","password":"correct horse"})")
            .Field("accessToken");
    const auto upload = [&](std::size_t bytes) {
        return server.Call("POST", "/api/v1/documents", MultipartBody("file", "big.txt", std::string(bytes, 'a')),
                           {{"Authorization", "Bearer " + token},
                            {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    };
    const HttpAnswer slightly_over = upload((1u << 20) + 10 * 1024);
    EXPECT_EQ(slightly_over.status, 413) << slightly_over.body;
    EXPECT_EQ(slightly_over.Field("field"), "file") << slightly_over.body;
    EXPECT_EQ(upload(2u << 20).status, 413);
    EXPECT_EQ(upload(1000).status, 201);
    EXPECT_EQ(server.Stop(), 0) << server.Log();
}

}  // namespace
}  // namespace ly::api
