// Every route of the service. docs/openapi.json describes the same list; a test checks
// that the two agree.
#include "server/router.hpp"
#include "server/routes.hpp"

namespace entitle::server {

Router make_router() {
  return Router({
      {"POST", "/v1/evaluate", evaluate_one, true, Runs::on_worker},
      {"POST", "/v1/evaluate/batch", evaluate_batch, true, Runs::on_worker},
      {"GET", "/v1/rules", list_rules, false},
      {"GET", "/v1/rules/{id}", get_rule, false},
      {"POST", "/v1/admin/reload", reload, false, Runs::on_worker},
      {"GET", "/healthz", healthz, false},
      {"GET", "/readyz", readyz, false},
      {"GET", "/metrics", metrics, false},
      {"GET", "/openapi.json", openapi, false},
  });
}

}  // namespace entitle::server
