// A runtime value: what fields, parameters and expressions hold.
//
// Value is 16 bytes and trivially copyable, so evaluation moves values around without
// allocating. Strings, lists and records point into storage owned elsewhere (the record's
// arena, the rule set, or the evaluation's scratch), which outlives the value.
#pragma once

#include <cstdint>
#include <string_view>

#include "entitle/calendar.hpp"
#include "entitle/decimal.hpp"

namespace entitle {

enum class ValueKind : uint8_t {
  missing,  // an input that was not given: makes decisions `undetermined`
  boolean,
  number,  // int, decimal and money alike: an exact Decimal
  date,
  month,
  string,
  enumeration,  // index into the field's or parameter's enum values
  list,
  record,  // one element of a list of records (a contribution-history row)
};

struct Value {
  ValueKind kind = ValueKind::missing;
  uint32_t size = 0;  // string length, list length, record field count
  union {
    bool boolean;
    int64_t number;  // Decimal::raw()
    int32_t date;    // Date::days
    int32_t month;   // Month::index
    uint32_t enumeration;
    const char* string;
    const Value* items;   // list elements
    const Value* fields;  // record fields, in schema order
  };

  constexpr Value() : number(0) {}

  static constexpr Value missing() { return Value(); }
  static constexpr Value of_bool(bool b) {
    Value v;
    v.kind = ValueKind::boolean;
    v.boolean = b;
    return v;
  }
  static constexpr Value of_decimal(Decimal d) {
    Value v;
    v.kind = ValueKind::number;
    v.number = d.raw();
    return v;
  }
  static constexpr Value of_date(Date d) {
    Value v;
    v.kind = ValueKind::date;
    v.date = d.days;
    return v;
  }
  static constexpr Value of_month(Month m) {
    Value v;
    v.kind = ValueKind::month;
    v.month = m.index;
    return v;
  }
  static Value of_string(std::string_view s) {
    Value v;
    v.kind = ValueKind::string;
    v.string = s.data();
    v.size = static_cast<uint32_t>(s.size());
    return v;
  }
  static constexpr Value of_enum(uint32_t index) {
    Value v;
    v.kind = ValueKind::enumeration;
    v.enumeration = index;
    return v;
  }
  static constexpr Value of_list(const Value* items, uint32_t n) {
    Value v;
    v.kind = ValueKind::list;
    v.items = items;
    v.size = n;
    return v;
  }
  static constexpr Value of_record(const Value* fields, uint32_t n) {
    Value v;
    v.kind = ValueKind::record;
    v.fields = fields;
    v.size = n;
    return v;
  }

  bool is_missing() const { return kind == ValueKind::missing; }
  Decimal as_decimal() const { return Decimal::from_raw(number); }
  Date as_date() const { return Date{date}; }
  Month as_month() const { return Month{month}; }
  std::string_view as_string() const { return {string, size}; }
};

static_assert(sizeof(Value) == 16, "Value stays two words so evaluation stays cheap");

}  // namespace entitle
