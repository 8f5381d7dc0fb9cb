#include "values/type.hpp"

namespace entitle {

const char* type_kind_name(TypeKind k) {
  switch (k) {
    case TypeKind::error: return "<error>";
    case TypeKind::boolean: return "bool";
    case TypeKind::integer: return "int";
    case TypeKind::decimal: return "decimal";
    case TypeKind::money: return "money";
    case TypeKind::date: return "date";
    case TypeKind::month: return "month";
    case TypeKind::string: return "string";
    case TypeKind::enumeration: return "enum";
    case TypeKind::record: return "record";
    case TypeKind::list: return "list";
  }
  return "<error>";
}

}  // namespace entitle
