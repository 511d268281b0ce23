#include "ly/storage/user_repository.hpp"

#include <chrono>

#include "ly/storage/ids.hpp"

namespace ly::storage {

std::int64_t SystemUnixMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

namespace {

constexpr std::string_view kColumns = "id, email, password_hash, name, created_at";

User ToUser(const Row& row) { return User{row.Text(0), row.Text(1), row.Text(2), row.Text(3), row.Int(4)}; }

}  // namespace

std::string NormaliseEmail(std::string_view email) {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
    };
    while (!email.empty() && is_space(email.front())) email.remove_prefix(1);
    while (!email.empty() && is_space(email.back())) email.remove_suffix(1);
    std::string out(email);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

Result<User> UserRepository::Create(std::string_view email, std::string_view password_hash, std::string_view name) {
    User user;
    user.email = NormaliseEmail(email);
    if (user.email.empty()) return MakeError(ErrorCode::kInvalidArgument, "an e-mail address is needed");
    auto id = NewId();
    if (!id) return id.error();
    user.id = std::move(*id);
    user.password_hash = std::string(password_hash);
    user.name = std::string(name);
    user.created_at_ms = clock_();
    auto inserted =
        database_.Execute("INSERT INTO users (id, email, password_hash, name, created_at) VALUES (?, ?, ?, ?, ?)",
                          {user.id, user.email, user.password_hash, user.name, user.created_at_ms});
    if (!inserted) {
        if (inserted.error().code == ErrorCode::kConflict) {
            return MakeError(ErrorCode::kConflict, "an account with this e-mail address already exists");
        }
        return inserted.error();
    }
    return user;
}

Result<User> UserRepository::FindByEmail(std::string_view email) {
    auto row = database_.QueryOne("SELECT " + std::string(kColumns) + " FROM users WHERE email = ?",
                                  {NormaliseEmail(email)}, "no account with this e-mail address");
    if (!row) return row.error();
    return ToUser(*row);
}

Result<User> UserRepository::FindById(std::string_view id) {
    auto row = database_.QueryOne("SELECT " + std::string(kColumns) + " FROM users WHERE id = ?", {std::string(id)},
                                  "user not found");
    if (!row) return row.error();
    return ToUser(*row);
}

Status UserRepository::UpdatePasswordHash(std::string_view id, std::string_view password_hash) {
    auto changed = database_.Execute("UPDATE users SET password_hash = ? WHERE id = ?",
                                     {std::string(password_hash), std::string(id)});
    if (!changed) return changed.error();
    if (*changed == 0) return MakeError(ErrorCode::kNotFound, "user not found");
    return Ok{};
}

}  // namespace ly::storage
