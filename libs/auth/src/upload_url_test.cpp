#include "ly/auth/upload_url.hpp"

#include <gtest/gtest.h>

namespace ly::auth {
namespace {

using std::chrono::seconds;

const TimePoint kStart = TimePoint(seconds(1'800'000'000));
constexpr std::string_view kPath = "/api/v1/uploads/doc-1";
constexpr std::string_view kDocx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

std::string QueryOf(const SignedUpload& signed_upload) {
    return signed_upload.path_and_query.substr(signed_upload.path_and_query.find('?') + 1);
}

// Replaces the value of parameter `name` in `query`.
std::string WithParameter(std::string query, std::string_view name, std::string_view value) {
    const std::size_t start = query.find(std::string(name) + "=") + name.size() + 1;
    const std::size_t end = query.find('&', start);
    return query.replace(start, (end == std::string::npos ? query.size() : end) - start, value);
}

class UploadUrlTest : public ::testing::Test {
  protected:
    ManualClock clock_{kStart};
    UploadUrlSigner signer_ = *UploadUrlSigner::Create(std::string(32, 'u'), clock_);
    SignedUpload signed_ = *signer_.Sign(kPath, "doc-1", "user-7", kDocx, 10'000'000);
    std::string query_ = QueryOf(signed_);

    void ExpectRejected(const Result<UploadGrant>& grant, ErrorCode code, std::string_view reason) {
        ASSERT_FALSE(grant.ok());
        EXPECT_EQ(grant.error().code, code);
        EXPECT_EQ(grant.error().message.rfind(reason, 0), 0u) << grant.error().message;
    }
};

TEST_F(UploadUrlTest, SignedUrlVerifiesToItsGrant) {
    EXPECT_EQ(signed_.path_and_query.rfind(std::string(kPath) + "?", 0), 0u);
    EXPECT_EQ(signed_.expires_at, kStart + seconds(3600));
    const auto grant = signer_.Verify("PUT", kPath, query_, kDocx, 5'000);
    ASSERT_TRUE(grant.ok()) << grant.error().message;
    EXPECT_EQ(grant->path, kPath);
    EXPECT_EQ(grant->document_id, "doc-1");
    EXPECT_EQ(grant->user_id, "user-7");
    EXPECT_EQ(grant->content_type, kDocx);
    EXPECT_EQ(grant->max_bytes, 10'000'000u);
    EXPECT_EQ(grant->expires_at, kStart + seconds(3600));
    // Without a declared length (chunked), the grant carries the bound for the reader.
    EXPECT_TRUE(signer_.Verify("PUT", kPath, query_, kDocx, std::nullopt).ok());
    // Media types compare without case or spaces.
    EXPECT_TRUE(signer_
                    .Verify("PUT", kPath, query_,
                            "Application/VND.openxmlformats-officedocument."
                            "wordprocessingml.document",
                            1)
                    .ok());
}

TEST_F(UploadUrlTest, FieldsWithReservedCharactersRoundTrip) {
    const auto other = *signer_.Sign("/u/a~b", "doc&1=2", "user+7 %", "text/plain; charset=utf-8", 10);
    const auto grant = signer_.Verify("PUT", "/u/a~b", QueryOf(other), "text/plain;charset=UTF-8", 10);
    ASSERT_TRUE(grant.ok()) << grant.error().message;
    EXPECT_EQ(grant->document_id, "doc&1=2");
    EXPECT_EQ(grant->user_id, "user+7 %");
}

TEST_F(UploadUrlTest, ExpiresAfterAnHour) {
    clock_.Advance(seconds(3599));
    EXPECT_TRUE(signer_.Verify("PUT", kPath, query_, kDocx, 1).ok());
    clock_.Advance(seconds(1));
    ExpectRejected(signer_.Verify("PUT", kPath, query_, kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL has expired");
}

TEST_F(UploadUrlTest, RejectsTamperedParametersAndPath) {
    const auto expect_mismatch = [&](const Result<UploadGrant>& grant) {
        ExpectRejected(grant, ErrorCode::kUnauthenticated, "upload URL signature does not match");
    };
    expect_mismatch(signer_.Verify("PUT", "/api/v1/uploads/doc-2", query_, kDocx, 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Document", "doc-2"), kDocx, 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-User", "user-8"), kDocx, 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Max-Bytes", "99999999999"), kDocx, 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Expires", "9999999999"), kDocx, 1));
    expect_mismatch(
        signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Content-Type", "text%2Fhtml"), "text/html", 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Signature", "AAAA"), kDocx, 1));
    expect_mismatch(signer_.Verify("PUT", kPath, WithParameter(query_, "X-Ly-Signature", "not base64!"), kDocx, 1));

    ManualClock clock(kStart);
    const auto other_key = *UploadUrlSigner::Create(std::string(32, 'x'), clock);
    expect_mismatch(other_key.Verify("PUT", kPath, query_, kDocx, 1));
}

TEST_F(UploadUrlTest, RejectsWrongMethodContentTypeAndOversize) {
    ExpectRejected(signer_.Verify("POST", kPath, query_, kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URLs accept only PUT");
    ExpectRejected(signer_.Verify("GET", kPath, query_, kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URLs accept only PUT");
    ExpectRejected(signer_.Verify("PUT", kPath, query_, "application/pdf", 1), ErrorCode::kInvalidArgument,
                   "Content-Type: must be application/vnd.openxmlformats");
    ExpectRejected(signer_.Verify("PUT", kPath, query_, "", 1), ErrorCode::kInvalidArgument, "Content-Type:");
    EXPECT_TRUE(signer_.Verify("PUT", kPath, query_, kDocx, 10'000'000).ok());
    ExpectRejected(signer_.Verify("PUT", kPath, query_, kDocx, 10'000'001), ErrorCode::kTooLarge,
                   "the upload is larger than the 10000000 bytes");
}

TEST_F(UploadUrlTest, RejectsIncompleteOrAmbiguousQueries) {
    ExpectRejected(signer_.Verify("PUT", kPath, "", kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL is missing a parameter");
    const std::string without_signature = query_.substr(0, query_.find("&X-Ly-Signature"));
    ExpectRejected(signer_.Verify("PUT", kPath, without_signature, kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL is missing a parameter");
    ExpectRejected(signer_.Verify("PUT", kPath, query_ + "&X-Ly-User=user-8", kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL is malformed");
    ExpectRejected(signer_.Verify("PUT", kPath, query_ + "&x=%zz", kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL is malformed");
    ExpectRejected(signer_.Verify("PUT", kPath, query_ + "&x=%4", kDocx, 1), ErrorCode::kUnauthenticated,
                   "upload URL is malformed");
}

TEST_F(UploadUrlTest, SigningRefusesUnusableFieldsAndKeys) {
    EXPECT_EQ(signer_.Sign("", "d", "u", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("no-slash", "d", "u", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("/a b", "d", "u", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("/a?b=c", "d", "u", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("/p", "d\n", "u", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("/p", "d", "", "t/x", 1).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(signer_.Sign("/p", "d", "u", "t/x", 0).error().code, ErrorCode::kInvalidArgument);
    ManualClock clock(kStart);
    EXPECT_EQ(UploadUrlSigner::Create("short", clock).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ly::auth
