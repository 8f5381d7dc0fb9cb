// Counters for GET /metrics, in the Prometheus text format (version 0.0.4):
//   entitle_http_requests_total{route,method,status}      counter
//   entitle_http_request_duration_seconds{route}           histogram
//   entitle_http_connections_active                        gauge
//   entitle_http_connections_rejected_total                counter (over the cap: 503)
//   entitle_http_connections_rejected_per_client_total     counter (over the per-client cap: 429)
//   entitle_workers_busy                                   gauge (evaluation workers at work)
//   entitle_requests_queued                                gauge (waiting for a worker)
//   entitle_requests_shed_total{reason}                    counter (503 overloaded|budget_exceeded)
//   entitle_records_evaluated_total{result="ok|error"}     counter
//   entitle_ruleset_info{name,version,sha256,generation}   gauge, always 1
//   entitle_ruleset_loaded_timestamp_seconds               gauge
//   entitle_ruleset_reloads_total{result="ok|failed"}      counter
// `route` is the route's pattern ("/v1/rules/{id}"), or "unmatched", so clients cannot grow
// the label set with arbitrary paths.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace entitle::server {

struct Snapshot;

class Metrics {
 public:
  void observe_request(std::string_view route, std::string_view method, unsigned status,
                       double seconds);
  void connection_opened() { active_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { active_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_rejected() { rejected_connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_rejected_per_client() {
    rejected_per_client_.fetch_add(1, std::memory_order_relaxed);
  }
  // A request handed to the workers: queued, then taken by a worker, then done.
  void request_queued() { queued_.fetch_add(1, std::memory_order_relaxed); }
  void request_unqueued() { queued_.fetch_sub(1, std::memory_order_relaxed); }  // refused after all
  void worker_started() {
    queued_.fetch_sub(1, std::memory_order_relaxed);
    busy_.fetch_add(1, std::memory_order_relaxed);
  }
  void worker_finished() { busy_.fetch_sub(1, std::memory_order_relaxed); }
  void shed_overloaded() { shed_overloaded_.fetch_add(1, std::memory_order_relaxed); }
  void shed_budget() { shed_budget_.fetch_add(1, std::memory_order_relaxed); }
  int64_t active_connections() const { return active_connections_.load(std::memory_order_relaxed); }
  void records_evaluated(uint64_t ok, uint64_t failed) {
    records_ok_.fetch_add(ok, std::memory_order_relaxed);
    records_failed_.fetch_add(failed, std::memory_order_relaxed);
  }
  void reload_finished(bool ok) { (ok ? reloads_ok_ : reloads_failed_).fetch_add(1); }

  // The whole exposition, for the rule set now serving.
  std::string render(const Snapshot& current) const;

 private:
  // Upper bounds of the latency buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 14> kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // not cumulative; summed when rendered
    uint64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;  // guards the maps
  std::map<std::tuple<std::string, std::string, unsigned>, uint64_t> requests_;
  std::map<std::string, Histogram, std::less<>> latency_;
  std::atomic<int64_t> active_connections_{0};
  std::atomic<uint64_t> rejected_connections_{0};
  std::atomic<uint64_t> rejected_per_client_{0};
  std::atomic<int64_t> queued_{0};
  std::atomic<int64_t> busy_{0};
  std::atomic<uint64_t> shed_overloaded_{0};
  std::atomic<uint64_t> shed_budget_{0};
  std::atomic<uint64_t> records_ok_{0};
  std::atomic<uint64_t> records_failed_{0};
  std::atomic<uint64_t> reloads_ok_{0};
  std::atomic<uint64_t> reloads_failed_{0};
};

}  // namespace entitle::server
