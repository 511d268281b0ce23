// The libcurl transport: one POST per call, the body and the Retry-After header kept.
#include <curl/curl.h>

#include <cctype>
#include <mutex>

#include "ly/llm/client.hpp"

namespace ly::llm {
namespace {

void InitialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// The answers of a provider are at most a few hundred kilobytes; anything far beyond is not an answer.
constexpr std::size_t kMaxBody = 16u << 20;

std::size_t KeepBody(char* data, std::size_t size, std::size_t count, void* user) {
    auto* body = static_cast<std::string*>(user);
    if (body->size() + size * count > kMaxBody) return 0;  // aborts the transfer
    body->append(data, size * count);
    return size * count;
}

std::size_t KeepRetryAfter(char* data, std::size_t size, std::size_t count, void* user) {
    const std::string_view line(data, size * count);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        bool match = true;
        for (std::size_t i = 0; i < kName.size() && match; ++i) {
            match = std::tolower(static_cast<unsigned char>(line[i])) == kName[i];
        }
        if (match) {
            std::string value(line.substr(kName.size()));
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.pop_back();
            while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.erase(0, 1);
            *static_cast<std::string*>(user) = value;
        }
    }
    return size * count;
}

class CurlTransport final : public Transport {
  public:
    CurlTransport() { InitialiseCurlOnce(); }

    HttpReply Post(const HttpRequest& request, std::chrono::milliseconds timeout) override {
        HttpReply reply;
        CURL* curl = curl_easy_init();
        if (curl == nullptr) {
            reply.failure = "libcurl could not start a request";
            return reply;
        }
        curl_slist* headers = nullptr;
        for (const std::string& header : request.headers) headers = curl_slist_append(headers, header.c_str());
        headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip for large images
        curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
        curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(curl, CURLOPT_POST, 1L);
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(curl, CURLOPT_USERAGENT, "ly-llm/1");
        curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
        curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
        curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);        // worker threads: no SIGALRM for DNS timeouts
        curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect would send the key elsewhere
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, KeepBody);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &reply.body);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, KeepRetryAfter);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &reply.retry_after);
        const CURLcode code = curl_easy_perform(curl);
        if (code == CURLE_OK) {
            curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
        } else {
            reply.timed_out = code == CURLE_OPERATION_TIMEDOUT;
            reply.failure = curl_easy_strerror(code);
        }
        curl_slist_free_all(headers);
        curl_easy_cleanup(curl);
        return reply;
    }
};

}  // namespace

std::unique_ptr<Transport> MakeCurlTransport() { return std::make_unique<CurlTransport>(); }

}  // namespace ly::llm
