#include "ly/events/events_command.hpp"

#include <optional>

namespace ly::events {
namespace {

constexpr std::string_view kUsage =
    "usage: ly events replay --since <RFC 3339 time> --rule NAME [--until <RFC 3339 time>]\n";

int Usage(std::ostream& err, const std::string& problem) {
    err << "ly events: " << problem << "\n" << kUsage;
    return 2;
}

}  // namespace

int RunEventsCommand(const std::vector<std::string>& args, EventBus& bus, std::ostream& out, std::ostream& err) {
    if (args.empty() || args[0] != "replay") return Usage(err, "expected the subcommand \"replay\"");
    std::optional<std::string> since, until, rule;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& flag = args[i];
        if (flag != "--since" && flag != "--until" && flag != "--rule") {
            return Usage(err, "unknown argument \"" + flag + "\"");
        }
        if (i + 1 >= args.size()) return Usage(err, flag + " needs a value");
        std::optional<std::string>& slot = flag == "--since" ? since : flag == "--until" ? until : rule;
        if (slot) return Usage(err, flag + " given twice");
        slot = args[++i];
    }
    if (!since) return Usage(err, "--since is required");
    if (!rule) return Usage(err, "--rule is required");
    auto since_ms = ParseRfc3339(*since);
    if (!since_ms) return Usage(err, "--since: " + since_ms.error().message);
    std::optional<std::int64_t> until_ms;
    if (until) {
        auto parsed = ParseRfc3339(*until);
        if (!parsed) return Usage(err, "--until: " + parsed.error().message);
        if (*parsed <= *since_ms) return Usage(err, "--until must be later than --since");
        until_ms = *parsed;
    }
    auto replayed = bus.Replay(*rule, *since_ms, until_ms);
    if (!replayed) {
        err << "ly events replay: " << replayed.error().message << "\n";
        return 1;
    }
    bus.WaitForDeliveries();
    out << "replayed " << *replayed << " event" << (*replayed == 1 ? "" : "s") << " to rule " << *rule << "\n";
    return 0;
}

}  // namespace ly::events
