// GET /v1/rules and GET /v1/rules/{id}: what the serving rule set holds (the description of
// the C API's entitle_ruleset_describe, computed once per rule set in ruleset_holder.cpp).
#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/routes.hpp"

namespace entitle::server {

Response list_rules(App& app, const Request&, std::string_view) {
  Response r;
  r.body = app.rulesets.current()->rules_body;
  return r;
}

Response get_rule(App& app, const Request&, std::string_view id) {
  const std::shared_ptr<Snapshot> snapshot = app.rulesets.current();
  auto it = snapshot->rule_body.find(std::string(id));
  if (it == snapshot->rule_body.end()) {
    std::vector<std::string> ids;
    for (const auto& [known, body] : snapshot->rule_body) ids.push_back(known);
    throw ApiError(404, "not_found",
                   "the rule set has no rule '" + echo(id) + "'" + did_you_mean(id, ids), "id");
  }
  Response r;
  r.body = it->second;
  return r;
}

}  // namespace entitle::server
