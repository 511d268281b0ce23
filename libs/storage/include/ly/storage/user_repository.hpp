// Users in the Database: create (an e-mail address taken is kConflict), find by e-mail or by id.
// E-mail addresses are stored normalised (NormaliseEmail) so "Ann@X.org " and "ann@x.org" are one account.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ly/storage/clock.hpp"
#include "ly/storage/database.hpp"

namespace ly::storage {

struct User {
    std::string id{};
    std::string email{};          // normalised
    std::string password_hash{};  // an argon2id string; never logged
    std::string name{};
    std::int64_t created_at_ms = 0;
};

// Surrounding white space removed, ASCII letters lower-cased (the domain part is case-insensitive by RFC; the
// local part is in practice, and one account per spelling would surprise teachers).
std::string NormaliseEmail(std::string_view email);

class UserRepository {
  public:
    UserRepository(Database& database, UnixMillisClock clock) : database_(database), clock_(std::move(clock)) {}

    // kConflict when the (normalised) e-mail address already has an account; kInvalidArgument when it is empty.
    Result<User> Create(std::string_view email, std::string_view password_hash, std::string_view name);
    Result<User> FindByEmail(std::string_view email);  // kNotFound
    Result<User> FindById(std::string_view id);        // kNotFound
    // Replaces the stored hash (a login found it made with weaker settings than today's); kNotFound.
    Status UpdatePasswordHash(std::string_view id, std::string_view password_hash);

  private:
    Database& database_;
    UnixMillisClock clock_;
};

}  // namespace ly::storage
