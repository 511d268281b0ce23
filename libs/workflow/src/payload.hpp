// Payload templates (Parameters, ResultSelector, ItemSelector): keys ending ".$" take a path or an intrinsic
// function call; everything else is copied. Internal to the interpreter.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <functional>
#include <string_view>

#include "ly/base/result.hpp"

namespace ly::workflow {

struct PayloadEnv {
    const boost::json::value& input;
    const boost::json::value& context;
    std::function<std::uint64_t()> random;  // States.UUID / States.MathRandom: seeded, so replays draw alike
};

// Throws StatesError (States.Runtime for a path that matches nothing, States.IntrinsicFailure for bad arguments).
boost::json::value ResolvePayload(const boost::json::value& template_value, const PayloadEnv& env);
boost::json::value EvaluateIntrinsic(std::string_view expression, const PayloadEnv& env);

// Load-time checks: every ".$" value is a valid path or a well-formed intrinsic call; the message names the key.
Status ValidatePayload(const boost::json::value& template_value);
Status ValidateIntrinsic(std::string_view expression);

}  // namespace ly::workflow
