// The handlers behind the routes table (routes.cpp), one file per group:
// evaluate_routes.cpp, rules_routes.cpp, ops_routes.cpp, admin_routes.cpp. Each answers a
// Response or throws ApiError; anything else it throws becomes a 500.
#pragma once

#include <string_view>

#include "server/http_message.hpp"

namespace entitle::server {

struct App;

Response evaluate_one(App& app, const Request& request, std::string_view);
Response evaluate_batch(App& app, const Request& request, std::string_view);
Response list_rules(App& app, const Request& request, std::string_view);
Response get_rule(App& app, const Request& request, std::string_view id);
Response healthz(App& app, const Request& request, std::string_view);
Response readyz(App& app, const Request& request, std::string_view);
Response metrics(App& app, const Request& request, std::string_view);
Response openapi(App& app, const Request& request, std::string_view);
Response reload(App& app, const Request& request, std::string_view);

}  // namespace entitle::server
