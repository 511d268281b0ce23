// Placeholder until the HTTP server lands.
#include "ly/transport/server.hpp"

#include <iostream>

namespace ly::transport {

int RunServer(const ServerOptions&) {
    std::cerr << "ly serve: not built yet\n";
    return 1;
}

}  // namespace ly::transport
