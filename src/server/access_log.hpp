// --access-log: one JSON object per answered request, one per line, e.g.
//   {"time":"2026-11-23T08:01:02.345Z","request_id":7,"remote":"127.0.0.1:50312",
//    "method":"POST","path":"/v1/evaluate","status":200,"bytes_in":412,"bytes_out":1893,
//    "duration_ms":0.41}
// Lines are written whole (one lock per line) and flushed, so `tail -f` and log shippers
// never see half a line.
#pragma once

#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <string_view>

namespace entitle::server {

struct AccessLogEntry {
  uint64_t request_id = 0;
  std::string_view remote;
  std::string_view method;
  std::string_view path;
  unsigned status = 0;
  uint64_t bytes_in = 0;
  uint64_t bytes_out = 0;
  double duration_ms = 0;
};

class AccessLog {
 public:
  // "" writes nothing, "-" standard output, otherwise the file (appended to; created if
  // missing). Throws std::runtime_error when the file cannot be opened.
  explicit AccessLog(const std::string& target);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  bool enabled() const { return file_ != nullptr; }
  void write(const AccessLogEntry& e);

 private:
  std::mutex mutex_;
  FILE* file_ = nullptr;
  bool owned_ = false;
};

}  // namespace entitle::server
