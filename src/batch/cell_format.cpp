#include "batch/cell_format.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "batch/csv_write.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"

namespace entitle::batch {

namespace {

constexpr size_t kNumberBytes = 32;  // the longest Decimal text, with sign and point

char* put(char* p, std::string_view s) {
  std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

// Money with two places rounded half-up, as append_money writes it.
char* put_money(char* p, Decimal d) {
  const int64_t raw = d.raw();
  const uint64_t magnitude =
      raw < 0 ? static_cast<uint64_t>(-(raw + 1)) + 1 : static_cast<uint64_t>(raw);
  constexpr uint64_t kPerCent = Decimal::kOne / 100;
  const uint64_t cents = magnitude / kPerCent + (magnitude % kPerCent >= kPerCent / 2 ? 1 : 0);
  if (raw < 0 && cents != 0) *p++ = '-';  // no "-0.00"
  p = std::to_chars(p, p + 24, cents / 100).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + cents / 10 % 10);
  *p++ = static_cast<char>('0' + cents % 10);
  return p;
}

// The shortest exact text, as append_decimal writes it.
char* put_decimal(char* p, Decimal d) {
  char* end = d.write_places(p, Decimal::kScale);
  while (end[-1] == '0') --end;
  if (end[-1] == '.') --end;
  return end;
}

char* put_uint(char* p, uint64_t n) { return std::to_chars(p, p + 24, n).ptr; }

bool needs_csv_quotes(std::string_view s) {
  for (const char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

// Printable ASCII other than '"' and '\': a JSON string needs no escapes for these.
bool plain_json(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F || u == '"' || u == '\\') return false;
  }
  return true;
}

}  // namespace

CellFormat::CellFormat(const Model& m) {
  for (const EnumDef& e : m.enums) {
    std::vector<std::string> csv, json;
    for (const std::string& name : e.values) {
      csv.emplace_back();
      append_csv_cell(csv.back(), name);
      json.emplace_back();
      append_json_string(json.back(), name);
      longest_name_ = std::max({longest_name_, csv.back().size(), json.back().size()});
    }
    csv_names_.push_back(std::move(csv));
    json_names_.push_back(std::move(json));
  }
  longest_fixed_ = std::max({kNumberBytes + 2, size_t{12}, longest_name_, size_t{24}});
}

size_t CellFormat::bound(const Value& v) const {
  switch (v.kind) {
    case ValueKind::missing: return 4;  // null
    case ValueKind::boolean: return 5;
    case ValueKind::number: return kNumberBytes + 2;  // quotes in JSON
    case ValueKind::date: return 12;
    case ValueKind::month: return 9;
    case ValueKind::string: return size_t{6} * v.size + 2;  // \u00XX per byte at worst
    case ValueKind::enumeration: return std::max<size_t>(longest_name_, 24);
    case ValueKind::list:
    case ValueKind::record: break;
  }
  return 0;
}

const std::string* CellFormat::enum_text(const std::vector<std::vector<std::string>>& names,
                                         const Type& t, uint32_t index) const {
  if (t.ref >= names.size() || index >= names[t.ref].size()) return nullptr;
  return &names[t.ref][index];
}

char* CellFormat::put_csv(char* p, const Value& v, const Type& t) const {
  switch (v.kind) {
    case ValueKind::missing: return p;
    case ValueKind::boolean: return put(p, v.boolean ? "true" : "false");
    case ValueKind::number: {
      const Decimal d = v.as_decimal();
      if (t.kind == TypeKind::money) return put_money(p, d);
      if (d.is_integer()) return std::to_chars(p, p + 24, d.to_int_truncated()).ptr;
      return put_decimal(p, d);
    }
    case ValueKind::date: return v.as_date().write(p);
    case ValueKind::month: return v.as_month().write(p);
    case ValueKind::string: {
      const std::string_view s = v.as_string();
      if (!needs_csv_quotes(s)) return put(p, s);
      *p++ = '"';
      for (const char c : s) {
        if (c == '"') *p++ = '"';
        *p++ = c;
      }
      *p++ = '"';
      return p;
    }
    case ValueKind::enumeration:
      if (const std::string* name = enum_text(csv_names_, t, v.enumeration)) return put(p, *name);
      return put_uint(p, v.enumeration);
    case ValueKind::list:
    case ValueKind::record: break;
  }
  return p;
}

char* CellFormat::put_json(char* p, const Value& v, const Type& t) const {
  switch (v.kind) {
    case ValueKind::missing: return put(p, "null");
    case ValueKind::boolean: return put(p, v.boolean ? "true" : "false");
    case ValueKind::number: {
      // Ints are JSON numbers; decimals and money are strings, to stay exact.
      const Decimal d = v.as_decimal();
      if (t.kind == TypeKind::integer) return put_decimal(p, d);
      *p++ = '"';
      p = t.kind == TypeKind::money ? put_money(p, d) : put_decimal(p, d);
      *p++ = '"';
      return p;
    }
    case ValueKind::date:
      *p++ = '"';
      p = v.as_date().write(p);
      *p++ = '"';
      return p;
    case ValueKind::month:
      *p++ = '"';
      p = v.as_month().write(p);
      *p++ = '"';
      return p;
    case ValueKind::string: {
      const std::string_view s = v.as_string();
      if (plain_json(s)) {
        *p++ = '"';
        p = put(p, s);
        *p++ = '"';
        return p;
      }
      thread_local std::string escaped;  // rare: escapes or non-ASCII text
      escaped.clear();
      append_json_string(escaped, s);
      return put(p, escaped);
    }
    case ValueKind::enumeration:
      if (const std::string* name = enum_text(json_names_, t, v.enumeration)) return put(p, *name);
      return put_uint(p, v.enumeration);
    case ValueKind::list:
    case ValueKind::record: break;
  }
  return p;
}

}  // namespace entitle::batch
