// Parameter-only subexpressions (`average_monthly_wage * base_floor_rate`) hoisted out of a
// program: computed once per parameter set (as_of and overrides) instead of once per record.
//
// A hoisted program is the original with each maximal range of push_const/load_param and
// arithmetic replaced by one push_const of a constant past the original ones, which the
// evaluation refills whenever its parameters change. The result may then have a frameless
// Shape (a call of constants and loads). Only programs without jumps are
// rewritten, so no jump target moves; offsets stay aligned for error locations.
#pragma once

#include <cstdint>
#include <vector>

#include "expr/program.hpp"

namespace entitle {
struct Model;
}

namespace entitle::engine {

struct HoistedProgram {
  uint32_t program = 0;  // the model's program it stands for
  expr::Program code;    // the rewritten program; constants [first_hoisted, ...) are refilled
  uint32_t first_hoisted = 0;
  std::vector<expr::Program> ranges;  // each hoisted range as a program of its own
};

std::vector<HoistedProgram> hoist_parameter_expressions(const Model& model);

}  // namespace entitle::engine
