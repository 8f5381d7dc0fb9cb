#include "server/dispatch.hpp"

#include <ostream>

#include "server/api_error.hpp"
#include "server/router.hpp"

namespace entitle::server {

namespace {

void log_failure(std::ostream& log, const Request& request, const char* what) noexcept {
  try {
    log << "entitle serve: request " << request.id << " (" << request.method << ' ' << request.path
        << "): " << what << std::endl;
  } catch (...) {
    // Nothing more can be done about a failing log.
  }
}

}  // namespace

Response dispatch(const Route& route, App& app, const Request& request, std::string_view param,
                  std::ostream& log) noexcept {
  try {
    try {
      return route.handler(app, request, param);
    } catch (const ApiError& e) {
      return error_response(e);
    } catch (const std::exception& e) {
      log_failure(log, request, e.what());
    } catch (...) {
      log_failure(log, request, "unknown exception");
    }
    return internal_error_response(request.id);
  } catch (...) {
    // Building the answer itself failed (out of memory): the smallest one that can be sent.
    Response r;
    r.status = 500;
    return r;
  }
}

}  // namespace entitle::server
