#include "payload.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "json_path.hpp"
#include "states_error.hpp"

namespace ly::workflow {
namespace json = boost::json;
namespace {

constexpr std::string_view kFailure = "States.IntrinsicFailure";
constexpr std::size_t kMaxArrayItems = 1000;  // ArrayRange / StringSplit results, as AWS limits them

// One argument of an intrinsic call, as parsed.
struct Arg {
    enum class Kind { kLiteral, kPath, kCall };
    Kind kind = Kind::kLiteral;
    json::value literal;   // kLiteral (a string literal keeps its backslash escapes in `raw`)
    std::string raw;       // kLiteral strings: the text between quotes; kPath: the path
    std::string function;  // kCall
    std::vector<Arg> args;
};

class Parser {
  public:
    explicit Parser(std::string_view text) : text_(text) {}

    Result<Arg> ParseWhole() {
        auto call = ParseCall();
        if (!call) return call;
        SkipSpaces();
        if (at_ != text_.size()) return Fail("unexpected text after the closing ')'");
        return call;
    }

  private:
    Error Fail(std::string_view why) const {
        return MakeError(ErrorCode::kInvalidArgument,
                         "intrinsic function \"" + std::string(text_) + "\": " + std::string(why));
    }
    void SkipSpaces() {
        while (at_ < text_.size() && text_[at_] == ' ') ++at_;
    }

    Result<Arg> ParseCall() {
        SkipSpaces();
        std::size_t start = at_;
        while (at_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.')) ++at_;
        Arg call;
        call.kind = Arg::Kind::kCall;
        call.function = std::string(text_.substr(start, at_ - start));
        if (call.function.rfind("States.", 0) != 0) return Fail("a function name starts with States.");
        if (at_ >= text_.size() || text_[at_] != '(') return Fail("expected '(' after " + call.function);
        ++at_;
        SkipSpaces();
        if (at_ < text_.size() && text_[at_] == ')') {
            ++at_;
            return call;
        }
        while (true) {
            auto arg = ParseArg();
            if (!arg) return arg;
            call.args.push_back(std::move(*arg));
            SkipSpaces();
            if (at_ >= text_.size()) return Fail("missing ')'");
            if (text_[at_] == ')') {
                ++at_;
                return call;
            }
            if (text_[at_] != ',') return Fail("expected ',' or ')' between arguments");
            ++at_;
        }
    }

    Result<Arg> ParseArg() {
        SkipSpaces();
        if (at_ >= text_.size()) return Fail("missing argument");
        const char c = text_[at_];
        Arg arg;
        if (c == '\'') {
            ++at_;
            std::string raw;
            while (at_ < text_.size() && text_[at_] != '\'') {
                if (text_[at_] == '\\' && at_ + 1 < text_.size()) raw += text_[at_++];
                raw += text_[at_++];
            }
            if (at_ >= text_.size()) return Fail("unclosed string literal");
            ++at_;
            arg.raw = raw;
            std::string value;
            for (std::size_t i = 0; i < raw.size(); ++i) {
                if (raw[i] == '\\' && i + 1 < raw.size()) ++i;
                value += raw[i];
            }
            arg.literal = json::string(value);
            return arg;
        }
        if (c == '$') {
            // A path runs to the next ',' or ')' outside brackets and quotes.
            std::size_t start = at_;
            int depth = 0;
            char quote = 0;
            while (at_ < text_.size()) {
                char d = text_[at_];
                if (quote) {
                    if (d == quote) quote = 0;
                } else if (d == '\'' || d == '"') {
                    quote = d;
                } else if (d == '[') {
                    ++depth;
                } else if (d == ']') {
                    --depth;
                } else if ((d == ',' || d == ')') && depth == 0) {
                    break;
                }
                ++at_;
            }
            std::string path(text_.substr(start, at_ - start));
            while (!path.empty() && path.back() == ' ') path.pop_back();
            auto parsed = ParsePath(path);
            if (!parsed) return Fail(parsed.error().message);
            arg.kind = Arg::Kind::kPath;
            arg.raw = path;
            return arg;
        }
        if (c == 'S') return ParseCall();
        std::size_t start = at_;
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != ')') ++at_;
        std::string word(text_.substr(start, at_ - start));
        while (!word.empty() && word.back() == ' ') word.pop_back();
        if (word == "true" || word == "false" || word == "null") {
            arg.literal = json::parse(word);
            return arg;
        }
        boost::system::error_code ec;
        json::value number = json::parse(word, ec);
        if (ec || !(number.is_number())) return Fail("argument \"" + word + "\" is not a string, number, path or call");
        arg.literal = number;
        return arg;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

[[noreturn]] void Bad(std::string_view function, std::string_view why) {
    ThrowStates(kFailure, std::string(function) + ": " + std::string(why));
}

double Number(const json::value& value, std::string_view function, std::string_view what) {
    if (!value.is_number()) Bad(function, std::string(what) + " must be a number");
    return value.to_number<double>();
}

std::int64_t Integer(const json::value& value, std::string_view function, std::string_view what) {
    double number = Number(value, function, what);
    if (number != std::floor(number) || std::fabs(number) > 9e15)
        Bad(function, std::string(what) + " must be an integer");
    return static_cast<std::int64_t>(number);
}

const json::array& Array(const json::value& value, std::string_view function, std::string_view what) {
    if (!value.is_array()) Bad(function, std::string(what) + " must be an array");
    return value.as_array();
}

std::string String(const json::value& value, std::string_view function, std::string_view what) {
    if (!value.is_string()) Bad(function, std::string(what) + " must be a string");
    return std::string(value.as_string());
}

void Count(const std::vector<json::value>& args, std::size_t low, std::size_t high, std::string_view function) {
    if (args.size() < low || args.size() > high) {
        Bad(function, "takes " +
                          (low == high ? std::to_string(low) : std::to_string(low) + " to " + std::to_string(high)) +
                          " arguments, not " + std::to_string(args.size()));
    }
}

std::string Base64Encode(std::string_view bytes) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                     static_cast<unsigned char>(bytes[i + 2]);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += kAlphabet[n & 63];
    }
    if (i + 1 == bytes.size()) {
        unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

bool Base64Decode(std::string_view text, std::string& out) {
    auto sextet = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    if (text.size() % 4 != 0) return false;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int values[4];
        int padding = 0;
        for (int j = 0; j < 4; ++j) {
            char c = text[i + static_cast<std::size_t>(j)];
            if (c == '=' && i + 4 == text.size() && j >= 2) {
                values[j] = 0;
                ++padding;
            } else {
                if (padding) return false;
                values[j] = sextet(c);
                if (values[j] < 0) return false;
            }
        }
        unsigned n = (static_cast<unsigned>(values[0]) << 18) | (static_cast<unsigned>(values[1]) << 12) |
                     (static_cast<unsigned>(values[2]) << 6) | static_cast<unsigned>(values[3]);
        out += static_cast<char>((n >> 16) & 255);
        if (padding < 2) out += static_cast<char>((n >> 8) & 255);
        if (padding < 1) out += static_cast<char>(n & 255);
    }
    return true;
}

std::string Hash(std::string_view data, std::string_view algorithm) {
    const EVP_MD* md = nullptr;
    if (algorithm == "MD5")
        md = EVP_md5();
    else if (algorithm == "SHA-1")
        md = EVP_sha1();
    else if (algorithm == "SHA-256")
        md = EVP_sha256();
    else if (algorithm == "SHA-384")
        md = EVP_sha384();
    else if (algorithm == "SHA-512")
        md = EVP_sha512();
    else
        Bad("States.Hash",
            "algorithm \"" + std::string(algorithm) + "\" is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest, &size, md, nullptr) != 1) Bad("States.Hash", "digest failed");
    std::string hex;
    char pair[3];
    for (unsigned i = 0; i < size; ++i) {
        std::snprintf(pair, sizeof pair, "%02x", digest[i]);
        hex += pair;
    }
    return hex;
}

std::string FormatValue(const json::value& value) {
    if (value.is_string()) return std::string(value.as_string());
    if (value.is_object() || value.is_array())
        Bad("States.Format", "arguments must be strings, numbers, booleans or null");
    return json::serialize(value);
}

json::value Evaluate(const Arg& arg, const PayloadEnv& env);

json::value Call(const Arg& call, const PayloadEnv& env) {
    const std::string& f = call.function;
    std::vector<json::value> a;
    for (const Arg& arg : call.args) a.push_back(Evaluate(arg, env));

    if (f == "States.Format") {
        if (a.empty()) Bad(f, "needs a template string");
        if (call.args[0].kind != Arg::Kind::kLiteral || !a[0].is_string())
            Bad(f, "the template must be a string literal");
        const std::string& raw = call.args[0].raw;
        std::string out;
        std::size_t next_arg = 1;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] == '\\' && i + 1 < raw.size()) {
                out += raw[++i];
            } else if (raw[i] == '{' && i + 1 < raw.size() && raw[i + 1] == '}') {
                if (next_arg >= a.size()) Bad(f, "more {} placeholders than arguments");
                out += FormatValue(a[next_arg++]);
                ++i;
            } else {
                out += raw[i];
            }
        }
        if (next_arg != a.size()) Bad(f, "more arguments than {} placeholders");
        return json::string(out);
    }
    if (f == "States.StringToJson") {
        Count(a, 1, 1, f);
        boost::system::error_code ec;
        json::value parsed = json::parse(String(a[0], f, "the argument"), ec);
        if (ec) Bad(f, "the argument is not JSON");
        return parsed;
    }
    if (f == "States.JsonToString") {
        Count(a, 1, 1, f);
        return json::string(json::serialize(a[0]));
    }
    if (f == "States.Array") {
        return json::array(a.begin(), a.end());
    }
    if (f == "States.ArrayPartition") {
        Count(a, 2, 2, f);
        const auto& array = Array(a[0], f, "the first argument");
        std::int64_t size = Integer(a[1], f, "the chunk size");
        if (size <= 0) Bad(f, "the chunk size must be positive");
        json::array out;
        for (std::size_t i = 0; i < array.size(); i += static_cast<std::size_t>(size)) {
            json::array chunk;
            for (std::size_t j = i; j < std::min(array.size(), i + static_cast<std::size_t>(size)); ++j)
                chunk.push_back(array[j]);
            out.push_back(std::move(chunk));
        }
        return out;
    }
    if (f == "States.ArrayContains") {
        Count(a, 2, 2, f);
        const auto& array = Array(a[0], f, "the first argument");
        return std::find(array.begin(), array.end(), a[1]) != array.end();
    }
    if (f == "States.ArrayRange") {
        Count(a, 3, 3, f);
        std::int64_t first = Integer(a[0], f, "the first value"), last = Integer(a[1], f, "the last value");
        std::int64_t step = Integer(a[2], f, "the step");
        if (step == 0) Bad(f, "the step must not be 0");
        json::array out;
        for (std::int64_t v = first; step > 0 ? v <= last : v >= last; v += step) {
            if (out.size() >= kMaxArrayItems) Bad(f, "more than 1000 items");
            out.push_back(v);
        }
        return out;
    }
    if (f == "States.ArrayGetItem") {
        Count(a, 2, 2, f);
        const auto& array = Array(a[0], f, "the first argument");
        std::int64_t index = Integer(a[1], f, "the index");
        if (index < 0 || index >= static_cast<std::int64_t>(array.size()))
            Bad(f, "index " + std::to_string(index) + " is out of range");
        return array[static_cast<std::size_t>(index)];
    }
    if (f == "States.ArrayLength") {
        Count(a, 1, 1, f);
        return static_cast<std::int64_t>(Array(a[0], f, "the argument").size());
    }
    if (f == "States.ArrayUnique") {
        Count(a, 1, 1, f);
        json::array out;
        for (const auto& item : Array(a[0], f, "the argument")) {
            if (std::find(out.begin(), out.end(), item) == out.end()) out.push_back(item);
        }
        return out;
    }
    if (f == "States.Base64Encode") {
        Count(a, 1, 1, f);
        return json::string(Base64Encode(String(a[0], f, "the argument")));
    }
    if (f == "States.Base64Decode") {
        Count(a, 1, 1, f);
        std::string out;
        if (!Base64Decode(String(a[0], f, "the argument"), out)) Bad(f, "the argument is not Base64");
        return json::string(out);
    }
    if (f == "States.Hash") {
        Count(a, 2, 2, f);
        std::string data = a[0].is_string() ? std::string(a[0].as_string()) : json::serialize(a[0]);
        return json::string(Hash(data, String(a[1], f, "the algorithm")));
    }
    if (f == "States.JsonMerge") {
        Count(a, 3, 3, f);
        if (!a[0].is_object() || !a[1].is_object()) Bad(f, "both values must be objects");
        if (!a[2].is_bool() || a[2].as_bool()) Bad(f, "only a shallow merge (false) is supported");
        json::object out = a[0].as_object();
        for (const auto& member : a[1].as_object()) out[member.key()] = member.value();
        return out;
    }
    if (f == "States.MathRandom") {
        Count(a, 2, 3, f);
        std::int64_t low = Integer(a[0], f, "the start"), high = Integer(a[1], f, "the end");
        if (high <= low) Bad(f, "the end must be greater than the start");
        std::uint64_t draw = env.random();
        if (a.size() == 3) draw = static_cast<std::uint64_t>(Integer(a[2], f, "the seed")) * 0x9E3779B97F4A7C15ULL + 1;
        return low + static_cast<std::int64_t>(draw % static_cast<std::uint64_t>(high - low));
    }
    if (f == "States.MathAdd") {
        Count(a, 2, 2, f);
        return Integer(a[0], f, "the first value") + Integer(a[1], f, "the second value");
    }
    if (f == "States.StringSplit") {
        Count(a, 2, 2, f);
        std::string text = String(a[0], f, "the string"), delimiters = String(a[1], f, "the delimiters");
        json::array out;
        std::string piece;
        for (char c : text) {
            if (delimiters.find(c) != std::string::npos) {
                if (!piece.empty()) out.push_back(json::string(piece));
                piece.clear();
            } else {
                piece += c;
            }
        }
        if (!piece.empty()) out.push_back(json::string(piece));
        return out;
    }
    if (f == "States.UUID") {
        Count(a, 0, 0, f);
        std::uint64_t high = env.random(), low = env.random();
        high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
        low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;    // variant 10
        char text[40];
        std::snprintf(text, sizeof text, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(high >> 32),
                      static_cast<unsigned>((high >> 16) & 0xFFFF), static_cast<unsigned>(high & 0xFFFF),
                      static_cast<unsigned>(low >> 48), static_cast<unsigned long long>(low & 0xFFFFFFFFFFFFULL));
        return json::string(text);
    }
    Bad(f, "is not a known intrinsic function");
}

json::value Evaluate(const Arg& arg, const PayloadEnv& env) {
    switch (arg.kind) {
        case Arg::Kind::kLiteral:
            return arg.literal;
        case Arg::Kind::kPath: {
            auto value = SelectPath(arg.raw, env.input, env.context);
            if (!value) ThrowStates("States.Runtime", value.error().message);
            return std::move(*value);
        }
        case Arg::Kind::kCall:
            return Call(arg, env);
    }
    return nullptr;
}

bool IsPathOrCall(std::string_view text) { return text.rfind("$", 0) == 0 || text.rfind("States.", 0) == 0; }

}  // namespace

json::value EvaluateIntrinsic(std::string_view expression, const PayloadEnv& env) {
    auto parsed = Parser(expression).ParseWhole();
    if (!parsed) ThrowStates(kFailure, parsed.error().message);
    return Call(*parsed, env);
}

Status ValidateIntrinsic(std::string_view expression) {
    auto parsed = Parser(expression).ParseWhole();
    if (!parsed) return parsed.error();
    return Ok{};
}

json::value ResolvePayload(const json::value& template_value, const PayloadEnv& env) {
    if (const auto* array = template_value.if_array()) {
        json::array out;
        for (const auto& item : *array) out.push_back(ResolvePayload(item, env));
        return out;
    }
    const auto* object = template_value.if_object();
    if (!object) return template_value;
    json::object out;
    for (const auto& member : *object) {
        std::string_view key = member.key();
        if (key.size() > 2 && key.substr(key.size() - 2) == ".$") {
            std::string name(key.substr(0, key.size() - 2));
            std::string_view text = member.value().as_string();  // validated on load
            if (text.rfind("States.", 0) == 0) {
                out[name] = EvaluateIntrinsic(text, env);
            } else {
                auto value = SelectPath(text, env.input, env.context);
                if (!value) ThrowStates("States.Runtime", "\"" + std::string(key) + "\": " + value.error().message);
                out[name] = std::move(*value);
            }
        } else {
            out[key] = ResolvePayload(member.value(), env);
        }
    }
    return out;
}

Status ValidatePayload(const json::value& template_value) {
    if (const auto* array = template_value.if_array()) {
        for (const auto& item : *array) {
            if (auto ok = ValidatePayload(item); !ok) return ok;
        }
        return Ok{};
    }
    const auto* object = template_value.if_object();
    if (!object) return Ok{};
    for (const auto& member : *object) {
        std::string_view key = member.key();
        if (key.size() > 2 && key.substr(key.size() - 2) == ".$") {
            if (!member.value().is_string() || !IsPathOrCall(member.value().as_string())) {
                return MakeError(
                    ErrorCode::kInvalidArgument,
                    "\"" + std::string(key) + "\" must be a path ($…) or an intrinsic function (States.…)");
            }
            std::string_view text = member.value().as_string();
            Status ok = text.rfind("States.", 0) == 0 ? ValidateIntrinsic(text) : Status(Ok{});
            if (ok && text.rfind("$", 0) == 0) {
                auto path = ParsePath(text);
                if (!path) ok = path.error();
            }
            if (!ok)
                return MakeError(ErrorCode::kInvalidArgument, "\"" + std::string(key) + "\": " + ok.error().message);
        } else if (auto ok = ValidatePayload(member.value()); !ok) {
            return ok;
        }
    }
    return Ok{};
}

}  // namespace ly::workflow
