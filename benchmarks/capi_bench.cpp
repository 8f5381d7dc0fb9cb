// The C API's per-call cost: entitle_evaluate (JSON in, decisions JSON out, a malloc'd copy
// for the host) against the same work in process through the C++ API, and against the
// C++ Evaluator alone on a record already read. The difference is what the boundary costs.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "io/json_decisions.hpp"
#include "io/json_record.hpp"
#include "entitle.h"
#include "entitle/ruleset.hpp"

namespace {

using namespace entitle;

const char* const kRecord =
    R"({"id":"P3","birth_date":"1960-03-01","sex":"F","hukou_local":true,"township":"C","groups":["dibao"],"employment":"flexible","resident_pension_enrolled":false,"employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":200,"monthly_wage":"5321.07"})";

std::string screening_dir() { return std::string(ENTITLE_SOURCE_DIR) + "/rules/screening-2024"; }

entitle_ruleset* c_ruleset() {
  static entitle_ruleset* rs = [] {
    entitle_ruleset* r = nullptr;
    if (entitle_ruleset_load(&r, screening_dir().c_str()) != ENTITLE_OK) std::abort();
    return r;
  }();
  return rs;
}

void capi_evaluate(benchmark::State& state, bool explain) {
  entitle_ruleset* rs = c_ruleset();
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = explain;
  for (auto _ : state) {
    char* out = nullptr;
    if (entitle_evaluate(&out, rs, kRecord, "2024-07-01", &options) != ENTITLE_OK) std::abort();
    benchmark::DoNotOptimize(out);
    entitle_string_free(out);
  }
  state.SetItemsProcessed(state.iterations());
}

void cpp_json_evaluate(benchmark::State& state, bool explain) {
  auto rs = RuleSet::load(screening_dir()).ruleset;
  Evaluator evaluator(rs);
  Record record;
  std::string json;
  EvalOptions options;
  options.explain = explain;
  const Date as_of = *Date::parse("2024-07-01");
  for (auto _ : state) {
    read_json_record(rs->model(), *rs->default_entity(), kRecord, record);
    const Decisions& d = evaluator.evaluate(record, as_of, options);
    json.clear();
    append_decisions_json(json, rs->model(), d, options);
    benchmark::DoNotOptimize(json.data());
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_CApiEvaluate(benchmark::State& state) { capi_evaluate(state, false); }
void BM_CApiEvaluateExplained(benchmark::State& state) { capi_evaluate(state, true); }
void BM_CppJsonEvaluate(benchmark::State& state) { cpp_json_evaluate(state, false); }
void BM_CppJsonEvaluateExplained(benchmark::State& state) { cpp_json_evaluate(state, true); }
BENCHMARK(BM_CApiEvaluate);
BENCHMARK(BM_CppJsonEvaluate);
BENCHMARK(BM_CApiEvaluateExplained);
BENCHMARK(BM_CppJsonEvaluateExplained);

// The Evaluator alone, the record read once: no JSON either way.
void BM_CppEvaluatorOnly(benchmark::State& state) {
  auto rs = RuleSet::load(screening_dir()).ruleset;
  Evaluator evaluator(rs);
  Record record = rs->parse_record(kRecord, *rs->default_entity());
  const Date as_of = *Date::parse("2024-07-01");
  for (auto _ : state) {
    const Decisions& d = evaluator.evaluate(record, as_of);
    benchmark::DoNotOptimize(d.items.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CppEvaluatorOnly);

// 10 000 records as JSON Lines in one entitle_evaluate_many call, on 1 and 2 threads.
void BM_CApiEvaluateMany(benchmark::State& state) {
  std::string lines;
  for (int i = 0; i < 10000; ++i) (lines += kRecord) += '\n';
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  batch.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    char* out = nullptr;
    if (entitle_evaluate_many(&out, nullptr, c_ruleset(), lines.c_str(), "2024-07-01", nullptr,
                              &batch) != ENTITLE_OK)
      std::abort();
    benchmark::DoNotOptimize(out);
    entitle_string_free(out);
  }
  state.SetItemsProcessed(state.iterations() * 10000);
}
BENCHMARK(BM_CApiEvaluateMany)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
