// Metrics any module can register and update — counters, gauges and histograms
// with fixed buckets, optionally labelled — rendered in Prometheus text format.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "ly/base/result.hpp"

namespace ly::transport {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// Only goes up; lock-free.
class Counter {
  public:
    void Increment(double by = 1);  // a negative or NaN `by` is ignored
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0};
};

// Goes up and down; lock-free.
class Gauge {
  public:
    void Set(double value) { value_.store(value, std::memory_order_relaxed); }
    void Add(double by);
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0};
};

// Counts observations into buckets fixed at registration; lock-free.
class Histogram {
  public:
    // `bounds`: finite, strictly increasing upper bounds; +Inf is implied.
    explicit Histogram(std::vector<double> bounds);

    void Observe(double value);  // NaN is ignored

    struct Snapshot {
        std::vector<std::uint64_t> cumulative;  // per bound, then +Inf (== count)
        double sum = 0;
        std::uint64_t count = 0;
    };
    Snapshot Read() const;
    const std::vector<double>& bounds() const { return bounds_; }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, not cumulative
    std::atomic<double> sum_{0};
};

// Orders label-value lists, and compares stored ones with looked-up views.
struct LabelValuesLess {
    using is_transparent = void;
    template <typename A, typename B>
    bool operator()(const A& a, const B& b) const {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                            [](std::string_view x, std::string_view y) { return x < y; });
    }
};

// All the series of one metric name: one child per combination of label values.
template <typename Metric>
class MetricFamily {
  public:
    // The child for these label values (in the order of the label names),
    // made on first use; the reference stays valid as long as the registry,
    // so hot paths may keep it. Missing values count as "", extra ones are
    // dropped. Each distinct combination is a series kept forever: never put
    // raw paths, ids or other unbounded values in a label.
    Metric& With(std::span<const std::string_view> label_values);
    Metric& With(std::initializer_list<std::string_view> label_values) {
        return With(std::span<const std::string_view>(label_values.begin(), label_values.size()));
    }
    // The one series of a family without labels.
    Metric& Get() { return With(std::span<const std::string_view>()); }

    const std::string& name() const { return name_; }
    const std::vector<std::string>& label_names() const { return label_names_; }
    const std::vector<double>& bounds() const { return bounds_; }

    // Registries make families.
    MetricFamily(std::string name, std::string help, std::vector<std::string> label_names, std::vector<double> bounds);
    // Appends this family's lines in the text format.
    void Render(std::string& out) const;

  private:
    std::string name_;
    std::string help_;
    std::vector<std::string> label_names_;
    std::vector<double> bounds_;  // histograms only
    mutable std::shared_mutex mutex_;
    std::map<std::vector<std::string>, std::unique_ptr<Metric>, LabelValuesLess> children_;  // guarded by mutex_
};

using CounterFamily = MetricFamily<Counter>;
using GaugeFamily = MetricFamily<Gauge>;
using HistogramFamily = MetricFamily<Histogram>;

extern template class MetricFamily<Counter>;
extern template class MetricFamily<Gauge>;
extern template class MetricFamily<Histogram>;

// Bucket bounds in seconds for request latencies (0.5 ms … 10 s).
std::vector<double> LatencyBuckets();

// The service's metrics. Thread-safe; families live as long as the registry.
class MetricsRegistry {
  public:
    // Names follow Prometheus ([a-zA-Z_:][a-zA-Z0-9_:]*, labels
    // [a-zA-Z_][a-zA-Z0-9_]*, no "__" prefix, no "le" on histograms).
    // Registering a name again with the same kind, labels and buckets gives the
    // same family; with different ones, kConflict.
    Result<CounterFamily*> AddCounter(std::string name, std::string help, std::vector<std::string> label_names = {});
    Result<GaugeFamily*> AddGauge(std::string name, std::string help, std::vector<std::string> label_names = {});
    Result<HistogramFamily*> AddHistogram(std::string name, std::string help, std::vector<double> bounds,
                                          std::vector<std::string> label_names = {});

    // Runs before every rendering: for values read when scraped (documents by
    // status from the database) rather than updated as they change.
    void OnScrape(std::function<void()> update);

    // Every family in registration order, in Prometheus text format 0.0.4.
    std::string Render() const;

  private:
    using Family =
        std::variant<std::unique_ptr<CounterFamily>, std::unique_ptr<GaugeFamily>, std::unique_ptr<HistogramFamily>>;
    template <typename Metric>
    Result<MetricFamily<Metric>*> Add(std::string name, std::string help, std::vector<std::string> label_names,
                                      std::vector<double> bounds);

    mutable std::mutex mutex_;
    std::vector<Family> families_;                  // guarded by mutex_
    std::vector<std::function<void()>> on_scrape_;  // guarded by mutex_
};

}  // namespace ly::transport
