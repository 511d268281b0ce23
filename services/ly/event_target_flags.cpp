#include "event_target_flags.hpp"

#include <cstdlib>

namespace ly::cli {
namespace {

std::string Environment(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? std::string(value) : std::string();
}

}  // namespace

void AddEventTargetFlags(CLI::App* command, EventTargetFlags& flags, bool read_environment) {
    api::EventTargetSettings& s = flags.settings;
    auto add = [&](const std::string& name, auto& value, const std::string& help, const std::string& variable) {
        CLI::Option* option = command->add_option(name, value, help);
        if (read_environment) option->envname(variable);
        return option;
    };
    add("--smtp-url", s.smtp_url,
        "SMTP server for e-mail to teachers (smtp://host:port or smtps://…); unset: no e-mail", "LY_SMTP_URL");
    add("--smtp-from", s.smtp_from, "Sender address of those e-mails (required with --smtp-url)", "LY_SMTP_FROM");
    add("--smtp-from-name", s.smtp_from_name, "Sender name of those e-mails", "LY_SMTP_FROM_NAME");
    add("--smtp-username", s.smtp_username, "SMTP login (its password: LY_SMTP_PASSWORD)", "LY_SMTP_USERNAME");
    add("--smtp-starttls", flags.smtp_starttls, "STARTTLS on smtp://: require, try or off", "LY_SMTP_STARTTLS")
        ->check(CLI::IsMember({"require", "try", "off"}));
    add("--smtp-timeout-seconds", flags.smtp_timeout_seconds, "Time to send one e-mail", "LY_SMTP_TIMEOUT_SECONDS")
        ->check(CLI::Range(1, 600));
    add("--public-url", s.public_url, "The web app's address, for links in e-mails (https://…)", "LY_PUBLIC_URL");
    add("--webhook-url", s.webhook_urls,
        "URLs to POST every document event to, signed with LY_WEBHOOK_SECRET (comma-separated)", "LY_WEBHOOK_URL")
        ->delimiter(',');
    add("--webhook-events", s.webhook_events, "Only these event types to the webhooks (comma-separated)",
        "LY_WEBHOOK_EVENTS")
        ->delimiter(',');
}

api::EventTargetSettings EventTargetSettingsOf(const EventTargetFlags& flags) {
    api::EventTargetSettings settings = flags.settings;
    settings.smtp_starttls = flags.smtp_starttls == "off"   ? mail::StartTls::kOff
                             : flags.smtp_starttls == "try" ? mail::StartTls::kTry
                                                            : mail::StartTls::kRequire;
    settings.smtp_timeout = std::chrono::seconds(flags.smtp_timeout_seconds);
    // Secrets from the environment only: a flag or a config file line would show in process lists and backups.
    settings.smtp_password = Environment("LY_SMTP_PASSWORD");
    settings.webhook_secret = Environment("LY_WEBHOOK_SECRET");
    return settings;
}

}  // namespace ly::cli
