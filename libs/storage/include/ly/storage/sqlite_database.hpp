// The embedded Database adapter: one SQLite file in the data folder (WAL, foreign keys on, busy timeout),
// a small pool of connections so readers run in parallel while writers take turns.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "ly/storage/database.hpp"

namespace ly::storage {

struct SqliteOptions {
    std::filesystem::path path;  // the database file; its folder is created if missing
    // Connections in the pool. Reads run in parallel on separate connections (WAL lets readers proceed beside
    // the one writer); writes are serialised by a mutex in the process, so they queue on a mutex instead of
    // sleeping in SQLite's busy handler. 1 makes every statement take turns (one connection behind a mutex).
    // Measured on this 2-core machine with 4 threads (storage_benchmark): a page of 20 documents 34,000/s with
    // 1 connection, 40,000/s with 2, 53,000/s with 4 and 52,000/s with 8; writes do not scale with connections
    // (one writer), 13,000/s with synchronous=NORMAL and 260-360/s with FULL (an fsync per commit).
    int connections = 4;
    // How long a statement waits for a lock held by another process (or a checkpoint) before failing with kIo.
    std::chrono::milliseconds busy_timeout{5000};
    // synchronous=FULL: a committed transaction survives a power cut, not just a killed process.
    // NORMAL is about 40 times faster for writes here (no fsync per commit in WAL mode) and still survives
    // `kill -9`; only the last transactions before a power cut may be lost.
    bool synchronous_full = true;
};

// Opens (creating if needed) the database file. Apply migrations afterwards (migrations.hpp).
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const SqliteOptions& options);

}  // namespace ly::storage
