// A password hashed with weaker settings than the service's is hashed again at the next login, the one moment
// the password is known; the login itself is unchanged.
#include <gtest/gtest.h>

#include "ly/api/service.hpp"
#include "ly/auth/password.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/storage/user_repository.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

const std::string kCredentials = R"({"email":"old@school.org","password":"correct horse","name":"Old"})";

transport::Response Post(Service& service, const std::string& target) {
    transport::Router router;
    service.AddRoutes(router, transport::RateLimiters{});
    transport::Headers headers;
    headers.Set("Content-Type", "application/json");
    auto request = transport::MakeRequest("POST", target, std::move(headers), kCredentials);
    EXPECT_TRUE(request.ok());
    return router.Handle(std::move(request).value());
}

std::string StoredHash(const std::filesystem::path& data) {
    auto database = storage::OpenSqliteDatabase({.path = data / "ly.db"});
    EXPECT_TRUE(database.ok());
    storage::UserRepository users(**database, [] { return std::int64_t{0}; });
    return users.FindByEmail("old@school.org")->password_hash;
}

TEST(RehashOnLogin, AWeakerHashIsReplacedAtTheNextLogin) {
    testing::TempFolder folder;
    const auto data = folder.path() / "data";
    const auth::PasswordHashLimits weak = auth::PasswordHashLimits::Minimum();
    auth::PasswordHashLimits stronger = weak;
    stronger.ops += 1;
    {
        auto service = Service::Open({.data_dir = data, .password_hash_limits = weak});
        ASSERT_TRUE(service.ok()) << service.error().message;
        ASSERT_EQ(Post(**service, "/api/v1/auth/register").status, 201);
    }
    const std::string before = StoredHash(data);
    const auth::PasswordHasher hasher(stronger);
    ASSERT_TRUE(hasher.NeedsRehash(before));

    auto service = Service::Open({.data_dir = data, .password_hash_limits = stronger});
    ASSERT_TRUE(service.ok()) << service.error().message;
    const transport::Response login = Post(**service, "/api/v1/auth/login");
    EXPECT_EQ(login.status, 200) << login.body;
    (*service)->Close();

    const std::string after = StoredHash(data);
    EXPECT_NE(after, before);
    EXPECT_FALSE(hasher.NeedsRehash(after));
    EXPECT_TRUE(hasher.Verify("correct horse", after));
}

}  // namespace
}  // namespace ly::api
