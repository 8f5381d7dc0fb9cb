// The expression language's function library: names and arities. Types are checked in
// load/expr_checker.cpp, values computed in engine/vm.cpp; docs/language.md documents each one.
#pragma once

#include <cstdint>
#include <string_view>

namespace entitle::expr {

enum class Function : uint8_t {
  // numbers (and dates and months, for min/max/clamp)
  min,
  max,
  clamp,
  abs,
  round,
  to_int,
  // calendar
  years_between,
  months_between,
  days_between,
  add_days,
  add_months,
  add_years,
  birthday,
  first_of_month,
  first_of_next_month,
  last_of_month,
  year,
  month,
  day,
  month_of,
  date,
  // lists
  any_in,
  all_in,
  count,
  sum,
  any,
  all,
  filter,
  map,
  // missing inputs
  present,
  coalesce,
  // parameters
  at,
};

struct FunctionInfo {
  Function id;
  std::string_view name;
  uint8_t min_args;
  uint8_t max_args;
  // Index of the argument that may be a lambda (`h -> …`), or -1.
  int8_t lambda_arg;
  std::string_view signature;  // for "did you mean" and arity errors
};

const FunctionInfo* find_function(std::string_view name);
const FunctionInfo& function_info(Function f);
// Every function, in declaration order (for suggestions and docs).
const FunctionInfo* functions_begin();
const FunctionInfo* functions_end();

}  // namespace entitle::expr
