// What every route and connection of one running service shares. Immutable after start
// except through its own synchronised members.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>

#include "server/access_log.hpp"
#include "server/admin_token.hpp"
#include "server/metrics.hpp"
#include "server/ruleset_holder.hpp"
#include "server/server_config.hpp"

namespace entitle::server {

struct App {
  explicit App(ServerConfig c)
      : config(std::move(c)), rulesets(config.ruleset_dir), access_log(config.access_log) {
    if (!config.admin_token_file.empty())
      admin_token = AdminToken::from_file(config.admin_token_file);
  }

  const ServerConfig config;
  RuleSetHolder rulesets;
  Metrics metrics;
  AccessLog access_log;
  std::optional<AdminToken> admin_token;  // none: reload is disabled (403)
  std::atomic<bool> draining{false};      // SIGTERM seen: finish what is in flight, take no more
  std::atomic<uint64_t> next_request_id{1};
  std::atomic<size_t> rejecting{0};  // connections being answered 503 right now
};

}  // namespace entitle::server
