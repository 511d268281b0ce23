// The ObjectStore port (bytes under a key, as S3 keeps them) and its folder adapter for the embedded setup.
// Keys: `uploads/{userId}/{documentId}.{ext}`, `preprocessed/…`, `archive/{yyyy}/{mm}/…`; none can leave the folder.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::storage {

class ObjectStore {
  public:
    virtual ~ObjectStore() = default;

    // Stores the bytes whole or not at all: a reader sees the old object or the new one, never a part.
    virtual Status Put(std::string_view key, std::string_view bytes) = 0;
    virtual Result<std::string> Get(std::string_view key) = 0;  // kNotFound
    // Removing a missing object is not an error (as in S3).
    virtual Status Delete(std::string_view key) = 0;
    virtual Result<bool> Exists(std::string_view key) = 0;
    virtual Result<std::uint64_t> Size(std::string_view key) = 0;  // kNotFound
};

// The rules every adapter applies to a key, so one key means the same thing everywhere: 1 to 1024 bytes of
// '/'-separated segments; no empty segment (so no leading, trailing or doubled '/'), no segment starting with '.'
// (so no "." or ".." and no hidden files), no backslash, NUL or other control character. kInvalidArgument.
Status ValidateObjectKey(std::string_view key);

// Objects as files under a root folder: key "a/b.pdf" is ROOT/a/b.pdf. Put writes a temporary file beside the
// target, fsyncs it, renames it over the target and fsyncs the folder, so an acknowledged Put survives a crash.
class FolderObjectStore final : public ObjectStore {
  public:
    // The folder is created if missing.
    static Result<FolderObjectStore> Open(const std::filesystem::path& root);

    Status Put(std::string_view key, std::string_view bytes) override;
    Result<std::string> Get(std::string_view key) override;
    Status Delete(std::string_view key) override;
    Result<bool> Exists(std::string_view key) override;
    Result<std::uint64_t> Size(std::string_view key) override;

    const std::filesystem::path& root() const { return root_; }

  private:
    explicit FolderObjectStore(std::filesystem::path root) : root_(std::move(root)) {}
    Result<std::filesystem::path> PathOf(std::string_view key) const;

    std::filesystem::path root_;
};

}  // namespace ly::storage
