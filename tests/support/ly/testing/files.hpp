// For tests: a file's bytes (samples, fixtures), read whole.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ly::testing {

// The bytes of `path`; empty when it cannot be read (a test then fails on what it expected to find).
inline std::string ReadFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

}  // namespace ly::testing
