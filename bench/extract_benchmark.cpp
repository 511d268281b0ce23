// In-process timing of the extraction engine on every document given on the
// command line (default: the samples and fixtures). Reports, never asserts.
//   build/bench/extract_benchmark [--benchmark_repetitions=5] [FILE...]
#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>

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

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    std::vector<std::filesystem::path> files;
    for (int i = 1; i < argc; ++i) files.emplace_back(argv[i]);
    if (files.empty()) {
        for (const char* dir : {LY_SAMPLES_DIR, LY_SOURCE_DIR "/tests/fixtures/docx", LY_SOURCE_DIR "/tests/fixtures/pdf",
                                LY_SOURCE_DIR "/tests/fixtures/text"}) {
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
