// How `entitle serve` runs: where it listens, how many threads, and the limits that keep one
// client from holding the service. Every default here is documented in docs/rest.md
// ("Limits"); change both together.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace entitle::server {

struct Limits {
  // Request body, after any chunked decoding. Larger: 413 (before the body is read when
  // Content-Length says so, as soon as the limit is passed for a chunked body).
  size_t max_body_bytes = 1024 * 1024;
  // Request line plus every header field. Larger: 431.
  size_t max_header_bytes = 16 * 1024;
  // Arrays and objects nested in a request body. Deeper: 400.
  size_t max_json_depth = 32;
  // Records in one POST /v1/evaluate/batch. More: 413.
  size_t max_batch_records = 1000;
  // Open connections. One more is answered 503 and closed.
  size_t max_connections = 512;
  // Open connections from one client address, so that one client cannot hold the whole
  // connection limit. One more is answered 429 and closed. 0: no such cap (behind a
  // reverse proxy every connection comes from the proxy's address).
  size_t max_connections_per_client = 32;
  // The whole request head must arrive within this time of its first byte (of the
  // connection, for a new one); the body within body_timeout of the head; the response
  // must be taken within write_timeout. A kept-alive connection with no new request for
  // idle_timeout is closed. A client too slow for these is disconnected. Head and idle are
  // short: a connection that has not sent a whole head costs a slot and gives nothing.
  std::chrono::milliseconds header_timeout{5'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds idle_timeout{5'000};
  // Requests waiting for an evaluation worker. One more is answered 503 at once.
  size_t max_queued_requests = 128;
  // Wall-clock time an evaluation request may take from being read to being answered,
  // waiting for a worker included. Past it: 503 budget_exceeded, and the worker is free.
  std::chrono::milliseconds request_budget{5'000};
  // After SIGTERM/SIGINT, requests in flight get this long to finish.
  std::chrono::milliseconds drain_timeout{30'000};
};

struct ServerConfig {
  std::string ruleset_dir;
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (the bound one is printed)
  unsigned threads = 0;  // evaluation workers; 0: one per core. Connections have their own thread.
  std::string admin_token_file;  // empty: POST /v1/admin/reload answers 403
  std::string access_log;        // empty: none; "-": standard output; else a file appended to
  Limits limits;
};

}  // namespace entitle::server
