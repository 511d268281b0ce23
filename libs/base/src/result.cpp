#include "ly/base/result.hpp"

namespace ly {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return "invalid_argument";
        case ErrorCode::kNotFound:
            return "not_found";
        case ErrorCode::kEmpty:
            return "empty";
        case ErrorCode::kUnsupportedType:
            return "unsupported_type";
        case ErrorCode::kCorruptDocument:
            return "corrupt_document";
        case ErrorCode::kEncrypted:
            return "encrypted";
        case ErrorCode::kTooLarge:
            return "too_large";
        case ErrorCode::kIo:
            return "io";
        case ErrorCode::kUnauthenticated:
            return "unauthenticated";
        case ErrorCode::kConflict:
            return "conflict";
        case ErrorCode::kRateLimited:
            return "rate_limited";
        case ErrorCode::kUnavailable:
            return "unavailable";
        case ErrorCode::kInternal:
            return "internal";
    }
    return "internal";
}

}  // namespace ly
