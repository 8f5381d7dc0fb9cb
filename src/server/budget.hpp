// A request's budget of work: routes on the evaluation workers call check_budget between
// their phases (read, check, evaluate) and between the records of a batch, so a request that
// would hold a worker past --request-budget is answered 503 budget_exceeded and the worker
// is free for the next one. The language has no loops, so one record's evaluation is
// bounded by its size; the checks between records are enough.
#pragma once

#include <string_view>

#include "server/http_message.hpp"

namespace entitle::server {

// Throws ApiError 503 budget_exceeded once the request's deadline has passed; `where` says
// what was not done yet ("before evaluating", "before records[537]").
void check_budget(const Request& request, std::string_view where);

}  // namespace entitle::server
