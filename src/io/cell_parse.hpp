// Typed parsing of CSV cells in the row loop, for the common cases.
//
// A CellParser is chosen once per column from the field's type. It takes the text that
// parse_field_text (field_text.hpp) would read to a value, giving the same value, without
// its generality (a switch on the type, an optional, a linear enum search). Anything it does
// not take on — an error, a '+' sign, a seventh decimal place — it declines (returns false),
// and the caller runs parse_field_text, which gives the value or the error message.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "entitle/value.hpp"
#include "values/type.hpp"

namespace entitle {

struct Model;
struct EnumDef;
class ValueStore;

// An enum's value names in a small hash table: the index EnumDef::index_of gives.
class EnumLookup {
 public:
  explicit EnumLookup(const EnumDef& e);
  std::optional<uint32_t> find(std::string_view text) const;

 private:
  size_t slot_of(std::string_view text) const;

  std::vector<std::string_view> names_;  // into the EnumDef, which the model keeps
  std::vector<uint32_t> table_;          // index + 1, or 0 for an empty slot
  size_t mask_ = 0;
};

// "YYYY-MM-DD" naming a real day in 1400..9999: what Date::parse accepts, computed directly.
std::optional<Date> parse_date_fast(std::string_view text);

// "-123.45": an optional '-', 1 to 12 digits, optionally '.' and 1 to 6 digits. Declines the
// rest ('+', longer numbers, more places), which Decimal::parse reads or rejects.
std::optional<Decimal> parse_decimal_fast(std::string_view text);

class CellParser {
 public:
  CellParser() = default;
  // For a field of type `t`; a list's cell is parsed element by element (list()).
  CellParser(const Model& m, const Type& t);
  bool list() const { return list_; }
  // One scalar (for a list: one element). True: `out` holds what parse_field_text gives for
  // `text`. False: ask parse_field_text.
  bool parse(std::string_view text, ValueStore& store, Value& out) const;

 private:
  TypeKind kind_ = TypeKind::error;
  bool list_ = false;
  std::shared_ptr<const EnumLookup> lookup_;
};

}  // namespace entitle
