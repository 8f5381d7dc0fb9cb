// Reading the C options structs and arguments into their C++ counterparts.
#pragma once

#include <cstdint>

#include "entitle.h"
#include "entitle/ruleset.hpp"

namespace entitle::capi {

// "YYYY-MM-DD", or ENTITLE_EINVAL naming the argument.
Date parse_as_of(const char* as_of);

// Fills `out` from `in` (NULL: the defaults), reusing its memory; returns the entity the
// records are read as. ENTITLE_EINVAL for an unknown version, language, entity or rule id.
uint32_t read_eval_options(const entitle_eval_options* in, const RuleSet& rs, EvalOptions& out);

struct BatchSettings {
  unsigned threads = 1;
  int format = ENTITLE_FORMAT_AUTO;
};
BatchSettings read_batch_options(const entitle_batch_options* in);

}  // namespace entitle::capi
