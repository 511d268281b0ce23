// The flags of the event bus's e-mail and webhook targets, shared by `ly serve` and `ly events` so that a replay
// reaches the same targets as the service; secrets (LY_SMTP_PASSWORD, LY_WEBHOOK_SECRET) come from the environment.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "ly/api/event_rules.hpp"

namespace ly::cli {

struct EventTargetFlags {
    api::EventTargetSettings settings{};
    std::string smtp_starttls = "require";
    int smtp_timeout_seconds = 30;
};

// Adds --smtp-url, --smtp-from, --smtp-from-name, --smtp-username, --smtp-starttls, --smtp-timeout-seconds,
// --public-url, --webhook-url and --webhook-events to `command`, bound to `flags`; with `read_environment`, each
// also reads its LY_ variable.
void AddEventTargetFlags(CLI::App* command, EventTargetFlags& flags, bool read_environment);

// The settings the flags describe, with the secrets read from the environment.
api::EventTargetSettings EventTargetSettingsOf(const EventTargetFlags& flags);

}  // namespace ly::cli
