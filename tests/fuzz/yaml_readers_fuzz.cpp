// Fuzz target: the fast YAML reader (libyaml) against the general one (yaml-cpp). The fast
// reader must decline or give exactly yaml-cpp's tree; any divergence aborts with both.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "compare_readers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto comparison = entitle::yaml::compare_readers(text);
  if (!comparison.divergence.empty()) {
    std::fprintf(stderr, "yaml readers diverge: %s\n", comparison.divergence.c_str());
    std::abort();
  }
  return 0;
}
