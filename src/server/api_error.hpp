// Every error the service answers is one JSON shape:
//   {"error":{"code":"malformed_json","message":"…","field":"record.age"|null, …}}
// with extra members where they help (line and column of a position in the body, the
// diagnostics of a rule set that failed to reload). Routes throw ApiError; the session
// turns it into a response. Anything else thrown is answered 500 without its text.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "server/http_message.hpp"

namespace entitle::server {

class ApiError : public std::runtime_error {
 public:
  ApiError(unsigned status, std::string code, std::string message, std::string field = {})
      : std::runtime_error(message), status(status), code(std::move(code)),
        message(std::move(message)), field(std::move(field)) {}

  // Where in the request body the problem is (1-based; 0 when not about a position).
  ApiError& at(uint32_t l, uint32_t c) {
    line = l;
    column = c;
    return *this;
  }

  unsigned status;
  std::string code;
  std::string message;
  std::string field;  // empty: JSON null
  uint32_t line = 0;
  uint32_t column = 0;
  // Extra members of the error object, as JSON text ("diagnostics":[…]); may be empty.
  std::string extra_json;
  std::vector<std::pair<std::string, std::string>> headers;  // Allow, WWW-Authenticate
};

// The error object alone: {"code":…,"message":…,"field":…[,"line":…,"column":…]…}.
std::string error_object(const ApiError& e);
// The whole response for an error.
Response error_response(const ApiError& e);
// 500 with a generic message naming only the request id, for what the log says in full.
Response internal_error_response(uint64_t request_id);

}  // namespace entitle::server
