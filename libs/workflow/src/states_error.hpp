// The interpreter's failures while it evaluates a state: an ASL error name and a cause. Internal: thrown inside
// src/ and always caught by the interpreter, which turns it into a TaskFailed / ExecutionFailed.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace ly::workflow {

struct StatesError {
    std::string error;
    std::string cause;
    bool from_branch = false;  // raised inside a Parallel branch or Map iteration (matches States.BranchFailed)
};

[[noreturn]] inline void ThrowStates(std::string_view error, std::string cause) {
    throw StatesError{std::string(error), std::move(cause)};
}

}  // namespace ly::workflow
