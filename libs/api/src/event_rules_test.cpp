// Which rules the service's settings put on the bus, and the settings AddServiceRules refuses (naming the flag).
#include "ly/api/event_rules.hpp"

#include <gtest/gtest.h>

#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

class EventRulesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        database_ = ::ly::testing::OpenMigratedDatabase(folder_.path() / "ly.db");
        ASSERT_NE(database_, nullptr);
        log_ = std::make_unique<events::EventLog>(*database_);
        bus_ = std::make_unique<events::EventBus>(*log_);
    }

    static EventTargetSettings EmailAndWebhook() {
        EventTargetSettings settings;
        settings.smtp_url = "smtp://127.0.0.1:2525";
        settings.smtp_from = "timetables@school.example";
        settings.smtp_starttls = mail::StartTls::kOff;
        settings.webhook_urls = {"https://partner.example/hooks/ly", "http://127.0.0.1:9000/ly"};
        settings.webhook_secret = "secret";
        return settings;
    }

    // The error of AddServiceRules for these settings; the bus must then hold no rule.
    std::string Refusal(const EventTargetSettings& settings) {
        auto added = AddServiceRules(*bus_, settings, *database_);
        EXPECT_FALSE(added.ok());
        EXPECT_TRUE(bus_->RuleNames().empty());
        if (added.ok()) return {};
        EXPECT_EQ(added.error().code, ErrorCode::kInvalidArgument);
        return added.error().message;
    }

    ::ly::testing::TempFolder folder_;
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<events::EventLog> log_;
    std::unique_ptr<events::EventBus> bus_;
};

TEST_F(EventRulesTest, NothingIsOnByDefault) {
    ASSERT_TRUE(AddServiceRules(*bus_, {}, *database_).ok());
    EXPECT_TRUE(bus_->RuleNames().empty());
}

TEST_F(EventRulesTest, EachConfiguredTargetHasItsRule) {
    ASSERT_TRUE(
        AddServiceRules(*bus_, EmailAndWebhook(), *database_, std::make_shared<transport::WebSocketHub>()).ok());
    EXPECT_EQ(bus_->RuleNames(), (std::vector<std::string>{"websocket", "email", "webhook"}));
}

TEST_F(EventRulesTest, WrongSettingsAreRefusedNamingTheFlag) {
    EventTargetSettings settings = EmailAndWebhook();
    settings.smtp_from.clear();
    EXPECT_EQ(Refusal(settings), "--smtp-from is required with --smtp-url");

    settings = EmailAndWebhook();
    settings.public_url = "app.school.example";
    EXPECT_EQ(Refusal(settings), "--public-url must start with http:// or https://");

    settings = EmailAndWebhook();
    settings.smtp_url = "mail.school.example";
    EXPECT_NE(Refusal(settings).find("--smtp-"), std::string::npos);

    settings = EmailAndWebhook();
    settings.webhook_secret.clear();
    EXPECT_EQ(Refusal(settings), "LY_WEBHOOK_SECRET must be set with --webhook-url");

    settings = EmailAndWebhook();
    settings.webhook_events = {"job.completed", "job.done"};
    EXPECT_EQ(Refusal(settings), "--webhook-events: \"job.done\" is not an event type");

    settings = EmailAndWebhook();
    settings.webhook_urls = {"https://partner.example/ok", "ftp://partner.example/?token=abc"};
    const std::string refused = Refusal(settings);
    EXPECT_NE(refused.find("--webhook-url (number 2)"), std::string::npos) << refused;
    EXPECT_EQ(refused.find("token=abc"), std::string::npos) << "a URL may hold a token: never in a message";

    settings = {};
    settings.webhook_events = {"job.completed"};
    EXPECT_EQ(Refusal(settings), "--webhook-events is set but no --webhook-url");
}

}  // namespace
}  // namespace ly::api
