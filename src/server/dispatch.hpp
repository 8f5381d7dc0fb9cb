// The handler boundary: the one place a route's handler is called. Whatever it throws
// stops here: an ApiError becomes its JSON answer; anything else is written to the log with
// the request id and answered 500 with a generic message, so no exception text (paths,
// library internals) ever reaches a client.
#pragma once

#include <iosfwd>
#include <string_view>

#include "server/http_message.hpp"

namespace entitle::server {

struct App;
struct Route;

Response dispatch(const Route& route, App& app, const Request& request, std::string_view param,
                  std::ostream& log) noexcept;

}  // namespace entitle::server
