#include "server/api_error.hpp"

#include "io/value_format.hpp"

namespace entitle::server {

std::string error_object(const ApiError& e) {
  std::string out = "{\"code\":";
  append_json_string(out, e.code);
  out += ",\"message\":";
  append_json_string(out, e.message);
  out += ",\"field\":";
  if (e.field.empty()) {
    out += "null";
  } else {
    append_json_string(out, e.field);
  }
  if (e.line > 0) {
    out += ",\"line\":" + std::to_string(e.line) + ",\"column\":" + std::to_string(e.column);
  }
  if (!e.extra_json.empty()) {
    out += ',';
    out += e.extra_json;
  }
  out += '}';
  return out;
}

Response error_response(const ApiError& e) {
  Response r;
  r.status = e.status;
  r.body = "{\"error\":" + error_object(e) + "}";
  r.headers = e.headers;
  r.error_code = e.code;
  return r;
}

Response internal_error_response(uint64_t request_id) {
  return error_response(
      ApiError(500, "internal",
               "internal error; the server log has the details under request id " +
                   std::to_string(request_id)));
}

}  // namespace entitle::server
