// POST /v1/admin/reload: load the rule set folder again and serve it if it passes every
// check. A broken rule set never replaces a working one: the old one keeps serving and the
// answer lists every error with file:line:col.
#include <iostream>

#include "io/value_format.hpp"
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/routes.hpp"

namespace entitle::server {

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error: return "error";
    case Severity::warning: return "warning";
    case Severity::note: return "note";
  }
  return "error";
}

// [{"file":…,"line":…,"column":…,"severity":"error","message":…,"text":"file:l:c: error: …"}]
std::string diagnostics_json(const Diagnostics& ds) {
  std::string out = "[";
  for (const Diagnostic& d : ds.items()) {
    if (out.size() > 1) out += ',';
    out += "{\"file\":";
    append_json_string(out, d.where.file);
    out += ",\"line\":" + std::to_string(d.where.line) +
           ",\"column\":" + std::to_string(d.where.column) + ",\"severity\":\"" +
           severity_name(d.severity) + "\",\"message\":";
    append_json_string(out, d.message);
    out += ",\"text\":";
    append_json_string(out, format_diagnostic(d));
    out += '}';
  }
  return out + "]";
}

// "1 error", "3 errors"
std::string errors(const Diagnostics& ds) {
  const size_t n = ds.error_count();
  return std::to_string(n) + (n == 1 ? " error" : " errors");
}

std::string ruleset_json(const Snapshot& s) {
  std::string out = "{\"name\":";
  append_json_string(out, s.ruleset().name());
  out += ",\"version\":";
  append_json_string(out, s.ruleset().version());
  out += ",\"hash\":";
  append_json_string(out, s.ruleset().content_hash());
  out += ",\"generation\":" + std::to_string(s.generation) + "}";
  return out;
}

}  // namespace

Response reload(App& app, const Request& request, std::string_view) {
  if (!app.admin_token)
    throw ApiError(403, "admin_disabled",
                   "reload is disabled: start the server with --admin-token-file");
  if (!app.admin_token->accepts(request.authorization)) {
    ApiError e(401, "unauthorized", "send Authorization: Bearer <the admin token>");
    e.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"entitle-admin\"");
    throw e;
  }
  ReloadOutcome outcome = app.rulesets.reload();
  app.metrics.reload_finished(outcome.ok);
  if (!outcome.ok) {
    std::cerr << "entitle serve: reload of " << app.rulesets.dir() << " failed ("
              << errors(outcome.diagnostics) << "); still serving generation "
              << outcome.current->generation << '\n'
              << outcome.diagnostics.to_string();
    ApiError e(422, "ruleset_invalid",
               "the rule set in " + app.rulesets.dir() + " has " + errors(outcome.diagnostics) +
                   "; the previous rule set keeps serving");
    e.extra_json = "\"serving\":" + ruleset_json(*outcome.current) +
                   ",\"diagnostics\":" + diagnostics_json(outcome.diagnostics);
    throw e;
  }
  std::cerr << "entitle serve: reloaded " << app.rulesets.dir() << ": "
            << outcome.current->ruleset().name() << ' ' << outcome.current->ruleset().version()
            << " (generation " << outcome.current->generation << ")\n";
  Response r;
  r.body = "{\"reloaded\":true,\"ruleset\":" + ruleset_json(*outcome.current) +
           ",\"previous\":" + ruleset_json(*outcome.previous) +
           ",\"warnings\":" + diagnostics_json(outcome.diagnostics) + "}";
  return r;
}

}  // namespace entitle::server
