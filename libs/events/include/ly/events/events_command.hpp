// The `ly events …` subcommands over a bus the caller has set up with the service's rules:
// `replay --since <RFC 3339> --rule NAME [--until <RFC 3339>]`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "ly/events/bus.hpp"

namespace ly::events {

// The caller (services/ly/main.cpp) opens the database of --data-dir, migrates it, and builds the bus with the
// same rules as `ly serve`; then passes the remaining words here.
// `args` are the words after `events` (e.g. {"replay", "--since", "2026-11-28T00:00:00Z", "--rule", "notify"}).
// Prints what it did to `out` and problems to `err`; waits for queued deliveries before returning.
// Exit codes: 0 done, 1 failed (unknown rule, database error), 2 usage error.
int RunEventsCommand(const std::vector<std::string>& args, EventBus& bus, std::ostream& out, std::ostream& err);

}  // namespace ly::events
