// Static types of fields, parameters and expressions.
//
// A Type is a flat value (no pointers to chase, cheap to compare): a kind, and for lists the
// element kind; `ref` names the enum or record schema in the rule set's tables. Lists of
// lists are not needed by any policy and are not allowed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace entitle {

enum class TypeKind : uint8_t {
  error,  // the checker already reported a problem; suppresses follow-on errors
  boolean,
  integer,
  decimal,
  money,
  date,
  month,
  string,
  enumeration,
  record,
  list,
};

struct Type {
  TypeKind kind = TypeKind::error;
  TypeKind element = TypeKind::error;  // for lists
  uint32_t ref = 0;                    // enum or record schema index for enumeration/record

  static constexpr Type of(TypeKind k, uint32_t ref = 0) { return {k, TypeKind::error, ref}; }
  static constexpr Type list_of(Type e) { return {TypeKind::list, e.kind, e.ref}; }

  bool is_error() const { return kind == TypeKind::error; }
  bool is_numeric() const {
    return kind == TypeKind::integer || kind == TypeKind::decimal || kind == TypeKind::money;
  }
  bool is_list() const { return kind == TypeKind::list; }
  Type element_type() const { return {element, TypeKind::error, ref}; }

  friend bool operator==(const Type&, const Type&) = default;
};

// The kind's name in rule files: "bool", "int", "decimal", "money", "date", "month",
// "string", "enum", "record", "list".
const char* type_kind_name(TypeKind k);

}  // namespace entitle
