// Which handler answers a method and path. The table itself is in routes.cpp; a path that
// exists for other methods gets 405 with Allow, any other 404.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "server/api_error.hpp"
#include "server/http_message.hpp"

namespace entitle::server {

struct App;

using Handler = Response (*)(App& app, const Request& request, std::string_view param);

// Where a route's handler runs. Cheap answers (health, metrics, precomputed rule bodies)
// run on the connection thread and are answered even while every worker is busy; work that
// grows with the request (evaluation) or the rule set (reload) goes to the bounded pool of
// evaluation workers, under the request's budget.
enum class Runs { on_connection_thread, on_worker };

struct Route {
  std::string_view method;
  std::string_view pattern;  // "/v1/rules/{id}": a final {name} matches one path segment
  Handler handler;
  bool json_body;  // takes a JSON body: Content-Type is checked before the body is read
  Runs runs = Runs::on_connection_thread;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method and path
  std::string param;             // the {name} segment, percent-decoded
  std::string allow;             // the methods the path has ("GET, POST"), if any
  // The metrics label: the route's pattern, or "unmatched".
  std::string_view label() const { return route ? route->pattern : "unmatched"; }
  // 405 (with Allow) when the path exists for other methods, 404 otherwise.
  ApiError error(std::string_view method, std::string_view path) const;
};

class Router {
 public:
  explicit Router(std::vector<Route> routes) : routes_(std::move(routes)) {}
  RouteMatch match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Every route of the service (routes.cpp).
Router make_router();

}  // namespace entitle::server
