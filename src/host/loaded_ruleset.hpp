// A loaded rule set plus a pool of per-call evaluation scratch, so that an evaluation on a
// warm rule set reuses buffers instead of allocating. Behind every entitle_ruleset handle
// (capi/ruleset.hpp) and every rule set the REST service serves (server/ruleset_holder.hpp).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "io/json_record.hpp"
#include "entitle/ruleset.hpp"

namespace entitle::host {

// Everything one evaluation needs besides the rule set. One thread at a time.
struct EvalScratch {
  explicit EvalScratch(std::shared_ptr<const RuleSet> rs) : evaluator(std::move(rs)) {}
  Evaluator evaluator;
  Record record;
  EvalOptions options;
  std::string json;
  JsonReadWorkspace reader;  // not a thread_local: see io/json_record.hpp
};

// Scratch objects for any number of threads: take one, use it, give it back.
class ScratchPool {
 public:
  std::unique_ptr<EvalScratch> take(const std::shared_ptr<const RuleSet>& rs);
  void give_back(std::unique_ptr<EvalScratch> scratch) noexcept;
  void clear() noexcept;

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<EvalScratch>> idle_;
};

// Returns a scratch object to its pool however the evaluation ends.
class ScratchLease {
 public:
  ScratchLease(ScratchPool& pool, const std::shared_ptr<const RuleSet>& rs)
      : pool_(pool), scratch_(pool.take(rs)) {}
  ~ScratchLease() { pool_.give_back(std::move(scratch_)); }
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  EvalScratch& operator*() { return *scratch_; }
  EvalScratch* operator->() { return scratch_.get(); }

 private:
  ScratchPool& pool_;
  std::unique_ptr<EvalScratch> scratch_;
};

// A rule set, the warnings of its load, and its scratch.
struct LoadedRuleSet {
  std::shared_ptr<const RuleSet> ruleset;
  Diagnostics warnings;
  ScratchPool scratch;
};

}  // namespace entitle::host
