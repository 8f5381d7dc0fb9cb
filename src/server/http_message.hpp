// A request and a response as the routes see them: plain strings, no Beast types, so the
// route files compile without the HTTP library's headers. session.cpp converts both ways.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace entitle::server {

struct Request {
  std::string_view method;  // "GET", "POST", … as sent
  std::string_view path;    // the target without its query
  std::string_view authorization;
  std::string_view body;
  uint64_t id = 0;  // also the X-Request-Id of the response and the access log line
  // The request's budget of work (--request-budget), counted from when it was read: routes
  // that run on the evaluation workers check it between phases and records (budget.hpp).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  std::chrono::milliseconds budget{0};
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones: Allow, …
  std::string error_code;  // an error answer's code ("budget_exceeded"), for the metrics
};

}  // namespace entitle::server
