// In-process timing of the extraction engine on every document given on the
// command line (default: the samples and fixtures). Reports, never asserts.
//   build/bench/extract_benchmark [--benchmark_repetitions=5] [FILE...]
// Throughput of the engine alone (bench/pipeline.sh compares the pipeline with it): every FILE extracted once
// by THREADS threads taking the next file as they finish one; prints "throughput <documents/s>".
//   build/bench/extract_benchmark --threads=2 --throughput FILE...
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ly/extract/extractor.hpp"

namespace {

std::string ReadAll(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

void BenchExtract(benchmark::State& state, const std::string& bytes, const std::string& name) {
    std::size_t blocks = 0;
    for (auto _ : state) {
        auto result = ly::extract::Extract(bytes, name);
        if (!result.ok()) {
            state.SkipWithError(result.error().message.c_str());
            break;
        }
        blocks = result->blocks.size();
        benchmark::DoNotOptimize(blocks);
    }
    state.counters["blocks"] = static_cast<double>(blocks);
}

int RunThroughput(const std::vector<std::filesystem::path>& files, int threads) {
    std::vector<std::string> contents;
    for (const auto& file : files) contents.push_back(ReadAll(file));
    if (contents.empty()) {
        std::fprintf(stderr, "--throughput needs files\n");
        return 2;
    }
    // Each thread's OCR engines start before the clock does: this measures the engine at work, not starting.
    std::vector<std::thread> warmers;
    for (int t = 0; t < threads; ++t) {
        warmers.emplace_back([&] { (void)ly::extract::Extract(contents.front(), files.front().filename().string()); });
    }
    for (auto& warmer : warmers) warmer.join();
    std::atomic<std::size_t> next{0};
    std::atomic<int> failed{0};
    const auto began = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&] {
            for (std::size_t i = next++; i < contents.size(); i = next++) {
                if (!ly::extract::Extract(contents[i], files[i].filename().string()).ok()) ++failed;
            }
        });
    }
    for (auto& worker : workers) worker.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    std::printf("throughput %.3f documents/s (%zu documents, %d threads, %.1f s, %d failed)\n",
                static_cast<double>(contents.size()) / seconds, contents.size(), threads, seconds, failed.load());
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    bool throughput = false;
    std::vector<char*> rest;
    for (int i = 0; i < argc; ++i) {
        if (std::strncmp(argv[i], "--threads=", 10) == 0) {
            threads = std::max(1, std::atoi(argv[i] + 10));
        } else if (std::strcmp(argv[i], "--throughput") == 0) {
            throughput = true;
        } else {
            rest.push_back(argv[i]);
        }
    }
    if (throughput) {
        std::vector<std::filesystem::path> files(rest.begin() + 1, rest.end());
        return RunThroughput(files, threads);
    }
    argc = static_cast<int>(rest.size());
    argv = rest.data();
    benchmark::Initialize(&argc, argv);
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) files.emplace_back(argv[i]);
    if (files.empty()) {
        for (const char* dir : {LY_SAMPLES_DIR, LY_SOURCE_DIR "/tests/fixtures/docx",
                                LY_SOURCE_DIR "/tests/fixtures/pdf", LY_SOURCE_DIR "/tests/fixtures/text"}) {
            if (!std::filesystem::is_directory(dir)) continue;
            for (const auto& entry : std::filesystem::directory_iterator(dir)) {
                const auto ext = entry.path().extension();
                if (ext == ".pdf" || ext == ".docx" || ext == ".txt" || ext == ".png" || ext == ".jpg") {
                    files.push_back(entry.path());
                }
            }
        }
    }
    std::vector<std::string> contents;
    contents.reserve(files.size());
    for (const auto& file : files) {
        contents.push_back(ReadAll(file));
        const std::string name = file.filename().string();
        benchmark::RegisterBenchmark(name.c_str(), BenchExtract, contents.back(), name)->Unit(benchmark::kMillisecond);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
