#include "io/field_text.hpp"

#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

constexpr size_t kMaxListedEnumValues = 12;

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool number(const Type& t, std::string_view text, Value& out, std::string& why) {
  const std::optional<Decimal> d = Decimal::parse(text);
  if (!d) {
    why = decimal_text_problem(text);
    return false;
  }
  if (t.kind == TypeKind::integer && !d->is_integer()) {
    why = "not an integer";
    return false;
  }
  out = Value::of_decimal(*d);
  return true;
}

bool enumeration(const Model& m, const Type& t, std::string_view text, Value& out,
                 std::string& why) {
  const EnumDef& e = m.enums.at(t.ref);
  if (const auto index = e.index_of(text)) {
    out = Value::of_enum(*index);
    return true;
  }
  why = "not one of " + enum_value_list(m, t.ref) + did_you_mean(text, e.values);
  return false;
}

}  // namespace

std::string decimal_text_problem(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
  const size_t int_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const size_t int_digits = i - int_begin;
  size_t frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    const size_t frac_begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    size_t end = i;
    while (end > frac_begin && text[end - 1] == '0') --end;  // trailing zeros are harmless
    frac_digits = end - frac_begin;
    if (i == frac_begin) return "not a plain decimal number";
  }
  if (int_digits == 0 || i != text.size()) return "not a plain decimal number";
  if (frac_digits > Decimal::kScale) return "more than 6 decimal places";
  return "out of range (at most ±" + Decimal::max().to_string() + ")";
}

std::string enum_value_list(const Model& m, uint32_t enum_ref) {
  if (enum_ref >= m.enums.size()) return "the enum's values";
  const EnumDef& e = m.enums[enum_ref];
  std::string out;
  for (size_t i = 0; i < e.values.size() && i < kMaxListedEnumValues; ++i) {
    if (i > 0) out += ", ";
    out += e.values[i];
  }
  if (e.values.size() > kMaxListedEnumValues) out += ", …";
  return out;
}

bool parse_field_text(const Model& m, const Type& t, std::string_view text, ValueStore& store,
                      Value& out, std::string& why) {
  switch (t.kind) {
    case TypeKind::boolean:
      if (text == "true" || text == "false") {
        out = Value::of_bool(text.size() == 4);
        return true;
      }
      why = "expected true or false";
      return false;
    case TypeKind::integer:
    case TypeKind::decimal:
    case TypeKind::money: return number(t, text, out, why);
    case TypeKind::date:
      if (const auto d = Date::parse(text)) {
        out = Value::of_date(*d);
        return true;
      }
      why = "not a date (YYYY-MM-DD)";
      return false;
    case TypeKind::month:
      if (const auto mo = Month::parse(text)) {
        out = Value::of_month(*mo);
        return true;
      }
      why = "not a month (YYYY-MM)";
      return false;
    case TypeKind::string: out = store.string(text); return true;
    case TypeKind::enumeration: return enumeration(m, t, text, out, why);
    case TypeKind::list:
    case TypeKind::record:
    case TypeKind::error: break;
  }
  why = "a " + m.describe(t) + " cannot be read from text";
  return false;
}

}  // namespace entitle
