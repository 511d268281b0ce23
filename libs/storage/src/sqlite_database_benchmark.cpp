// How the SQLite adapter's pool behaves under threads: the API's hot read (a page of 20 documents) and writes,
// with one connection (every statement takes turns, as behind a single mutex) and with several.
// Run: build/libs/storage/storage_benchmark [folder]. Prints figures; never fails on timing.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include "ly/storage/document_repository.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/storage/user_repository.hpp"

namespace {

using ly::storage::Database;
using Clock = std::chrono::steady_clock;

double Run(int threads, const std::function<void()>& work, std::chrono::milliseconds duration) {
    std::atomic<bool> stop{false};
    std::atomic<long> done{0};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            long mine = 0;
            while (!stop.load(std::memory_order_relaxed)) {
                work();
                ++mine;
            }
            done += mine;
        });
    }
    const auto start = Clock::now();
    std::this_thread::sleep_for(duration);
    stop = true;
    for (auto& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return static_cast<double>(done.load()) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
    const std::filesystem::path folder =
        argc > 1 ? argv[1] : std::filesystem::temp_directory_path() / "ly-storage-bench";
    std::filesystem::remove_all(folder);
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const int threads = static_cast<int>(cores) * 2;
    std::printf("cores: %u, threads: %d\n", cores, threads);
    for (int connections : {1, 2, 4, 8}) {
        for (bool full : {true, false}) {
            auto opened = ly::storage::OpenSqliteDatabase(
                {.path = folder / ("bench-" + std::to_string(connections) + (full ? "-full" : "-normal") + ".db"),
                 .connections = connections,
                 .synchronous_full = full});
            if (!opened) {
                std::fprintf(stderr, "%s\n", opened.error().message.c_str());
                return 1;
            }
            Database& db = **opened;
            if (auto migrated = ly::storage::ApplyMigrations(db, ly::storage::SchemaMigrations()); !migrated) {
                std::fprintf(stderr, "%s\n", migrated.error().message.c_str());
                return 1;
            }
            ly::storage::UserRepository users(db, ly::storage::SystemUnixMillis);
            ly::storage::DocumentRepository documents(db, ly::storage::SystemUnixMillis);
            auto user = users.Create("bench@example.org", "hash", "Bench");
            std::string document_id;
            for (int i = 0; i < 20; ++i) {
                auto document = documents.Create({.user_id = user->id,
                                                  .filename = "f.pdf",
                                                  .content_type = "application/pdf",
                                                  .size = 1,
                                                  .object_key = "k"});
                document_id = document->id;
            }
            if (full) {
                const double reads = Run(
                    threads, [&] { (void)documents.List(user->id, {.limit = 20}); }, std::chrono::milliseconds(1500));
                std::printf("connections %d: list 20 documents: %.0f/s\n", connections, reads);
            }
            const double writes = Run(
                threads, [&] { (void)documents.UpdateStatus(document_id, ly::storage::DocumentStatus::kProcessing); },
                std::chrono::milliseconds(1500));
            std::printf("connections %d: single-row updates (synchronous=%s): %.0f/s\n", connections,
                        full ? "FULL" : "NORMAL", writes);
            db.Close();
        }
    }
    std::filesystem::remove_all(folder);
    return 0;
}
