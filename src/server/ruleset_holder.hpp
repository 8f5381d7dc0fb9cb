// The rule set the service answers with, and replacing it without downtime.
//
// A Snapshot is one loaded rule set plus what the routes serve from it (its scratch pool,
// the GET /v1/rules bodies). A request takes the current snapshot once, at its start, and
// keeps it (a shared_ptr) until it has answered: a reload in the meantime does not change
// the rule set a request started with, and the old snapshot is freed when its last request
// is done. Evaluation scratch lives in the snapshot's pool, so every thread's evaluator
// follows the snapshot its request holds.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "entitle/diagnostics.hpp"
#include "host/loaded_ruleset.hpp"

namespace entitle::server {

struct Snapshot {
  host::LoadedRuleSet loaded;  // rule set, load warnings, evaluation scratch pool
  uint64_t generation = 0;     // 1 for the rule set loaded at start, +1 per reload
  std::chrono::system_clock::time_point loaded_at;
  std::string rules_body;                                  // GET /v1/rules
  std::unordered_map<std::string, std::string> rule_body;  // GET /v1/rules/{id}

  const RuleSet& ruleset() const { return *loaded.ruleset; }
};

struct ReloadOutcome {
  std::shared_ptr<Snapshot> current;   // the snapshot serving after the attempt
  std::shared_ptr<Snapshot> previous;  // the one before (same as current when it failed)
  Diagnostics diagnostics;             // errors (failed) or warnings (succeeded)
  bool ok = false;
};

class RuleSetHolder {
 public:
  explicit RuleSetHolder(std::string dir) : dir_(std::move(dir)) {}

  // Loads the folder again. Only a rule set that passes every check replaces the current
  // one; reloads run one at a time.
  ReloadOutcome reload();

  // Null only before the first successful reload().
  std::shared_ptr<Snapshot> current() const {
    std::lock_guard lock(mutex_);
    return current_;
  }

  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::mutex reload_mutex_;   // one load at a time
  mutable std::mutex mutex_;  // guards current_ (a shared_ptr copy is not atomic)
  std::shared_ptr<Snapshot> current_;
  uint64_t generation_ = 0;
};

}  // namespace entitle::server
