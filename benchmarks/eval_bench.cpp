// In-process evaluation: one record through the screening-2024 rule set (7 decisions, the
// workload of ../shared/peers/WORKLOAD.md), with and without explanations.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"

namespace {

using namespace entitle;

std::shared_ptr<const RuleSet> screening() {
  static auto rs = [] {
    auto r = RuleSet::load(std::string(ENTITLE_SOURCE_DIR) + "/rules/screening-2024");
    if (!r) {
      std::fprintf(stderr, "%s", r.diagnostics.to_string().c_str());
      std::abort();
    }
    return r.ruleset;
  }();
  return rs;
}

// A spread of people like the workload's: young and old, hardship groups, flexible workers.
std::vector<Record> people(const RuleSet& rs) {
  const char* lines[] = {
      R"({"id":"P1","birth_date":"1992-02-15","sex":"M","hukou_local":false,"township":"A","groups":[],"employment":"farmer","resident_pension_enrolled":true,"employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":90,"monthly_wage":"0.00"})",
      R"({"id":"P2","birth_date":"1956-12-11","sex":"F","hukou_local":true,"township":"B","groups":["dibao"],"employment":"farmer","resident_pension_enrolled":false,"employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":39,"monthly_wage":"0.00"})",
      R"({"id":"P3","birth_date":"1980-03-01","sex":"F","hukou_local":true,"township":"C","groups":[],"employment":"flexible","resident_pension_enrolled":false,"employee_pension_enrolled":true,"receiving_pension":false,"contribution_months":200,"monthly_wage":"5321.07"})",
      R"({"id":"P4","birth_date":"1978-07-01","sex":"M","hukou_local":true,"township":"D","groups":["tekun","low_income_edge"],"employment":"flexible","resident_pension_enrolled":true,"employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":12,"monthly_wage":"25000.00"})",
  };
  std::vector<Record> out;
  for (const char* l : lines) out.push_back(rs.parse_record(l, *rs.default_entity()));
  return out;
}

void evaluate_person(benchmark::State& state, bool explain) {
  auto rs = screening();
  auto records = people(*rs);
  Evaluator evaluator(rs);
  EvalOptions options;
  options.explain = explain;
  const Date as_of = Date::from_ymd(2024, 7, 1);
  size_t i = 0;
  for (auto _ : state) {
    const Decisions& d = evaluator.evaluate(records[i++ % records.size()], as_of, options);
    benchmark::DoNotOptimize(d.items.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EvaluatePerson(benchmark::State& state) { evaluate_person(state, false); }
void BM_EvaluatePersonExplained(benchmark::State& state) { evaluate_person(state, true); }
BENCHMARK(BM_EvaluatePerson);
BENCHMARK(BM_EvaluatePersonExplained);

void BM_ParseJsonRecord(benchmark::State& state) {
  auto rs = screening();
  std::string line =
      R"({"id":"P3","birth_date":"1980-03-01","sex":"F","hukou_local":true,"township":"C","groups":["dibao"],"employment":"flexible","resident_pension_enrolled":false,"employee_pension_enrolled":true,"receiving_pension":false,"contribution_months":200,"monthly_wage":"5321.07"})";
  uint32_t entity = *rs->default_entity();
  for (auto _ : state) {
    Record r = rs->parse_record(line, entity);
    benchmark::DoNotOptimize(r.values().data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseJsonRecord);

void BM_LoadScreeningRuleSet(benchmark::State& state) {
  for (auto _ : state) {
    auto r = RuleSet::load(std::string(ENTITLE_SOURCE_DIR) + "/rules/screening-2024");
    benchmark::DoNotOptimize(r.ruleset.get());
  }
}
BENCHMARK(BM_LoadScreeningRuleSet)->Unit(benchmark::kMillisecond);

}  // namespace
