#include "ly/auth/secret.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <random>

namespace ly::auth {
namespace {

namespace fs = std::filesystem;

class SecretTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("ly-secret-test-" + std::to_string(std::random_device{}()));
        fs::remove_all(dir_);
    }
    void TearDown() override {
        std::error_code ignored;
        fs::permissions(dir_, fs::perms::owner_all, ignored);
        fs::remove_all(dir_, ignored);
    }

    SecretSource Source() const { return SecretSource{"JWT signing key", std::nullopt, dir_ / "data" / "jwt.key"}; }

    fs::path dir_;
};

TEST_F(SecretTest, GeneratesAPrivateKeyFileOnceAndReusesIt) {
    const auto first = LoadOrCreateSecret(Source());
    ASSERT_TRUE(first.ok()) << first.error().message;
    EXPECT_EQ(first->size(), kSecretBytes);

    struct stat info {};
    ASSERT_EQ(::stat(Source().file.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0600u);
    EXPECT_EQ(static_cast<std::size_t>(info.st_size), kSecretBytes);

    const auto second = LoadOrCreateSecret(Source());
    ASSERT_TRUE(second.ok());
    EXPECT_EQ(*second, *first);
    // No temporary file is left beside the key.
    EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "data"), fs::directory_iterator()), 1);
}

TEST_F(SecretTest, TwoDataFoldersGetDifferentKeys) {
    const auto a = LoadOrCreateSecret(Source());
    SecretSource other = Source();
    other.file = dir_ / "other" / "jwt.key";
    const auto b = LoadOrCreateSecret(other);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_NE(*a, *b);
}

TEST_F(SecretTest, ConfiguredKeyWinsAndWritesNothing) {
    SecretSource source = Source();
    source.configured = std::string(40, 'c');
    const auto key = LoadOrCreateSecret(source);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(*key, std::string(40, 'c'));
    EXPECT_FALSE(fs::exists(source.file));
}

TEST_F(SecretTest, ShortConfiguredKeyIsRefusedWithoutEchoingIt) {
    SecretSource source = Source();
    source.configured = "hunter2-secret";
    const auto key = LoadOrCreateSecret(source);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("configured JWT signing key is too short"), std::string::npos);
    EXPECT_EQ(key.error().message.find("hunter2"), std::string::npos);
}

TEST_F(SecretTest, ShortKeyFileIsAClearError) {
    fs::create_directories(Source().file.parent_path());
    std::ofstream(Source().file) << "zq9x7";
    const auto key = LoadOrCreateSecret(Source());
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(key.error().message.find("jwt.key is too short (5 bytes"), std::string::npos) << key.error().message;
    EXPECT_EQ(key.error().message.find("zq9x7"), std::string::npos);
}

TEST_F(SecretTest, UnreadableKeyFileIsAnIoError) {
    if (::geteuid() == 0) GTEST_SKIP() << "root reads files whatever their mode";
    fs::create_directories(Source().file.parent_path());
    std::ofstream(Source().file) << std::string(32, 'x');
    fs::permissions(Source().file, fs::perms::none);
    const auto key = LoadOrCreateSecret(Source());
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kIo);
    EXPECT_NE(key.error().message.find("cannot read the JWT signing key file"), std::string::npos);
}

TEST_F(SecretTest, KeyFileThatIsAFolderIsAnIoError) {
    fs::create_directories(Source().file);
    const auto key = LoadOrCreateSecret(Source());
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error().code, ErrorCode::kIo);
}

TEST_F(SecretTest, NoConfigAndNoFileIsRefused) {
    EXPECT_EQ(LoadOrCreateSecret(SecretSource{"URL-signing key", std::nullopt, {}}).error().code,
              ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ly::auth
