#include "server/budget.hpp"

#include <string>

#include "server/api_error.hpp"

namespace entitle::server {

void check_budget(const Request& request, std::string_view where) {
  if (std::chrono::steady_clock::now() < request.deadline) return;
  throw ApiError(503, "budget_exceeded",
                 "the request was not done within its budget of " +
                     std::to_string(request.budget.count()) + " ms (--request-budget); stopped " +
                     std::string(where) +
                     "; send fewer records per request, or retry when the service is less busy");
}

}  // namespace entitle::server
