#include "batch/csv_write.hpp"

#include <charconv>

#include "io/value_format.hpp"
#include "model/model.hpp"

namespace entitle::batch {

namespace {

bool needs_quotes(std::string_view s) {
  for (const char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

}  // namespace

void append_money(std::string& out, Decimal d) {
  const int64_t raw = d.raw();
  const uint64_t magnitude =
      raw < 0 ? static_cast<uint64_t>(-(raw + 1)) + 1 : static_cast<uint64_t>(raw);
  constexpr uint64_t kPerCent = Decimal::kOne / 100;
  const uint64_t cents = magnitude / kPerCent + (magnitude % kPerCent >= kPerCent / 2 ? 1 : 0);
  char buf[32];
  char* p = buf;
  if (raw < 0 && cents != 0) *p++ = '-';  // no "-0.00"
  p = std::to_chars(p, buf + sizeof buf, cents / 100).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + cents / 10 % 10);
  *p++ = static_cast<char>('0' + cents % 10);
  out.append(buf, p);
}

void append_csv_cell(std::string& out, std::string_view text) {
  if (!needs_quotes(text)) {
    out += text;
    return;
  }
  out += '"';
  for (const char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_plain_text(std::string& out, const Value& v, const Type& t, const Model& m) {
  char buf[32];
  switch (v.kind) {
    case ValueKind::missing: return;
    case ValueKind::boolean: out += v.boolean ? "true" : "false"; return;
    case ValueKind::number:
      if (t.kind == TypeKind::money)
        append_money(out, v.as_decimal());
      else if (v.as_decimal().is_integer())  // ints (ages, months): the common case
        out.append(buf,
                   std::to_chars(buf, buf + sizeof buf, v.as_decimal().to_int_truncated()).ptr);
      else
        append_decimal(out, v.as_decimal());
      return;
    case ValueKind::date: out.append(buf, v.as_date().write(buf)); return;
    case ValueKind::month: out.append(buf, v.as_month().write(buf)); return;
    case ValueKind::string: out += v.as_string(); return;
    case ValueKind::enumeration:
      if (t.ref < m.enums.size() && v.enumeration < m.enums[t.ref].values.size())
        out += m.enums[t.ref].values[v.enumeration];
      else
        out += std::to_string(v.enumeration);
      return;
    case ValueKind::list:
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i > 0) out += ';';
        append_plain_text(out, v.items[i], t.element_type(), m);
      }
      return;
    case ValueKind::record: append_json(out, v, t, m); return;  // CSV has no nesting
  }
}

void append_csv_value(std::string& out, const Value& v, const Type& t, const Model& m) {
  switch (v.kind) {
    case ValueKind::string: append_csv_cell(out, v.as_string()); return;
    case ValueKind::enumeration:
    case ValueKind::list:
    case ValueKind::record: {
      thread_local std::string text;
      text.clear();
      append_plain_text(text, v, t, m);
      append_csv_cell(out, text);
      return;
    }
    default: append_plain_text(out, v, t, m);  // never holds a separator or quote
  }
}

}  // namespace entitle::batch
