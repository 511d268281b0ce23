#include "ly/transport/metrics.hpp"

#include <charconv>
#include <cmath>
#include <set>
#include <type_traits>

namespace ly::transport {

namespace {

bool IsNameStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsMetricName(std::string_view name) {
    if (name.empty() || !(IsNameStart(name.front()) || name.front() == ':')) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return IsNameStart(c) || IsDigit(c) || c == ':'; });
}

bool IsLabelName(std::string_view name) {
    if (name.empty() || !IsNameStart(name.front()) || name.starts_with("__")) return false;
    return std::all_of(name.begin(), name.end(), [](char c) { return IsNameStart(c) || IsDigit(c); });
}

// Go's float syntax, as Prometheus parses it: shortest round-trip digits.
std::string FormatNumber(double value) {
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    char text[64];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, value);
    if (ec != std::errc()) return "NaN";
    return std::string(text, end);
}

void AppendEscaped(std::string& out, std::string_view text, bool quotes) {
    for (const char c : text) {
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '"' && quotes) {
            out += "\\\"";
        } else {
            out += c;
        }
    }
}

// name{a="x",b="y"[,le="0.5"]} value\n
void AppendSample(std::string& out, std::string_view name, const std::vector<std::string>& label_names,
                  const std::vector<std::string>& label_values, std::string_view le, std::string_view value) {
    out += name;
    if (!label_names.empty() || !le.empty()) {
        out += '{';
        for (std::size_t i = 0; i < label_names.size(); ++i) {
            if (i > 0) out += ',';
            out += label_names[i];
            out += "=\"";
            AppendEscaped(out, label_values[i], true);
            out += '"';
        }
        if (!le.empty()) {
            if (!label_names.empty()) out += ',';
            out += "le=\"";
            out += le;
            out += '"';
        }
        out += '}';
    }
    out += ' ';
    out += value;
    out += '\n';
}

template <typename Metric>
constexpr std::string_view TypeName() {
    if constexpr (std::is_same_v<Metric, Counter>) {
        return "counter";
    } else if constexpr (std::is_same_v<Metric, Gauge>) {
        return "gauge";
    } else {
        return "histogram";
    }
}

}  // namespace

void Counter::Increment(double by) {
    if (!(by >= 0)) return;  // also NaN
    value_.fetch_add(by, std::memory_order_relaxed);
}

void Gauge::Add(double by) { value_.fetch_add(by, std::memory_order_relaxed); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
    if (std::isnan(value)) return;
    // Bucket `le` holds values <= its bound: the first bound not below the value.
    const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
    Snapshot snapshot;
    snapshot.cumulative.reserve(bounds_.size() + 1);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        total += counts_[i].load(std::memory_order_relaxed);
        snapshot.cumulative.push_back(total);
    }
    snapshot.count = total;
    snapshot.sum = sum_.load(std::memory_order_relaxed);
    return snapshot;
}

template <typename Metric>
MetricFamily<Metric>::MetricFamily(std::string name, std::string help, std::vector<std::string> label_names,
                                   std::vector<double> bounds)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), bounds_(std::move(bounds)) {
    // A family without labels has its one series from the start, so it is
    // rendered (as 0) before anything happened.
    if (label_names_.empty()) Get();
}

template <typename Metric>
Metric& MetricFamily<Metric>::With(std::span<const std::string_view> label_values) {
    if (label_values.size() == label_names_.size()) {
        const std::shared_lock lock(mutex_);
        if (const auto found = children_.find(label_values); found != children_.end()) return *found->second;
    }
    std::vector<std::string> key(label_names_.size());
    for (std::size_t i = 0; i < key.size() && i < label_values.size(); ++i) key[i] = std::string(label_values[i]);
    const std::unique_lock lock(mutex_);
    auto& child = children_[std::move(key)];
    if (!child) {
        if constexpr (std::is_same_v<Metric, Histogram>) {
            child = std::make_unique<Histogram>(bounds_);
        } else {
            child = std::make_unique<Metric>();
        }
    }
    return *child;
}

template <typename Metric>
void MetricFamily<Metric>::Render(std::string& out) const {
    out += "# HELP ";
    out += name_;
    out += ' ';
    AppendEscaped(out, help_, false);
    out += "\n# TYPE ";
    out += name_;
    out += ' ';
    out += TypeName<Metric>();
    out += '\n';
    const std::shared_lock lock(mutex_);
    for (const auto& [values, child] : children_) {
        if constexpr (std::is_same_v<Metric, Histogram>) {
            const Histogram::Snapshot snapshot = child->Read();
            const std::string bucket_name = name_ + "_bucket";
            for (std::size_t i = 0; i < bounds_.size(); ++i) {
                AppendSample(out, bucket_name, label_names_, values, FormatNumber(bounds_[i]),
                             std::to_string(snapshot.cumulative[i]));
            }
            AppendSample(out, bucket_name, label_names_, values, "+Inf", std::to_string(snapshot.count));
            AppendSample(out, name_ + "_sum", label_names_, values, {}, FormatNumber(snapshot.sum));
            AppendSample(out, name_ + "_count", label_names_, values, {}, std::to_string(snapshot.count));
        } else {
            AppendSample(out, name_, label_names_, values, {}, FormatNumber(child->Value()));
        }
    }
}

template class MetricFamily<Counter>;
template class MetricFamily<Gauge>;
template class MetricFamily<Histogram>;

std::vector<double> LatencyBuckets() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

template <typename Metric>
Result<MetricFamily<Metric>*> MetricsRegistry::Add(std::string name, std::string help,
                                                   std::vector<std::string> label_names, std::vector<double> bounds) {
    if (!IsMetricName(name)) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "metric name \"" + name + "\" is not a Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*)");
    }
    std::set<std::string_view> seen;
    for (const auto& label : label_names) {
        if (!IsLabelName(label)) {
            return MakeError(ErrorCode::kInvalidArgument,
                             "label \"" + label + "\" of metric " + name + " is not a Prometheus label name");
        }
        if (std::is_same_v<Metric, Histogram> && label == "le") {
            return MakeError(ErrorCode::kInvalidArgument, "histogram " + name + " cannot have a label called le");
        }
        if (!seen.insert(label).second) {
            return MakeError(ErrorCode::kInvalidArgument, "metric " + name + " names the label " + label + " twice");
        }
    }
    if constexpr (std::is_same_v<Metric, Histogram>) {
        if (bounds.empty()) return MakeError(ErrorCode::kInvalidArgument, "histogram " + name + " has no buckets");
        for (std::size_t i = 0; i < bounds.size(); ++i) {
            if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i - 1] < bounds[i]))) {
                return MakeError(ErrorCode::kInvalidArgument,
                                 "histogram " + name + ": bucket bounds must be finite and strictly increasing");
            }
        }
    }

    const std::lock_guard lock(mutex_);
    for (const auto& family : families_) {
        const bool same_name = std::visit([&](const auto& existing) { return existing->name() == name; }, family);
        if (!same_name) continue;
        const auto* existing = std::get_if<std::unique_ptr<MetricFamily<Metric>>>(&family);
        if (existing == nullptr || (*existing)->label_names() != label_names || (*existing)->bounds() != bounds) {
            return MakeError(ErrorCode::kConflict,
                             "metric " + name + " is already registered with another kind, labels or buckets");
        }
        return existing->get();
    }
    auto made = std::make_unique<MetricFamily<Metric>>(std::move(name), std::move(help), std::move(label_names),
                                                       std::move(bounds));
    MetricFamily<Metric>* pointer = made.get();
    families_.emplace_back(std::move(made));
    return pointer;
}

Result<CounterFamily*> MetricsRegistry::AddCounter(std::string name, std::string help,
                                                   std::vector<std::string> label_names) {
    return Add<Counter>(std::move(name), std::move(help), std::move(label_names), {});
}

Result<GaugeFamily*> MetricsRegistry::AddGauge(std::string name, std::string help,
                                               std::vector<std::string> label_names) {
    return Add<Gauge>(std::move(name), std::move(help), std::move(label_names), {});
}

Result<HistogramFamily*> MetricsRegistry::AddHistogram(std::string name, std::string help, std::vector<double> bounds,
                                                       std::vector<std::string> label_names) {
    return Add<Histogram>(std::move(name), std::move(help), std::move(label_names), std::move(bounds));
}

void MetricsRegistry::OnScrape(std::function<void()> update) {
    const std::lock_guard lock(mutex_);
    on_scrape_.push_back(std::move(update));
}

std::string MetricsRegistry::Render() const {
    std::vector<std::function<void()>> updates;
    {
        const std::lock_guard lock(mutex_);
        updates = on_scrape_;
    }
    for (const auto& update : updates) update();  // outside the lock: an update may read other families

    std::string out;
    const std::lock_guard lock(mutex_);
    for (const auto& family : families_) std::visit([&](const auto& each) { each->Render(out); }, family);
    return out;
}

}  // namespace ly::transport
