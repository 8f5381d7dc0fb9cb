#include "io/cell_parse.hpp"

#include <cstring>

#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

size_t hash_of(std::string_view s) {
  if (s.empty()) return 0;
  const auto at = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  return s.size() * 131 + at(0) * 31 + at(s.size() - 1) * 7 + at(s.size() / 2);
}

unsigned digit(char c) { return static_cast<unsigned>(static_cast<unsigned char>(c) - '0'); }

}  // namespace

EnumLookup::EnumLookup(const EnumDef& e) {
  size_t size = 8;
  while (size < e.values.size() * 2) size *= 2;  // always an empty slot to end a probe
  table_.assign(size, 0);
  mask_ = size - 1;
  for (uint32_t i = 0; i < e.values.size(); ++i) {
    names_.emplace_back(e.values[i]);
    size_t slot = hash_of(names_.back()) & mask_;
    while (table_[slot] != 0) slot = (slot + 1) & mask_;
    table_[slot] = i + 1;  // a repeated name sits after the first: found second, as index_of
  }
}

std::optional<uint32_t> EnumLookup::find(std::string_view text) const {
  for (size_t slot = hash_of(text) & mask_; table_[slot] != 0; slot = (slot + 1) & mask_) {
    const uint32_t i = table_[slot] - 1;
    if (names_[i].size() == text.size() &&
        std::memcmp(names_[i].data(), text.data(), text.size()) == 0)
      return i;
  }
  return std::nullopt;
}

std::optional<Date> parse_date_fast(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  const unsigned d[8] = {digit(t[0]), digit(t[1]), digit(t[2]), digit(t[3]),
                         digit(t[5]), digit(t[6]), digit(t[8]), digit(t[9])};
  for (const unsigned x : d)
    if (x > 9) return std::nullopt;
  const int year = static_cast<int>(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
  const int month = static_cast<int>(d[4] * 10 + d[5]);
  const int day = static_cast<int>(d[6] * 10 + d[7]);
  if (year < 1400 || month < 1 || month > 12 || day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) return std::nullopt;
  // Days since 1970-01-01 (H. Hinnant's days_from_civil; the year is positive here).
  const int y = year - (month <= 2 ? 1 : 0);
  const int era = y / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date{era * 146097 + doe - 719468};
}

std::optional<Decimal> parse_decimal_fast(std::string_view t) {
  static constexpr uint64_t kScale[] = {1'000'000, 100'000, 10'000, 1'000, 100, 10, 1};
  const size_t n = t.size();
  size_t i = 0;
  const bool negative = n > 0 && t[0] == '-';
  if (negative) ++i;
  const size_t int_begin = i;
  uint64_t int_part = 0;
  for (; i < n && digit(t[i]) <= 9; ++i) int_part = int_part * 10 + digit(t[i]);
  if (i == int_begin || i - int_begin > 12) return std::nullopt;  // 12 digits cannot overflow
  uint64_t frac = 0;
  if (i < n && t[i] == '.') {
    const size_t frac_begin = ++i;
    for (; i < n && i - frac_begin < 6 && digit(t[i]) <= 9; ++i) frac = frac * 10 + digit(t[i]);
    if (i == frac_begin) return std::nullopt;
    frac *= kScale[i - frac_begin];
  }
  if (i != n) return std::nullopt;
  const auto raw = static_cast<int64_t>(int_part * 1'000'000 + frac);
  return Decimal::from_raw(negative ? -raw : raw);
}

CellParser::CellParser(const Model& m, const Type& field_type)
    : kind_(field_type.is_list() ? field_type.element : field_type.kind),
      list_(field_type.is_list()) {
  const Type t = list_ ? field_type.element_type() : field_type;
  if (kind_ == TypeKind::enumeration) {
    if (t.ref < m.enums.size())
      lookup_ = std::make_shared<const EnumLookup>(m.enums[t.ref]);
    else
      kind_ = TypeKind::error;  // the general path says why
  }
}

bool CellParser::parse(std::string_view text, ValueStore& store, Value& out) const {
  switch (kind_) {
    case TypeKind::string: out = store.string(text); return true;
    case TypeKind::boolean:
      if (text.size() == 4 && std::memcmp(text.data(), "true", 4) == 0) {
        out = Value::of_bool(true);
        return true;
      }
      if (text.size() == 5 && std::memcmp(text.data(), "false", 5) == 0) {
        out = Value::of_bool(false);
        return true;
      }
      return false;
    case TypeKind::integer:
    case TypeKind::decimal:
    case TypeKind::money: {
      const std::optional<Decimal> d = parse_decimal_fast(text);
      if (!d || (kind_ == TypeKind::integer && !d->is_integer())) return false;
      out = Value::of_decimal(*d);
      return true;
    }
    case TypeKind::date:
      if (const auto d = parse_date_fast(text)) {
        out = Value::of_date(*d);
        return true;
      }
      return false;
    case TypeKind::enumeration:
      if (const auto i = lookup_->find(text)) {
        out = Value::of_enum(*i);
        return true;
      }
      return false;
    case TypeKind::month:
    case TypeKind::list:
    case TypeKind::record:
    case TypeKind::error: break;
  }
  return false;
}

}  // namespace entitle
