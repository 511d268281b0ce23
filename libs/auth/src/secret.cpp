#include "ly/auth/secret.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "ly/auth/crypto.hpp"

namespace ly::auth {
namespace {

std::string Describe(int error_number) { return std::strerror(error_number); }

// Reads the whole key file; the key is small, anything much larger is not ours.
Result<std::string> ReadKeyFile(const SecretSource& source) {
    const std::string where = "the " + source.name + " file " + source.file.string();
    const int fd = ::open(source.file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return MakeError(ErrorCode::kIo, "cannot read " + where + ": " + Describe(errno));
    std::string bytes;
    char buffer[256];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int saved = errno;
            ::close(fd);
            return MakeError(ErrorCode::kIo, "cannot read " + where + ": " + Describe(saved));
        }
        if (n == 0) break;
        bytes.append(buffer, static_cast<std::size_t>(n));
        if (bytes.size() > 4096) {
            ::close(fd);
            return MakeError(ErrorCode::kInvalidArgument, where + " is larger than a key file can be");
        }
    }
    ::close(fd);
    if (bytes.size() < kSecretBytes) {
        return MakeError(ErrorCode::kInvalidArgument, where + " is too short (" + std::to_string(bytes.size()) +
                                                          " bytes, at least " + std::to_string(kSecretBytes) +
                                                          " needed); remove it to have a new key generated");
    }
    return bytes;
}

bool WriteAll(int fd, const std::string& bytes) {
    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

// Writes a fresh key to a private temporary file, then links it into place: the
// key file appears complete or not at all, and link() refuses to replace a key
// another process created meanwhile (we then read that one).
Result<std::string> CreateKeyFile(const SecretSource& source) {
    const std::string where = "the " + source.name + " file " + source.file.string();
    std::error_code error;
    std::filesystem::create_directories(source.file.parent_path(), error);
    if (error) return MakeError(ErrorCode::kIo, "cannot create the folder for " + where + ": " + error.message());

    std::string temporary = source.file.string() + ".tmp-XXXXXX";
    const int fd = ::mkstemp(temporary.data());  // mode 0600 by definition
    if (fd < 0) return MakeError(ErrorCode::kIo, "cannot create " + where + ": " + Describe(errno));
    const std::string key = RandomBytes(kSecretBytes);
    const bool written = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0 && WriteAll(fd, key) && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!written) {
        ::unlink(temporary.c_str());
        return MakeError(ErrorCode::kIo, "cannot write " + where + ": " + Describe(saved));
    }
    const int linked = ::link(temporary.c_str(), source.file.c_str());
    const int link_error = errno;
    ::unlink(temporary.c_str());
    if (linked != 0) {
        if (link_error == EEXIST) return ReadKeyFile(source);
        return MakeError(ErrorCode::kIo, "cannot create " + where + ": " + Describe(link_error));
    }
    return key;
}

}  // namespace

Result<std::string> LoadOrCreateSecret(const SecretSource& source) {
    if (auto init = InitCrypto(); !init) return init.error();
    if (source.configured) {
        if (source.configured->size() < kSecretBytes) {
            return MakeError(ErrorCode::kInvalidArgument, "the configured " + source.name + " is too short (" +
                                                              std::to_string(source.configured->size()) +
                                                              " bytes, at least " + std::to_string(kSecretBytes) +
                                                              " needed)");
        }
        return *source.configured;
    }
    if (source.file.empty()) {
        return MakeError(ErrorCode::kInvalidArgument, "no " + source.name + " configured and no file to keep one in");
    }
    std::error_code error;
    const bool exists = std::filesystem::exists(source.file, error);
    if (error) {
        return MakeError(ErrorCode::kIo,
                         "cannot check the " + source.name + " file " + source.file.string() + ": " + error.message());
    }
    return exists ? ReadKeyFile(source) : CreateKeyFile(source);
}

}  // namespace ly::auth
