#include "server/ruleset_holder.hpp"

#include <nlohmann/json.hpp>

#include "host/describe.hpp"

namespace entitle::server {

namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

// The GET /v1/rules bodies, computed once per snapshot from the C API's description. The
// list of files loaded is left out and warnings name files within the rule set folder:
// where the server keeps its files is not the client's business.
void describe_for_routes(Snapshot& s, const std::string& dir) {
  Json d = Json::parse(host::describe_ruleset(s.loaded));
  d.erase("files");
  const std::string prefix = dir.ends_with('/') ? dir : dir + "/";
  for (Json& w : d["warnings"]) {
    const std::string text = w.get<std::string>();
    if (text.starts_with(prefix)) w = text.substr(prefix.size());
  }
  for (const Json& rule : d["rules"]) {
    Json one{{"ruleset", Json{{"name", d["name"]}, {"version", d["version"]}, {"hash", d["hash"]}}},
             {"rule", rule}};
    for (const Json& entity : d["entities"])
      if (entity["name"] == rule["entity"]) one["schema"] = entity;
    s.rule_body.emplace(rule["id"].get<std::string>(), dump(one));
  }
  s.rules_body = dump(d);
}

}  // namespace

ReloadOutcome RuleSetHolder::reload() {
  std::lock_guard one_at_a_time(reload_mutex_);
  ReloadOutcome out;
  out.previous = current();
  LoadResult loaded = RuleSet::load(dir_);
  out.diagnostics = std::move(loaded.diagnostics);
  if (!loaded.ruleset) {
    out.current = out.previous;
    return out;
  }
  auto next = std::make_shared<Snapshot>();
  next->loaded.ruleset = std::move(loaded.ruleset);
  next->loaded.warnings = out.diagnostics;
  next->generation = ++generation_;
  next->loaded_at = std::chrono::system_clock::now();
  describe_for_routes(*next, dir_);
  {
    std::lock_guard lock(mutex_);
    current_ = next;
  }
  out.current = std::move(next);
  out.ok = true;
  return out;
}

}  // namespace entitle::server
