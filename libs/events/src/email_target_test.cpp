// The e-mail target on a real bus, sending to a real SMTP server (aiosmtpd, ly/testing/smtp_sink.hpp).
#include "ly/events/email_target.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>

#include "ly/events/bus.hpp"
#include "ly/testing/smtp_sink.hpp"
#include "test_support.hpp"

namespace ly::events {
namespace {

using ::ly::testing::SmtpSink;

mail::SmtpSender Sender(const std::string& url) {
    auto sender = mail::SmtpSender::Create({.url = url,
                                            .from = "timetables@school.example",
                                            .from_name = "Timetables",
                                            .username = {},
                                            .password = {},
                                            .starttls = mail::StartTls::kOff,
                                            .timeout = std::chrono::milliseconds(5'000)});
    EXPECT_TRUE(sender.ok()) << sender.error().message;
    return std::move(sender).value();
}

constexpr EmailRetryOptions kQuickRetries{
    .max_attempts = 3, .base_delay = std::chrono::milliseconds(10), .max_delay = std::chrono::milliseconds(40)};

// A message naming the event's type, to a fixed address.
Result<std::optional<mail::Message>> ComposeForAnn(const Event& event) {
    return std::optional<mail::Message>(mail::Message{.to = "ann@school.example",
                                                      .to_name = "Ann",
                                                      .subject = "Event " + event.detail_type,
                                                      .text = "Something happened.\n",
                                                      .message_id = {}});
}

std::shared_ptr<EmailTarget> MustCreate(const std::string& url, EmailTarget::Compose compose = ComposeForAnn) {
    auto target = EmailTarget::Create("owner", Sender(url), std::move(compose), kQuickRetries);
    EXPECT_TRUE(target.ok()) << target.error().message;
    return std::move(target).value();
}

TEST(EmailTarget, SendsOneMessagePerEventAndAgainOnReplayWithTheSameMessageId) {
    SmtpSink sink;
    ::ly::testing::TempFolder folder;
    auto database = testing::OpenMigratedDatabase(folder);
    EventLog log(*database);
    EventBus bus(log);
    ASSERT_TRUE(bus.AddRule("email", R"({"detail-type":["document.classified"]})", {MustCreate(sink.url())}).ok());
    const Event event = testing::Classified(testing::kUserA);
    ASSERT_TRUE(bus.Publish(event).ok());
    bus.WaitForDeliveries();
    auto messages = sink.Messages();
    ASSERT_EQ(messages.size(), 1u);
    EXPECT_EQ(SmtpSink::Header(messages[0], "Subject"), "Event document.classified");
    EXPECT_EQ(SmtpSink::Header(messages[0], "To"), "Ann <ann@school.example>");
    EXPECT_EQ(SmtpSink::Header(messages[0], "Message-ID"), "<" + event.id + "@school.example>");
    EXPECT_EQ(messages[0].at("body").as_string(), "Something happened.\n");

    auto replayed = bus.Replay("email", 0);
    ASSERT_TRUE(replayed.ok()) << replayed.error().message;
    EXPECT_EQ(*replayed, 1);
    bus.WaitForDeliveries();
    messages = sink.Messages();
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_EQ(SmtpSink::Header(messages[1], "Message-ID"), "<" + event.id + "@school.example>");
}

TEST(EmailTarget, RetriesATemporaryRefusal) {
    SmtpSink sink({"--fail-first", "2"});
    ::testing::internal::CaptureStderr();
    auto delivered = MustCreate(sink.url())->Deliver(testing::Classified(testing::kUserA));
    const std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_TRUE(delivered.ok()) << delivered.error().message;
    EXPECT_EQ(sink.Messages().size(), 1u);
    EXPECT_NE(log.find(R"("event":"email.retry")"), std::string::npos) << log;
}

TEST(EmailTarget, GivesUpOnAServerThatStaysDown) {
    std::string url;
    {
        SmtpSink sink;
        url = sink.url();
    }
    ::testing::internal::CaptureStderr();
    auto delivered = MustCreate(url)->Deliver(testing::Classified(testing::kUserA));
    ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(delivered.ok());
    EXPECT_EQ(delivered.error().code, ErrorCode::kIo);
    EXPECT_NE(delivered.error().message.find("email:owner gave up on event"), std::string::npos)
        << delivered.error().message;
    EXPECT_NE(delivered.error().message.find("after 3 attempts"), std::string::npos) << delivered.error().message;
}

TEST(EmailTarget, NothingToSendAndComposerErrorsAreNotRetried) {
    SmtpSink sink;
    auto nothing = MustCreate(sink.url(), [](const Event&) -> Result<std::optional<mail::Message>> {
        return std::optional<mail::Message>();
    });
    EXPECT_TRUE(nothing->Deliver(testing::Classified(testing::kUserA)).ok());
    int calls = 0;
    auto failing = MustCreate(sink.url(), [&calls](const Event&) -> Result<std::optional<mail::Message>> {
        ++calls;
        return MakeError(ErrorCode::kNotFound, "no such user");
    });
    auto delivered = failing->Deliver(testing::Classified(testing::kUserA));
    ASSERT_FALSE(delivered.ok());
    EXPECT_EQ(delivered.error().code, ErrorCode::kNotFound);
    EXPECT_NE(delivered.error().message.find("no such user"), std::string::npos);
    EXPECT_EQ(calls, 1);
    EXPECT_TRUE(sink.Messages().empty());
}

TEST(EmailTarget, CancelAbandonsASendToAServerThatNeverAnswers) {
    // A socket that listens but never accepts: the connection is made (by the kernel's backlog), no greeting comes.
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(listener, 4), 0);
    socklen_t length = sizeof address;
    ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length);
    auto sender = mail::SmtpSender::Create({.url = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port)),
                                            .from = "timetables@school.example",
                                            .from_name = {},
                                            .username = {},
                                            .password = {},
                                            .starttls = mail::StartTls::kOff,
                                            .timeout = std::chrono::milliseconds(30'000)});
    ASSERT_TRUE(sender.ok());
    auto target = EmailTarget::Create("owner", std::move(sender).value(), ComposeForAnn, kQuickRetries);
    ASSERT_TRUE(target.ok());
    const auto start = std::chrono::steady_clock::now();
    auto delivered =
        std::async(std::launch::async, [&] { return (*target)->Deliver(testing::Classified(testing::kUserA)); });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    (*target)->Cancel();
    const Status result = delivered.get();
    ::close(listener);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    ASSERT_FALSE(result.ok());
    EXPECT_NE(result.error().message.find("the bus is stopping"), std::string::npos) << result.error().message;
}

TEST(EmailTarget, CreateRefusesBadSettings) {
    EXPECT_FALSE(EmailTarget::Create("", Sender("smtp://127.0.0.1:1"), ComposeForAnn).ok());
    EXPECT_FALSE(EmailTarget::Create("owner", Sender("smtp://127.0.0.1:1"), nullptr).ok());
    EXPECT_FALSE(
        EmailTarget::Create(
            "owner", Sender("smtp://127.0.0.1:1"), ComposeForAnn,
            {.max_attempts = 0, .base_delay = std::chrono::milliseconds(1), .max_delay = std::chrono::milliseconds(1)})
            .ok());
}

}  // namespace
}  // namespace ly::events
