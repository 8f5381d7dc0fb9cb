#include "expr/functions.hpp"

#include <array>

namespace entitle::expr {

namespace {
using F = Function;
constexpr std::array kFunctions = {
    FunctionInfo{F::min, "min", 1, 32, -1, "min(a, b, ...) or min(list)"},
    FunctionInfo{F::max, "max", 1, 32, -1, "max(a, b, ...) or max(list)"},
    FunctionInfo{F::clamp, "clamp", 3, 3, -1, "clamp(x, low, high)"},
    FunctionInfo{F::abs, "abs", 1, 1, -1, "abs(x)"},
    FunctionInfo{F::round, "round", 3, 3, -1,
                 "round(x, places, half_up|half_even|down|up|floor|ceiling)"},
    FunctionInfo{F::to_int, "to_int", 2, 2, -1,
                 "to_int(x, half_up|half_even|down|up|floor|ceiling)"},
    FunctionInfo{F::years_between, "years_between", 2, 2, -1, "years_between(from, to)"},
    FunctionInfo{F::months_between, "months_between", 2, 2, -1, "months_between(from, to)"},
    FunctionInfo{F::days_between, "days_between", 2, 2, -1, "days_between(from, to)"},
    FunctionInfo{F::add_days, "add_days", 2, 2, -1, "add_days(date, n)"},
    FunctionInfo{F::add_months, "add_months", 2, 2, -1, "add_months(date|month, n)"},
    FunctionInfo{F::add_years, "add_years", 2, 2, -1, "add_years(date|month, n)"},
    FunctionInfo{F::birthday, "birthday", 2, 2, -1, "birthday(birth_date, age)"},
    FunctionInfo{F::first_of_month, "first_of_month", 1, 1, -1, "first_of_month(date|month)"},
    FunctionInfo{F::first_of_next_month, "first_of_next_month", 1, 1, -1,
                 "first_of_next_month(date|month)"},
    FunctionInfo{F::last_of_month, "last_of_month", 1, 1, -1, "last_of_month(date|month)"},
    FunctionInfo{F::year, "year", 1, 1, -1, "year(date|month)"},
    FunctionInfo{F::month, "month", 1, 1, -1, "month(date|month)"},
    FunctionInfo{F::day, "day", 1, 1, -1, "day(date)"},
    FunctionInfo{F::month_of, "month_of", 1, 1, -1, "month_of(date)"},
    FunctionInfo{F::date, "date", 3, 3, -1, "date(year, month, day)"},
    FunctionInfo{F::any_in, "any_in", 2, 2, -1, "any_in(list, list)"},
    FunctionInfo{F::all_in, "all_in", 2, 2, -1, "all_in(list, list)"},
    FunctionInfo{F::count, "count", 1, 2, 1, "count(list) or count(list, x -> condition)"},
    FunctionInfo{F::sum, "sum", 1, 2, 1, "sum(list) or sum(list, x -> amount)"},
    FunctionInfo{F::any, "any", 2, 2, 1, "any(list, x -> condition)"},
    FunctionInfo{F::all, "all", 2, 2, 1, "all(list, x -> condition)"},
    FunctionInfo{F::filter, "filter", 2, 2, 1, "filter(list, x -> condition)"},
    FunctionInfo{F::map, "map", 2, 2, 1, "map(list, x -> value)"},
    FunctionInfo{F::present, "present", 1, 1, -1, "present(field)"},
    FunctionInfo{F::coalesce, "coalesce", 2, 2, -1, "coalesce(value, fallback)"},
    FunctionInfo{F::at, "at", 2, 2, -1, "at(parameter, date)"},
};
}  // namespace

const FunctionInfo* find_function(std::string_view name) {
  for (const auto& f : kFunctions)
    if (f.name == name) return &f;
  return nullptr;
}

const FunctionInfo& function_info(Function f) { return kFunctions[static_cast<size_t>(f)]; }
const FunctionInfo* functions_begin() { return kFunctions.data(); }
const FunctionInfo* functions_end() { return kFunctions.data() + kFunctions.size(); }

}  // namespace entitle::expr
