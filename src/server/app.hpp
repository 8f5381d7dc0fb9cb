// What every route and connection of one running service shares. Immutable after start
// except through its own synchronised members.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

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
    if (const char* ms = std::getenv("ENTITLE_SERVE_TEST_RECORD_DELAY_MS"))
      test_record_delay = std::chrono::milliseconds(std::strtol(ms, nullptr, 10));
  }

  const ServerConfig config;
  RuleSetHolder rulesets;
  Metrics metrics;
  AccessLog access_log;
  std::optional<AdminToken> admin_token;  // none: reload is disabled (403)
  std::atomic<bool> draining{false};      // SIGTERM seen: finish what is in flight, take no more
  std::atomic<uint64_t> next_request_id{1};
  std::atomic<size_t> rejecting{0};  // connections being answered 503 right now
  // Fault injection for tests only (tests/server/busy_test.py): the environment variable
  // ENTITLE_SERVE_TEST_RECORD_DELAY_MS makes every record's evaluation sleep this long, so
  // a test can keep the evaluation workers busy. Never set in production; 0 by default.
  std::chrono::milliseconds test_record_delay{0};
};

}  // namespace entitle::server
