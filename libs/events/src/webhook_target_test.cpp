#include "ly/events/webhook_target.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "ly/events/bus.hpp"
#include "ly/testing/webhook_receiver.hpp"
#include "test_support.hpp"

namespace ly::events {
namespace {

constexpr std::string_view kSecret = "s3cret-for-tests-only";

// The test receiver, with this file's secret; its URL carries a token (never to be logged).
class WebhookServer : public ::ly::testing::WebhookReceiver {
  public:
    explicit WebhookServer(const std::string& statuses, double delay_seconds = 0)
        : WebhookReceiver(std::string(kSecret), statuses, delay_seconds) {}
    std::string url() const { return WebhookReceiver::url("/hook?token=t0ken"); }
};

WebhookOptions Options(const std::string& url, int attempts = 3) {
    return {.name = "partner",
            .url = url,
            .secret = std::string(kSecret),
            .max_attempts = attempts,
            .base_delay = std::chrono::milliseconds(10),
            .max_delay = std::chrono::milliseconds(40),
            .timeout = std::chrono::milliseconds(5000)};
}

std::shared_ptr<WebhookTarget> MustCreate(const WebhookOptions& options) {
    auto target = WebhookTarget::Create(options);
    EXPECT_TRUE(target.ok()) << target.error().message;
    return std::move(target).value();
}

TEST(WebhookSignature, IsHexHmacSha256OfTheBody) {
    // RFC 4231 test case 2.
    EXPECT_EQ(WebhookSignature("Jefe", "what do ya want for nothing?"),
              "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(WebhookTarget, PostsTheEnvelopeSignedSoTheReceiverVerifiesIt) {
    WebhookServer server("200");
    auto target = MustCreate(Options(server.url()));
    const Event event = testing::Classified(testing::kUserA);
    auto delivered = target->Deliver(event);
    ASSERT_TRUE(delivered.ok()) << delivered.error().message;
    auto requests = server.Requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_TRUE(requests[0].at("signatureOk").as_bool());
    EXPECT_EQ(requests[0].at("eventId").as_string(), event.id);
    EXPECT_EQ(requests[0].at("contentType").as_string(), "application/json");
    EXPECT_EQ(requests[0].at("body").as_string(), SerializeEvent(event));
    const long long timestamp = std::stoll(std::string(requests[0].at("timestamp").as_string()));
    const long long now =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    EXPECT_LE(std::llabs(now - timestamp), 60);
}

TEST(WebhookTarget, AWrongSecretDoesNotVerify) {
    WebhookServer server("200");
    WebhookOptions options = Options(server.url());
    options.secret = "another secret";
    ASSERT_TRUE(MustCreate(options)->Deliver(testing::Classified(testing::kUserA)).ok());
    ASSERT_EQ(server.Requests().size(), 1u);
    EXPECT_FALSE(server.Requests()[0].at("signatureOk").as_bool());
}

TEST(WebhookTarget, RetriesAfter500ThenSucceeds) {
    WebhookServer server("500,503,200");
    auto target = MustCreate(Options(server.url(), 5));
    ::testing::internal::CaptureStderr();
    auto delivered = target->Deliver(testing::Classified(testing::kUserA));
    const std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_TRUE(delivered.ok()) << delivered.error().message;
    auto requests = server.Requests();
    ASSERT_EQ(requests.size(), 3u);
    // The same event id and body on every attempt, so the receiver can deduplicate.
    EXPECT_EQ(requests[0].at("eventId"), requests[2].at("eventId"));
    EXPECT_EQ(requests[0].at("body"), requests[2].at("body"));
    for (const auto& request : requests) EXPECT_TRUE(request.at("signatureOk").as_bool());
    EXPECT_NE(log.find(R"("event":"webhook.retry")"), std::string::npos) << log;
}

TEST(WebhookTarget, GivesUpAfterMaxAttemptsWithALoggedErrorWithoutSecrets) {
    WebhookServer server("500");
    auto target = MustCreate(Options(server.url(), 3));
    ::testing::internal::CaptureStderr();
    auto delivered = target->Deliver(testing::Classified(testing::kUserA));
    const std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(delivered.ok());
    EXPECT_EQ(delivered.error().code, ErrorCode::kIo);
    EXPECT_NE(delivered.error().message.find("gave up"), std::string::npos);
    EXPECT_NE(delivered.error().message.find("after 3 attempts (last: HTTP 500)"), std::string::npos);
    EXPECT_EQ(server.Requests().size(), 3u);
    EXPECT_NE(log.find(R"("event":"webhook.gave_up")"), std::string::npos) << log;
    EXPECT_EQ(log.find(kSecret), std::string::npos);
    EXPECT_EQ(log.find("t0ken"), std::string::npos);  // the URL's query is never logged
    EXPECT_EQ(delivered.error().message.find("t0ken"), std::string::npos);
}

TEST(WebhookTarget, AClientErrorIsNotRetried) {
    WebhookServer server("400");
    ::testing::internal::CaptureStderr();
    auto delivered = MustCreate(Options(server.url(), 5))->Deliver(testing::Classified(testing::kUserA));
    ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(delivered.ok());
    EXPECT_EQ(server.Requests().size(), 1u);
}

TEST(WebhookTarget, NoServerIsRetriedThenGivenUp) {
    // A port nobody listens on: bind one, note it, close it.
    std::string url;
    {
        WebhookServer server("200");
        url = server.url();
    }
    ::testing::internal::CaptureStderr();
    auto delivered = MustCreate(Options(url, 2))->Deliver(testing::Classified(testing::kUserA));
    const std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(delivered.ok());
    EXPECT_NE(delivered.error().message.find("after 2 attempts"), std::string::npos) << delivered.error().message;
}

TEST(WebhookTarget, CreateRefusesBadOptions) {
    EXPECT_FALSE(WebhookTarget::Create(Options("ftp://example.org/")).ok());
    EXPECT_FALSE(WebhookTarget::Create(Options("file:///etc/passwd")).ok());
    WebhookOptions no_secret = Options("http://127.0.0.1:1/");
    no_secret.secret.clear();
    EXPECT_NE(WebhookTarget::Create(no_secret).error().message.find("secret is empty"), std::string::npos);
    WebhookOptions no_attempts = Options("http://127.0.0.1:1/", 0);
    EXPECT_FALSE(WebhookTarget::Create(no_attempts).ok());
    WebhookOptions backwards = Options("http://127.0.0.1:1/");
    backwards.max_delay = std::chrono::milliseconds(1);
    EXPECT_FALSE(WebhookTarget::Create(backwards).ok());
}

TEST(WebhookTarget, ASlowReceiverDoesNotBlockPublish) {
    WebhookServer server("200", 2.0);
    ::ly::testing::TempFolder folder;
    auto database = testing::OpenMigratedDatabase(folder);
    EventLog log(*database);
    EventBus bus(log);
    ASSERT_TRUE(
        bus.AddRule("partner", R"({"detail-type":["document.classified"]})", {MustCreate(Options(server.url()))}).ok());
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(bus.Publish(testing::Classified(testing::kUserA)).ok());
    // Publish came back before the receiver answered (it waits 2 s); waiting for deliveries takes that long.
    EXPECT_TRUE(server.Requests().empty() || std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    bus.WaitForDeliveries();
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1900));
    ASSERT_EQ(server.Requests().size(), 1u);
    EXPECT_TRUE(server.Requests()[0].at("signatureOk").as_bool());
}

// Publishes one event to a bus with `options`' webhook, stops the bus once the receiver has the first request,
// and answers what was logged meanwhile.
std::string LogOfABusStoppedAfterTheFirstRequest(const WebhookServer& server, const WebhookOptions& options) {
    ::ly::testing::TempFolder folder;
    auto database = testing::OpenMigratedDatabase(folder);
    EventLog log(*database);
    ::testing::internal::CaptureStderr();
    {
        EventBus bus(log);
        EXPECT_TRUE(bus.AddRule("partner", R"({"source":["learning-yogi.documents"]})", {MustCreate(options)}).ok());
        EXPECT_TRUE(bus.Publish(testing::Classified(testing::kUserA)).ok());
        for (int i = 0; i < 200 && server.Requests().empty(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }  // the bus stops here
    return ::testing::internal::GetCapturedStderr();
}

TEST(WebhookTarget, StoppingTheBusCutsABackoffShort) {
    WebhookServer server("500");
    WebhookOptions options = Options(server.url(), 5);
    options.base_delay = std::chrono::milliseconds(20'000);
    options.max_delay = std::chrono::milliseconds(20'000);
    const std::string log_lines = LogOfABusStoppedAfterTheFirstRequest(server, options);
    EXPECT_NE(log_lines.find("stopped retrying"), std::string::npos) << log_lines;
    EXPECT_EQ(server.Requests().size(), 1u);
}

// A receiver that takes its time: stopping the bus abandons the request in progress (libcurl's progress callback)
// rather than waiting out the request's timeout.
TEST(WebhookTarget, StoppingTheBusAbandonsARequestInProgress) {
    WebhookServer server("200", 20.0);  // answers after 20 s
    WebhookOptions options = Options(server.url(), 1);
    options.timeout = std::chrono::milliseconds(60'000);
    const std::string log_lines = LogOfABusStoppedAfterTheFirstRequest(server, options);
    EXPECT_NE(log_lines.find("abandoned event"), std::string::npos) << log_lines;
}

}  // namespace
}  // namespace ly::events
