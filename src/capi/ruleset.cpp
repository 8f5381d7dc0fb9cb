// entitle_ruleset: loading from a folder or from memory, freeing, and checking handles.
#include "capi/ruleset.hpp"

#include <deque>
#include <utility>

namespace entitle::capi {

namespace {

// Freed handles are kept, magic cleared, rather than returned to the allocator: a host that
// uses a handle after freeing it then reads our dead magic (ENTITLE_EINVAL), not freed
// memory. The memory is reused only after kQuarantine later frees, which keeps it bounded.
class HandleHeap {
 public:
  static constexpr size_t kQuarantine = 64;

  entitle_ruleset* make() {
    std::lock_guard lock(mutex_);
    if (dead_.size() > kQuarantine) {
      entitle_ruleset* h = dead_.front().release();
      dead_.pop_front();
      return h;
    }
    return new entitle_ruleset();
  }

  void bury(entitle_ruleset* h) noexcept {
    try {
      std::lock_guard lock(mutex_);
      dead_.emplace_back(h);
    } catch (...) {
      delete h;  // no memory for bookkeeping: let it go rather than leak
    }
  }

 private:
  std::mutex mutex_;
  std::deque<std::unique_ptr<entitle_ruleset>> dead_;
};

HandleHeap& handles() {
  static HandleHeap heap;
  return heap;
}

// The first error of a failed load, with every diagnostic for entitle_error_diagnostics.
[[noreturn]] void fail_load(const Diagnostics& diagnostics) {
  ErrorInfo info;
  info.code = ENTITLE_ELOAD;
  info.diagnostics = diagnostics.to_string();
  for (const auto& d : diagnostics.items()) {
    if (d.severity != Severity::error) continue;
    info.message = d.message;
    info.file = d.where.file;
    info.line = d.where.line;
    info.column = d.where.column;
    break;
  }
  if (info.message.empty()) info.message = "the rule set could not be loaded";
  throw Failure(std::move(info));
}

entitle_ruleset* publish(LoadResult&& result) {
  if (!result) fail_load(result.diagnostics);
  auto loaded = std::make_unique<LoadedRuleSet>();
  loaded->ruleset = std::move(result.ruleset);
  for (const auto& d : result.diagnostics.items())
    if (d.severity != Severity::error) loaded->warnings.add(d);
  entitle_ruleset* h = handles().make();
  h->loaded = std::move(loaded);
  h->magic.store(kRuleSetMagic, std::memory_order_release);
  return h;
}

}  // namespace

LoadedRuleSet& checked(const entitle_ruleset* handle) {
  if (handle == nullptr) fail_invalid("ruleset is NULL");
  if (handle->magic.load(std::memory_order_acquire) != kRuleSetMagic || !handle->loaded)
    fail_invalid("ruleset is not a valid rule set handle (freed, or not from entitle)");
  return *handle->loaded;
}

}  // namespace entitle::capi

using namespace entitle::capi;

extern "C" {

int entitle_ruleset_load(entitle_ruleset** out, const char* dir) {
  if (out) *out = nullptr;
  return guarded([&] {
    require(out, "out");
    require(dir, "dir");
    *out = publish(entitle::RuleSet::load(dir));
  });
}

int entitle_ruleset_load_documents(entitle_ruleset** out, const entitle_document* docs,
                                   size_t count) {
  if (out) *out = nullptr;
  return guarded([&] {
    require(out, "out");
    require(docs, "docs");
    if (count == 0) fail_invalid("count is 0: a rule set needs at least one document");
    std::vector<std::pair<std::string, std::string>> copies;
    copies.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      std::string at = "docs[" + std::to_string(i) + "]";
      copies.emplace_back(require(docs[i].name, (at + ".name").c_str()),
                          require(docs[i].text, (at + ".text").c_str()));
    }
    *out = publish(entitle::RuleSet::load_documents(copies));
  });
}

void entitle_ruleset_free(entitle_ruleset* ruleset) {
  if (ruleset == nullptr) return;
  // Only the caller that swaps the live magic for the dead one frees: a second free of the
  // same handle, even racing on another thread, sees dead magic and backs off.
  uint64_t expected = kRuleSetMagic;
  if (!ruleset->magic.compare_exchange_strong(expected, kDeadMagic, std::memory_order_acq_rel)) {
    set_last_error_invalid("entitle_ruleset_free: not a valid rule set handle (already freed?)");
    return;
  }
  ruleset->loaded.reset();
  handles().bury(ruleset);
}

}  // extern "C"
