// CellFormat (batch's fast output cells) against the general formatting functions, value by
// value: any divergence in bytes fails here.
#include "batch/cell_format.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "batch/csv_write.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"

namespace entitle::batch {
namespace {

// enum group [dibao, "te,kun", "say ""x""", 低保]: names that need quoting and non-ASCII.
Model make_model() {
  Model m;
  EnumDef group;
  group.name = "group";
  group.values = {"dibao", "te,kun", "say \"x\"", "低保", "tab\there"};
  group.titles = {{}, {}, {}, {}, {}};
  m.enums.push_back(group);
  m.enum_index["group"] = 0;
  return m;
}

Value number(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("bad test literal: " + std::string(text));
  return Value::of_decimal(*d);
}

const Type kInt = Type::of(TypeKind::integer);
const Type kDecimal = Type::of(TypeKind::decimal);
const Type kMoney = Type::of(TypeKind::money);
const Type kString = Type::of(TypeKind::string);
const Type kBool = Type::of(TypeKind::boolean);
const Type kDate = Type::of(TypeKind::date);
const Type kMonth = Type::of(TypeKind::month);
const Type kGroup = Type::of(TypeKind::enumeration, 0);
const Type kBadEnum = Type::of(TypeKind::enumeration, 7);  // no such enum: a model bug

struct Case {
  Value value;
  Type type;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (const char* n : {"0",
                        "1",
                        "-1",
                        "59",
                        "-59",
                        "12.0",
                        "0.5",
                        "-0.5",
                        "0.004999",
                        "0.005",
                        "-0.005",
                        "-0.004999",
                        "0.000001",
                        "-0.000001",
                        "4200",
                        "4199.995",
                        "-4199.995",
                        "123456789.123456",
                        "-123456789.123456",
                        "9223372036854.775807",
                        "-9223372036854.775807",
                        "1000000.10",
                        "99.999999",
                        "-99.999999",
                        "3.14159"}) {
    for (const Type& t : {kInt, kDecimal, kMoney}) out.push_back({number(n), t});
  }
  for (const char* s : {"", "P00000001", "a,b", "say \"hi\"", "line\nbreak", "cr\rhere", "滕州",
                        "tab\there", "back\\slash", "\x01\x1f", "del\x7f", "bad \xff byte",
                        "half \xe6\xbb", "\"", ",", "trailing space "})
    out.push_back({Value::of_string(s), kString});
  out.push_back({Value::missing(), kString});
  out.push_back({Value::missing(), kMoney});
  out.push_back({Value::missing(), kDate});
  out.push_back({Value::of_bool(true), kBool});
  out.push_back({Value::of_bool(false), kBool});
  for (const char* d : {"2024-07-01", "1400-01-01", "9999-12-31", "2000-02-29", "1969-12-31"})
    out.push_back({Value::of_date(*Date::parse(d)), kDate});
  for (const char* mo : {"2024-07", "1400-01", "9999-12"})
    out.push_back({Value::of_month(*Month::parse(mo)), kMonth});
  for (uint32_t i = 0; i < 7; ++i) out.push_back({Value::of_enum(i), kGroup});
  out.push_back({Value::of_enum(2), kBadEnum});
  return out;
}

std::string describe(const Case& c) {
  std::string s = "kind " + std::to_string(static_cast<int>(c.value.kind)) + ", type " +
                  std::to_string(static_cast<int>(c.type.kind)) + ", json ";
  append_json(s, c.value, c.type, make_model());
  return s;
}

TEST(CellFormat, CsvCellsAreThoseOfAppendCsvValue) {
  const Model m = make_model();
  const CellFormat cells(m);
  for (const Case& c : cases()) {
    std::string general;
    append_csv_value(general, c.value, c.type, m);
    std::string fast(cells.bound(c.value), '\0');
    fast.resize(static_cast<size_t>(cells.put_csv(fast.data(), c.value, c.type) - fast.data()));
    EXPECT_EQ(fast, general) << describe(c);
    EXPECT_LE(general.size(), cells.bound(c.value)) << describe(c);
    EXPECT_LE(cells.bound(c.value), cells.room(c.value)) << describe(c);
  }
}

TEST(CellFormat, JsonValuesAreThoseOfAppendJson) {
  const Model m = make_model();
  const CellFormat cells(m);
  for (const Case& c : cases()) {
    std::string general;
    append_json(general, c.value, c.type, m);
    std::string fast(cells.bound(c.value), '\0');
    fast.resize(static_cast<size_t>(cells.put_json(fast.data(), c.value, c.type) - fast.data()));
    EXPECT_EQ(fast, general) << describe(c);
    EXPECT_LE(general.size(), cells.bound(c.value)) << describe(c);
    EXPECT_LE(cells.bound(c.value), cells.room(c.value)) << describe(c);
  }
}

TEST(CellFormat, ListsAndRecordsAreLeftToTheGeneralPath) {
  const Value items[] = {Value::of_enum(0), Value::of_enum(1)};
  EXPECT_FALSE(CellFormat::handles(Value::of_list(items, 2)));
  EXPECT_FALSE(CellFormat::handles(Value::of_record(items, 2)));
  EXPECT_TRUE(CellFormat::handles(Value::of_enum(0)));
  EXPECT_TRUE(CellFormat::handles(Value::missing()));
}

}  // namespace
}  // namespace entitle::batch
