#include "server/access_log.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <stdexcept>

#include "io/value_format.hpp"

namespace entitle::server {

namespace {

// "2026-11-23T08:01:02.345Z"
std::string utc_now() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%03dZ", static_cast<int>(millis));
  return buf;
}

}  // namespace

AccessLog::AccessLog(const std::string& target) {
  if (target.empty()) return;
  if (target == "-") {
    file_ = stdout;
    return;
  }
  file_ = std::fopen(target.c_str(), "a");
  if (!file_)
    throw std::runtime_error("--access-log: cannot open '" + target + "': " + std::strerror(errno));
  owned_ = true;
}

AccessLog::~AccessLog() {
  if (owned_) std::fclose(file_);
}

void AccessLog::write(const AccessLogEntry& e) {
  if (!file_) return;
  std::string line = "{\"time\":\"" + utc_now() +
                     "\",\"request_id\":" + std::to_string(e.request_id) + ",\"remote\":";
  append_json_string(line, e.remote);
  line += ",\"method\":";
  append_json_string(line, e.method.substr(0, 32));
  line += ",\"path\":";
  append_json_string(line, e.path.substr(0, 512));  // a client may send a long one
  char tail[160];
  std::snprintf(tail, sizeof tail,
                ",\"status\":%u,\"bytes_in\":%llu,\"bytes_out\":%llu,\"duration_ms\":%.3f}\n",
                e.status, static_cast<unsigned long long>(e.bytes_in),
                static_cast<unsigned long long>(e.bytes_out), e.duration_ms);
  line += tail;
  std::lock_guard lock(mutex_);
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

}  // namespace entitle::server
