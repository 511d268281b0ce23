// Errors as values: Result<T> holds either a T or an Error with a code and a
// message a teacher or an operator can act on. Used everywhere inside libs/.
#pragma once

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ly {

enum class ErrorCode {
    kInvalidArgument,  // the caller's input is wrong (bad flag, bad field)
    kNotFound,         // a file or a resource does not exist
    kEmpty,            // the input is empty
    kUnsupportedType,  // the document's type is not one we read
    kCorruptDocument,  // the document claims a type but cannot be read as it
    kEncrypted,        // the document is password-protected
    kTooLarge,         // over a size limit (file, uncompressed archive, pixels)
    kIo,               // the operating system failed us
    kUnauthenticated,  // no valid credentials (missing, wrong or expired token or password)
    kConflict,         // the resource exists or changed meanwhile (e-mail taken, token reused)
    kRateLimited,      // too many requests; try again later
    kUnavailable,      // a service we need is not configured or not reachable (e.g. no LLM provider)
    kInternal,         // a bug or a third-party failure we did not expect
};

// Stable, lower-case name of a code, e.g. for problem JSON and logs.
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code;
    std::string message;
};

template <typename T>
class [[nodiscard]] Result {
  public:
    Result(T value) : value_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : value_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return value_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & {
        assert(ok());
        return std::get<0>(value_);
    }
    const T& value() const& {
        assert(ok());
        return std::get<0>(value_);
    }
    T&& value() && {
        assert(ok());
        return std::get<0>(std::move(value_));
    }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        assert(!ok());
        return std::get<1>(value_);
    }

  private:
    std::variant<T, Error> value_;
};

// Result<void>: success or an Error.
struct Ok {};
using Status = Result<Ok>;

inline Error MakeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace ly
