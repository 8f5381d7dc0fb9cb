#include "io/json_flat_record.hpp"

#include <array>
#include <cstring>
#include <string>

#include "io/cell_parse.hpp"
#include "io/field_text.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

// A slot no key has filled yet (the general reader uses the same marker).
constexpr uint32_t kUnseen = UINT32_MAX;

bool is_unseen(const Value& v) { return v.kind == ValueKind::missing && v.size == kUnseen; }
// Bytes a string can hold as they are: not a quote, backslash, control character or
// the start of a multi-byte character.
constexpr auto kPlain = [] {
  std::array<bool, 256> t{};
  for (int c = 0x20; c < 0x80; ++c) t[static_cast<size_t>(c)] = c != '"' && c != '\\';
  return t;
}();

// Whether all eight bytes at p are kPlain: no quote, backslash, control or non-ASCII byte.
bool plain8(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  uint64_t w;
  std::memcpy(&w, p, 8);
  const uint64_t quote = w ^ (kOnes * '"'), slash = w ^ (kOnes * '\\');
  // A high bit set: a byte that was zero after the xor, below 0x20, or at or above 0x80.
  // (Borrows can only flag extra bytes, never hide one, so a clear result is exact.)
  const uint64_t special =
      ((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | (w - kOnes * 0x20) | w;
  return (special & kHighs) == 0;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

class FlatReader {
 public:
  FlatReader(const Model& m, const RecordSchema& schema, std::string_view text, Record& out,
             std::vector<Value>& items, const JsonFlatLayout* layout)
      : model_(m), schema_(schema), p_(text.data()), end_(text.data() + text.size()), out_(out),
        store_(out.store()), items_(items), layout_(layout) {}

  static bool plain(std::string_view s) {
    size_t i = 0;
    for (; i + 8 <= s.size(); i += 8)
      if (!plain8(s.data() + i)) return false;
    for (; i < s.size(); ++i)
      if (!kPlain[static_cast<unsigned char>(s[i])]) return false;
    return true;
  }

  bool read() {
    Value* slots = out_.values().data();
    const size_t n = schema_.fields.size();
    for (size_t i = 0; i < n; ++i) slots[i].size = kUnseen;  // reset left them missing
    skip_space();
    if (!eat('{')) return false;
    skip_space();
    uint32_t hint = 0;
    if (!eat('}')) {
      for (;;) {
        uint32_t field = expected_key(hint);
        if (field == kUnseen) {
          std::string_view key;
          if (!string(key)) return false;
          field = field_of(key, hint);
        }
        if (field == kUnseen || !is_unseen(slots[field])) return false;
        hint = field + 1;
        skip_space();
        if (!eat(':')) return false;
        skip_space();
        if (!value(schema_.fields[field], slots[field])) return false;
        skip_space();
        if (eat(',')) {
          skip_space();
          continue;
        }
        if (eat('}')) break;
        return false;
      }
    }
    skip_space();
    if (p_ != end_) return false;
    for (size_t i = 0; i < n; ++i)
      if (is_unseen(slots[i]))
        if (!absent(schema_.fields[i], slots[i])) return false;
    return true;
  }

 private:
  void skip_space() {
    while (p_ != end_ && is_space(*p_)) ++p_;
  }
  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }

  // Keys usually come in schema order: when the text here is `"<name of field hint>"`,
  // takes it and returns hint, without scanning the key a byte at a time. Else kUnseen,
  // having taken nothing. (A field name is plain text, so the bytes match only that key.)
  uint32_t expected_key(uint32_t hint) {
    if (hint >= schema_.fields.size()) return kUnseen;
    const std::string& name = schema_.fields[hint].name;
    const size_t n = name.size();
    if (static_cast<size_t>(end_ - p_) < n + 2 || p_[0] != '"' || p_[n + 1] != '"' ||
        !same_bytes(p_ + 1, name.data(), n) ||
        !(layout_ ? layout_->plain_names[hint] != 0 : plain(name)))
      return kUnseen;
    p_ += n + 2;
    return hint;
  }

  // memcmp for the short names of fields, without a call.
  static bool same_bytes(const char* a, const char* b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (; n > 0; --n)
      if (*a++ != *b++) return false;
    return true;
  }

  // Keys usually come in schema order, so try the one after the previous key first.
  uint32_t field_of(std::string_view key, uint32_t hint) const {
    const auto& fields = schema_.fields;
    if (hint < fields.size() && fields[hint].name == key) return hint;
    for (uint32_t i = 0; i < fields.size(); ++i)
      if (fields[i].name == key) return i;
    return kUnseen;
  }

  // A string without escapes, of valid UTF-8 and no control characters.
  bool string(std::string_view& s) {
    if (!eat('"')) return false;
    const char* begin = p_;
    // Eight bytes at a time while none is a quote, backslash, control or non-ASCII byte.
    while (end_ - p_ >= 8 && plain8(p_)) p_ += 8;
    while (p_ != end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (kPlain[c]) {
        ++p_;
        continue;
      }
      if (c == '"') {
        s = {begin, static_cast<size_t>(p_ - begin)};
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20) return false;
      if (c >= 0x80) {
        const std::string_view rest(p_, static_cast<size_t>(end_ - p_));
        const size_t len = utf8_length(rest, 0);
        if (len == 0) return false;
        p_ += len;
        continue;
      }
      ++p_;
    }
    return false;
  }

  // A JSON number without an exponent: -?(0|[1-9][0-9]*)(.[0-9]+)?
  bool number(std::string_view& s) {
    const char* begin = p_;
    eat('-');
    if (p_ == end_ || !is_digit(*p_)) return false;
    if (*p_ == '0') {
      ++p_;
    } else {
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && *p_ == '.') {
      ++p_;
      if (p_ == end_ || !is_digit(*p_)) return false;
      while (p_ != end_ && is_digit(*p_)) ++p_;
    }
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) return false;
    s = {begin, static_cast<size_t>(p_ - begin)};
    return true;
  }

  bool literal(std::string_view word) {
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word)
      return false;
    p_ += word.size();
    return true;
  }

  // One scalar of type t (never a list or record).
  bool scalar(const Type& t, Value& v) {
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      std::string_view s;
      if (!string(s)) return false;
      switch (t.kind) {
        case TypeKind::boolean:
        case TypeKind::list:
        case TypeKind::record: return false;
        case TypeKind::string: v = store_.string(s); return true;
        case TypeKind::integer:
        case TypeKind::decimal:
        case TypeKind::money:
          // A number in a string ("0.00" for money): what CellParser takes for the same text.
          if (const auto d = parse_decimal_fast(s);
              d && (t.kind != TypeKind::integer || d->is_integer())) {
            v = Value::of_decimal(*d);
            return true;
          }
          break;
        case TypeKind::date:
          if (const auto d = parse_date_fast(s)) {
            v = Value::of_date(*d);
            return true;
          }
          break;
        case TypeKind::enumeration:
          if (t.ref < model_.enums.size())
            if (const auto i =
                    layout_ ? layout_->enums[t.ref].find(s) : model_.enums[t.ref].index_of(s)) {
              v = Value::of_enum(*i);
              return true;
            }
          break;
        default: break;
      }
      return parse_field_text(model_, t, s, store_, v, why_);
    }
    if (c == 't' || c == 'f') {
      if (t.kind != TypeKind::boolean) return false;
      const bool b = c == 't';
      if (!literal(b ? "true" : "false")) return false;
      v = Value::of_bool(b);
      return true;
    }
    if (c == '-' || is_digit(c)) {
      if (!t.is_numeric()) return false;
      std::string_view s;
      if (!number(s)) return false;
      std::optional<Decimal> d = parse_decimal_fast(s);
      if (!d) d = Decimal::parse(s);
      if (!d || (t.kind == TypeKind::integer && !d->is_integer())) return false;
      v = Value::of_decimal(*d);
      return true;
    }
    return false;
  }

  bool value(const FieldDef& field, Value& slot) {
    if (p_ == end_) return false;
    if (*p_ == 'n') {
      if (!literal("null")) return false;
      return absent(field, slot);
    }
    if (*p_ != '[') {
      if (field.type.is_list() || field.type.kind == TypeKind::record) return false;
      return scalar(field.type, slot);
    }
    if (!field.type.is_list() || field.type.element == TypeKind::record) return false;
    ++p_;
    const Type element = field.type.element_type();
    items_.clear();
    skip_space();
    if (!eat(']')) {
      for (;;) {
        Value v;
        if (!scalar(element, v)) return false;
        items_.push_back(v);
        skip_space();
        if (eat(',')) {
          skip_space();
          continue;
        }
        if (eat(']')) break;
        return false;
      }
    }
    slot = store_.list(items_.data(), items_.size());
    return true;
  }

  // An absent key or null: the default, else missing; a required field is the general
  // reader's error to report.
  bool absent(const FieldDef& field, Value& slot) {
    if (field.has_default) {
      slot = store_.copy(field.default_value);
      return true;
    }
    if (field.required) return false;
    slot = Value::missing();
    return true;
  }

  const Model& model_;
  const RecordSchema& schema_;
  const char* p_;
  const char* end_;
  Record& out_;
  ValueStore& store_;
  std::vector<Value>& items_;
  const JsonFlatLayout* layout_;
  std::string why_;  // parse_field_text's reason; unused, the general reader reports it
};

}  // namespace

JsonFlatLayout::JsonFlatLayout(const Model& m, uint32_t entity) : entity(entity) {
  for (const FieldDef& f : m.schemas.at(entity).fields)
    plain_names.push_back(FlatReader::plain(f.name) ? 1 : 0);
  for (const EnumDef& e : m.enums) enums.emplace_back(e);
}

bool read_flat_json_record(const Model& model, uint32_t entity, std::string_view text, Record& out,
                           std::vector<Value>& items, const JsonFlatLayout* layout) {
  if (layout && layout->entity != entity) layout = nullptr;
  return FlatReader(model, model.schemas.at(entity), text, out, items, layout).read();
}

}  // namespace entitle
