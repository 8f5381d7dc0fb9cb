// Fuzz target: one rule file from bytes. Loading must give a rule set or diagnostics, never
// a crash, hang or unbounded memory; a rule set that loads is evaluated once.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entitle;
  std::string text(reinterpret_cast<const char*>(data), size);
  LoadResult loaded = RuleSet::load_documents({{"fuzz.yaml", text}});
  fuzz::show(loaded);
  if (!loaded) {
    if (!loaded.diagnostics.has_errors()) std::abort();  // a failed load must say why
    return 0;
  }
  fuzz::evaluate_everywhere(*loaded.ruleset, "{}");
  return 0;
}
