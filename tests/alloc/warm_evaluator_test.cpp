// A warm Evaluator evaluates a record without touching the heap: the promise that lets a
// batch run scale. This binary replaces the global operator new to count allocations, so it
// is its own executable.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>

#include "entitle/ruleset.hpp"

namespace {
std::atomic<long> allocations{0};
}

void* operator new(std::size_t n) {
  allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace entitle {
namespace {

TEST(WarmEvaluator, EvaluatesScreeningRecordsWithoutAllocating) {
  auto loaded = RuleSet::load(std::string(ENTITLE_SOURCE_DIR) + "/rules/screening-2024");
  ASSERT_TRUE(loaded) << loaded.diagnostics.to_string();
  const RuleSet& rs = *loaded.ruleset;
  const uint32_t person = *rs.default_entity();
  std::vector<Record> people;
  people.push_back(rs.parse_record(
      R"({"id":"A","birth_date":"1956-12-11","sex":"F","hukou_local":true,"groups":["dibao"],"employment":"farmer","resident_pension_enrolled":false,"employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":39})",
      person));
  people.push_back(rs.parse_record(
      R"({"id":"B","birth_date":"1980-03-01","sex":"F","hukou_local":true,"groups":[],"employment":"flexible","resident_pension_enrolled":false,"employee_pension_enrolled":true,"receiving_pension":false,"contribution_months":200,"monthly_wage":"25000.01"})",
      person));
  // Missing inputs make a decision undetermined; naming what is missing must not allocate
  // either once warm.
  people.push_back(rs.parse_record(R"({"id":"C","birth_date":"1990-01-01"})", person));

  Evaluator evaluator(loaded.ruleset);
  const Date as_of = Date::from_ymd(2024, 7, 1);
  for (int warm = 0; warm < 3; ++warm)
    for (const auto& p : people) evaluator.evaluate(p, as_of);

  const long before = allocations.load();
  size_t eligible = 0, undetermined = 0;
  for (int round = 0; round < 100; ++round) {
    for (const auto& p : people) {
      const Decisions& d = evaluator.evaluate(p, as_of);
      for (const auto& decision : d.items) {
        eligible += decision.status == Status::eligible;
        undetermined += decision.status == Status::undetermined;
      }
    }
  }
  EXPECT_EQ(allocations.load() - before, 0);
  // The loop did real work: these people have eligible and undetermined decisions.
  EXPECT_GT(eligible, 0u);
  EXPECT_GT(undetermined, 0u);

  // Control: explanations build traces on the heap, so the counter must see them.
  EvalOptions explain;
  explain.explain = true;
  const long before_explained = allocations.load();
  evaluator.evaluate(people[0], as_of, explain);
  EXPECT_GT(allocations.load() - before_explained, 0);

  // Once warm with explanations, the previous record's traces are refilled in place, not
  // rebuilt: a regression here once made every explained record reallocate them.
  for (int warm = 0; warm < 3; ++warm)
    for (const auto& p : people) evaluator.evaluate(p, as_of, explain);
  const long before_warm_explained = allocations.load();
  for (int round = 0; round < 100; ++round)
    for (const auto& p : people) evaluator.evaluate(p, as_of, explain);
  EXPECT_EQ(allocations.load() - before_warm_explained, 0);
}

}  // namespace
}  // namespace entitle
