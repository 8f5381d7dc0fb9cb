// The entitle_ruleset handle: a loaded rule set (host/loaded_ruleset.hpp) behind a magic
// number, so that a freed or foreign handle is refused rather than read.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "capi/shim.hpp"
#include "host/loaded_ruleset.hpp"

namespace entitle::capi {

using host::EvalScratch;
using host::LoadedRuleSet;
using host::ScratchLease;
using host::ScratchPool;

// The rule set behind a checked handle (throws ENTITLE_EINVAL for NULL, freed or foreign).
LoadedRuleSet& checked(const entitle_ruleset* handle);

}  // namespace entitle::capi

struct entitle_ruleset {
  std::atomic<uint64_t> magic{entitle::capi::kDeadMagic};
  std::unique_ptr<entitle::host::LoadedRuleSet> loaded;
};
