// A fast reader for the common shape of a JSON Lines record: one flat object whose keys are
// known fields, in any order, each holding a scalar or an array of scalars, with no string
// escapes. It gives exactly the record the general reader (json_record.cpp) would; anything
// it does not handle, and every error, makes it return false so the caller runs the general
// reader, which then produces the value or the error message with its position.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "entitle/record.hpp"

namespace entitle {

struct Model;

// `out` must be freshly reset for `entity`; on false it holds a partial record and must be
// reset again. `items` is scratch for array elements, reused across calls.
bool read_flat_json_record(const Model& model, uint32_t entity, std::string_view text,
                           Record& out, std::vector<Value>& items);

}  // namespace entitle
