#include <gtest/gtest.h>

#include <thread>

#include "ly/storage/object_store.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::storage {
namespace {

FolderObjectStore OpenStore(const std::filesystem::path& root) {
    auto store = FolderObjectStore::Open(root);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return std::move(store).value();
}

TEST(FolderObjectStore, PutGetSizeExistsDelete) {
    ::ly::testing::TempFolder folder;
    FolderObjectStore store = OpenStore(folder.path() / "objects");
    const std::string key = "uploads/0f8fad5b-d9cb-469f-a165-70867728950e/1b4e28ba-2fa1-41d2-883f-0016d3cca427.pdf";
    const std::string bytes("%PDF-1.7\0\xff binary", 17);

    EXPECT_FALSE(*store.Exists(key));
    EXPECT_EQ(store.Get(key).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(store.Size(key).error().code, ErrorCode::kNotFound);

    ASSERT_TRUE(store.Put(key, bytes).ok());
    EXPECT_TRUE(std::filesystem::exists(folder.path() / "objects" / key));
    EXPECT_TRUE(*store.Exists(key));
    EXPECT_EQ(*store.Size(key), bytes.size());
    EXPECT_EQ(*store.Get(key), bytes);

    ASSERT_TRUE(store.Put(key, "replaced").ok());  // overwrite
    EXPECT_EQ(*store.Get(key), "replaced");
    ASSERT_TRUE(store.Put("archive/2026/11/old.pdf", "").ok());  // empty object
    EXPECT_EQ(*store.Size("archive/2026/11/old.pdf"), 0u);

    ASSERT_TRUE(store.Delete(key).ok());
    EXPECT_FALSE(*store.Exists(key));
    EXPECT_TRUE(store.Delete(key).ok());  // again: fine
    // A folder is not an object.
    EXPECT_FALSE(*store.Exists("uploads"));
    EXPECT_EQ(store.Get("archive/2026").error().code, ErrorCode::kNotFound);
}

TEST(FolderObjectStore, PutLeavesNoTemporaryFiles) {
    ::ly::testing::TempFolder folder;
    FolderObjectStore store = OpenStore(folder.path());
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(store.Put("preprocessed/a/page.png", std::string(1000, 'x')).ok());
    int files = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(folder.path())) {
        if (entry.is_regular_file()) ++files;
    }
    EXPECT_EQ(files, 1);
}

TEST(FolderObjectStore, ConcurrentPutsOfOneKeyLeaveOneWholeObject) {
    ::ly::testing::TempFolder folder;
    FolderObjectStore store = OpenStore(folder.path());
    std::vector<std::thread> threads;
    for (char c = 'a'; c < 'e'; ++c) {
        threads.emplace_back([&store, c] {
            for (int i = 0; i < 20; ++i) (void)store.Put("uploads/u/d.bin", std::string(100000, c));
        });
    }
    std::thread reader([&store] {
        for (int i = 0; i < 50; ++i) {
            auto got = store.Get("uploads/u/d.bin");
            if (got.ok()) {
                EXPECT_EQ(got->size(), 100000u);
                EXPECT_EQ(got->find_first_not_of(got->front()), std::string::npos);  // never a mix
            }
        }
    });
    for (auto& thread : threads) thread.join();
    reader.join();
    auto final_object = store.Get("uploads/u/d.bin");
    ASSERT_TRUE(final_object.ok());
    EXPECT_EQ(final_object->size(), 100000u);
}

// Every kind of key that could reach outside the folder, or mean different things on different stores.
TEST(ObjectKeys, KeysThatCouldEscapeAreRefused) {
    ::ly::testing::TempFolder folder;
    FolderObjectStore store = OpenStore(folder.path() / "objects");
    const std::vector<std::string> refused = {
        "",                               // empty
        "..",                             // parent
        "../secret",                      // parent at the start
        "uploads/../../etc/passwd",       // parent in the middle
        "uploads/..",                     // parent at the end
        "./uploads/a",                    // current folder
        "uploads/.hidden",                // hidden file (and our temporary files)
        "/etc/passwd",                    // absolute
        "uploads\\..\\secret",            // backslashes
        "uploads\\a",                     //
        std::string("uploads/a\0b", 11),  // NUL
        "uploads//a",                     // empty segment
        "uploads/a/",                     // trailing slash
        "uploads/\na",                    // control character
        std::string(1025, 'a'),           // too long
    };
    for (const std::string& key : refused) {
        SCOPED_TRACE(key);
        EXPECT_EQ(ValidateObjectKey(key).error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Put(key, "x").error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Get(key).error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Delete(key).error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Exists(key).error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(store.Size(key).error().code, ErrorCode::kInvalidArgument);
    }
    // Nothing was written anywhere: not in the store, not beside it.
    EXPECT_TRUE(std::filesystem::is_empty(folder.path() / "objects"));
    int entries = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(folder.path())) ++entries;
    EXPECT_EQ(entries, 1);

    for (const std::string& key :
         std::vector<std::string>{"uploads/u/d.pdf", "preprocessed/u/d/page-1.png", "archive/2026/11/d.pdf", "a",
                                  "uploads/u/d..pdf", std::string(1024, 'a')}) {
        EXPECT_TRUE(ValidateObjectKey(key).ok()) << key;
    }
}

TEST(FolderObjectStore, RootIsCreatedAndMustBeGiven) {
    ::ly::testing::TempFolder folder;
    auto store = FolderObjectStore::Open(folder.path() / "a" / "b");
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE(std::filesystem::is_directory(folder.path() / "a" / "b"));
    EXPECT_EQ(FolderObjectStore::Open("").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace ly::storage
