// For operators and orchestrators: liveness, readiness, Prometheus metrics, and the OpenAPI
// description of the service.
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/openapi.hpp"
#include "server/routes.hpp"
#include "io/value_format.hpp"

namespace entitle::server {

// Alive: the process answers. Nothing else is checked, so a restart is never triggered by
// a problem a restart cannot fix.
Response healthz(App&, const Request&, std::string_view) {
  Response r;
  r.body = "{\"status\":\"ok\"}";
  return r;
}

// Ready: a rule set is loaded and the server is not shutting down.
Response readyz(App& app, const Request&, std::string_view) {
  if (app.draining.load())
    throw ApiError(503, "shutting_down", "the server is shutting down and takes no new work");
  const std::shared_ptr<Snapshot> snapshot = app.rulesets.current();
  if (!snapshot) throw ApiError(503, "not_ready", "no rule set is loaded");
  const RuleSet& rs = snapshot->ruleset();
  Response r;
  r.body = "{\"status\":\"ready\",\"ruleset\":{\"name\":";
  append_json_string(r.body, rs.name());
  r.body += ",\"version\":";
  append_json_string(r.body, rs.version());
  r.body += ",\"hash\":";
  append_json_string(r.body, rs.content_hash());
  r.body += ",\"generation\":" + std::to_string(snapshot->generation) + "}}";
  return r;
}

Response metrics(App& app, const Request&, std::string_view) {
  Response r;
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.body = app.metrics.render(*app.rulesets.current());
  return r;
}

Response openapi(App&, const Request&, std::string_view) {
  Response r;
  r.body = std::string(openapi_document());
  return r;
}

}  // namespace entitle::server
