// Wall-clock time for stored timestamps (Unix milliseconds), injectable so tests control it.
// Repositories take a UnixMillisClock; the service passes SystemUnixMillis.
#pragma once

#include <cstdint>
#include <functional>

namespace ly::storage {

using UnixMillisClock = std::function<std::int64_t()>;

std::int64_t SystemUnixMillis();

}  // namespace ly::storage
