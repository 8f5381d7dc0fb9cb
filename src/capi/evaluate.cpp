// entitle_evaluate: one record, JSON in and decisions JSON out.
#include "capi/evaluate.hpp"

#include "capi/options.hpp"
#include "io/json_decisions.hpp"
#include "io/json_record.hpp"

namespace entitle::capi {

void evaluate_record(EvalScratch& scratch, uint32_t entity, std::string_view record, Date as_of,
                     std::string& out) {
  const Model& model = scratch.evaluator.ruleset().model();
  read_json_record(model, entity, record, scratch.record, scratch.reader);
  const Decisions& d = scratch.evaluator.evaluate(scratch.record, as_of, scratch.options);
  append_decisions_json(out, model, d, scratch.options);
}

}  // namespace entitle::capi

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
    evaluate_record(*scratch, entity, record, day, scratch->json);
    *out = to_c_string(scratch->json);
  });
}
