// Processing and the timetable routes over real HTTP: an uploaded document is read by the extraction engine on
// the service's processing threads, its timetable is served to its owner only, a corrupt file ends failed with a
// reason, a step that keeps failing is retried then caught into job.failed, an upload acknowledged before a
// kill -9 is processed after the restart, and the .ics and .csv exports
// (the .ics read back by a real iCalendar parser, libs/api/testdata/read_ics.py).
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include "http_test_client.hpp"
#include "ly/testing/files.hpp"
#include "ly/testing/temp_folder.hpp"

namespace ly::api {
namespace {

using ::ly::testing::ReadFile;

using testing::HttpAnswer;
using testing::ServerProcess;

constexpr std::string_view kBoundary = "ly-test-boundary-Tt9c2Qv";
// A text-layer PDF the engine reads whole and validates (a fixture of ours):
// fast, and routed straight to Validate Data. (Example 2, a real timetable
// whose blocks overlap, is read right but only at the LLM band's confidence.)
const std::filesystem::path kSample = std::filesystem::path(LY_SOURCE_DIR) / "tests/fixtures/pdf/ruled_days_rows.pdf";
// A photo of a timetable: about a second of OCR, long enough to be caught in the middle of its extraction.
const std::filesystem::path kImageSample = std::filesystem::path(LY_SAMPLES_DIR) / "Teacher Timetable Example 3.png";

struct Account {
    std::string id;
    std::string access_token;
};

Account NewAccount(const ServerProcess& server) {
    static std::atomic<int> counter{0};
    const std::string email = "teacher" + std::to_string(counter++) + "@school.org";
    const HttpAnswer registered = server.PostJson(
        "/api/v1/auth/register", R"({"email":")" + email + R"(","password":"correct horse","name":"Teacher"})");
    EXPECT_EQ(registered.status, 201) << registered.body;
    const HttpAnswer login =
        server.PostJson("/api/v1/auth/login", R"({"email":")" + email + R"(","password":"correct horse"})");
    EXPECT_EQ(login.status, 200) << login.body;
    return Account{registered.Field("id"), login.Field("accessToken")};
}

HttpAnswer Upload(const ServerProcess& server, const Account& account, std::string_view bytes,
                  std::string_view filename) {
    std::string body = "--" + std::string(kBoundary) + "\r\n";
    body += "Content-Disposition: form-data; name=\"file\"; filename=\"" + std::string(filename) + "\"\r\n";
    body += "Content-Type: application/octet-stream\r\n\r\n";
    body += bytes;
    body += "\r\n--" + std::string(kBoundary) + "--\r\n";
    return server.Call("POST", "/api/v1/documents", body,
                       {{"Authorization", "Bearer " + account.access_token},
                        {"Content-Type", "multipart/form-data; boundary=" + std::string(kBoundary)}});
}

// The document once it is no longer pending or processing (fails the test after two minutes).
HttpAnswer WaitUntilProcessed(const ServerProcess& server, const Account& account, const std::string& id) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
    for (;;) {
        HttpAnswer got = server.GetWithToken("/api/v1/documents/" + id, account.access_token);
        const std::string status = got.Field("status");
        if ((status != "pending" && status != "processing") || std::chrono::steady_clock::now() > deadline) {
            EXPECT_EQ(got.status, 200) << got.body;
            EXPECT_NE(status, "pending") << got.body;
            EXPECT_NE(status, "processing") << got.body;
            return got;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
}

bool IsHhMm(const boost::json::value& value) {
    if (!value.is_string()) return false;
    const auto& text = value.as_string();
    return text.size() == 5 && text[2] == ':';
}

class TimetablesHttpTest : public ::testing::Test {
  protected:
    void SetUp() override {
        server_ = std::make_unique<ServerProcess>(folder_.path() / "data");
        ASSERT_EQ(server_->start_error(), "") << server_->start_error();
    }
    void TearDown() override {
        if (server_) {
            EXPECT_EQ(server_->Stop(), 0) << server_->Log();
        }
    }

    ::ly::testing::TempFolder folder_;
    std::unique_ptr<ServerProcess> server_;
};

TEST_F(TimetablesHttpTest, AnUploadIsReadIntoItsOwnersTimetable) {
    if (!std::filesystem::exists(kSample)) GTEST_SKIP() << "no sample " << kSample;
    const Account ann = NewAccount(*server_);
    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(kSample), kSample.filename().string());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");

    const HttpAnswer document = WaitUntilProcessed(*server_, ann, document_id);
    EXPECT_EQ(document.Field("status"), "completed") << document.body;
    EXPECT_TRUE(document.Json().as_object().at("error").is_null()) << document.body;

    // Its run through the state machine: a PDF with a text layer is read directly, then validated and saved.
    const HttpAnswer execution =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/execution", ann.access_token);
    ASSERT_EQ(execution.status, 200) << execution.body;
    EXPECT_EQ(execution.Field("status"), "succeeded") << execution.body;
    std::vector<std::string> states;
    const boost::json::value described = execution.Json();
    for (const auto& state : described.as_object().at("states").as_array()) {
        states.emplace_back(state.at("name").as_string());
    }
    EXPECT_EQ(states,
              (std::vector<std::string>{"Classify Document", "Check Document Type", "Read Text Layer",
                                        "Check Confidence", "Validate Data", "Save to Database", "Send Notification"}));

    const HttpAnswer by_document =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token);
    ASSERT_EQ(by_document.status, 200) << by_document.body;
    const boost::json::value timetable = by_document.Json();
    const auto& fields = timetable.as_object();
    const std::string timetable_id = by_document.Field("id");
    EXPECT_EQ(timetable_id.size(), 36u);
    EXPECT_EQ(by_document.Field("documentId"), document_id);
    EXPECT_EQ(by_document.Field("route"), "validated");
    EXPECT_TRUE(fields.at("confidence").is_number());
    EXPECT_TRUE(fields.at("warnings").is_array());
    ASSERT_TRUE(fields.at("metadata").is_object());
    EXPECT_EQ(fields.at("metadata").as_object().at("className").as_string(), "Class 5B") << by_document.body;
    const auto& blocks = fields.at("timeblocks").as_array();
    ASSERT_GT(blocks.size(), 10u) << by_document.body;
    const auto& first = blocks[0].as_object();
    EXPECT_EQ(first.at("day").as_string(), "monday");
    EXPECT_EQ(first.at("start").as_string(), "09:00");
    EXPECT_EQ(first.at("end").as_string(), "09:30");
    EXPECT_EQ(first.at("name").as_string(), "Register");
    for (const auto& block : blocks) {
        const auto& b = block.as_object();
        EXPECT_EQ(b.at("id").as_string().size(), 36u);
        EXPECT_TRUE(IsHhMm(b.at("start")));
        EXPECT_TRUE(b.at("end").is_null() || IsHhMm(b.at("end")));
        EXPECT_FALSE(b.at("name").as_string().empty());
        EXPECT_TRUE(b.at("notes").is_string());
        EXPECT_TRUE(b.at("confidence").is_number());
    }

    const HttpAnswer by_id = server_->GetWithToken("/api/v1/timetables/" + timetable_id, ann.access_token);
    ASSERT_EQ(by_id.status, 200) << by_id.body;
    EXPECT_EQ(by_id.Json(), timetable);

    const HttpAnswer listed = server_->GetWithToken("/api/v1/timetables", ann.access_token);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const boost::json::value listed_json = listed.Json();
    const auto& timetables = listed_json.as_object().at("timetables").as_array();
    ASSERT_EQ(timetables.size(), 1u) << listed.body;
    EXPECT_EQ(timetables[0].as_object().at("id").as_string(), timetable_id);
    EXPECT_EQ(timetables[0].as_object().at("documentId").as_string(), document_id);

    // Another teacher sees none of it, exactly as if it did not exist.
    const Account bob = NewAccount(*server_);
    EXPECT_EQ(server_->GetWithToken("/api/v1/timetables/" + timetable_id, bob.access_token).status, 404);
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", bob.access_token).status, 404);
    const HttpAnswer bobs = server_->GetWithToken("/api/v1/timetables", bob.access_token);
    ASSERT_EQ(bobs.status, 200) << bobs.body;
    EXPECT_TRUE(bobs.Json().as_object().at("timetables").as_array().empty()) << bobs.body;

    EXPECT_EQ(server_->GetWithToken("/api/v1/timetables/not-an-id", ann.access_token).status, 404);
    EXPECT_EQ(server_->GetWithToken("/api/v1/timetables?limit=0", ann.access_token).status, 400);
    EXPECT_EQ(server_->Call("GET", "/api/v1/timetables").status, 401);
    EXPECT_EQ(server_->Call("GET", "/api/v1/timetables/" + timetable_id).status, 401);
}

TEST_F(TimetablesHttpTest, MetricsCountDocumentsByStatusAndTimeTheirProcessing) {
    const Account ann = NewAccount(*server_);
    const HttpAnswer corrupt = Upload(*server_, ann, "%PDF-1.7\n\x01\x02 not a real PDF body", "broken.pdf");
    ASSERT_EQ(corrupt.status, 201) << corrupt.body;
    WaitUntilProcessed(*server_, ann, corrupt.Field("documentId"));

    const HttpAnswer metrics = server_->Call("GET", "/metrics");
    ASSERT_EQ(metrics.status, 200) << metrics.body;
    EXPECT_NE(metrics.body.find("ly_documents{status=\"failed\"} 1\n"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("ly_documents{status=\"completed\"} 0\n"), std::string::npos) << metrics.body;
    EXPECT_NE(metrics.body.find("ly_document_processing_seconds_count{outcome=\"failed\"} 1\n"), std::string::npos)
        << metrics.body;
}

TEST_F(TimetablesHttpTest, ACorruptFileFailsWithAReason) {
    const Account ann = NewAccount(*server_);
    // A PDF by its signature (accepted at upload), but nothing a reader can open.
    const HttpAnswer uploaded = Upload(*server_, ann, "%PDF-1.7\n\x01\x02 this is not a real PDF body", "broken.pdf");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");

    const HttpAnswer document = WaitUntilProcessed(*server_, ann, document_id);
    EXPECT_EQ(document.Field("status"), "failed") << document.body;
    EXPECT_FALSE(document.Field("error").empty()) << document.body;
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token).status, 404);
}

TEST_F(TimetablesHttpTest, AnUploadAcknowledgedBeforeAKillIsProcessedAfterTheRestart) {
    if (!std::filesystem::exists(kSample)) GTEST_SKIP() << "no sample " << kSample;
    const Account ann = NewAccount(*server_);
    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(kSample), kSample.filename().string());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");
    // kill -9 right after the acknowledgement: usually before the extraction has finished (pending or
    // processing in the database); either way the document must end processed.
    server_.reset();

    server_ = std::make_unique<ServerProcess>(folder_.path() / "data");
    ASSERT_EQ(server_->start_error(), "") << server_->start_error();
    // The access token is still valid: the signing key is kept in the data folder.
    const HttpAnswer document = WaitUntilProcessed(*server_, ann, document_id);
    EXPECT_EQ(document.Field("status"), "completed") << document.body;
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token).status, 200);
}

// A browser's page: a WebSocket on /ws with the access token, reading the JSON messages pushed to it.
class LivePage {
  public:
    LivePage(unsigned short port, const std::string& token) : socket_(io_) {
        boost::asio::ip::tcp::resolver resolver(io_);
        boost::asio::connect(socket_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
        // A message that never comes fails the test instead of hanging it.
        const timeval timeout{30, 0};
        ::setsockopt(socket_.next_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        socket_.handshake("127.0.0.1:" + std::to_string(port), "/ws?token=" + token);
    }
    boost::json::object Next() {
        boost::beast::flat_buffer buffer;
        socket_.read(buffer);
        return boost::json::parse(boost::beast::buffers_to_string(buffer.data())).as_object();
    }
    void Send(const std::string& text) { socket_.write(boost::asio::buffer(text)); }

  private:
    boost::asio::io_context io_;
    boost::beast::websocket::stream<boost::asio::ip::tcp::socket> socket_;
};

TEST_F(TimetablesHttpTest, AKillInTheMiddleOfAnExtractionLosesNothing) {
    if (!std::filesystem::exists(kImageSample)) GTEST_SKIP() << "no sample " << kImageSample;
    const Account ann = NewAccount(*server_);
    const std::string image = ReadFile(kImageSample);
    std::string first_event;  // what a page heard first, to catch up from after the restart
    {
        LivePage page(server_->port(), ann.access_token);
        // One processing thread (the default): the first upload is being extracted while the second waits.
        ASSERT_EQ(Upload(*server_, ann, ReadFile(kSample), "before.pdf").status, 201);
        first_event = std::string(page.Next().at("eventId").as_string());
    }
    const HttpAnswer first = Upload(*server_, ann, image, "first.png");
    const HttpAnswer second = Upload(*server_, ann, image, "second.png");
    ASSERT_EQ(first.status, 201) << first.body;
    ASSERT_EQ(second.status, 201) << second.body;
    const std::string first_id = first.Field("documentId");
    const std::string second_id = second.Field("documentId");

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    std::string status;
    while ((status = server_->GetWithToken("/api/v1/documents/" + first_id, ann.access_token).Field("status")) ==
               "pending" &&
           std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    ASSERT_EQ(status, "processing") << "the extraction was not seen under way";
    server_.reset();  // SIGKILL while the first document is in the engine

    server_ = std::make_unique<ServerProcess>(folder_.path() / "data");
    ASSERT_EQ(server_->start_error(), "") << server_->start_error();
    for (const std::string& id : {first_id, second_id}) {
        const HttpAnswer document = WaitUntilProcessed(*server_, ann, id);
        const std::string outcome = document.Field("status");
        EXPECT_TRUE(outcome == "completed" || outcome == "needs_review") << document.body;
        const HttpAnswer timetable = server_->GetWithToken("/api/v1/documents/" + id + "/timetable", ann.access_token);
        ASSERT_EQ(timetable.status, 200) << timetable.body;
        EXPECT_FALSE(timetable.Json().as_object().at("timeblocks").as_array().empty()) << timetable.body;
    }
    // One timetable per document: the interrupted extraction left nothing half-saved to be doubled.
    const HttpAnswer timetables = server_->GetWithToken("/api/v1/timetables", ann.access_token);
    ASSERT_EQ(timetables.status, 200) << timetables.body;
    EXPECT_EQ(timetables.Json().as_object().at("timetables").as_array().size(), 3u) << timetables.body;
    // And the teacher was told once per document that it is done, across the kill.
    LivePage page(server_->port(), ann.access_token);
    page.Send(R"({"type":"resume","since":")" + first_event + R"("})");
    const boost::json::object resumed = page.Next();
    ASSERT_EQ(resumed.at("type"), "resumed") << boost::json::serialize(resumed);
    std::map<std::string, int> endings;
    for (const boost::json::value& event : resumed.at("events").as_array()) {
        const auto& type = event.at("type").as_string();
        if (type == "job.completed" || type == "hitl.requested")
            ++endings[std::string(event.at("documentId").as_string())];
    }
    EXPECT_EQ(endings[first_id], 1) << boost::json::serialize(resumed);
    EXPECT_EQ(endings[second_id], 1) << boost::json::serialize(resumed);
}

TEST_F(TimetablesHttpTest, TheOwnersPageHearsEveryStageLiveAndCanCatchUp) {
    const Account ann = NewAccount(*server_);
    const Account bob = NewAccount(*server_);
    LivePage page(server_->port(), ann.access_token);
    LivePage other(server_->port(), bob.access_token);

    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(kSample), kSample.filename().string());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");

    std::vector<std::string> types;
    std::vector<std::string> ids;
    while (types.empty() ||
           (types.back() != "job.completed" && types.back() != "hitl.requested" && types.back() != "job.failed")) {
        const boost::json::object message = page.Next();
        EXPECT_EQ(message.at("documentId").as_string(), document_id);
        EXPECT_TRUE(message.contains("stage") && message.contains("at")) << boost::json::serialize(message);
        EXPECT_FALSE(message.contains("userId"));
        types.emplace_back(message.at("type").as_string());
        ids.emplace_back(message.at("eventId").as_string());
        ASSERT_LT(types.size(), 10u);
    }
    EXPECT_EQ(types, (std::vector<std::string>{"document.uploaded", "document.classified", "ocr.completed",
                                               "validation.completed", "job.completed"}));

    // A page that reconnects asks for what came after the first event it saw.
    LivePage again(server_->port(), ann.access_token);
    again.Send(R"({"type":"resume","since":")" + ids.front() + R"("})");
    const boost::json::object resumed = again.Next();
    ASSERT_EQ(resumed.at("type").as_string(), "resumed") << boost::json::serialize(resumed);
    const boost::json::array& missed = resumed.at("events").as_array();
    ASSERT_EQ(missed.size(), ids.size() - 1);
    for (std::size_t i = 0; i < missed.size(); ++i) EXPECT_EQ(missed[i].at("eventId").as_string(), ids[i + 1]);

    // Another user's page heard nothing, and cannot resume from ann's events.
    other.Send(R"({"type":"resume","since":")" + ids.front() + R"("})");
    EXPECT_EQ(other.Next().at("type").as_string(), "resume_failed");
}

TEST_F(TimetablesHttpTest, APhotoIsPreparedReadAndSavedWithEveryStageHeardLive) {
    if (!std::filesystem::exists(kImageSample)) GTEST_SKIP() << "no sample " << kImageSample;
    const Account ann = NewAccount(*server_);
    LivePage page(server_->port(), ann.access_token);
    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(kImageSample), kImageSample.filename().string());
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;

    std::vector<std::string> types;
    while (types.empty() ||
           (types.back() != "job.completed" && types.back() != "hitl.requested" && types.back() != "job.failed")) {
        types.emplace_back(page.Next().at("type").as_string());
        ASSERT_LT(types.size(), 10u);
    }
    EXPECT_EQ(types, (std::vector<std::string>{"document.uploaded", "document.classified", "document.preprocessed",
                                               "ocr.completed", "validation.completed", "job.completed"}));
    const std::string document_id = uploaded.Field("documentId");
    const HttpAnswer timetable =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    EXPECT_GT(timetable.Json().at("timeblocks").as_array().size(), 20u) << timetable.body;

    // The page as prepared for OCR, for the review screen; it goes with the document.
    const HttpAnswer preview = server_->GetWithToken("/api/v1/documents/" + document_id + "/preview", ann.access_token);
    ASSERT_EQ(preview.status, 200) << preview.body;
    EXPECT_EQ(preview.body.substr(0, 8), "\x89PNG\r\n\x1a\n");
    const std::filesystem::path stored =
        folder_.path() / "data" / "objects" / "preprocessed" / (document_id + "_preprocessed.png");
    EXPECT_TRUE(std::filesystem::exists(stored));
    const Account bob = NewAccount(*server_);
    EXPECT_EQ(server_->GetWithToken("/api/v1/documents/" + document_id + "/preview", bob.access_token).status, 404);
    EXPECT_EQ(
        server_
            ->Call("DELETE", "/api/v1/documents/" + document_id, "", {{"Authorization", "Bearer " + ann.access_token}})
            .status,
        204);
    EXPECT_FALSE(std::filesystem::exists(stored));
}

// A step that fails is retried as the state machine's Retry says, then caught: the document fails with the
// step's reason and its owner hears job.failed. The fault is real, not injected: the stored upload is replaced by
// a symbolic link to itself, so the object store's read fails with an I/O error (ELOOP) — Storage.Unavailable,
// which "Classify Document" retries three times (after 2, 4 and 8 seconds) before its Catch ends the run.
TEST_F(TimetablesHttpTest, AStepThatKeepsFailingIsRetriedThenCaughtIntoJobFailed) {
    if (!std::filesystem::exists(kImageSample)) GTEST_SKIP() << "no sample " << kImageSample;
    const Account ann = NewAccount(*server_);
    LivePage page(server_->port(), ann.access_token);
    // One processing thread: the photo keeps it busy while the second document waits its turn.
    const HttpAnswer photo = Upload(*server_, ann, ReadFile(kImageSample), "photo.png");
    ASSERT_EQ(photo.status, 201) << photo.body;
    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(kSample), "waiting.pdf");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");

    std::string object_key;
    while (object_key.empty()) {
        const boost::json::object message = page.Next();
        if (message.at("type") == "document.uploaded" && message.at("documentId") == document_id.c_str()) {
            object_key = std::string(message.at("objectKey").as_string());
        }
    }
    const std::filesystem::path stored = folder_.path() / "data" / "objects" / object_key;
    ASSERT_TRUE(std::filesystem::remove(stored)) << stored;
    std::filesystem::create_symlink(stored, stored);
    ASSERT_EQ(server_->GetWithToken("/api/v1/documents/" + document_id, ann.access_token).Field("status"), "pending")
        << "the document was taken before its stored bytes could be broken";

    boost::json::object failed;
    while (failed.empty()) {
        const boost::json::object message = page.Next();  // 30 s at most each
        if (message.at("documentId") == document_id.c_str()) {
            ASSERT_NE(message.at("type"), "job.completed") << boost::json::serialize(message);
            if (message.at("type") == "job.failed") failed = message;
        }
    }
    EXPECT_EQ(failed.at("stage"), "failed");
    // The Fail state's error, with the step's cause as the reason.
    EXPECT_EQ(failed.at("error"), "ClassificationError") << boost::json::serialize(failed);
    const std::string reason(failed.at("reason").as_string());
    EXPECT_NE(reason.find("symbolic links"), std::string::npos) << reason;

    const HttpAnswer document = server_->GetWithToken("/api/v1/documents/" + document_id, ann.access_token);
    EXPECT_EQ(document.Field("status"), "failed") << document.body;
    EXPECT_EQ(document.Field("error"), reason) << document.body;
    const HttpAnswer execution =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/execution", ann.access_token);
    ASSERT_EQ(execution.status, 200) << execution.body;
    EXPECT_EQ(execution.Field("status"), "failed") << execution.body;
    bool classified = false;
    const boost::json::value described = execution.Json();
    for (const boost::json::value& state : described.at("states").as_array()) {
        if (state.at("name") != "Classify Document") continue;
        classified = true;
        EXPECT_EQ(state.at("attempts"), 4) << execution.body;  // the first try and MaxAttempts 3 retries
        EXPECT_EQ(state.at("error"), "Storage.Unavailable") << execution.body;
        EXPECT_EQ(state.at("status"), "caught") << execution.body;
    }
    EXPECT_TRUE(classified) << execution.body;
}

TEST_F(TimetablesHttpTest, ADraftNotSureEnoughWaitsForReviewAndTheCorrectionResumesIt) {
    const Account ann = NewAccount(*server_);
    const Account bob = NewAccount(*server_);
    // Text with no timetable in it: confidence 0, so the draft goes to the teacher (no LLM is configured).
    const HttpAnswer uploaded =
        Upload(*server_, ann, "Notes from the staff meeting\nnothing timed here\n", "notes.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");
    EXPECT_EQ(WaitUntilProcessed(*server_, ann, document_id).Field("status"), "needs_review");

    const HttpAnswer waiting = server_->GetWithToken("/api/v1/reviews", ann.access_token);
    ASSERT_EQ(waiting.status, 200) << waiting.body;
    const boost::json::value listed = waiting.Json();
    ASSERT_EQ(listed.at("reviews").as_array().size(), 1u) << waiting.body;
    EXPECT_EQ(listed.at("reviews").as_array()[0].at("documentId").as_string(), document_id);
    EXPECT_EQ(waiting.body.find("oken"), std::string::npos) << "the callback token stays on the server";
    EXPECT_TRUE(server_->GetWithToken("/api/v1/reviews", bob.access_token).Json().at("reviews").as_array().empty());

    const std::string target = "/api/v1/reviews/" + document_id;
    const HttpAnswer bad =
        server_->Call("POST", target, R"({"timeblocks":[{"day":"funday","start":"09:00","name":"Maths"}]})",
                      {{"Authorization", "Bearer " + ann.access_token}, {"Content-Type", "application/json"}});
    EXPECT_EQ(bad.status, 400) << bad.body;
    EXPECT_EQ(bad.Field("field"), "timeblocks") << bad.body;
    const std::string corrected = R"({"timeblocks":[{"day":"monday","start":"09:00","end":"10:00","name":"Maths"}]})";
    const HttpAnswer others =
        server_->Call("POST", target, corrected,
                      {{"Authorization", "Bearer " + bob.access_token}, {"Content-Type", "application/json"}});
    EXPECT_EQ(others.status, 404) << others.body;

    LivePage page(server_->port(), ann.access_token);
    const HttpAnswer submitted =
        server_->Call("POST", target, corrected,
                      {{"Authorization", "Bearer " + ann.access_token}, {"Content-Type", "application/json"}});
    ASSERT_EQ(submitted.status, 202) << submitted.body;
    // The page hears the review taken, then the rest of the pipeline, in that order.
    std::vector<std::string> heard;
    while (heard.empty() || heard.back() != "job.completed") {
        heard.emplace_back(page.Next().at("type").as_string());
        ASSERT_LT(heard.size(), 6u);
    }
    EXPECT_EQ(heard, (std::vector<std::string>{"hitl.completed", "validation.completed", "job.completed"}));
    EXPECT_EQ(WaitUntilProcessed(*server_, ann, document_id).Field("status"), "completed");
    const HttpAnswer timetable =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    const boost::json::value saved = timetable.Json();
    ASSERT_EQ(saved.at("timeblocks").as_array().size(), 1u) << timetable.body;
    EXPECT_EQ(saved.at("timeblocks").as_array()[0].at("name").as_string(), "Maths");
    const HttpAnswer again =
        server_->Call("POST", target, corrected,
                      {{"Authorization", "Bearer " + ann.access_token}, {"Content-Type", "application/json"}});
    EXPECT_EQ(again.status, 409) << again.body;
}

HttpAnswer Send(const ServerProcess& server, const Account& account, const std::string& method,
                const std::string& target, const std::string& json = {}) {
    return server.Call(method, target, json,
                       {{"Authorization", "Bearer " + account.access_token}, {"Content-Type", "application/json"}});
}

TEST_F(TimetablesHttpTest, BlocksAreCorrectedAddedAndDeletedWithValidation) {
    const Account ann = NewAccount(*server_);
    const HttpAnswer uploaded =
        Upload(*server_, ann, "Monday\t08:35-08:50 Registration\nTuesday\t09:00-10:00 Maths\n", "week.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");
    WaitUntilProcessed(*server_, ann, document_id);
    const HttpAnswer timetable =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    const std::string base = "/api/v1/timetables/" + timetable.Field("id");
    const boost::json::value timetable_json = timetable.Json();
    const auto& blocks = timetable_json.as_object().at("timeblocks").as_array();
    ASSERT_FALSE(blocks.empty()) << timetable.body;
    const std::string block_id(blocks[0].as_object().at("id").as_string());
    const std::size_t block_count = blocks.size();

    // Correct a block: the answer and the timetable show the teacher's version, with full confidence.
    const HttpAnswer updated =
        Send(*server_, ann, "PUT", base + "/timeblocks/" + block_id,
             R"({"day":"Monday","start":"08:30","end":"08:45","name":"Register","notes":"Hall"})");
    ASSERT_EQ(updated.status, 200) << updated.body;
    EXPECT_EQ(updated.Field("id"), block_id);
    EXPECT_EQ(updated.Field("day"), "monday");
    EXPECT_EQ(updated.Field("start"), "08:30");
    EXPECT_EQ(updated.Field("end"), "08:45");
    EXPECT_EQ(updated.Field("name"), "Register");
    EXPECT_EQ(updated.Field("notes"), "Hall");
    EXPECT_EQ(updated.Json().as_object().at("confidence").as_double(), 1.0);

    // Add one (an instant: no end), then delete it.
    const HttpAnswer added =
        Send(*server_, ann, "POST", base + "/timeblocks", R"({"day":"friday","start":"15:30","name":"Club"})");
    ASSERT_EQ(added.status, 201) << added.body;
    const std::string added_id = added.Field("id");
    EXPECT_EQ(added.Header("location"), base + "/timeblocks/" + added_id);
    EXPECT_TRUE(added.Json().as_object().at("end").is_null());
    {
        const HttpAnswer after = server_->GetWithToken(base, ann.access_token);
        const boost::json::value json = after.Json();
        const auto& now = json.as_object().at("timeblocks").as_array();
        ASSERT_EQ(now.size(), block_count + 1) << after.body;
        bool found_update = false;
        for (const auto& block : now) {
            if (block.as_object().at("id").as_string() == block_id) {
                found_update = true;
                EXPECT_EQ(block.as_object().at("name").as_string(), "Register");
            }
        }
        EXPECT_TRUE(found_update) << after.body;
    }
    EXPECT_EQ(Send(*server_, ann, "DELETE", base + "/timeblocks/" + added_id).status, 204);
    EXPECT_EQ(Send(*server_, ann, "DELETE", base + "/timeblocks/" + added_id).status, 404);
    {
        const HttpAnswer after = server_->GetWithToken(base, ann.access_token);
        EXPECT_EQ(after.Json().as_object().at("timeblocks").as_array().size(), block_count) << after.body;
    }

    // Invalid input is a 400 naming the field; nothing changes.
    const auto expect_400 = [&](const std::string& json, const std::string& field) {
        const HttpAnswer answer = Send(*server_, ann, "PUT", base + "/timeblocks/" + block_id, json);
        EXPECT_EQ(answer.status, 400) << json << " -> " << answer.body;
        EXPECT_EQ(answer.Field("field"), field) << json << " -> " << answer.body;
    };
    expect_400(R"({"day":"Someday","start":"08:30","end":"08:45","name":"Register"})", "day");
    expect_400(R"({"start":"08:30","end":"08:45","name":"Register"})", "day");
    expect_400(R"({"day":"monday","start":"8:30","end":"08:45","name":"Register"})", "start");
    expect_400(R"({"day":"monday","start":"25:00","end":"08:45","name":"Register"})", "start");
    expect_400(R"({"day":"monday","start":"08:30","end":"08:30","name":"Register"})", "end");
    expect_400(R"({"day":"monday","start":"08:30","end":"07:00","name":"Register"})", "end");
    expect_400(R"({"day":"monday","start":"08:30","end":"08:45","name":"  "})", "name");
    expect_400(R"({"day":"monday","start":"08:30","end":"08:45"})", "name");
    expect_400(R"({"day":"monday","start":"08:30","end":"08:45","name":"R","notes":3})", "notes");
    expect_400("not json", "body");
    EXPECT_EQ(Send(*server_, ann, "POST", base + "/timeblocks", R"({"day":"monday","start":"08:30","name":""})")
                  .Field("field"),
              "name");
    {
        const HttpAnswer after = server_->GetWithToken(base, ann.access_token);
        const boost::json::value json = after.Json();
        for (const auto& block : json.as_object().at("timeblocks").as_array()) {
            if (block.as_object().at("id").as_string() == block_id) {
                EXPECT_EQ(block.as_object().at("start").as_string(), "08:30");
            }
        }
    }

    // Another teacher can change nothing: 404 as for an unknown id.
    const Account bob = NewAccount(*server_);
    const std::string valid = R"({"day":"monday","start":"08:00","end":"09:00","name":"Taken over"})";
    EXPECT_EQ(Send(*server_, bob, "PUT", base + "/timeblocks/" + block_id, valid).status, 404);
    EXPECT_EQ(Send(*server_, bob, "POST", base + "/timeblocks", valid).status, 404);
    EXPECT_EQ(Send(*server_, bob, "DELETE", base + "/timeblocks/" + block_id).status, 404);
    EXPECT_EQ(Send(*server_, ann, "DELETE", base + "/timeblocks/not-an-id").status, 404);
    EXPECT_EQ(server_->Call("DELETE", base + "/timeblocks/" + block_id).status, 401);
    const HttpAnswer still = server_->GetWithToken(base, ann.access_token);
    EXPECT_EQ(still.Json().as_object().at("timeblocks").as_array().size(), block_count) << still.body;
}

// The output of libs/api/testdata/read_ics.py on `ics`: the calendar as a real iCalendar parser (Debian's
// python3-icalendar) reads it, or null with the reason added to the test's failures.
boost::json::value ReadWithICalendarParser(const std::filesystem::path& folder, const std::string& ics) {
    const std::filesystem::path file = folder / "export.ics";
    std::ofstream(file, std::ios::binary) << ics;
    const std::string command = "/usr/bin/python3 " + std::string(LY_SOURCE_DIR) + "/libs/api/testdata/read_ics.py '" +
                                file.string() + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        ADD_FAILURE() << "cannot run " << command;
        return nullptr;
    }
    std::string output;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) output.append(buffer, n);
    const int status = pclose(pipe);
    if (status != 0) {
        ADD_FAILURE() << "read_ics.py refused the export (is python3-icalendar installed? "
                         "scripts/install-deps.sh): "
                      << output;
        return nullptr;
    }
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(output, ec);
    if (ec) ADD_FAILURE() << "read_ics.py printed no JSON: " << output;
    return parsed;
}

TEST_F(TimetablesHttpTest, TheOwnerExportsATimetableAsICalendarAndCsv) {
    const Account ann = NewAccount(*server_);
    const std::filesystem::path fixture = std::filesystem::path(LY_SOURCE_DIR) / "tests/fixtures/text/week_list.txt";
    const HttpAnswer uploaded = Upload(*server_, ann, ReadFile(fixture), "week_list.txt");
    ASSERT_EQ(uploaded.status, 201) << uploaded.body;
    const std::string document_id = uploaded.Field("documentId");
    WaitUntilProcessed(*server_, ann, document_id);
    const HttpAnswer processed =
        server_->GetWithToken("/api/v1/documents/" + document_id + "/timetable", ann.access_token);
    ASSERT_EQ(processed.status, 200) << processed.body;
    const std::string base = "/api/v1/timetables/" + processed.Field("id");
    // A correction whose text needs every kind of escaping, and which has no end.
    const HttpAnswer added =
        Send(*server_, ann, "POST", base + "/timeblocks",
             R"({"day":"friday","start":"15:30","name":"=Club, \"chess\"; boards","notes":"Hall\nBring a snack"})");
    ASSERT_EQ(added.status, 201) << added.body;
    const HttpAnswer timetable = server_->GetWithToken(base, ann.access_token);
    ASSERT_EQ(timetable.status, 200) << timetable.body;
    const boost::json::value timetable_json = timetable.Json();
    const auto& blocks = timetable_json.as_object().at("timeblocks").as_array();
    ASSERT_EQ(blocks.size(), 15u) << timetable.body;  // the fixture's 14 and the club

    // iCalendar: headers, then the content as a real parser reads it.
    const HttpAnswer ics = server_->GetWithToken(base + ".ics", ann.access_token);
    ASSERT_EQ(ics.status, 200) << ics.body;
    EXPECT_EQ(ics.Header("content-type"), "text/calendar; charset=utf-8");
    EXPECT_EQ(ics.Header("content-disposition"), "attachment; filename=\"2c-ms-lewis.ics\"");
    EXPECT_TRUE(ics.body.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")) << ics.body;
    EXPECT_TRUE(ics.body.ends_with("END:VCALENDAR\r\n")) << ics.body;
    EXPECT_NE(ics.body.find("\r\nX-WR-CALNAME:2C\\, Ms Lewis\r\n"), std::string::npos) << ics.body;
    EXPECT_NE(ics.body.find("\r\nSUMMARY:=Club\\, \"chess\"\\; boards\r\n"), std::string::npos) << ics.body;

    const boost::json::value calendar = ReadWithICalendarParser(folder_.path(), ics.body);
    ASSERT_TRUE(calendar.is_object());
    EXPECT_EQ(calendar.as_object().at("name").as_string(), "2C, Ms Lewis");
    const auto& events = calendar.as_object().at("events").as_array();
    ASSERT_EQ(events.size(), blocks.size());
    std::set<std::string> uids;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& event = events[i].as_object();
        uids.insert(std::string(event.at("uid").as_string()));
        EXPECT_EQ(event.at("rrule").as_object().at("FREQ").as_array().at(0).as_string(), "WEEKLY");
    }
    EXPECT_EQ(uids.size(), events.size());  // every UID differs
    // Every block is an event on its day at its time, with its name: blocks come from the API in position
    // order and events in day-then-start order, so match each block to its UID.
    for (const auto& value : blocks) {
        const auto& block = value.as_object();
        const std::string uid = std::string(block.at("id").as_string()) + "@ly-timetable.invalid";
        const boost::json::object* event = nullptr;
        for (const auto& candidate : events) {
            if (candidate.as_object().at("uid").as_string() == uid) event = &candidate.as_object();
        }
        ASSERT_NE(event, nullptr) << uid;
        EXPECT_EQ(event->at("summary").as_string(), block.at("name").as_string());
        EXPECT_EQ(event->at("weekday").as_string(), block.at("day").as_string());
        const std::string dtstart(event->at("dtstart").as_string());  // "2026-11-23T08:50:00"
        EXPECT_EQ(dtstart.substr(11, 5), block.at("start").as_string()) << dtstart;
        if (block.at("end").is_null()) {
            EXPECT_TRUE(event->at("dtend").is_null());
        } else {
            const std::string dtend(event->at("dtend").as_string());
            EXPECT_EQ(dtend.substr(0, 11), dtstart.substr(0, 11)) << dtend;  // the same day
            EXPECT_EQ(dtend.substr(11, 5), block.at("end").as_string()) << dtend;
        }
        const auto& notes = block.at("notes").as_string();
        if (notes.empty()) {
            EXPECT_TRUE(event->at("description").is_null());
        } else {
            EXPECT_EQ(event->at("description").as_string(), notes);
        }
    }

    // CSV: a header, one row per block in day-then-start order, formula and quoting guards.
    const HttpAnswer csv = server_->GetWithToken(base + ".csv", ann.access_token);
    ASSERT_EQ(csv.status, 200) << csv.body;
    EXPECT_EQ(csv.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv.Header("content-disposition"), "attachment; filename=\"2c-ms-lewis.csv\"");
    EXPECT_TRUE(csv.body.starts_with("day,start,end,name,notes,confidence\r\nmonday,08:50,09:00,Registration,,"))
        << csv.body;
    EXPECT_NE(csv.body.find("\r\nmonday,10:30,12:00,English"), std::string::npos) << csv.body;
    EXPECT_NE(csv.body.find("\r\ntuesday,14:00,15:15,Science,,"), std::string::npos) << csv.body;
    EXPECT_TRUE(csv.body.ends_with("\r\nfriday,15:30,,\"'=Club, \"\"chess\"\"; boards\",\"Hall\nBring a snack\",1\r\n"))
        << csv.body;
    std::size_t rows = 0;
    for (std::size_t at = 0; (at = csv.body.find("\r\n", at)) != std::string::npos; at += 2) ++rows;
    EXPECT_EQ(rows, blocks.size() + 1);

    // Only the owner: another teacher, an unknown id and a malformed one all get the same 404 problem.
    const Account bob = NewAccount(*server_);
    for (const std::string extension : {".ics", ".csv"}) {
        for (const auto& [target, token] :
             {std::pair{base + extension, bob.access_token},
              std::pair{"/api/v1/timetables/6f1d7a52-58c4-4e49-9d63-0c6d2b7c1e0a" + extension, ann.access_token},
              std::pair{"/api/v1/timetables/not-an-id" + extension, ann.access_token}}) {
            const HttpAnswer refused = server_->GetWithToken(target, token);
            EXPECT_EQ(refused.status, 404) << target;
            EXPECT_EQ(refused.Header("content-type"), "application/problem+json") << target;
            EXPECT_EQ(refused.body.find("BEGIN:VCALENDAR"), std::string::npos);
        }
        EXPECT_EQ(server_->Call("GET", base + extension).status, 401);
        EXPECT_EQ(Send(*server_, ann, "DELETE", base + extension).status, 405);
    }
}

}  // namespace
}  // namespace ly::api
