#include "ly/auth/crypto.hpp"

#include <sodium.h>

#include <vector>

namespace ly::auth {

Status InitCrypto() {
    // sodium_init is thread-safe and idempotent; the static keeps it to one call.
    static const int result = sodium_init();
    if (result < 0) return MakeError(ErrorCode::kInternal, "libsodium could not be initialised");
    return Ok{};
}

std::string RandomBytes(std::size_t count) {
    (void)InitCrypto();
    std::string bytes(count, '\0');
    randombytes_buf(bytes.data(), bytes.size());
    return bytes;
}

std::string Base64UrlEncode(std::string_view bytes) {
    (void)InitCrypto();
    constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
    std::string text(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
    sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      kVariant);
    text.resize(text.size() - 1);  // the encoder writes a terminating NUL
    return text;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    (void)InitCrypto();
    std::string bytes(text.size() * 3 / 4 + 3, '\0');
    std::size_t length = 0;
    const char* end = nullptr;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), text.data(), text.size(),
                          nullptr, &length, &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
        end != text.data() + text.size()) {
        return std::nullopt;
    }
    bytes.resize(length);
    return bytes;
}

std::string HmacSha256(std::string_view key, std::string_view message) {
    (void)InitCrypto();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    std::string mac(crypto_auth_hmacsha256_BYTES, '\0');
    crypto_auth_hmacsha256_final(&state, reinterpret_cast<unsigned char*>(mac.data()));
    sodium_memzero(&state, sizeof state);
    return mac;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ly::auth
