// Pre-signed uploads over real HTTP: POST /documents/upload answers a signed URL, a PUT to it (no bearer token)
// stores the bytes and the document is processed; GET /documents/{id}/file gives the bytes back to their owner.
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

const std::string kWeek = "Monday\t08:35-08:50 Registration\nTuesday\t09:00-10:00 Maths\n";

class UploadsHttpTest : public testing::SharedServerTest {
  protected:
    struct UploadUrl {
        std::string document_id;
        std::string target;  // the URL's path and query, to send to the test server
    };

    static void SetUpTestSuite() { StartServer({"--max-file-mb", "1"}); }
    static HttpAnswer AskForUrl(const Account& account, const std::string& json) {
        return server_->PostJson("/api/v1/documents/upload", json,
                                 {{"Authorization", "Bearer " + account.access_token}});
    }

    // A signed URL for `size` bytes of `content_type`; fails the test when there is none.
    static UploadUrl NewUploadUrl(const Account& account, std::size_t size,
                                  const std::string& content_type = "text/plain",
                                  const std::string& filename = "week.txt") {
        const HttpAnswer answer = AskForUrl(account, R"({"filename":")" + filename + R"(","contentType":")" +
                                                         content_type + R"(","size":)" + std::to_string(size) + "}");
        EXPECT_EQ(answer.status, 201) << answer.body;
        const std::string url = answer.Field("uploadUrl");
        // The test client sends "Host: 127.0.0.1", so the URL names that host.
        constexpr std::string_view kOrigin = "http://127.0.0.1";
        EXPECT_EQ(url.rfind(kOrigin, 0), 0u) << url;
        return UploadUrl{answer.Field("documentId"), url.size() > kOrigin.size() ? url.substr(kOrigin.size()) : ""};
    }

    static HttpAnswer Put(const std::string& target, const std::string& bytes,
                          const std::string& content_type = "text/plain") {
        return server_->Call("PUT", target, bytes, {{"Content-Type", content_type}});
    }
};

// Replaces the value of query parameter `name` in `target`.
std::string WithParameter(std::string target, std::string_view name, std::string_view value) {
    const std::size_t start = target.find(std::string(name) + "=") + name.size() + 1;
    const std::size_t end = target.find('&', start);
    return target.replace(start, (end == std::string::npos ? target.size() : end) - start, value);
}

TEST_F(UploadsHttpTest, PresignedUploadIsProcessedAndDownloadsBackByteIdentical) {
    const Account ann = NewAccount();
    const HttpAnswer asked = server_->PostJson(
        "/api/v1/documents/upload",
        R"({"filename":"Année 7/week.txt","contentType":"text/plain","size":)" + std::to_string(kWeek.size()) + "}",
        {{"Authorization", "Bearer " + ann.access_token}, {"Host", "timetables.school.org:8080"}});
    ASSERT_EQ(asked.status, 201) << asked.body;
    const std::string id = asked.Field("documentId");
    EXPECT_EQ(id.size(), 36u);
    EXPECT_EQ(asked.Header("location"), "/api/v1/documents/" + id);
    const std::string url = asked.Field("uploadUrl");
    const std::string prefix = "http://timetables.school.org:8080/api/v1/uploads/" + id + "?X-Ly-";
    ASSERT_EQ(url.rfind(prefix, 0), 0u) << url;
    EXPECT_EQ(asked.Field("expiresAt").size(), 24u) << asked.body;
    const std::string target = url.substr(std::string_view("http://timetables.school.org:8080").size());

    // Waiting for its bytes: pending without a hash, nothing to download, and not processed meanwhile.
    const HttpAnswer waiting = server_->GetWithToken("/api/v1/documents/" + id, ann.access_token);
    ASSERT_EQ(waiting.status, 200) << waiting.body;
    EXPECT_EQ(waiting.Field("status"), "pending");
    EXPECT_TRUE(waiting.Json().as_object().at("sha256").is_null()) << waiting.body;
    EXPECT_EQ(waiting.Field("filename"), "week.txt");
    ExpectProblem(server_->GetWithToken("/api/v1/documents/" + id + "/file", ann.access_token), 409);

    const HttpAnswer put = Put(target, kWeek);
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(put.Field("documentId"), id);
    EXPECT_EQ(put.Field("status"), "pending");
    EXPECT_EQ(ReadObject("uploads/" + ann.id + "/" + id + ".txt"), kWeek);

    const std::string status = WaitUntilProcessed(ann, id);
    EXPECT_TRUE(status == "completed" || status == "needs_review") << status;
    const HttpAnswer processed = server_->GetWithToken("/api/v1/documents/" + id, ann.access_token);
    EXPECT_EQ(processed.Field("sha256"), Sha256Hex(kWeek));
    EXPECT_EQ(processed.Json().as_object().at("size").as_int64(), static_cast<std::int64_t>(kWeek.size()));
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + id + "/timetable", ann.access_token).status, 200);

    const HttpAnswer file = server_->GetWithToken("/api/v1/documents/" + id + "/file", ann.access_token);
    ASSERT_EQ(file.status, 200) << file.body;
    EXPECT_EQ(file.body, kWeek);
    EXPECT_EQ(file.Header("content-type"), "text/plain");
    EXPECT_EQ(file.Header("etag"), "\"" + Sha256Hex(kWeek) + "\"");
    EXPECT_EQ(file.Header("content-disposition"), "attachment; filename=\"week.txt\"; filename*=UTF-8''week.txt");

    // The URL is spent: a second PUT is a conflict, and the stored bytes stay the first ones.
    ExpectProblem(Put(target, std::string(kWeek.size(), 'x')), 409);
    EXPECT_EQ(ReadObject("uploads/" + ann.id + "/" + id + ".txt"), kWeek);
}

TEST_F(UploadsHttpTest, TheDownloadNamesNonAsciiFilesBothWays) {
    const Account ann = NewAccount();
    const UploadUrl upload = NewUploadUrl(ann, kWeek.size(), "text/plain", "Stundenplan \\\"Woche\\\" ä.txt");
    ASSERT_EQ(Put(upload.target, kWeek).status, 200);
    const HttpAnswer file =
        server_->GetWithToken("/api/v1/documents/" + upload.document_id + "/file", ann.access_token);
    ASSERT_EQ(file.status, 200) << file.body;
    EXPECT_EQ(file.Header("content-disposition"),
              "attachment; filename=\"Stundenplan _Woche_ __.txt\"; "
              "filename*=UTF-8''Stundenplan%20%22Woche%22%20%C3%A4.txt");
}

TEST_F(UploadsHttpTest, ATamperedOrIncompleteUrlIs401) {
    const Account ann = NewAccount();
    const UploadUrl upload = NewUploadUrl(ann, kWeek.size());
    ExpectProblem(Put(WithParameter(upload.target, "X-Ly-Signature", "AAAA"), kWeek), 401);
    ExpectProblem(Put(WithParameter(upload.target, "X-Ly-Max-Bytes", "999999"), kWeek), 401);
    ExpectProblem(Put(WithParameter(upload.target, "X-Ly-Expires", "9999999999"), kWeek), 401);
    ExpectProblem(Put(upload.target.substr(0, upload.target.find('?')), kWeek), 401);
    // Another document's path with this document's signature.
    const UploadUrl other = NewUploadUrl(ann, kWeek.size());
    const std::string swapped =
        other.target.substr(0, other.target.find('?')) + upload.target.substr(upload.target.find('?'));
    ExpectProblem(Put(swapped, kWeek), 401);
    // A bearer token is no substitute for the signature.
    ExpectProblem(server_->Call("PUT", "/api/v1/uploads/" + upload.document_id, kWeek,
                                {{"Content-Type", "text/plain"}, {"Authorization", "Bearer " + ann.access_token}}),
                  401);

    // None of this touched the document: the genuine URL still works.
    EXPECT_EQ(Put(upload.target, kWeek).status, 200);
}

TEST_F(UploadsHttpTest, ThePutMustSendWhatTheUrlWasSignedFor) {
    const Account ann = NewAccount();
    const UploadUrl upload = NewUploadUrl(ann, kWeek.size());
    ExpectProblem(Put(upload.target, kWeek, "application/pdf"), 400, "Content-Type");
    ExpectProblem(Put(upload.target, kWeek + "x"), 413, "body");
    ExpectProblem(Put(upload.target, ""), 400, "body");
    // Declared text, but the bytes are a PDF: told from the bytes, as a direct upload is.
    ExpectProblem(Put(upload.target, "%PDF-1.7\n" + std::string(20, 'x')), 415, "body");
    // Over the service's limit (1 MB here): refused before the body is read.
    EXPECT_EQ(Put(upload.target, std::string((1u << 20) + 1, 'a')).status, 413);

    // Refusals leave the document waiting for its bytes.
    const HttpAnswer put = Put(upload.target, kWeek, "Text/Plain");
    EXPECT_EQ(put.status, 200) << put.body;
}

TEST_F(UploadsHttpTest, AnotherUsersFileIsNotFound) {
    const Account ann = NewAccount();
    const Account bob = NewAccount();
    const UploadUrl upload = NewUploadUrl(ann, kWeek.size());
    ASSERT_EQ(Put(upload.target, kWeek).status, 200);

    const HttpAnswer peek =
        server_->GetWithToken("/api/v1/documents/" + upload.document_id + "/file", bob.access_token);
    ExpectProblem(peek, 404);
    const HttpAnswer unknown =
        server_->GetWithToken("/api/v1/documents/00000000-0000-4000-8000-000000000000/file", bob.access_token);
    EXPECT_EQ(peek.body, unknown.body) << "another user's file must look exactly like a missing one";
    ExpectProblem(server_->GetWithToken("/api/v1/documents/not-an-id/file", bob.access_token), 404);
    ExpectProblem(server_->Call("GET", "/api/v1/documents/" + upload.document_id + "/file"), 401);
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + upload.document_id + "/file", ann.access_token).status, 200);

    // A document uploaded directly downloads the same way.
    const std::string boundary = "ly-upload-test";
    const HttpAnswer direct = server_->Call(
        "POST", "/api/v1/documents",
        "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"direct.txt\"\r\n\r\n" + kWeek +
            "\r\n--" + boundary + "--\r\n",
        {{"Authorization", "Bearer " + bob.access_token},
         {"Content-Type", "multipart/form-data; boundary=" + boundary}});
    ASSERT_EQ(direct.status, 201) << direct.body;
    const HttpAnswer bobs_file =
        server_->GetWithToken("/api/v1/documents/" + direct.Field("documentId") + "/file", bob.access_token);
    EXPECT_EQ(bobs_file.status, 200) << bobs_file.body;
    EXPECT_EQ(bobs_file.body, kWeek);
}

TEST_F(UploadsHttpTest, AskingForAnUploadUrlValidatesEachField) {
    const Account ann = NewAccount();
    ExpectProblem(AskForUrl(ann, R"({"contentType":"text/plain","size":10})"), 400, "filename");
    ExpectProblem(AskForUrl(ann, R"({"filename":"","contentType":"text/plain","size":10})"), 400, "filename");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","size":10})"), 400, "contentType");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.zip","contentType":"application/zip","size":10})"), 400,
                  "contentType");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":7,"size":10})"), 400, "contentType");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain"})"), 400, "size");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain","size":0})"), 400, "size");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain","size":-5})"), 400, "size");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain","size":1.5})"), 400, "size");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain","size":"10"})"), 400, "size");
    ExpectProblem(AskForUrl(ann, R"({"filename":"w.txt","contentType":"text/plain","size":2000000})"), 413, "size");
    ExpectProblem(AskForUrl(ann, "not json"), 400, "body");
    ExpectProblem(
        server_->PostJson("/api/v1/documents/upload", R"({"filename":"w.txt","contentType":"text/plain","size":10})",
                          {{"Authorization", "Bearer " + ann.access_token}, {"Host", "a@evil.example"}}),
        400, "Host");
    ExpectProblem(
        server_->PostJson("/api/v1/documents/upload", R"({"filename":"w.txt","contentType":"text/plain","size":10})"),
        401);

    // Every type the extraction engine reads is accepted, parameters and case aside.
    for (const std::string type :
         {"application/pdf", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
          "text/plain; charset=utf-8", "IMAGE/PNG", "image/jpeg", "image/tiff", "image/webp", "image/bmp",
          "image/heic"}) {
        EXPECT_EQ(AskForUrl(ann, R"({"filename":"w","contentType":")" + type + R"(","size":10})").status, 201) << type;
    }
}

}  // namespace
}  // namespace ly::api
