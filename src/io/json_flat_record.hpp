// A fast reader for the common shape of a JSON Lines record: one flat object whose keys are
// known fields, in any order, each holding a scalar or an array of scalars, with no string
// escapes. It gives exactly the record the general reader (json_record.cpp) would; anything
// it does not handle, and every error, makes it return false so the caller runs the general
// reader, which then produces the value or the error message with its position.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "io/cell_parse.hpp"
#include "entitle/record.hpp"

namespace entitle {

struct Model;

// What the flat reader would otherwise work out again for every row of an entity: which
// field names a key matches byte for byte (no JSON escapes needed), and each enum's lookup
// table. For a reader of many rows (batch); valid while the model lives.
struct JsonFlatLayout {
  JsonFlatLayout(const Model& m, uint32_t entity);
  uint32_t entity = 0;
  std::vector<uint8_t> plain_names;  // [field]
  std::vector<EnumLookup> enums;     // [enum]
};

// `out` must be freshly reset for `entity`; on false it holds a partial record and must be
// reset again. `items` is scratch for array elements, reused across calls. `layout`, when
// given, is the entity's (the same result, with less work a row).
bool read_flat_json_record(const Model& model, uint32_t entity, std::string_view text, Record& out,
                           std::vector<Value>& items, const JsonFlatLayout* layout = nullptr);

}  // namespace entitle
