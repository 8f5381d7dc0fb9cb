// Exact decimal and calendar operations: the arithmetic every money rule rests on.
#include <benchmark/benchmark.h>

#include "entitle/calendar.hpp"
#include "entitle/decimal.hpp"

namespace {

using namespace entitle;

void BM_DecimalAdd(benchmark::State& state) {
  Decimal a = *Decimal::parse("4321.07"), b = *Decimal::parse("0.01");
  for (auto _ : state) {
    a = a + b;
    benchmark::DoNotOptimize(a);
  }
}
BENCHMARK(BM_DecimalAdd);

void BM_DecimalMultiplyRate(benchmark::State& state) {
  Decimal base = *Decimal::parse("5321.07"), rate = *Decimal::parse("0.20");
  for (auto _ : state) {
    benchmark::DoNotOptimize(base);
    Decimal r = base * rate;
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecimalMultiplyRate);

void BM_DecimalRoundHalfUp(benchmark::State& state) {
  Decimal x = *Decimal::parse("1064.214");
  for (auto _ : state) {
    benchmark::DoNotOptimize(x);
    Decimal r = x.round(2, RoundingMode::half_up);
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_DecimalRoundHalfUp);

void BM_DecimalParse(benchmark::State& state) {
  for (auto _ : state) {
    auto d = Decimal::parse("4321.07");
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_DecimalParse);

void BM_DateParse(benchmark::State& state) {
  for (auto _ : state) {
    auto d = Date::parse("1964-02-29");
    benchmark::DoNotOptimize(d);
  }
}
BENCHMARK(BM_DateParse);

void BM_YearsBetween(benchmark::State& state) {
  Date birth = Date::from_ymd(1964, 2, 29), as_of = Date::from_ymd(2024, 7, 1);
  for (auto _ : state) {
    benchmark::DoNotOptimize(birth);
    benchmark::DoNotOptimize(years_between(birth, as_of));
  }
}
BENCHMARK(BM_YearsBetween);

void BM_AddMonths(benchmark::State& state) {
  Date d = Date::from_ymd(2024, 1, 31);
  for (auto _ : state) {
    benchmark::DoNotOptimize(d);
    benchmark::DoNotOptimize(add_months(d, 1));
  }
}
BENCHMARK(BM_AddMonths);

}  // namespace
