// The service's configured event targets over real HTTP: `ly serve` with --smtp-url pointing at a real SMTP sink
// (aiosmtpd) e-mails a document's owner once when it needs review and once when its timetable is ready; signed
// webhooks get every document event; `ly events replay --rule email` on the same data folder sends the e-mails
// again; without an SMTP server nothing is sent; a wrong setting stops the service with a clear error; `ly events`
// reads those settings with the same precedence as `ly serve`.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "http_test_client.hpp"
#include "ly/testing/smtp_sink.hpp"
#include "ly/testing/temp_folder.hpp"
#include "ly/testing/webhook_receiver.hpp"

namespace ly::api {
namespace {

using ::ly::testing::SmtpSink;
using ::ly::testing::WebhookReceiver;
using testing::HttpAnswer;
using testing::ServerProcess;

constexpr std::string_view kBoundary = "ly-test-boundary-Ev3nTs9";
constexpr std::string_view kSmtpUser = "ly-mailer";
constexpr std::string_view kSmtpPassword = "smtp-pa55word-for-tests";
constexpr std::string_view kWebhookSecret = "webhook-secret-for-tests";
constexpr std::string_view kNoTimetable = "Notes from the staff meeting\nnothing timed here\n";
const std::string kCorrected = R"({"timeblocks":[{"day":"monday","start":"09:00","end":"10:00","name":"Maths"}]})";

struct CommandResult {
    int exit_code = -1;
    std::string output;  // stdout and stderr
};

// The ly binary with these arguments, after `environment` ("NAME=value …"); no shell quoting needed: the tests'
// paths and values have no spaces.
CommandResult RunLy(const std::string& arguments, const std::string& environment = {}) {
    const std::string command = environment + " " + std::string(std::getenv("LY_BINARY")) + " " + arguments + " 2>&1";
    CommandResult result;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return result;
    std::array<char, 4096> buffer{};
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;)
        result.output.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

std::string NowRfc3339() {
    const std::time_t now = std::time(nullptr) - 1;
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

class EventTargetsTestBase : public testing::SharedServerTest {
  protected:
    static HttpAnswer Upload(const Account& account, std::string_view bytes, std::string_view filename) {
        std::string body = "--" + std::string(kBoundary) + "\r\n";
        body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) + "\"\r\n";
        body += "Content-Type: application/octet-stream\r\n\r\n";
        body += bytes;
        body += "\r\n--" + std::string(kBoundary) + "--\r\n";
        return server_->Call("POST", "/api/v1/documents", body,
                             {{"Authorization", "Bearer " + account.access_token},
                              {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
    }

    static std::string EmailOf(const Account& account) {
        return server_->GetWithToken("/api/v1/me", account.access_token).Field("email");
    }

    static HttpAnswer SubmitReview(const Account& account, const std::string& document_id) {
        return server_->Call(
            "POST", "/api/v1/reviews/" + document_id, kCorrected,
            {{"Authorization", "Bearer " + account.access_token}, {"Content-Type", "application/json"}});
    }
};

// A server that e-mails (logging in to the sink) and posts webhooks.
class EventTargetsHttpTest : public EventTargetsTestBase {
  protected:
    static void SetUpTestSuite() {
        sink_ = new SmtpSink({"--username", std::string(kSmtpUser), "--password", std::string(kSmtpPassword)});
        webhooks_ = new WebhookReceiver(std::string(kWebhookSecret));
        // Secrets reach `ly serve` through its environment only; the other suites' servers start without them.
        ::setenv("LY_SMTP_PASSWORD", std::string(kSmtpPassword).c_str(), 1);
        ::setenv("LY_WEBHOOK_SECRET", std::string(kWebhookSecret).c_str(), 1);
        StartServer({"--smtp-url", sink_->url(), "--smtp-from", "timetables@school.example", "--smtp-username",
                     std::string(kSmtpUser), "--smtp-starttls", "off", "--public-url", "https://app.school.example/",
                     "--webhook-url", webhooks_->url("/hooks/ly")});
    }
    static void TearDownTestSuite() {
        const std::string log = server_->Log();
        SharedServerTest::TearDownTestSuite();
        EXPECT_EQ(log.find(kSmtpPassword), std::string::npos) << "the SMTP password was logged";
        EXPECT_EQ(log.find(kWebhookSecret), std::string::npos) << "the webhook secret was logged";
        ::unsetenv("LY_SMTP_PASSWORD");
        ::unsetenv("LY_WEBHOOK_SECRET");
        delete webhooks_;
        delete sink_;
    }

    // The messages to one address, once there are `count` (or after 30 s: whatever arrived); 0: at once.
    static std::vector<boost::json::object> MessagesTo(const std::string& address, std::size_t count) {
        std::vector<boost::json::object> found;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
        do {
            found.clear();
            for (auto& message : sink_->Messages()) {
                const auto& recipients = message.at("rcptTos").as_array();
                if (recipients.size() == 1 && recipients[0].as_string() == address) found.push_back(message);
            }
            if (found.size() >= count) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        } while (std::chrono::steady_clock::now() < deadline);
        return found;
    }

    static inline SmtpSink* sink_ = nullptr;
    static inline WebhookReceiver* webhooks_ = nullptr;
};

TEST_F(EventTargetsHttpTest, TheOwnerGetsOneEmailWhenReviewIsNeededAndOneWhenTheTimetableIsReady) {
    const Account ann = NewAccount();
    const std::string address = EmailOf(ann);
    ASSERT_FALSE(address.empty());
    const std::string since = NowRfc3339();
    const HttpAnswer uploaded = Upload(ann, kNoTimetable, "Réunion 5b.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string id = uploaded.Field("documentId");
    ASSERT_EQ(WaitUntilProcessed(ann, id), "needs_review") << server_->Log();

    auto messages = MessagesTo(address, 1);
    ASSERT_EQ(messages.size(), 1u) << server_->Log();
    const boost::json::object review = messages[0];
    EXPECT_EQ(review.at("mailFrom").as_string(), "timetables@school.example");
    EXPECT_EQ(review.at("login").as_string(), kSmtpUser);
    EXPECT_EQ(SmtpSink::Header(review, "To"), "Owner <" + address + ">");
    EXPECT_EQ(SmtpSink::Header(review, "From"), "Learning Yogi <timetables@school.example>");
    EXPECT_EQ(SmtpSink::Header(review, "Subject"), "Please check your timetable: Réunion 5b.txt");
    const std::string review_body(review.at("body").as_string());
    EXPECT_NE(review_body.find("Hello Owner,"), std::string::npos) << review_body;
    EXPECT_NE(review_body.find("\"Réunion 5b.txt\""), std::string::npos) << review_body;
    EXPECT_NE(review_body.find("https://app.school.example/reviews/" + id + "\n"), std::string::npos) << review_body;

    ASSERT_EQ(SubmitReview(ann, id).status, 202);
    ASSERT_EQ(WaitUntilProcessed(ann, id), "completed") << server_->Log();
    messages = MessagesTo(address, 2);
    ASSERT_EQ(messages.size(), 2u) << server_->Log();
    const boost::json::object ready = messages[1];
    EXPECT_EQ(SmtpSink::Header(ready, "Subject"), "Your timetable is ready: Réunion 5b.txt");
    const std::string ready_body(ready.at("body").as_string());
    EXPECT_NE(ready_body.find("has been read and saved (1 lesson)."), std::string::npos) << ready_body;
    EXPECT_NE(ready_body.find("https://app.school.example/documents/" + id + "\n"), std::string::npos) << ready_body;
    EXPECT_NE(SmtpSink::Header(review, "Message-ID"), SmtpSink::Header(ready, "Message-ID"));

    // No more than one per event: nothing else arrives for this owner.
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    EXPECT_EQ(MessagesTo(address, 0).size(), 2u);

    // `ly events replay` on the same data folder, with the same settings, sends both again (same Message-IDs, so
    // mail programs can fold them), while the service keeps running.
    const CommandResult replay =
        RunLy("events --data-dir " + (folder_->path() / "data").string() + " --smtp-url " + sink_->url() +
              " --smtp-from timetables@school.example --smtp-username " + std::string(kSmtpUser) +
              " --smtp-starttls off --public-url https://app.school.example replay --since " + since + " --rule email");
    ASSERT_EQ(replay.exit_code, 0) << replay.output;
    EXPECT_NE(replay.output.find("to rule email"), std::string::npos) << replay.output;
    EXPECT_EQ(replay.output.find(kSmtpPassword), std::string::npos);
    messages = MessagesTo(address, 4);
    ASSERT_EQ(messages.size(), 4u) << replay.output;
    // Sent on the bus's delivery threads: in either order.
    const std::set<std::pair<std::string, std::string>> first = {
        {SmtpSink::Header(review, "Message-ID"), SmtpSink::Header(review, "Subject")},
        {SmtpSink::Header(ready, "Message-ID"), SmtpSink::Header(ready, "Subject")}};
    const std::set<std::pair<std::string, std::string>> again = {
        {SmtpSink::Header(messages[2], "Message-ID"), SmtpSink::Header(messages[2], "Subject")},
        {SmtpSink::Header(messages[3], "Message-ID"), SmtpSink::Header(messages[3], "Subject")}};
    EXPECT_EQ(again, first);
}

TEST_F(EventTargetsHttpTest, WebhooksGetEveryEventOfTheDocumentSigned) {
    const Account bob = NewAccount();
    const HttpAnswer uploaded = Upload(bob, kNoTimetable, "notes.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string id = uploaded.Field("documentId");
    ASSERT_EQ(WaitUntilProcessed(bob, id), "needs_review") << server_->Log();
    ASSERT_EQ(SubmitReview(bob, id).status, 202);
    ASSERT_EQ(WaitUntilProcessed(bob, id), "completed") << server_->Log();

    // The document's events as the receiver got them, each checked against the shared secret. Webhooks are sent on
    // the bus's delivery threads, so they may arrive in any order.
    const std::vector<std::string> expected = {"document.uploaded", "hitl.requested", "hitl.completed",
                                               "job.completed"};
    auto received_all = [&expected](const std::vector<std::string>& types) {
        return std::all_of(expected.begin(), expected.end(), [&types](const std::string& type) {
            return std::find(types.begin(), types.end(), type) != types.end();
        });
    };
    std::vector<std::string> types;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        types.clear();
        for (const auto& request : webhooks_->Requests()) {
            const boost::json::value envelope = boost::json::parse(request.at("body").as_string());
            if (envelope.at("detail").at("documentId").as_string() != id) continue;
            EXPECT_TRUE(request.at("signatureOk").as_bool()) << request.at("body").as_string();
            EXPECT_EQ(request.at("eventId").as_string(), envelope.at("id").as_string());
            types.emplace_back(envelope.at("detail-type").as_string());
        }
        if (received_all(types)) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    for (const std::string& type : expected) {
        EXPECT_EQ(std::count(types.begin(), types.end(), type), 1) << type;
    }
}

// The default: no SMTP server configured, no e-mail and no e-mail rule.
class NoEmailHttpTest : public EventTargetsTestBase {};

TEST_F(NoEmailHttpTest, NothingIsSentAndThereIsNoEmailRuleToReplay) {
    SmtpSink sink;  // listening, but the server was not told about it
    const Account ann = NewAccount();
    const HttpAnswer uploaded = Upload(ann, kNoTimetable, "notes.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string id = uploaded.Field("documentId");
    ASSERT_EQ(WaitUntilProcessed(ann, id), "needs_review");
    ASSERT_EQ(SubmitReview(ann, id).status, 202);
    ASSERT_EQ(WaitUntilProcessed(ann, id), "completed");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_TRUE(sink.Messages().empty());
    EXPECT_EQ(server_->Log().find("\"email"), std::string::npos) << server_->Log();

    const CommandResult replay = RunLy("events --data-dir " + (folder_->path() / "data").string() +
                                       " replay --since 2026-01-01T00:00:00Z --rule email");
    EXPECT_EQ(replay.exit_code, 1) << replay.output;
    EXPECT_NE(replay.output.find("no rule named \"email\""), std::string::npos) << replay.output;
}

TEST(EventTargetsSettingsTest, AWrongSettingStopsTheServiceWithAClearError) {
    ::ly::testing::TempFolder folder;
    {
        ServerProcess server(folder.path() / "a", {"--smtp-url", "smtp://127.0.0.1:25"});
        EXPECT_NE(server.start_error().find("--smtp-from is required with --smtp-url"), std::string::npos)
            << server.start_error();
    }
    {
        ServerProcess server(folder.path() / "b", {"--webhook-url", "http://127.0.0.1:1/hook"});
        EXPECT_NE(server.start_error().find("LY_WEBHOOK_SECRET must be set with --webhook-url"), std::string::npos)
            << server.start_error();
    }
    {
        ServerProcess server(folder.path() / "c",
                             {"--smtp-url", "smtp://mail.example:587", "--smtp-from", "t@school.example",
                              "--smtp-username", "mailer", "--smtp-starttls", "off"});
        // No LY_SMTP_PASSWORD in this test's environment.
        EXPECT_NE(server.start_error().find("an SMTP username is set without a password"), std::string::npos)
            << server.start_error();
    }
}

// `ly events` reads the targets' settings as `ly serve` does: a flag over the --config file's [serve] table over the
// LY_ variable. Told apart by an invalid sender address, which the error quotes.
TEST(EventsCommandSettings, AFlagWinsOverTheConfigFileWhichWinsOverTheEnvironment) {
    ::ly::testing::TempFolder folder;
    const std::string config = (folder.path() / "ly.toml").string();
    std::ofstream(config) << "[serve]\ndata-dir = \"" << (folder.path() / "data").string()
                          << "\"\nsmtp-url = \"smtp://127.0.0.1:1\"\nsmtp-from = \"from-file\"\n";
    const std::string replay = " replay --since 2026-01-01T00:00:00Z --rule email";
    const std::string environment = "LY_SMTP_URL=smtp://127.0.0.1:1 LY_SMTP_FROM=from-environment";
    auto sender = [](const CommandResult& result) {
        EXPECT_EQ(result.exit_code, 2) << result.output;
        const auto start = result.output.find("the sender address \"");
        if (start == std::string::npos) return result.output;
        const auto begin = start + std::string("the sender address \"").size();
        return result.output.substr(begin, result.output.find('"', begin) - begin);
    };
    EXPECT_EQ(sender(RunLy("--config " + config + " events --smtp-from from-flag" + replay, environment)), "from-flag");
    EXPECT_EQ(sender(RunLy("--config " + config + " events" + replay, environment)), "from-file");
    EXPECT_EQ(sender(RunLy("events --data-dir " + (folder.path() / "other").string() + replay, environment)),
              "from-environment");
    EXPECT_TRUE(std::filesystem::exists(folder.path() / "data" / "ly.db")) << "the data folder of the config file";
}

}  // namespace
}  // namespace ly::api
