#include "ly/events/bus.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "ly/events/events_command.hpp"
#include "test_support.hpp"

namespace ly::events {
namespace {

using testing::Classified;
using testing::kUserA;
using testing::kUserB;

// Records what it receives (thread-safe).
class Recorder {
  public:
    std::shared_ptr<Target> MakeTarget(const std::string& name, bool asynchronous = false,
                                       std::chrono::milliseconds delay = {}) {
        return std::make_shared<FunctionTarget>(
            name,
            [this, delay](const Event& event) -> Status {
                if (delay.count() > 0) std::this_thread::sleep_for(delay);
                std::lock_guard lock(mutex_);
                ids_.push_back(event.id);
                return Ok{};
            },
            asynchronous);
    }
    std::vector<std::string> ids() const {
        std::lock_guard lock(mutex_);
        return ids_;
    }

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> ids_;
};

class EventBusTest : public ::testing::Test {
  protected:
    ::ly::testing::TempFolder folder_;
    std::unique_ptr<storage::Database> database_ = testing::OpenMigratedDatabase(folder_);
    EventLog log_{*database_};
    EventBus bus_{log_};
};

TEST_F(EventBusTest, PublishLogsThenDeliversToMatchingRulesOnly) {
    Recorder images, pdfs, everything;
    ASSERT_TRUE(bus_.AddRule("images", R"({"detail":{"documentType":["image"]}})", {images.MakeTarget("images")}).ok());
    ASSERT_TRUE(bus_.AddRule("pdfs", R"({"detail":{"documentType":["pdf"]}})", {pdfs.MakeTarget("pdfs")}).ok());
    ASSERT_TRUE(bus_.AddRule("all", R"({"source":["learning-yogi.documents"]})", {everything.MakeTarget("all")}).ok());
    const Event event = Classified(kUserA, "image");
    auto seq = bus_.Publish(event);
    ASSERT_TRUE(seq.ok()) << seq.error().message;
    EXPECT_EQ(images.ids(), std::vector<std::string>{event.id});
    EXPECT_TRUE(pdfs.ids().empty());
    EXPECT_EQ(everything.ids(), std::vector<std::string>{event.id});
    auto logged = log_.ReadSince(0, 10);
    ASSERT_EQ(logged->size(), 1u);
    EXPECT_EQ(logged->front().seq, *seq);
    EXPECT_EQ(logged->front().event.id, event.id);
}

TEST_F(EventBusTest, AMalformedEventIsRejectedLoggedAndNeitherAppendedNorDelivered) {
    Recorder all;
    ASSERT_TRUE(bus_.AddRule("all", R"({"source":[{"prefix":""}]})",
                             {all.MakeTarget("all", false), all.MakeTarget("async", true)})
                    .ok());
    Event malformed = Classified(kUserA);
    malformed.detail =
        R"({"documentId":"880e8400-e29b-41d4-a716-446655440003","userId":"550e8400-e29b-41d4-a716-446655440000",
        "stage":"classified","at":"2026-11-28T19:42:48Z","documentType":"image","confidence":7})";
    ::testing::internal::CaptureStderr();
    auto published = bus_.Publish(malformed);
    const std::string log = ::testing::internal::GetCapturedStderr();
    ASSERT_FALSE(published.ok());
    EXPECT_EQ(published.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(published.error().message.find("/detail/confidence: 7 is greater than the maximum 1"), std::string::npos)
        << published.error().message;
    // One JSON line naming the event and the violation.
    EXPECT_NE(log.find(R"({"level":"error","event":"event.rejected","eventId":")" + malformed.id), std::string::npos)
        << log;
    EXPECT_NE(log.find("/detail/confidence"), std::string::npos);
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1);
    bus_.WaitForDeliveries();
    EXPECT_TRUE(all.ids().empty());
    EXPECT_TRUE(log_.ReadSince(0, 10)->empty());

    Event unknown = Classified(kUserA);
    unknown.detail_type = "document.exploded";
    ::testing::internal::CaptureStderr();
    EXPECT_NE(bus_.Publish(unknown).error().message.find("unknown event detail-type"), std::string::npos);
    ::testing::internal::GetCapturedStderr();
    EXPECT_TRUE(all.ids().empty());
    EXPECT_TRUE(log_.ReadSince(0, 10)->empty());
}

TEST_F(EventBusTest, AFailingTargetIsLoggedAndDoesNotFailPublishOrOtherTargets) {
    Recorder after;
    auto failing = std::make_shared<FunctionTarget>(
        "broken", [](const Event&) -> Status { return MakeError(ErrorCode::kInternal, "the target broke"); });
    ASSERT_TRUE(
        bus_.AddRule("r", R"({"detail-type":["document.classified"]})", {failing, after.MakeTarget("after")}).ok());
    ::testing::internal::CaptureStderr();
    auto published = bus_.Publish(Classified(kUserA));
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_TRUE(published.ok());
    EXPECT_EQ(after.ids().size(), 1u);
    EXPECT_NE(log.find(R"("event":"event.delivery_failed","rule":"r","target":"broken")"), std::string::npos) << log;
    EXPECT_NE(log.find("the target broke"), std::string::npos);
}

TEST_F(EventBusTest, AsynchronousTargetsDoNotHoldUpPublish) {
    Recorder slow;
    ASSERT_TRUE(bus_.AddRule("slow", R"({"source":["learning-yogi.documents"]})",
                             {slow.MakeTarget("slow", true, std::chrono::milliseconds(300))})
                    .ok());
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(bus_.Publish(Classified(kUserA)).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
    bus_.WaitForDeliveries();
    EXPECT_EQ(slow.ids().size(), 3u);
}

TEST_F(EventBusTest, ATargetMayPublishTheNextEvent) {
    // The workflow's pattern: a target reacting to one event publishes the next one from inside Publish.
    Recorder completed;
    std::atomic<int> published_next{0};
    auto next = std::make_shared<FunctionTarget>("next", [&](const Event& event) -> Status {
        auto following = NewEvent("job.failed", R"({"documentId":"880e8400-e29b-41d4-a716-446655440003",
            "userId":"550e8400-e29b-41d4-a716-446655440000","stage":"failed","at":"2026-11-28T19:42:48Z",
            "reason":"after )" + event.id + "\"}");
        if (!following) return following.error();
        auto seq = bus_.Publish(*following);
        if (!seq) return seq.error();
        ++published_next;
        return Ok{};
    });
    ASSERT_TRUE(bus_.AddRule("classified", R"({"detail-type":["document.classified"]})", {next}).ok());
    ASSERT_TRUE(bus_.AddRule("failed", R"({"detail-type":["job.failed"]})", {completed.MakeTarget("failed")}).ok());
    ASSERT_TRUE(bus_.Publish(Classified(kUserA)).ok());
    EXPECT_EQ(published_next.load(), 1);
    EXPECT_EQ(completed.ids().size(), 1u);
    EXPECT_EQ(log_.ReadSince(0, 10)->size(), 2u);
}

TEST_F(EventBusTest, PublishingFromManyThreadsLogsAndDeliversEveryEventOnce) {
    Recorder sync, async;
    ASSERT_TRUE(bus_.AddRule("all", R"({"source":["learning-yogi.documents"]})",
                             {sync.MakeTarget("sync"), async.MakeTarget("async", true)})
                    .ok());
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 25; ++i) {
                if (!bus_.Publish(Classified(kUserA)).ok()) ++failures;
            }
        });
    }
    for (std::thread& thread : threads) thread.join();
    bus_.WaitForDeliveries();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(sync.ids().size(), 100u);
    EXPECT_EQ(async.ids().size(), 100u);
    auto logged = log_.ReadSince(0, 1000);
    ASSERT_EQ(logged->size(), 100u);
    std::set<std::string> ids;
    for (const LoggedEvent& event : *logged) ids.insert(event.event.id);
    EXPECT_EQ(ids.size(), 100u);
    for (const std::string& id : async.ids()) EXPECT_TRUE(ids.contains(id));
}

TEST_F(EventBusTest, PublishingTheSameEventAgainIsAConflictAndDeliversNothing) {
    // A producer that retries Publish with the same event (same id) cannot deliver it twice.
    Recorder all;
    ASSERT_TRUE(bus_.AddRule("all", R"({"source":["learning-yogi.documents"]})", {all.MakeTarget("all")}).ok());
    const Event event = Classified(kUserA);
    ASSERT_TRUE(bus_.Publish(event).ok());
    auto again = bus_.Publish(event);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict);
    EXPECT_EQ(all.ids().size(), 1u);
}

TEST_F(EventBusTest, AddRuleChecksItsInput) {
    Recorder r;
    EXPECT_TRUE(bus_.AddRule("a", R"({"source":["x"]})", {r.MakeTarget("t")}).ok());
    EXPECT_EQ(bus_.AddRule("a", R"({"source":["y"]})", {r.MakeTarget("t")}).error().code, ErrorCode::kConflict);
    auto bad = bus_.AddRule("b", R"({"source":"x"})", {r.MakeTarget("t")});
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("rule \"b\": event pattern /source"), std::string::npos) << bad.error().message;
    EXPECT_EQ(bus_.AddRule("c", R"({"source":["x"]})", {}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bus_.AddRule("d", R"({"source":["x"]})", {nullptr}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bus_.AddRule("", R"({"source":["x"]})", {r.MakeTarget("t")}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(bus_.RuleNames(), std::vector<std::string>{"a"});
}

class ReplayTest : public EventBusTest {
  protected:
    // Publishes at fixed times: images at 1000, 3000, 5000; a pdf at 4000; user B's image at 6000.
    void SetUp() override {
        ASSERT_TRUE(bus_.AddRule("images", R"({"detail":{"documentType":["image"]}})",
                                 {replayed_.MakeTarget("sync"), replayed_async_.MakeTarget("async", true)})
                        .ok());
        for (auto [time, type, user] :
             {std::tuple{1000, "image", kUserA}, std::tuple{3000, "image", kUserA}, std::tuple{4000, "pdf", kUserA},
              std::tuple{5000, "image", kUserA}, std::tuple{6000, "image", kUserB}}) {
            Event event = Classified(user, type, time);
            ASSERT_TRUE(bus_.Publish(event).ok());
            ids_by_time_[time] = event.id;
        }
        bus_.WaitForDeliveries();
        live_ = replayed_.ids();
        live_async_ = replayed_async_.ids();
    }
    // The recorders die before the base's bus: no delivery may still be running into them.
    void TearDown() override { bus_.WaitForDeliveries(); }

    std::vector<std::string> Since(std::size_t from) const {
        auto ids = replayed_.ids();
        return {ids.begin() + static_cast<std::ptrdiff_t>(from), ids.end()};
    }

    Recorder replayed_, replayed_async_;
    std::map<int, std::string> ids_by_time_;
    std::vector<std::string> live_, live_async_;
};

TEST_F(ReplayTest, ReDeliversExactlyTheMatchingEventsSinceTheTime) {
    ASSERT_EQ(live_.size(), 4u);  // the four images, live
    auto replayed = bus_.Replay("images", 3000);
    ASSERT_TRUE(replayed.ok()) << replayed.error().message;
    EXPECT_EQ(*replayed, 3);
    bus_.WaitForDeliveries();
    EXPECT_EQ(Since(live_.size()),
              (std::vector<std::string>{ids_by_time_[3000], ids_by_time_[5000], ids_by_time_[6000]}));
    EXPECT_EQ(replayed_async_.ids().size(), live_async_.size() + 3);
}

TEST_F(ReplayTest, UntilBoundsTheWindow) {
    auto replayed = bus_.Replay("images", 1000, 5000);
    ASSERT_TRUE(replayed.ok());
    EXPECT_EQ(*replayed, 2);
    bus_.WaitForDeliveries();
    EXPECT_EQ(Since(live_.size()), (std::vector<std::string>{ids_by_time_[1000], ids_by_time_[3000]}));
}

TEST_F(ReplayTest, AnUnknownRuleIsNotFound) { EXPECT_EQ(bus_.Replay("nope", 0).error().code, ErrorCode::kNotFound); }

TEST_F(ReplayTest, TheCommandReplaysAndReportsUsageErrors) {
    std::ostringstream out, err;
    EXPECT_EQ(RunEventsCommand({"replay", "--since", FormatRfc3339(3000), "--rule", "images"}, bus_, out, err), 0)
        << err.str();
    EXPECT_EQ(out.str(), "replayed 3 events to rule images\n");
    EXPECT_EQ(Since(live_.size()).size(), 3u);

    auto run = [&](std::vector<std::string> args) {
        std::ostringstream o, e;
        const int code = RunEventsCommand(args, bus_, o, e);
        return std::pair{code, e.str()};
    };
    EXPECT_EQ(run({}).first, 2);
    EXPECT_EQ(run({"replay", "--rule", "images"}).second.find("--since is required") != std::string::npos, true);
    EXPECT_EQ(run({"replay", "--since", "yesterday", "--rule", "images"}).first, 2);
    EXPECT_EQ(run({"replay", "--since", "1970-01-01T00:00:01Z"}).first, 2);
    EXPECT_EQ(run({"replay", "--since", "1970-01-01T00:00:01Z", "--rule"}).first, 2);
    EXPECT_EQ(
        run({"replay", "--since", "1970-01-01T00:00:05Z", "--until", "1970-01-01T00:00:01Z", "--rule", "images"}).first,
        2);
    auto unknown = run({"replay", "--since", "1970-01-01T00:00:01Z", "--rule", "nope"});
    EXPECT_EQ(unknown.first, 1);
    EXPECT_NE(unknown.second.find("no rule named \"nope\""), std::string::npos);
    auto windowed =
        run({"replay", "--since", "1970-01-01T00:00:01Z", "--until", "1970-01-01T00:00:04Z", "--rule", "images"});
    EXPECT_EQ(windowed.first, 0);
}

}  // namespace
}  // namespace ly::events
