#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "ly/storage/ids.hpp"
#include "ly/storage/object_store.hpp"

namespace ly::storage {
namespace {

constexpr std::size_t kMaxKeyBytes = 1024;

Error IoError(std::string_view what, std::string_view key, int error_number) {
    return MakeError(ErrorCode::kIo, "object store: cannot " + std::string(what) + " \"" + std::string(key) +
                                         "\": " + std::error_code(error_number, std::generic_category()).message());
}

// Closes a descriptor when the scope ends, whatever path leaves it.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    ~FileDescriptor() {
        if (fd_ >= 0) ::close(fd_);
    }
    int get() const { return fd_; }
    int Release() { return std::exchange(fd_, -1); }

  private:
    int fd_;
};

// False with errno set when the system refuses.
bool WriteAll(int fd, std::string_view bytes) {
    while (!bytes.empty()) {
        const ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        bytes.remove_prefix(static_cast<std::size_t>(written));
    }
    return true;
}

// The rename is durable only once the folder's entry is on disk.
void SyncFolder(const std::filesystem::path& folder) {
    FileDescriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() >= 0) ::fsync(fd.get());
}

}  // namespace

Status ValidateObjectKey(std::string_view key) {
    const auto refuse = [&](std::string_view why) {
        return MakeError(ErrorCode::kInvalidArgument, "object key " + std::string(why));
    };
    if (key.empty()) return refuse("is empty");
    if (key.size() > kMaxKeyBytes) return refuse("is longer than 1024 bytes");
    if (key.front() == '/') return refuse("must be relative (it starts with '/')");
    for (char c : key) {
        if (c == '\\') return refuse("must not contain a backslash");
        if (c == '\0') return refuse("must not contain a NUL byte");
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return refuse("must not contain control characters");
    }
    std::size_t start = 0;
    while (start <= key.size()) {
        std::size_t end = key.find('/', start);
        if (end == std::string_view::npos) end = key.size();
        const std::string_view segment = key.substr(start, end - start);
        if (segment.empty()) return refuse("must not have an empty segment ('//' or a trailing '/')");
        if (segment.front() == '.') return refuse("must not have a segment starting with '.' (such as '..')");
        start = end + 1;
    }
    return Ok{};
}

Result<FolderObjectStore> FolderObjectStore::Open(const std::filesystem::path& root) {
    if (root.empty()) return MakeError(ErrorCode::kInvalidArgument, "object store: no folder given");
    std::error_code ec;
    std::filesystem::create_directories(root, ec);
    if (ec)
        return MakeError(ErrorCode::kIo,
                         "object store: cannot create the folder " + root.string() + ": " + ec.message());
    auto absolute = std::filesystem::canonical(root, ec);
    if (ec)
        return MakeError(ErrorCode::kIo,
                         "object store: cannot resolve the folder " + root.string() + ": " + ec.message());
    return FolderObjectStore(std::move(absolute));
}

Result<std::filesystem::path> FolderObjectStore::PathOf(std::string_view key) const {
    if (auto valid = ValidateObjectKey(key); !valid) return valid.error();
    return root_ / std::filesystem::path(std::string(key));
}

Status FolderObjectStore::Put(std::string_view key, std::string_view bytes) {
    auto path = PathOf(key);
    if (!path) return path.error();
    const std::filesystem::path folder = path->parent_path();
    std::error_code ec;
    std::filesystem::create_directories(folder, ec);
    if (ec) return IoError("create the folder for", key, ec.value());

    // The temporary name starts with '.', which no key can, so it never collides with an object.
    auto suffix = NewId();
    if (!suffix) return suffix.error();
    const std::filesystem::path temporary = folder / (".tmp-" + *suffix);
    FileDescriptor fd(::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640));
    if (fd.get() < 0) return IoError("write", key, errno);
    const auto fail = [&](std::string_view step) {
        const int error_number = errno;
        ::unlink(temporary.c_str());
        return IoError(step, key, error_number);
    };
    if (!WriteAll(fd.get(), bytes)) return fail("write");
    if (::fsync(fd.get()) != 0) return fail("sync");
    if (::close(fd.Release()) != 0) return fail("close");
    if (::rename(temporary.c_str(), path->c_str()) != 0) return fail("move into place");
    SyncFolder(folder);
    return Ok{};
}

Result<std::string> FolderObjectStore::Get(std::string_view key) {
    auto path = PathOf(key);
    if (!path) return path.error();
    FileDescriptor fd(::open(path->c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return MakeError(ErrorCode::kNotFound, "object not found");
        return IoError("read", key, errno);
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return IoError("read", key, errno);
    if (!S_ISREG(info.st_mode)) return MakeError(ErrorCode::kNotFound, "object not found");
    std::string bytes;
    bytes.reserve(static_cast<std::size_t>(info.st_size));
    std::array<char, 65536> buffer{};
    while (true) {
        const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == EINTR) continue;
            return IoError("read", key, errno);
        }
        if (got == 0) break;
        bytes.append(buffer.data(), static_cast<std::size_t>(got));
    }
    return bytes;
}

Status FolderObjectStore::Delete(std::string_view key) {
    auto path = PathOf(key);
    if (!path) return path.error();
    if (::unlink(path->c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) return IoError("delete", key, errno);
    // Empty folders left behind are harmless; they are not removed, so a concurrent Put into them cannot race.
    return Ok{};
}

Result<bool> FolderObjectStore::Exists(std::string_view key) {
    auto size = Size(key);
    if (size) return true;
    if (size.error().code == ErrorCode::kNotFound) return false;
    return size.error();
}

Result<std::uint64_t> FolderObjectStore::Size(std::string_view key) {
    auto path = PathOf(key);
    if (!path) return path.error();
    struct stat info {};
    if (::stat(path->c_str(), &info) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return MakeError(ErrorCode::kNotFound, "object not found");
        return IoError("look at", key, errno);
    }
    if (!S_ISREG(info.st_mode)) return MakeError(ErrorCode::kNotFound, "object not found");
    return static_cast<std::uint64_t>(info.st_size);
}

}  // namespace ly::storage
