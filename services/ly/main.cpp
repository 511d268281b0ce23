// The composition root: `ly extract FILE` runs the engine alone; `ly serve`
// starts the service. Settings come from flags, then the --config file, then
// LY_* environment variables, then defaults.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include "event_target_flags.hpp"
#include "ly/api/event_rules.hpp"
#include "ly/api/service.hpp"
#include "ly/events/events_command.hpp"
#include "ly/extract/extractor.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/timetable/json.hpp"
#include "ly/transport/server.hpp"

namespace {

// Exit codes of `ly extract`, one per kind of failure (documented in README).
enum ExitCode {
    kExitOk = 0,
    kExitUsage = 2,
    kExitNotFound = 3,
    kExitEmpty = 4,
    kExitUnsupported = 5,
    kExitCorrupt = 6,
    kExitEncrypted = 7,
    kExitTooLarge = 8,
    kExitInternal = 9,
};

int ExitCodeFor(ly::ErrorCode code) {
    switch (code) {
        case ly::ErrorCode::kNotFound:
        case ly::ErrorCode::kIo:
            return kExitNotFound;
        case ly::ErrorCode::kEmpty:
            return kExitEmpty;
        case ly::ErrorCode::kUnsupportedType:
            return kExitUnsupported;
        case ly::ErrorCode::kCorruptDocument:
            return kExitCorrupt;
        case ly::ErrorCode::kEncrypted:
            return kExitEncrypted;
        case ly::ErrorCode::kTooLarge:
            return kExitTooLarge;
        case ly::ErrorCode::kInvalidArgument:
            return kExitUsage;
        case ly::ErrorCode::kUnauthenticated:
        case ly::ErrorCode::kConflict:
        case ly::ErrorCode::kRateLimited:
        case ly::ErrorCode::kUnavailable:
        case ly::ErrorCode::kInternal:
            return kExitInternal;
    }
    return kExitInternal;
}

// Reads the file, refusing anything over `limit` before loading it.
ly::Result<std::string> ReadFile(const std::string& path, std::size_t limit) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return ly::MakeError(ly::ErrorCode::kNotFound, "no such file: " + path);
    if (!std::filesystem::is_regular_file(status)) {
        return ly::MakeError(ly::ErrorCode::kNotFound, "not a regular file: " + path);
    }
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limit) {
        return ly::MakeError(ly::ErrorCode::kTooLarge, path + " is " + std::to_string(size >> 20) +
                                                           " MB, over the limit of " + std::to_string(limit >> 20) +
                                                           " MB (--max-file-mb)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return ly::MakeError(ly::ErrorCode::kIo, "cannot open " + path);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

std::string TableText(const ly::timetable::Timetable& t) {
    std::ostringstream out;
    const auto& m = t.metadata;
    for (const auto& [key, value] : {std::pair{"Title", &m.title},
                                     {"School", &m.school},
                                     {"Class", &m.class_name},
                                     {"Teacher", &m.teacher},
                                     {"Term", &m.term},
                                     {"Week", &m.week}}) {
        if (!value->empty()) out << key << ": " << *value << "\n";
    }
    out << std::left << std::setw(10) << "day" << std::setw(13) << "time" << std::setw(6) << "conf"
        << "name  [notes]\n";
    for (const auto& b : t.blocks) {
        std::string time = ly::timetable::FormatTime(b.start) + "-" + (b.end ? ly::timetable::FormatTime(*b.end) : "");
        out << std::setw(10) << ly::timetable::DayName(b.day) << std::setw(13) << time << std::setw(6) << std::fixed
            << std::setprecision(2) << b.confidence << b.name;
        if (!b.notes.empty()) out << "  [" << b.notes << "]";
        out << "\n";
    }
    out << t.blocks.size() << " blocks, confidence " << std::setprecision(3) << t.confidence << ", route " << t.route
        << "\n";
    for (const auto& w : t.warnings) out << "warning: " << w << "\n";
    return out.str();
}

// Engine settings both subcommands take: the confidence thresholds of the
// routes, and image preparation steps to skip.
struct EngineFlags {
    double validated_at = 0.98;
    double llm_at = 0.80;
    std::vector<std::string> skip_image_steps;
};

void AddEngineFlags(CLI::App* command, EngineFlags& flags) {
    command->add_option("--validated-at", flags.validated_at, "Confidence from which a result is 'validated'")
        ->envname("LY_VALIDATED_AT")
        ->check(CLI::Range(0.0, 1.0));
    command->add_option("--llm-at", flags.llm_at, "Confidence from which a result goes to the LLM, not to review")
        ->envname("LY_LLM_AT")
        ->check(CLI::Range(0.0, 1.0));
    command
        ->add_option("--skip-image-steps", flags.skip_image_steps,
                     "Image preparation steps to skip: orient, rectify, deskew, flatten_light, denoise")
        ->envname("LY_SKIP_IMAGE_STEPS")
        ->delimiter(',')
        ->check(CLI::IsMember({"orient", "rectify", "deskew", "flatten_light", "denoise"}));
}

ly::Result<ly::extract::ExtractOptions> EngineOptions(const EngineFlags& flags, double max_file_mb) {
    if (flags.llm_at > flags.validated_at) {
        return ly::MakeError(ly::ErrorCode::kInvalidArgument, "--llm-at must not be above --validated-at");
    }
    ly::extract::ExtractOptions options;
    options.max_file_bytes = static_cast<std::size_t>(max_file_mb * (1 << 20));
    options.validated_threshold = flags.validated_at;
    options.llm_threshold = flags.llm_at;
    for (const std::string& step : flags.skip_image_steps) {
        if (step == "orient") options.image_steps.orient = false;
        if (step == "rectify") options.image_steps.rectify = false;
        if (step == "deskew") options.image_steps.deskew = false;
        if (step == "flatten_light") options.image_steps.flatten_light = false;
        if (step == "denoise") options.image_steps.denoise = false;
    }
    return options;
}

// The LLM step's settings (libs/llm): a provider and where it is, limits, budget and prices.
struct LlmFlags {
    ly::llm::Settings settings{};
    int timeout_seconds = 120;
};

void AddLlmFlags(CLI::App* command, LlmFlags& flags) {
    ly::llm::Settings& s = flags.settings;
    command
        ->add_option("--llm-provider", s.provider,
                     "LLM for drafts in the LLM band: anthropic, openai (any OpenAI-compatible server), or empty: "
                     "those drafts go to review")
        ->envname("LY_LLM_PROVIDER")
        ->check(CLI::IsMember({"", "anthropic", "openai"}));
    command
        ->add_option("--llm-base-url", s.base_url,
                     "The provider's API (default https://api.anthropic.com or https://api.openai.com/v1; Ollama: "
                     "http://localhost:11434/v1)")
        ->envname("LY_LLM_BASE_URL");
    command->add_option("--llm-model", s.model, "Model (default claude-sonnet-4-5 or gpt-4o)")->envname("LY_LLM_MODEL");
    command->add_option("--llm-timeout-s", flags.timeout_seconds, "Time one LLM request may take")
        ->envname("LY_LLM_TIMEOUT_S")
        ->check(CLI::Range(1, 600));
    command->add_option("--llm-max-concurrency", s.max_concurrency, "LLM requests at once")
        ->envname("LY_LLM_MAX_CONCURRENCY")
        ->check(CLI::Range(1, 64));
    command
        ->add_option("--llm-monthly-budget-usd", s.monthly_budget_usd,
                     "Estimated LLM spend per calendar month after which drafts go to review (0: no limit)")
        ->envname("LY_LLM_MONTHLY_BUDGET_USD")
        ->check(CLI::NonNegativeNumber);
    command
        ->add_option("--llm-input-usd-per-mtok", s.input_usd_per_mtok,
                     "Price of a million input tokens, for the cost estimate (default: the default model's list "
                     "price; 0 for a local model)")
        ->envname("LY_LLM_INPUT_USD_PER_MTOK")
        ->check(CLI::NonNegativeNumber);
    command->add_option("--llm-output-usd-per-mtok", s.output_usd_per_mtok, "Price of a million output tokens")
        ->envname("LY_LLM_OUTPUT_USD_PER_MTOK")
        ->check(CLI::NonNegativeNumber);
    command
        ->add_option("--llm-verify-at", s.verify_from,
                     "Confidence from which the LLM only verifies the draft (cheaper); below it, it reads the page whole")
        ->envname("LY_LLM_VERIFY_AT")
        ->check(CLI::Range(0.0, 1.0));
}

ly::llm::Settings LlmSettingsOf(const LlmFlags& flags) {
    ly::llm::Settings settings = flags.settings;
    settings.timeout = std::chrono::seconds(flags.timeout_seconds);
    // The key from the environment only, like every secret here: a flag or a config line would show in process
    // lists and backups. The provider's own variable is accepted too.
    for (const char* name : {"LY_LLM_API_KEY", settings.provider == "anthropic" ? "ANTHROPIC_API_KEY" : "OPENAI_API_KEY"}) {
        if (const char* key = std::getenv(name); key != nullptr && *key != '\0') {
            settings.api_key = key;
            break;
        }
    }
    return settings;
}

int RunExtract(const std::string& path, const std::string& format, const ly::extract::ExtractOptions& options) {
    auto bytes = ReadFile(path, options.max_file_bytes);
    if (!bytes.ok()) {
        std::cerr << "ly extract: " << bytes.error().message << "\n";
        return ExitCodeFor(bytes.error().code);
    }
    auto result = ly::extract::Extract(*bytes, std::filesystem::path(path).filename().string(), options);
    if (!result.ok()) {
        std::cerr << "ly extract: " << path << ": " << result.error().message << "\n";
        return ExitCodeFor(result.error().code);
    }
    if (format == "table") {
        std::cout << TableText(*result);
    } else {
        std::cout << ly::timetable::ToJson(*result);
    }
    for (const auto& w : result->warnings) {
        if (w == "no timetable found in the document") std::cerr << "ly extract: warning: " << w << "\n";
    }
    return kExitOk;
}

// `ly events …` (libs/events): opens the service's database and a bus with the service's rules, then runs the
// subcommand; events are re-delivered from the log, never re-published.
int RunEvents(const std::string& data_dir, const ly::api::EventTargetSettings& targets,
              const std::vector<std::string>& args) {
    auto database = ly::storage::OpenSqliteDatabase({.path = std::filesystem::path(data_dir) / "ly.db"});
    if (!database.ok()) {
        std::cerr << "ly events: " << database.error().message << "\n";
        return 1;
    }
    if (auto migrated = ly::storage::ApplyMigrations(**database, ly::storage::SchemaMigrations()); !migrated.ok()) {
        std::cerr << "ly events: " << migrated.error().message << "\n";
        return 1;
    }
    ly::events::EventLog log(**database);
    ly::events::EventBus bus(log);
    // The same rules as `ly serve` (but WebSocket push: no browser listens to this process), so a replay reaches
    // the same targets.
    if (auto added = ly::api::AddServiceRules(bus, targets, **database); !added.ok()) {
        std::cerr << "ly events: " << added.error().message << "\n";
        return kExitUsage;
    }
    return ly::events::RunEventsCommand(args, bus, std::cout, std::cerr);
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Learning Yogi timetable intake"};
    app.require_subcommand(1);
    // An optional TOML file of the same settings: a [serve] table keyed by flag names without the dashes
    // ("port = 8081"). A key that names no setting is an error, not a silently ignored typo.
    // LY_CONFIG names it too; CLI11 reads the file before the environment, so it is the default, required.
    const char* config_from_environment = std::getenv("LY_CONFIG");
    const bool has_config_variable = config_from_environment != nullptr && *config_from_environment != '\0';
    app.set_config("--config", has_config_variable ? config_from_environment : "",
                   "TOML file of settings ([serve] table, keys are the flag names); or LY_CONFIG", has_config_variable);
    app.allow_config_extras(CLI::config_extras_mode::error);

    double max_file_mb = 25;

    auto* extract = app.add_subcommand("extract", "Extract the timetable of one document and print it");
    std::string path;
    std::string format = "json";
    extract->add_option("file", path, "PDF, DOCX or text file")->required();
    extract->add_option("--format", format, "json (timetable/v1) or table")->check(CLI::IsMember({"json", "table"}));
    extract->add_option("--max-file-mb", max_file_mb, "Largest accepted file, in MB")
        ->envname("LY_MAX_FILE_MB")
        ->check(CLI::PositiveNumber);
    EngineFlags engine_flags;
    AddEngineFlags(extract, engine_flags);

    auto* serve = app.add_subcommand("serve", "Start the HTTP service");
    serve->fallthrough();  // `ly serve --config FILE`: the config flag belongs to the app
    AddEngineFlags(serve, engine_flags);
    ly::transport::ServerOptions server;
    std::string data_dir = "data";
    ly::api::ServiceOptions service;
    serve->add_option("--jwt-issuer", service.issuer, "Issuer (iss) of access tokens, checked on every request")
        ->envname("LY_JWT_ISSUER");
    serve->add_option("--jwt-audience", service.audience, "Audience (aud) of access tokens, checked on every request")
        ->envname("LY_JWT_AUDIENCE");
    std::int64_t access_token_seconds = service.access_token_lifetime.count();
    serve->add_option("--access-token-seconds", access_token_seconds, "Lifetime of an access token")
        ->envname("LY_ACCESS_TOKEN_SECONDS")
        ->check(CLI::Range(std::int64_t{60}, std::int64_t{86400}));
    std::int64_t refresh_token_days = 30;
    serve->add_option("--refresh-token-days", refresh_token_days, "Lifetime of a refresh token")
        ->envname("LY_REFRESH_TOKEN_DAYS")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{365}));
    serve->add_option("--processing-threads", service.processing_threads, "Threads extracting uploaded documents")
        ->envname("LY_PROCESSING_THREADS")
        ->check(CLI::Range(1, 64));
    serve->add_option("--port", server.port, "TCP port")->envname("LY_PORT");
    serve->add_option("--address", server.address, "Address to listen on")->envname("LY_ADDRESS");
    serve->add_option("--data-dir", data_dir, "Folder for the service's data")->envname("LY_DATA_DIR");
    std::string web_root;
    serve
        ->add_option("--web-root", web_root,
                     "Folder of the built web app served at / (default: web/dist when it exists, else none)")
        ->envname("LY_WEB_ROOT");
    serve->add_option("--max-file-mb", max_file_mb, "Largest accepted upload, in MB")
        ->envname("LY_MAX_FILE_MB")
        ->check(CLI::PositiveNumber);
    serve->add_option("--io-threads", server.io_threads, "HTTP I/O threads (0: one per core)")
        ->envname("LY_IO_THREADS");
    serve
        ->add_option(
            "--worker-threads", server.worker_threads,
            "Threads for request work off the I/O threads: /api/v1/extract, uploads, sign-ins (0: one per core)")
        ->envname("LY_WORKER_THREADS");
    serve->add_option("--cors-origins", server.cors_origins, "Origins allowed to call the API (CORS), comma-separated")
        ->delimiter(',')
        ->envname("LY_CORS_ORIGINS");
    ly::transport::RateLimitSettings& limits = server.rate_limits;
    serve->add_option("--auth-rate-per-min", limits.auth.per_minute, "Sign-ins per minute per client IP (0: no limit)")
        ->envname("LY_AUTH_RATE_PER_MIN")
        ->check(CLI::NonNegativeNumber);
    serve->add_option("--auth-burst", limits.auth.burst, "Sign-in requests a client IP may make at once")
        ->envname("LY_AUTH_BURST")
        ->check(CLI::PositiveNumber);
    serve->add_option("--api-rate-per-min", limits.api.per_minute, "API requests per minute per user (0: no limit)")
        ->envname("LY_API_RATE_PER_MIN")
        ->check(CLI::NonNegativeNumber);
    serve->add_option("--api-burst", limits.api.burst, "API requests a user may make at once")
        ->envname("LY_API_BURST")
        ->check(CLI::PositiveNumber);
    ly::cli::EventTargetFlags event_targets;
    ly::cli::AddEventTargetFlags(serve, event_targets, /*read_environment=*/true);
    LlmFlags llm_flags;
    AddLlmFlags(serve, llm_flags);

    // `ly events` takes the data folder and the targets from the same variables as `ly serve`. CLI11 fills every
    // subcommand's options from the --config file's [serve] table and the LY_ variables, invoked or not, and runs
    // subcommands' option callbacks in the order they were added: so `ly events` is added after `ly serve`, and
    // its own options read no environment (serve's do), which keeps the order flag > file > environment.
    auto* events = app.add_subcommand("events", "The event log: ly events replay --since <RFC 3339> --rule NAME");
    events->allow_extras();  // the words after `events` go to ly::events::RunEventsCommand
    events->footer("Settings also come from the LY_ variables and the [serve] table of ly --config FILE, as for ly serve.");
    events->add_option("--data-dir", data_dir, "Folder for the service's data");
    ly::cli::AddEventTargetFlags(events, event_targets, /*read_environment=*/false);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);  // --help
        std::cerr << "ly: " << e.what() << " (see ly --help)\n";
        return kExitUsage;
    }

    if (*events) return RunEvents(data_dir, ly::cli::EventTargetSettingsOf(event_targets), events->remaining());
    auto engine = EngineOptions(engine_flags, max_file_mb);
    if (!engine.ok()) {
        std::cerr << "ly: " << engine.error().message << "\n";
        return kExitUsage;
    }
    if (*extract) return RunExtract(path, format, *engine);
    server.data_dir = data_dir;
    server.extract = *engine;
    // `make run` from the repository serves the app built into web/dist; without a build, the API alone. A folder
    // named by the setting must exist (RunServer says so) rather than silently serve nothing.
    if (!web_root.empty()) {
        server.web_root = web_root;
    } else if (std::error_code ec; std::filesystem::is_directory("web/dist", ec)) {
        server.web_root = "web/dist";
    }
    service.data_dir = data_dir;
    service.max_upload_bytes = engine->max_file_bytes;
    service.extract = *engine;
    service.access_token_lifetime = std::chrono::seconds(access_token_seconds);
    service.event_targets = ly::cli::EventTargetSettingsOf(event_targets);
    service.llm = LlmSettingsOf(llm_flags);
    service.refresh_token_lifetime = std::chrono::hours(24 * refresh_token_days);
    // A secret comes from the environment only: a flag or a config file line would show in process lists
    // and backups. Unset, the service generates one into the data folder on first start.
    if (const char* jwt_key = std::getenv("LY_JWT_KEY"); jwt_key != nullptr && *jwt_key != '\0') {
        service.jwt_key = std::string(jwt_key);
    }
    // Made before the service so it outlives it: the service's processing threads update metrics while it closes.
    server.metrics = std::make_shared<ly::transport::MetricsRegistry>();
    // The teachers' open pages (/ws): the service pushes to it, the server registers connections in it.
    service.websocket_hub = std::make_shared<ly::transport::WebSocketHub>();
    auto api = ly::api::Service::Open(service);
    if (!api.ok()) {
        std::cerr << "ly serve: " << api.error().message << "\n";
        return 1;
    }
    server.add_routes = [&api](ly::transport::Router& router, const ly::transport::RateLimiters& limiters) {
        (*api)->AddRoutes(router, limiters);
    };
    server.websocket = (*api)->WebSocketHooks();
    server.add_metrics = [&api](ly::transport::MetricsRegistry& metrics) { return (*api)->AddMetrics(metrics); };
    return ly::transport::RunServer(server);  // the API's database closes after the server has stopped
}
