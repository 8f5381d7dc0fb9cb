#include "io/value_format.hpp"

#include <charconv>

#include "model/model.hpp"

namespace entitle {

namespace {

constexpr char kHex[] = "0123456789abcdef";

const std::string* enum_value_name(const Model& m, uint32_t ref, uint32_t index) {
  if (ref >= m.enums.size() || index >= m.enums[ref].values.size()) return nullptr;
  return &m.enums[ref].values[index];
}

void append_uint(std::string& out, uint64_t n) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}

void append_money(std::string& out, Decimal d) {
  char buf[32];
  out.append(buf, d.write_places(buf, 2, RoundingMode::half_up));
}

void append_date(std::string& out, Date d) {
  char buf[10];
  out.append(buf, d.write(buf));
}

void append_month(std::string& out, Month m) {
  char buf[7];
  out.append(buf, m.write(buf));
}

// A number as the type wants it, without quotes: money with two places, the rest shortest.
void append_number(std::string& out, Decimal d, TypeKind kind) {
  if (kind == TypeKind::money)
    append_money(out, d);
  else
    append_decimal(out, d);
}

void append_json_enum(std::string& out, const Value& v, const Type& t, const Model& m) {
  if (const std::string* name = enum_value_name(m, t.ref, v.enumeration))
    append_json_string(out, *name);
  else
    append_uint(out, v.enumeration);  // a model bug; still valid JSON
}

void append_json_record(std::string& out, const Value& v, const Type& t, const Model& m) {
  const RecordSchema* schema = t.ref < m.schemas.size() ? &m.schemas[t.ref] : nullptr;
  out += '{';
  for (uint32_t i = 0; i < v.size; ++i) {
    if (i > 0) out += ',';
    const FieldDef* field = schema && i < schema->fields.size() ? &schema->fields[i] : nullptr;
    if (field) {
      append_json_string(out, field->name);
    } else {
      out += '"';
      append_uint(out, i);
      out += '"';
    }
    out += ':';
    append_json(out, v.fields[i], field ? field->type : Type{}, m);
  }
  out += '}';
}

const char* list_separator(Language lang) { return lang == Language::zh ? "、" : ", "; }

void append_text_list(std::string& out, const Value& v, const Type& t, const Model& m,
                      Language lang) {
  const bool zh = lang == Language::zh;
  if (v.size == 0) {
    out += zh ? "（无）" : "[]";
    return;
  }
  if (!zh) out += '[';
  for (uint32_t i = 0; i < v.size; ++i) {
    if (i > 0) out += list_separator(lang);
    append_text(out, v.items[i], t.element_type(), m, lang);
  }
  if (!zh) out += ']';
}

void append_text_record(std::string& out, const Value& v, const Type& t, const Model& m,
                        Language lang) {
  const RecordSchema* schema = t.ref < m.schemas.size() ? &m.schemas[t.ref] : nullptr;
  out += '{';
  for (uint32_t i = 0; i < v.size; ++i) {
    if (i > 0) out += ", ";
    const FieldDef* field = schema && i < schema->fields.size() ? &schema->fields[i] : nullptr;
    if (field) out += field->name;
    out += ": ";
    append_text(out, v.fields[i], field ? field->type : Type{}, m, lang);
  }
  out += '}';
}

void append_text_enum(std::string& out, const Value& v, const Type& t, const Model& m,
                      Language lang) {
  if (t.ref < m.enums.size()) {
    const EnumDef& e = m.enums[t.ref];
    if (v.enumeration < e.titles.size() && !e.titles[v.enumeration].empty()) {
      out += e.titles[v.enumeration].in(lang);
      return;
    }
  }
  if (const std::string* name = enum_value_name(m, t.ref, v.enumeration))
    out += *name;
  else
    append_uint(out, v.enumeration);
}

}  // namespace

void append_decimal(std::string& out, Decimal d) {
  char buf[32];
  char* end = d.write_places(buf, Decimal::kScale);
  while (end[-1] == '0') --end;
  if (end[-1] == '.') --end;
  out.append(buf, end);
}

void append_json_string(std::string& out, std::string_view s) {
  out += '"';
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const size_t n = utf8_length(s, i);
      if (n == 0) {
        out += "\\ufffd";
        ++i;
      } else {
        out.append(s.data() + i, n);
        i += n;
      }
      continue;
    }
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      const char esc[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
      out.append(esc, sizeof esc);
    } else {
      out += static_cast<char>(c);
    }
    ++i;
  }
  out += '"';
}

void append_json(std::string& out, const Value& v, const Type& t, const Model& m) {
  switch (v.kind) {
    case ValueKind::missing: out += "null"; return;
    case ValueKind::boolean: out += v.boolean ? "true" : "false"; return;
    case ValueKind::number:
      // Ints are JSON numbers; decimals and money stay strings to keep them exact.
      if (t.kind == TypeKind::integer) {
        append_decimal(out, v.as_decimal());
      } else {
        out += '"';
        append_number(out, v.as_decimal(), t.kind);
        out += '"';
      }
      return;
    case ValueKind::date:
      out += '"';
      append_date(out, v.as_date());
      out += '"';
      return;
    case ValueKind::month:
      out += '"';
      append_month(out, v.as_month());
      out += '"';
      return;
    case ValueKind::string: append_json_string(out, v.as_string()); return;
    case ValueKind::enumeration: append_json_enum(out, v, t, m); return;
    case ValueKind::list:
      out += '[';
      for (uint32_t i = 0; i < v.size; ++i) {
        if (i > 0) out += ',';
        append_json(out, v.items[i], t.element_type(), m);
      }
      out += ']';
      return;
    case ValueKind::record: append_json_record(out, v, t, m); return;
  }
  out += "null";
}

void append_text(std::string& out, const Value& v, const Type& t, const Model& m, Language lang) {
  const bool zh = lang == Language::zh;
  switch (v.kind) {
    case ValueKind::missing: out += zh ? "（缺失）" : "(missing)"; return;
    case ValueKind::boolean: out += v.boolean ? (zh ? "是" : "yes") : (zh ? "否" : "no"); return;
    case ValueKind::number: append_number(out, v.as_decimal(), t.kind); return;
    case ValueKind::date: append_date(out, v.as_date()); return;
    case ValueKind::month: append_month(out, v.as_month()); return;
    case ValueKind::string: out += v.as_string(); return;
    case ValueKind::enumeration: append_text_enum(out, v, t, m, lang); return;
    case ValueKind::list: append_text_list(out, v, t, m, lang); return;
    case ValueKind::record: append_text_record(out, v, t, m, lang); return;
  }
}

}  // namespace entitle
