#include "runner/test_values.hpp"

#include <cctype>

#include "io/value_format.hpp"
#include "model/model.hpp"
#include "values/compare.hpp"

namespace entitle::runner {

bool same_value(const Value& a, const Value& b) {
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case ValueKind::missing: return true;
    case ValueKind::list:
    case ValueKind::record: {
      if (a.size != b.size) return false;
      for (uint32_t i = 0; i < a.size; ++i)
        if (!same_value(a.items[i], b.items[i])) return false;
      return true;
    }
    default: return values_equal(a, b);
  }
}

namespace {

// Plain (unquoted) YAML is safe for names made of letters, digits, '_' and '-'.
bool plain_safe(const std::string& s) {
  if (s.empty() || s == "null" || s == "true" || s == "false") return false;
  for (unsigned char c : s)
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80)) return false;
  return !(std::isdigit(static_cast<unsigned char>(s[0])) || s[0] == '-');
}

void append_number(std::string& out, Decimal d, TypeKind kind) {
  if (kind == TypeKind::money && d.round(2, RoundingMode::down) == d)
    out += d.to_string_places(2);
  else
    out += d.to_string();
}

void append_yaml(std::string& out, const Value& v, const Type& t, const Model& m) {
  switch (v.kind) {
    case ValueKind::missing: out += "null"; return;
    case ValueKind::boolean: out += v.boolean ? "true" : "false"; return;
    case ValueKind::number: append_number(out, v.as_decimal(), t.kind); return;
    case ValueKind::date: out += v.as_date().to_string(); return;
    case ValueKind::month: out += v.as_month().to_string(); return;
    case ValueKind::string: append_json_string(out, v.as_string()); return;
    case ValueKind::enumeration: {
      const std::string& name = m.enums.at(t.ref).values.at(v.enumeration);
      if (plain_safe(name))
        out += name;
      else
        append_json_string(out, name);
      return;
    }
    case ValueKind::list:
      out += '[';
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i) out += ", ";
        append_yaml(out, v.items[i], t.element_type(), m);
      }
      out += ']';
      return;
    case ValueKind::record: {
      const RecordSchema& schema = m.schemas.at(t.ref);
      out += '{';
      for (uint32_t i = 0; i < v.size && i < schema.fields.size(); ++i) {
        if (i) out += ", ";
        out += schema.fields[i].name + ": ";
        append_yaml(out, v.fields[i], schema.fields[i].type, m);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

std::string yaml_value_text(const Value& v, const Type& t, const Model& m) {
  std::string out;
  append_yaml(out, v, t, m);
  return out;
}

}  // namespace entitle::runner
