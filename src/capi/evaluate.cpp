// entitle_evaluate: one record, JSON in and decisions JSON out.
#include "capi/options.hpp"
#include "capi/ruleset.hpp"
#include "host/evaluate_record.hpp"

using namespace entitle::capi;

extern "C" int entitle_evaluate(char** out, const entitle_ruleset* ruleset, const char* record,
                                const char* as_of, const entitle_eval_options* options) {
  if (out) *out = nullptr;
  return guarded([&] {
    require(out, "out");
    LoadedRuleSet& loaded = checked(ruleset);
    require(record, "record");
    entitle::Date day = parse_as_of(as_of);
    ScratchLease scratch(loaded.scratch, loaded.ruleset);
    uint32_t entity = read_eval_options(options, *loaded.ruleset, scratch->options);
    scratch->json.clear();
    entitle::host::evaluate_record(*scratch, entity, record, day, scratch->json);
    *out = to_c_string(scratch->json);
  });
}
