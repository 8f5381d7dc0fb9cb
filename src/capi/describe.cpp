// entitle_ruleset_describe: what a loaded rule set holds, as JSON (host/describe.hpp).
#include "capi/ruleset.hpp"
#include "capi/shim.hpp"
#include "host/describe.hpp"

using namespace entitle::capi;

extern "C" int entitle_ruleset_describe(char** out, const entitle_ruleset* ruleset) {
  if (out) *out = nullptr;
  return guarded([&] {
    require(out, "out");
    *out = to_c_string(entitle::host::describe_ruleset(checked(ruleset)));
  });
}
