#include "ly/mail/smtp.hpp"

#include <curl/curl.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace ly::mail {
namespace {

constexpr std::string_view kHex = "0123456789ABCDEF";
// A subject longer than this is cut (at a character boundary): a filename can be long, a subject line should not.
constexpr std::size_t kMaxSubjectBytes = 200;
constexpr std::size_t kMaxNameBytes = 100;

void InitialiseCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool IsUtf8Continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// User text made fit for one header line: every control character (CR and LF included: they would start a new
// header) becomes a space, runs of spaces one, no space at either end, at most `limit` bytes.
std::string OneLine(std::string_view text, std::size_t limit) {
    std::string line;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        const bool control = c < 0x20 || c == 0x7F;
        if (control || c == ' ') {
            if (!line.empty() && line.back() != ' ') line += ' ';
        } else {
            line += ch;
        }
    }
    if (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && IsUtf8Continuation(static_cast<unsigned char>(line[cut]))) --cut;
        line.resize(cut);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    return line;
}

bool IsPrintableAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

std::string Base64(std::string_view bytes) {
    constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        for (int shift : {18, 12, 6, 0}) out += kAlphabet[(n >> shift) & 63];
    }
    if (i + 1 == bytes.size()) {
        const unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += "==";
    } else if (i + 2 == bytes.size()) {
        const unsigned n =
            (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8);
        out += kAlphabet[(n >> 18) & 63];
        out += kAlphabet[(n >> 12) & 63];
        out += kAlphabet[(n >> 6) & 63];
        out += '=';
    }
    return out;
}

// RFC 2047 "=?UTF-8?B?…?=" words of 64 characters at most (39 bytes of text each, never splitting a character), one
// per line, so even after "Subject: " a line stays under 76.
std::string EncodedWords(std::string_view text) {
    std::string out;
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = std::min(text.size(), start + 39);
        while (end < text.size() && end > start + 1 && IsUtf8Continuation(static_cast<unsigned char>(text[end]))) --end;
        if (!out.empty()) out += "\r\n ";
        out += "=?UTF-8?B?" + Base64(text.substr(start, end - start)) + "?=";
        start = end;
    }
    return out;
}

// A display name: a quoted string when it is printable ASCII, encoded-words otherwise.
std::string Phrase(std::string_view name) {
    const std::string line = OneLine(name, kMaxNameBytes);
    if (!IsPrintableAscii(line)) return EncodedWords(line);
    std::string quoted = "\"";
    for (const char c : line) {
        if (c == '"' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return quoted + "\"";
}

std::string Mailbox(std::string_view name, std::string_view address) {
    const std::string line = OneLine(name, kMaxNameBytes);
    if (line.empty()) return "<" + std::string(address) + ">";
    return Phrase(line) + " <" + std::string(address) + ">";
}

// Quoted-printable (RFC 2045): 7-bit lines of at most 76 characters whatever the text holds, so no server's line
// limit or lack of 8BITMIME can damage it. (libcurl doubles a leading "." itself, as SMTP needs.)
std::string QuotedPrintable(std::string_view text) {
    std::string out;
    std::size_t line_length = 0;
    auto put = [&](std::string_view piece) {
        if (line_length + piece.size() > 75) {  // 75 + the soft break's "=" = 76
            out += "=\r\n";
            line_length = 0;
        }
        out += piece;
        line_length += piece.size();
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\r' || c == '\n') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            out += "\r\n";
            line_length = 0;
            continue;
        }
        const bool line_ends = i + 1 == text.size() || text[i + 1] == '\r' || text[i + 1] == '\n';
        const bool literal = (c >= 33 && c <= 126 && c != '=') || ((c == ' ' || c == '\t') && !line_ends);
        if (literal) {
            put(std::string_view(&text[i], 1));
        } else {
            const char escaped[3] = {'=', kHex[c >> 4], kHex[c & 0x0F]};
            put(std::string_view(escaped, 3));
        }
    }
    return out;
}

// "Sat, 28 Nov 2026 21:32:20 +0000", whatever the locale.
std::string RfcDate(std::int64_t unix_seconds) {
    constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t time = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&time, &utc);
    char text[40];
    std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d +0000", kDays[utc.tm_wday], utc.tm_mday,
                  kMonths[utc.tm_mon], utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    return text;
}

std::string RandomMessageId(std::string_view from) {
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        // The id only has to be unique; the time and the address are a fallback good enough for that.
        return "<" + std::to_string(std::time(nullptr)) + "." + std::string(from) + ">";
    }
    constexpr std::string_view kLowerHex = "0123456789abcdef";
    std::string id = "<";
    for (const unsigned char b : bytes) {
        id += kLowerHex[b >> 4];
        id += kLowerHex[b & 0x0F];
    }
    return id + std::string(from.substr(from.find('@'))) + ">";
}

// "<left@right>" of printable ASCII without spaces or further angle brackets.
bool IsMessageId(std::string_view id) {
    if (id.size() < 5 || id.size() > 250 || id.front() != '<' || id.back() != '>') return false;
    const std::string_view inner = id.substr(1, id.size() - 2);
    const auto at = inner.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == inner.size()) return false;
    return std::all_of(inner.begin(), inner.end(), [](char c) { return c > 0x20 && c < 0x7F && c != '<' && c != '>'; });
}

struct Upload {
    std::string_view data;
    std::size_t offset = 0;
};

std::size_t ReadMessage(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* upload = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
    std::copy_n(upload->data.data() + upload->offset, n, buffer);
    upload->offset += n;
    return n;
}

// libcurl's progress callback: non-zero aborts the transfer.
int AbortWhenCancelled(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    const auto* cancelled = static_cast<const std::function<bool()>*>(user);
    return (*cancelled)() ? 1 : 0;
}

bool IsLoopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.starts_with("127.");
}

}  // namespace

bool IsMailAddress(std::string_view address) {
    if (address.empty() || address.size() > 254) return false;
    const auto at = address.find('@');
    if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
    if (address.find('@', at + 1) != std::string_view::npos) return false;
    constexpr std::string_view kDelimiters = "<>()[],;:\\\"";
    return std::all_of(address.begin(), address.end(),
                       [&](char c) { return c > 0x20 && c < 0x7F && kDelimiters.find(c) == std::string_view::npos; });
}

Result<std::string> FormatMessage(const Message& message, std::string_view from, std::string_view from_name,
                                  std::int64_t unix_seconds) {
    if (!IsMailAddress(from)) return MakeError(ErrorCode::kInvalidArgument, "the sender is not an e-mail address");
    if (!IsMailAddress(message.to)) {
        return MakeError(ErrorCode::kInvalidArgument, "the recipient is not an e-mail address");
    }
    if (!message.message_id.empty() && !IsMessageId(message.message_id)) {
        return MakeError(ErrorCode::kInvalidArgument, "the Message-ID is not of the form <left@right>");
    }
    const std::string subject = OneLine(message.subject, kMaxSubjectBytes);
    std::string text;
    text += "Date: " + RfcDate(unix_seconds) + "\r\n";
    text += "From: " + Mailbox(from_name, from) + "\r\n";
    text += "To: " + Mailbox(message.to_name, message.to) + "\r\n";
    text += "Subject: " + (IsPrintableAscii(subject) ? subject : EncodedWords(subject)) + "\r\n";
    text += "Message-ID: " + (message.message_id.empty() ? RandomMessageId(from) : message.message_id) + "\r\n";
    text += "MIME-Version: 1.0\r\n";
    text += "Content-Type: text/plain; charset=utf-8\r\n";
    text += "Content-Transfer-Encoding: quoted-printable\r\n";
    text += "Auto-Submitted: auto-generated\r\n";
    text += "\r\n";
    text += QuotedPrintable(message.text);
    if (!text.ends_with("\r\n")) text += "\r\n";
    return text;
}

Result<SmtpSender> SmtpSender::Create(SmtpOptions options) {
    auto invalid = [](const std::string& message) { return MakeError(ErrorCode::kInvalidArgument, message); };
    const bool implicit_tls = options.url.starts_with("smtps://");
    if (!options.url.starts_with("smtp://") && !implicit_tls) {
        return invalid("the SMTP server URL must start with smtp:// or smtps://");
    }
    InitialiseCurlOnce();
    CURLU* url = curl_url();
    std::string host, port;
    bool has_credentials = false;
    if (curl_url_set(url, CURLUPART_URL, options.url.c_str(), 0) == CURLUE_OK) {
        char* part = nullptr;
        if (curl_url_get(url, CURLUPART_HOST, &part, 0) == CURLUE_OK) host = part;
        curl_free(part);
        part = nullptr;
        if (curl_url_get(url, CURLUPART_PORT, &part, CURLU_DEFAULT_PORT) == CURLUE_OK) port = part;
        curl_free(part);
        part = nullptr;
        has_credentials = curl_url_get(url, CURLUPART_USER, &part, 0) == CURLUE_OK ||
                          curl_url_get(url, CURLUPART_PASSWORD, &part, 0) == CURLUE_OK;
        curl_free(part);
    }
    curl_url_cleanup(url);
    if (host.empty()) return invalid("the SMTP server URL names no host");
    if (has_credentials) {
        return invalid(
            "the SMTP server URL must not hold a user or password: give the username as its own setting "
            "and the password in the environment");
    }
    if (!IsMailAddress(options.from)) {
        return invalid("the sender address \"" + OneLine(options.from, 100) + "\" is not an e-mail address");
    }
    if (options.username.empty() != options.password.empty()) {
        return invalid(options.username.empty() ? "an SMTP password is set without a username"
                                                : "an SMTP username is set without a password");
    }
    if (!options.username.empty() && !implicit_tls && options.starttls != StartTls::kRequire && !IsLoopback(host)) {
        return invalid("the SMTP password would cross the network unencrypted: use smtps:// or require STARTTLS");
    }
    if (options.timeout.count() < 1) return invalid("the SMTP timeout must be positive");
    std::string server = (implicit_tls ? "smtps://" : "smtp://") + host + ":" + port;
    return SmtpSender(std::move(options), std::move(server));
}

Status SmtpSender::Send(const Message& message, const std::function<bool()>& cancelled) const {
    auto text =
        FormatMessage(message, options_.from, options_.from_name, static_cast<std::int64_t>(std::time(nullptr)));
    if (!text) return text.error();
    CURL* curl = curl_easy_init();
    if (curl == nullptr) return MakeError(ErrorCode::kInternal, "libcurl could not start an SMTP session");
    Upload upload{*text};
    const std::string mail_from = "<" + options_.from + ">";
    curl_slist* recipients = curl_slist_append(nullptr, ("<" + message.to + ">").c_str());
    char reason[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(text->size()));
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     options_.starttls == StartTls::kRequire ? CURLUSESSL_ALL
                     : options_.starttls == StartTls::kTry   ? CURLUSESSL_TRY
                                                             : CURLUSESSL_NONE);
    if (!options_.username.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, options_.username.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, options_.password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // called on worker threads: no SIGALRM for DNS timeouts
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, reason);
    if (cancelled) {
        curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, AbortWhenCancelled);
        curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &cancelled);
        curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
    }
    const CURLcode code = curl_easy_perform(curl);
    long answer = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &answer);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    if (code == CURLE_OK) return Ok{};

    const std::string why = reason[0] != '\0' ? std::string(reason) : std::string(curl_easy_strerror(code));
    const std::string message_text = "cannot send e-mail through " + server_ + ": " + why;
    if (code == CURLE_ABORTED_BY_CALLBACK)
        return MakeError(ErrorCode::kUnavailable, "sending e-mail through " + server_ + " was cancelled");
    if (code == CURLE_LOGIN_DENIED) return MakeError(ErrorCode::kUnauthenticated, message_text);
    if (code == CURLE_USE_SSL_FAILED) {
        return MakeError(ErrorCode::kInvalidArgument, message_text + " (the server offers no STARTTLS)");
    }
    if (answer >= 500) return MakeError(ErrorCode::kInvalidArgument, message_text);
    return MakeError(ErrorCode::kUnavailable, message_text);
}

}  // namespace ly::mail
