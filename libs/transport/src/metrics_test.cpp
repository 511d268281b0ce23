#include "ly/transport/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <thread>
#include <vector>

namespace ly::transport {
namespace {

TEST(Metrics, RendersCountersAndGaugesInTextFormat) {
    MetricsRegistry registry;
    auto requests = registry.AddCounter("app_requests_total", "Requests, by route", {"route", "status"});
    auto queue = registry.AddGauge("app_queue_depth", "Documents waiting");
    ASSERT_TRUE(requests.ok() && queue.ok());
    (*requests)->With({"/a", "200"}).Increment();
    (*requests)->With({"/a", "200"}).Increment(2);
    (*requests)->With({"/b/{id}", "404"}).Increment();
    (*queue)->Get().Set(3);
    (*queue)->Get().Add(-1.5);
    EXPECT_EQ(registry.Render(),
              "# HELP app_requests_total Requests, by route\n"
              "# TYPE app_requests_total counter\n"
              "app_requests_total{route=\"/a\",status=\"200\"} 3\n"
              "app_requests_total{route=\"/b/{id}\",status=\"404\"} 1\n"
              "# HELP app_queue_depth Documents waiting\n"
              "# TYPE app_queue_depth gauge\n"
              "app_queue_depth 1.5\n");
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
    MetricsRegistry registry;
    auto durations = registry.AddHistogram("job_seconds", "Job time", {0.125, 1, 10}, {"kind"});
    ASSERT_TRUE(durations.ok());
    Histogram& pdf = (*durations)->With({"pdf"});
    for (const double value : {0.0625, 0.125, 0.5, 1.0, 3.0, 20.0}) pdf.Observe(value);
    pdf.Observe(std::nan(""));  // ignored
    const Histogram::Snapshot snapshot = pdf.Read();
    EXPECT_EQ(snapshot.cumulative, (std::vector<std::uint64_t>{2, 4, 5, 6}));
    EXPECT_EQ(snapshot.count, 6u);
    EXPECT_EQ(snapshot.sum, 24.6875);  // exact in binary
    EXPECT_EQ(registry.Render(),
              "# HELP job_seconds Job time\n"
              "# TYPE job_seconds histogram\n"
              "job_seconds_bucket{kind=\"pdf\",le=\"0.125\"} 2\n"
              "job_seconds_bucket{kind=\"pdf\",le=\"1\"} 4\n"
              "job_seconds_bucket{kind=\"pdf\",le=\"10\"} 5\n"
              "job_seconds_bucket{kind=\"pdf\",le=\"+Inf\"} 6\n"
              "job_seconds_sum{kind=\"pdf\"} 24.6875\n"
              "job_seconds_count{kind=\"pdf\"} 6\n");
}

TEST(Metrics, UnlabelledFamiliesShowZeroBeforeAnyUpdate) {
    MetricsRegistry registry;
    ASSERT_TRUE(registry.AddCounter("started_total", "Starts").ok());
    ASSERT_TRUE(registry.AddHistogram("wait_seconds", "Waits", {1}).ok());
    EXPECT_EQ(registry.Render(),
              "# HELP started_total Starts\n# TYPE started_total counter\nstarted_total 0\n"
              "# HELP wait_seconds Waits\n# TYPE wait_seconds histogram\n"
              "wait_seconds_bucket{le=\"1\"} 0\nwait_seconds_bucket{le=\"+Inf\"} 0\n"
              "wait_seconds_sum 0\nwait_seconds_count 0\n");
}

TEST(Metrics, EscapesLabelValuesAndHelp) {
    MetricsRegistry registry;
    auto family = registry.AddCounter("odd_total", "a \\ b\nc", {"v"});
    ASSERT_TRUE(family.ok());
    (*family)->With({"x\"y\\z\nw"}).Increment();
    EXPECT_EQ(registry.Render(),
              "# HELP odd_total a \\\\ b\\nc\n# TYPE odd_total counter\n"
              "odd_total{v=\"x\\\"y\\\\z\\nw\"} 1\n");
}

TEST(Metrics, CountersIgnoreNegativeIncrements) {
    Counter counter;
    counter.Increment(2);
    counter.Increment(-5);
    counter.Increment(std::nan(""));
    EXPECT_EQ(counter.Value(), 2);
}

TEST(Metrics, MissingLabelValuesAreEmptyAndExtraOnesDropped) {
    MetricsRegistry registry;
    auto family = registry.AddCounter("pairs_total", "Pairs", {"a", "b"});
    ASSERT_TRUE(family.ok());
    (*family)->With({"1"}).Increment();
    (*family)->With({"1", "", "extra"}).Increment();
    EXPECT_NE(registry.Render().find("pairs_total{a=\"1\",b=\"\"} 2\n"), std::string::npos);
}

TEST(Metrics, RefusesNamesPrometheusWouldNot) {
    MetricsRegistry registry;
    EXPECT_EQ(registry.AddCounter("1bad", "x").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddCounter("has-dash", "x").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddCounter("", "x").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddCounter("ok_total", "x", {"__reserved"}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddCounter("ok_total", "x", {"a", "a"}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddHistogram("h", "x", {1}, {"le"}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddHistogram("h", "x", {}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddHistogram("h", "x", {1, 1}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddHistogram("h", "x", {2, 1}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(registry.AddHistogram("h", "x", {1, INFINITY}).error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(registry.AddCounter("ns:sub_total", "colons are allowed in names").ok());
    EXPECT_EQ(registry.Render().find("# TYPE h "), std::string::npos);
}

TEST(Metrics, RegisteringAgainGivesTheSameFamilyOrAConflict) {
    MetricsRegistry registry;
    auto first = registry.AddCounter("docs_total", "Documents", {"status"});
    auto again = registry.AddCounter("docs_total", "Documents", {"status"});
    ASSERT_TRUE(first.ok() && again.ok());
    EXPECT_EQ(*first, *again);
    EXPECT_EQ(registry.AddCounter("docs_total", "Documents", {"type"}).error().code, ErrorCode::kConflict);
    EXPECT_EQ(registry.AddGauge("docs_total", "Documents", {"status"}).error().code, ErrorCode::kConflict);
    auto histogram = registry.AddHistogram("lat", "x", {1, 2});
    ASSERT_TRUE(histogram.ok());
    EXPECT_EQ(registry.AddHistogram("lat", "x", {1, 3}).error().code, ErrorCode::kConflict);
}

TEST(Metrics, ScrapeHooksRunBeforeRendering) {
    MetricsRegistry registry;
    auto documents = registry.AddGauge("documents", "Documents by status", {"status"});
    ASSERT_TRUE(documents.ok());
    int scrapes = 0;
    registry.OnScrape([&, family = *documents] {
        ++scrapes;
        family->With({"completed"}).Set(scrapes * 10);
    });
    EXPECT_NE(registry.Render().find("documents{status=\"completed\"} 10\n"), std::string::npos);
    EXPECT_NE(registry.Render().find("documents{status=\"completed\"} 20\n"), std::string::npos);
}

TEST(Metrics, UpdatesFromManyThreadsAddUp) {
    MetricsRegistry registry;
    auto counter = registry.AddCounter("hits_total", "Hits", {"thread_group"});
    auto histogram = registry.AddHistogram("sizes", "Sizes", {10, 100});
    ASSERT_TRUE(counter.ok() && histogram.ok());
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            const std::string group = t % 2 == 0 ? "even" : "odd";
            for (int i = 0; i < 10000; ++i) {
                (*counter)->With({group}).Increment();
                (*histogram)->Get().Observe(i % 200);
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ((*counter)->With({"even"}).Value(), 40000);
    EXPECT_EQ((*counter)->With({"odd"}).Value(), 40000);
    EXPECT_EQ((*histogram)->Get().Read().count, 80000u);
    EXPECT_EQ((*histogram)->Get().Read().cumulative[0], 8u * 50 * 11);  // 0..10 of each 200
}

}  // namespace
}  // namespace ly::transport
