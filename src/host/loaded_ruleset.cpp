// The scratch pool of a loaded rule set.
#include "host/loaded_ruleset.hpp"

namespace entitle::host {

namespace {

constexpr size_t kIdleScratchKept = 64;  // enough for every thread of a busy host

}  // namespace

std::unique_ptr<EvalScratch> ScratchPool::take(const std::shared_ptr<const RuleSet>& rs) {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto s = std::move(idle_.back());
      idle_.pop_back();
      return s;
    }
  }
  return std::make_unique<EvalScratch>(rs);
}

void ScratchPool::give_back(std::unique_ptr<EvalScratch> scratch) noexcept {
  if (!scratch) return;
  try {
    std::lock_guard lock(mutex_);
    if (idle_.size() < kIdleScratchKept) idle_.push_back(std::move(scratch));
  } catch (...) {
    // Dropping the scratch (its destructor runs here) only costs a later allocation.
  }
}

void ScratchPool::clear() noexcept {
  std::lock_guard lock(mutex_);
  idle_.clear();
}

}  // namespace entitle::host
