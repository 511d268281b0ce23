// Each pipeline function alone, on real storage (SQLite in a temporary folder, objects in a folder): what it
// reads, what it answers, what it changes and which notifications it sends.
#include "ly/pipeline/functions.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ly/events/event.hpp"
#include "ly/events/event_types.hpp"
#include "ly/storage/migrations.hpp"
#include "ly/storage/object_store.hpp"
#include "ly/storage/sqlite_database.hpp"
#include "ly/storage/user_repository.hpp"
#include "ly/testing/database.hpp"
#include "ly/testing/files.hpp"
#include "ly/testing/temp_folder.hpp"
#include "ly/timetable/json.hpp"

namespace ly::pipeline {
namespace {

using ::ly::testing::ReadFile;

namespace json = boost::json;

const std::filesystem::path kFixtures = std::filesystem::path(LY_SOURCE_DIR) / "tests" / "fixtures";
const std::filesystem::path kPhoto = std::filesystem::path(LY_SAMPLES_DIR) / "Teacher Timetable Example 3.png";

class FunctionsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        database_ = ::ly::testing::OpenMigratedDatabase(folder_.path() / "ly.db");
        ASSERT_NE(database_, nullptr);
        auto objects = storage::FolderObjectStore::Open(folder_.path() / "objects");
        ASSERT_TRUE(objects.ok());
        objects_ = std::make_unique<storage::FolderObjectStore>(std::move(objects).value());
        documents_ = std::make_unique<storage::DocumentRepository>(*database_, clock_);
        timetables_ = std::make_unique<storage::TimetableRepository>(*database_, clock_);
        reviews_ = std::make_unique<storage::ReviewRepository>(*database_, clock_);
        context_ = std::make_unique<Context>(Context{.objects = *objects_,
                                                     .documents = *documents_,
                                                     .timetables = *timetables_,
                                                     .reviews = *reviews_,
                                                     .cache = cache_,
                                                     .intermediates = intermediates_,
                                                     .extract = {},
                                                     .notify = [this](const Notification& n) {
                                                         sent_.push_back(n);
                                                         return CheckedBySchema(n);
                                                     }});
        storage::UserRepository users(*database_, clock_);
        user_id_ = users.Create("ann@example.org", "hash", "Ann")->id;
    }

    // A stored upload and the event the state machine starts with.
    json::value Upload(const std::string& bytes, const std::string& filename) {
        const std::string key = "uploads/" + user_id_ + "/" + filename;
        EXPECT_TRUE(objects_->Put(key, bytes).ok());
        auto document = documents_->Create({.user_id = user_id_,
                                            .filename = filename,
                                            .content_type = "application/octet-stream",
                                            .size = static_cast<std::int64_t>(bytes.size()),
                                            .sha256 = std::nullopt,
                                            .object_key = key});
        EXPECT_TRUE(document.ok());
        document_id_ = document->id;
        return json::object{{"documentId", document->id}, {"userId", user_id_}, {"objectKey", key}};
    }

    std::vector<std::string> SentTypes() const {
        std::vector<std::string> types;
        for (const Notification& n : sent_) types.push_back(n.type);
        return types;
    }

    // Every notification must make an event its type's schema accepts.
    static Status CheckedBySchema(const Notification& n) {
        auto event = events::NewEvent(n.type, EventDetailJson(n, "2026-11-28T12:00:00.000Z"));
        EXPECT_TRUE(event.ok()) << n.type << ": " << event.error().message;
        if (!event.ok()) return event.error();
        auto valid = events::ValidateEvent(*event);
        EXPECT_TRUE(valid.ok()) << n.type << ": " << valid.error().message;
        return valid;
    }

    ::ly::testing::TempFolder folder_;
    storage::UnixMillisClock clock_ = [] { return std::int64_t{1'800'000'000'000}; };
    std::unique_ptr<storage::Database> database_;
    std::unique_ptr<storage::FolderObjectStore> objects_;
    std::unique_ptr<storage::DocumentRepository> documents_;
    std::unique_ptr<storage::TimetableRepository> timetables_;
    std::unique_ptr<storage::ReviewRepository> reviews_;
    storage::MemoryCache cache_{64};
    Intermediates intermediates_;
    std::unique_ptr<Context> context_;
    std::vector<Notification> sent_;
    std::string user_id_;
    std::string document_id_;
};

TEST_F(FunctionsTest, AWordDocumentGoesFromClassificationToASavedTimetableAndOneNotification) {
    json::object state = Upload(ReadFile(kFixtures / "docx" / "days_columns.docx"), "week.docx").as_object();

    auto classified = DocumentClassifier(state, *context_);
    ASSERT_TRUE(classified.ok()) << classified.error().message;
    EXPECT_EQ(classified->at("documentType"), "docx");
    EXPECT_EQ(classified->at("hasTextLayer"), true);
    EXPECT_EQ(documents_->Find(document_id_)->status, storage::DocumentStatus::kProcessing);
    state["classification"] = *classified;

    auto read = OCRProcessor(state, *context_);
    ASSERT_TRUE(read.ok()) << read.error().message;
    EXPECT_FALSE(read->at("timeblocks").as_array().empty());
    EXPECT_EQ(read->at("source").at("type"), "docx");
    state["ocrResult"] = *read;

    auto validated = Validator(state, *context_);
    ASSERT_TRUE(validated.ok()) << validated.error().message;
    state["validated"] = *validated;

    for (int run = 0; run < 2; ++run) {  // a replay after a crash runs it again: still one timetable
        auto saved = DatabaseWriter(state, *context_);
        ASSERT_TRUE(saved.ok()) << saved.error().message;
        state["saved"] = *saved;
    }
    EXPECT_EQ(documents_->Find(document_id_)->status, storage::DocumentStatus::kCompleted);
    auto listed = timetables_->List(user_id_, 10, 0);
    ASSERT_TRUE(listed.ok());
    EXPECT_EQ(listed->size(), 1u);

    EXPECT_EQ(NotificationSender(state, *context_)->at("sent"), true);
    EXPECT_EQ(NotificationSender(state, *context_)->at("sent"), false);
    EXPECT_EQ(SentTypes(), (std::vector<std::string>{"document.classified", "ocr.completed", "validation.completed",
                                                     "job.completed"}));
}

TEST_F(FunctionsTest, AnImageIsPreparedThenReadAsExtractReadsIt) {
    if (!std::filesystem::exists(kPhoto)) GTEST_SKIP() << "no sample " << kPhoto;
    const std::string bytes = ReadFile(kPhoto);
    json::object state = Upload(bytes, "photo.png").as_object();

    auto prepared = ImagePreprocessor(state, *context_);
    ASSERT_TRUE(prepared.ok()) << prepared.error().message;
    EXPECT_EQ(prepared->at("pages"), 1);
    EXPECT_EQ(prepared->at("previewKey"), PreviewKey(document_id_).c_str());
    const auto preview = objects_->Get(PreviewKey(document_id_));  // the prepared page, as a PNG
    ASSERT_TRUE(preview.ok()) << preview.error().message;
    EXPECT_EQ(preview->substr(1, 3), "PNG");
    state["preprocessed"] = *prepared;

    auto read = OCRProcessor(state, *context_);
    ASSERT_TRUE(read.ok()) << read.error().message;
    const auto whole = extract::Extract(bytes, "photo.png");
    ASSERT_TRUE(whole.ok());
    EXPECT_EQ(json::serialize(*read), json::serialize(json::parse(timetable::ToJson(*whole, false))));

    // The same bytes again: answered from the OCR cache, even without the prepared page.
    intermediates_.Forget(document_id_);
    json::object again = Upload(bytes, "again.png").as_object();
    again["preprocessed"] = *prepared;
    auto cached = OCRProcessor(again, *context_);
    ASSERT_TRUE(cached.ok()) << cached.error().message;
    EXPECT_EQ(json::serialize(*cached), json::serialize(*read));
}

TEST_F(FunctionsTest, AnUnsupportedFileIsClassifiedSoTheStateMachineCanSaySo) {
    json::object state = Upload(std::string("PK\x03\x04", 4) + std::string(64, 'z'), "archive.zip").as_object();
    auto classified = DocumentClassifier(state, *context_);
    ASSERT_TRUE(classified.ok()) << classified.error().message;
    EXPECT_EQ(classified->at("documentType"), "unsupported");
    EXPECT_NE(json::serialize(classified->at("reason")).find("zip"), std::string::npos);
}

TEST_F(FunctionsTest, ABrokenFileFailsWithATypedError) {
    json::object state = Upload("%PDF-1.7\n\x01\x02 not a PDF body", "broken.pdf").as_object();
    auto classified = DocumentClassifier(state, *context_);
    ASSERT_FALSE(classified.ok());
    EXPECT_EQ(ErrorName(classified.error(), "DocumentClassifier"), "Document.Corrupt");
}

TEST_F(FunctionsTest, WithoutAnLlmProviderTheDraftGoesToReview) {
    json::object state = Upload("Monday\n9:00-10:00 Maths\n", "week.txt").as_object();
    auto answer = LLMProcessor(state, *context_);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(ErrorName(answer.error(), "LLMProcessor"), "LLM.Unavailable");

    json::object payload{{"documentId", document_id_},
                         {"userId", user_id_},
                         {"draft", json::object{{"confidence", 0.5}, {"timeblocks", json::array{}}}},
                         {"taskToken", "token-123"}};
    auto queued = HITLQueueWriter(payload, *context_);
    ASSERT_TRUE(queued.ok()) << queued.error().message;
    EXPECT_EQ(documents_->Find(document_id_)->status, storage::DocumentStatus::kNeedsReview);
    auto review = reviews_->Find(user_id_, document_id_);
    ASSERT_TRUE(review.ok());
    EXPECT_EQ(review->task_token, "token-123");
    EXPECT_EQ(SentTypes(), std::vector<std::string>{"hitl.requested"});
}

TEST_F(FunctionsTest, AMissingFieldIsNamed) {
    auto answer = Validator(json::object{{"documentId", "x"}}, *context_);
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(answer.error().message.find("ocrResult"), std::string::npos);
    auto no_id = DocumentClassifier(json::object{}, *context_);
    ASSERT_FALSE(no_id.ok());
    EXPECT_NE(no_id.error().message.find("documentId"), std::string::npos);
    EXPECT_EQ(Functions().size(), 9u);
}

}  // namespace
}  // namespace ly::pipeline
