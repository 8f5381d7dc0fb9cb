#include "server/metrics.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "server/ruleset_holder.hpp"

namespace entitle::server {

namespace {

// A label value with \, " and newline escaped, as the text format requires.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

}  // namespace

void Metrics::observe_request(std::string_view route, std::string_view method, unsigned status,
                              double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{std::string(route), std::string(method), status}];
  auto it = latency_.find(route);
  if (it == latency_.end()) it = latency_.emplace(std::string(route), Histogram{}).first;
  Histogram& h = it->second;
  const auto bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds);
  if (bucket != kBuckets.end()) ++h.counts[static_cast<size_t>(bucket - kBuckets.begin())];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const Snapshot& current) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    header(out, "entitle_http_requests_total", "counter",
           "HTTP requests answered, by route, method and status.");
    for (const auto& [key, n] : requests_) {
      const auto& [route, method, status] = key;
      out += "entitle_http_requests_total{route=\"" + label(route) + "\",method=\"" +
             label(method) + "\",status=\"" + std::to_string(status) + "\"} " + std::to_string(n) +
             '\n';
    }
    header(out, "entitle_http_request_duration_seconds", "histogram",
           "Time from the first byte of a request to its response being queued, by route.");
    for (const auto& [route, h] : latency_) {
      uint64_t cumulative = 0;
      const std::string r = "route=\"" + label(route) + "\"";
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        cumulative += h.counts[i];
        out += "entitle_http_request_duration_seconds_bucket{" + r + ",le=\"" +
               number(kBuckets[i]) + "\"} " + std::to_string(cumulative) + '\n';
      }
      out += "entitle_http_request_duration_seconds_bucket{" + r + ",le=\"+Inf\"} " +
             std::to_string(h.count) + '\n';
      out += "entitle_http_request_duration_seconds_sum{" + r + "} " + number(h.sum) + '\n';
      out += "entitle_http_request_duration_seconds_count{" + r + "} " + std::to_string(h.count) +
             '\n';
    }
  }
  header(out, "entitle_http_connections_active", "gauge", "Open client connections.");
  out += "entitle_http_connections_active " + std::to_string(active_connections()) + '\n';
  header(out, "entitle_http_connections_rejected_total", "counter",
         "Connections answered 503 because the connection cap was reached.");
  out += "entitle_http_connections_rejected_total " + std::to_string(rejected_connections_.load()) +
         '\n';
  header(out, "entitle_http_connections_rejected_per_client_total", "counter",
         "Connections answered 429 because their client address had --max-connections-per-client "
         "open.");
  out += "entitle_http_connections_rejected_per_client_total " +
         std::to_string(rejected_per_client_.load()) + '\n';
  header(out, "entitle_workers_busy", "gauge", "Evaluation workers running a request.");
  out += "entitle_workers_busy " + std::to_string(busy_.load()) + '\n';
  header(out, "entitle_requests_queued", "gauge", "Requests waiting for an evaluation worker.");
  out += "entitle_requests_queued " + std::to_string(queued_.load()) + '\n';
  header(out, "entitle_requests_shed_total", "counter",
         "Requests answered 503: the worker queue was full (overloaded) or the request ran past "
         "its budget (budget_exceeded).");
  out += "entitle_requests_shed_total{reason=\"overloaded\"} " +
         std::to_string(shed_overloaded_.load()) + '\n';
  out += "entitle_requests_shed_total{reason=\"budget_exceeded\"} " +
         std::to_string(shed_budget_.load()) + '\n';
  header(out, "entitle_records_evaluated_total", "counter",
         "Records evaluated (ok) or answered with an error (error), single and batch.");
  out +=
      "entitle_records_evaluated_total{result=\"ok\"} " + std::to_string(records_ok_.load()) + '\n';
  out += "entitle_records_evaluated_total{result=\"error\"} " +
         std::to_string(records_failed_.load()) + '\n';

  const RuleSet& rs = current.ruleset();
  header(out, "entitle_ruleset_info", "gauge", "The rule set serving now (always 1).");
  out += "entitle_ruleset_info{name=\"" + label(rs.name()) + "\",version=\"" + label(rs.version()) +
         "\",sha256=\"" + label(rs.content_hash()) + "\",generation=\"" +
         std::to_string(current.generation) + "\"} 1\n";
  header(out, "entitle_ruleset_loaded_timestamp_seconds", "gauge",
         "When the rule set serving now was loaded (Unix time).");
  const auto since_epoch = std::chrono::duration<double>(current.loaded_at.time_since_epoch());
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%.3f", since_epoch.count());
  out += "entitle_ruleset_loaded_timestamp_seconds " + std::string(stamp) + '\n';
  header(out, "entitle_ruleset_reloads_total", "counter",
         "Reloads through POST /v1/admin/reload: ok (now serving) or failed (old one kept).");
  out +=
      "entitle_ruleset_reloads_total{result=\"ok\"} " + std::to_string(reloads_ok_.load()) + '\n';
  out += "entitle_ruleset_reloads_total{result=\"failed\"} " +
         std::to_string(reloads_failed_.load()) + '\n';
  return out;
}

}  // namespace entitle::server
