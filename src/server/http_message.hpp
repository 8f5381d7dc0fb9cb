// A request and a response as the routes see them: plain strings, no Beast types, so the
// route files compile without the HTTP library's headers. session.cpp converts both ways.
#pragma once

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
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones: Allow, …
};

}  // namespace entitle::server
