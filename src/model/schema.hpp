// Entity and record schemas: the typed fields a rule set evaluates.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/diagnostics.hpp"
#include "entitle/value.hpp"
#include "model/text.hpp"
#include "values/type.hpp"

namespace entitle {

struct EnumDef {
  std::string name;  // "group", or "person.sex" for an enum declared inline on a field
  std::vector<std::string> values;
  std::vector<LocalizedText> titles;  // parallel to values; may be empty texts
  SourceLocation where;

  std::optional<uint32_t> index_of(std::string_view value) const;
};

struct FieldDef {
  std::string name;
  Type type;
  bool required = false;  // true: a record without it is rejected
  bool has_default = false;
  Value default_value;  // points into the rule set's storage when a string or list
  LocalizedText title;
  SourceLocation where;
};

// An entity (person, employer, township: what rules evaluate) or a record type (an element
// of a list field, such as one row of a contribution history).
struct RecordSchema {
  std::string name;
  bool is_entity = true;
  LocalizedText title;
  std::vector<FieldDef> fields;
  std::unordered_map<std::string, uint32_t> field_index;
  SourceLocation where;

  const FieldDef* find(std::string_view field) const;
  std::optional<uint32_t> slot_of(std::string_view field) const;
};

}  // namespace entitle
