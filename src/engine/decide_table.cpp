// Decision tables: evaluate the input columns once, test each row's cells, apply the hit
// policy (first, unique, collect, sum).
#include <string>

#include "engine/evaluation.hpp"
#include "model/table_match.hpp"

namespace entitle::engine {

void Evaluation::decide_table(const Rule& rule, RuleMemo& memo) {
  const DecisionTable& table = *rule.table;
  Value* inputs = scratch_.values(table.inputs.size());
  for (size_t i = 0; i < table.inputs.size(); ++i) inputs[i] = run(table.inputs[i].program);

  const uint32_t first = memo.first_output;
  const size_t width = rule.outputs.size();
  bool unknown = false;
  uint32_t hits = 0;
  uint32_t first_hit = 0;
  // collect: gather each output column's values, then make lists.
  std::vector<Value>* collected = nullptr;
  std::vector<std::vector<Value>> columns;
  if (table.hit == HitPolicy::collect) {
    columns.resize(width);
    collected = columns.data();
  }

  for (uint32_t r = 0; r < table.rows.size(); ++r) {
    Truth m = row_matches(table.rows[r], inputs);
    if (m == Truth::unknown) {
      unknown = true;
      if (table.hit == HitPolicy::first) break;  // an earlier unknown row could have hit
      continue;
    }
    if (m == Truth::no) continue;
    if (hits == 0) first_hit = r;
    ++hits;
    const TableRow& row = table.rows[r];
    if (table.hit == HitPolicy::first) {
      for (size_t o = 0; o < width; ++o) outputs_[first + o] = run(row.outputs[o]);
      break;
    }
    if (table.hit == HitPolicy::unique) {
      if (hits > 1) {
        memo.status = Status::undetermined;
        memo.problem = "rows " + std::to_string(first_hit + 1) + " and " + std::to_string(r + 1) +
                       " both match, but the hit policy is unique";
        std::fill(outputs_.begin() + first, outputs_.begin() + first + width, Value::missing());
        return;
      }
      for (size_t o = 0; o < width; ++o) outputs_[first + o] = run(row.outputs[o]);
      continue;
    }
    for (size_t o = 0; o < width; ++o) {
      Value v = run(row.outputs[o]);
      if (table.hit == HitPolicy::collect) {
        collected[o].push_back(v);
      } else {  // sum
        Value& total = outputs_[first + o];
        if (v.is_missing() || (hits > 1 && total.is_missing()))
          total = Value::missing();
        else
          total = hits == 1 ? v : Value::of_decimal(total.as_decimal() + v.as_decimal());
      }
    }
  }
  if (unknown && (hits == 0 || table.hit != HitPolicy::first)) {
    memo.status = Status::undetermined;
    std::fill(outputs_.begin() + first, outputs_.begin() + first + width, Value::missing());
    return;
  }
  if (table.hit == HitPolicy::collect) {
    for (size_t o = 0; o < width; ++o)
      outputs_[first + o] = scratch_.list(collected[o].data(), collected[o].size());
  }
  memo.status = hits > 0 ? Status::eligible : Status::not_eligible;
}

}  // namespace entitle::engine
