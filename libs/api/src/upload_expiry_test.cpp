// A pre-signed upload whose URL expires without its bytes, with the service on a manual clock (an hour cannot
// pass in a test over real HTTP): the PUT is refused, and the document fails ("the upload never arrived") when
// it is read and when the service starts. Until then a restart leaves it waiting, unprocessed.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <thread>

#include "ly/api/service.hpp"
#include "ly/storage/document_repository.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using std::chrono::seconds;

const std::string kWeek = "Monday\t08:35-08:50 Registration\n";

class UploadExpiryTest : public ::testing::Test {
  protected:
    void Open() {
        auto opened = Service::Open({.data_dir = folder_.path() / "data",
                                     .access_token_lifetime = std::chrono::hours(24),
                                     .password_hash_limits = auth::PasswordHashLimits::Minimum()},
                                    &clock_);
        ASSERT_TRUE(opened.ok()) << opened.error().message;
        service_ = std::move(opened).value();
        router_ = transport::Router();
        service_->AddRoutes(router_, transport::RateLimiters{});
    }
    void Close() { service_.reset(); }

    transport::Response Call(const std::string& method, const std::string& target, const std::string& body,
                             transport::Headers headers) {
        auto request = transport::MakeRequest(method, target, std::move(headers), body);
        EXPECT_TRUE(request.ok());
        return router_.Handle(std::move(request).value());
    }
    transport::Response CallWithToken(const std::string& method, const std::string& target,
                                      const std::string& body = {}) {
        transport::Headers headers;
        headers.Set("Authorization", "Bearer " + token_);
        headers.Set("Host", "timetables.school.org");
        headers.Set("Content-Type", "application/json");
        return Call(method, target, body, std::move(headers));
    }
    static std::string Field(const transport::Response& response, std::string_view name) {
        const auto json = boost::json::parse(response.body);
        const auto* value = json.as_object().if_contains(name);
        return value != nullptr && value->is_string() ? std::string(value->as_string()) : std::string();
    }

    void SignIn() {
        transport::Headers json;
        json.Set("Content-Type", "application/json");
        const std::string credentials = R"({"email":"late@school.org","password":"correct horse","name":"Late"})";
        ASSERT_EQ(Call("POST", "/api/v1/auth/register", credentials, json).status, 201);
        const transport::Response login = Call("POST", "/api/v1/auth/login", credentials, json);
        ASSERT_EQ(login.status, 200) << login.body;
        token_ = Field(login, "accessToken");
    }

    // The new document's id and its URL's path and query.
    std::pair<std::string, std::string> NewUploadUrl() {
        const transport::Response answer = CallWithToken(
            "POST", "/api/v1/documents/upload",
            R"({"filename":"week.txt","contentType":"text/plain","size":)" + std::to_string(kWeek.size()) + "}");
        EXPECT_EQ(answer.status, 201) << answer.body;
        const std::string url = Field(answer, "uploadUrl");
        constexpr std::string_view kOrigin = "http://timetables.school.org";
        EXPECT_EQ(url.rfind(kOrigin, 0), 0u) << url;
        return {Field(answer, "documentId"), url.substr(kOrigin.size())};
    }
    transport::Response Put(const std::string& target) {
        transport::Headers headers;
        headers.Set("Content-Type", "text/plain");
        return Call("PUT", target, kWeek, std::move(headers));
    }

    ::ly::testing::TempFolder folder_;
    auth::ManualClock clock_{auth::TimePoint(seconds(1'800'000'000))};
    std::unique_ptr<Service> service_;
    transport::Router router_;
    std::string token_;
};

TEST_F(UploadExpiryTest, AnUploadThatNeverArrivesFailsOnceItsUrlHasExpired) {
    Open();
    SignIn();
    const auto [left_alone, left_alone_url] = NewUploadUrl();
    const auto [looked_at, looked_at_url] = NewUploadUrl();

    // A restart within the hour: still waiting for the bytes, neither processed nor given up.
    Close();
    Open();
    const transport::Response waiting = CallWithToken("GET", "/api/v1/documents/" + left_alone);
    ASSERT_EQ(waiting.status, 200) << waiting.body;
    EXPECT_EQ(Field(waiting, "status"), "pending");

    clock_.Advance(auth::UploadUrlSigner::kDefaultLifetime + seconds(2));
    const transport::Response late = Put(looked_at_url);
    EXPECT_EQ(late.status, 401) << late.body;
    EXPECT_NE(late.body.find("upload URL has expired"), std::string::npos) << late.body;

    // Read after its expiry: failed, with the reason.
    const transport::Response given_up = CallWithToken("GET", "/api/v1/documents/" + looked_at);
    ASSERT_EQ(given_up.status, 200) << given_up.body;
    EXPECT_EQ(Field(given_up, "status"), "failed");
    EXPECT_EQ(Field(given_up, "error"), "the upload never arrived");
    EXPECT_EQ(CallWithToken("GET", "/api/v1/documents/" + looked_at + "/file").status, 409);

    // Never read after its expiry, but the service starts again: failed on start.
    Close();
    Open();
    Close();
    auto database = storage::OpenSqliteDatabase({.path = folder_.path() / "data" / "ly.db"});
    ASSERT_TRUE(database.ok()) << database.error().message;
    storage::DocumentRepository documents(**database, [] { return std::int64_t{0}; });
    auto found = documents.Find(left_alone);
    ASSERT_TRUE(found.ok()) << found.error().message;
    EXPECT_EQ(found->status, storage::DocumentStatus::kFailed);
    EXPECT_EQ(found->error, "the upload never arrived");
    EXPECT_FALSE(found->sha256.has_value());
}

TEST_F(UploadExpiryTest, BytesThatArriveInTimeSurviveARestartAndAreProcessed) {
    Open();
    SignIn();
    const auto [id, url] = NewUploadUrl();
    clock_.Advance(auth::UploadUrlSigner::kDefaultLifetime - seconds(1));
    const transport::Response put = Put(url);
    ASSERT_EQ(put.status, 200) << put.body;
    // Past the URL's hour now, but the bytes are in: never "the upload never arrived".
    clock_.Advance(seconds(10));
    Close();
    Open();
    for (int i = 0; i < 600; ++i) {
        const std::string status = Field(CallWithToken("GET", "/api/v1/documents/" + id), "status");
        if (status != "pending" && status != "processing") break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const transport::Response done = CallWithToken("GET", "/api/v1/documents/" + id);
    EXPECT_TRUE(Field(done, "status") == "completed" || Field(done, "status") == "needs_review") << done.body;
    const transport::Response file = CallWithToken("GET", "/api/v1/documents/" + id + "/file");
    EXPECT_EQ(file.status, 200);
    EXPECT_EQ(file.body, kWeek);
}

}  // namespace
}  // namespace ly::api
