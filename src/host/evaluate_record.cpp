// One record through the engine: JSON text in, decisions JSON out.
#include "host/evaluate_record.hpp"

#include "io/json_decisions.hpp"
#include "io/json_record.hpp"

namespace entitle::host {

void evaluate_record(EvalScratch& scratch, uint32_t entity, std::string_view record, Date as_of,
                     std::string& out) {
  const Model& model = scratch.evaluator.ruleset().model();
  read_json_record(model, entity, record, scratch.record, scratch.reader);
  const Decisions& d = scratch.evaluator.evaluate(scratch.record, as_of, scratch.options);
  append_decisions_json(out, model, d, scratch.options);
}

}  // namespace entitle::host
