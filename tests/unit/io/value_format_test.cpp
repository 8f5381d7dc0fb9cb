#include "io/value_format.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "model/model.hpp"

namespace entitle {
namespace {

constexpr uint32_t kGroup = 0;
constexpr uint32_t kContribution = 0;

// enum group [dibao, tekun, wubao] (wubao untitled) and a contribution record type.
Model make_model() {
  Model m;
  EnumDef group;
  group.name = "group";
  group.values = {"dibao", "tekun", "wubao"};
  group.titles = {{"低保", "subsistence allowance"}, {"特困人员", "extreme poverty"}, {}};
  m.enums.push_back(group);
  m.enum_index["group"] = kGroup;

  RecordSchema contribution;
  contribution.name = "contribution";
  contribution.is_entity = false;
  for (auto [name, kind] :
       {std::pair{"year", TypeKind::integer}, std::pair{"months", TypeKind::integer},
        std::pair{"amount", TypeKind::money}}) {
    FieldDef f;
    f.name = name;
    f.type = Type::of(kind);
    contribution.field_index.emplace(f.name, static_cast<uint32_t>(contribution.fields.size()));
    contribution.fields.push_back(f);
  }
  m.schemas.push_back(contribution);
  m.schema_index["contribution"] = kContribution;
  return m;
}

Decimal dec(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("bad test literal: " + std::string(text));
  return *d;
}

Value number(std::string_view text) { return Value::of_decimal(dec(text)); }

const Type kInt = Type::of(TypeKind::integer);
const Type kDecimal = Type::of(TypeKind::decimal);
const Type kMoney = Type::of(TypeKind::money);
const Type kString = Type::of(TypeKind::string);
const Type kGroupType = Type::of(TypeKind::enumeration, kGroup);
const Type kGroups = Type::list_of(kGroupType);
const Type kHistory = Type::list_of(Type::of(TypeKind::record, kContribution));

class ValueFormatTest : public ::testing::Test {
 protected:
  std::string json(const Value& v, const Type& t) const {
    std::string out;
    append_json(out, v, t, model);
    return out;
  }
  std::string text(const Value& v, const Type& t, Language lang) const {
    std::string out;
    append_text(out, v, t, model, lang);
    return out;
  }
  Value list(std::vector<Value> items) { return store.list(items.data(), items.size()); }

  Model model = make_model();
  ValueStore store;
};

// --- JSON -----------------------------------------------------------------------------------

TEST_F(ValueFormatTest, JsonScalars) {
  EXPECT_EQ(json(Value::missing(), kMoney), "null");
  EXPECT_EQ(json(Value::of_bool(true), Type::of(TypeKind::boolean)), "true");
  EXPECT_EQ(json(Value::of_bool(false), Type::of(TypeKind::boolean)), "false");
  EXPECT_EQ(json(number("59"), kInt), "59");
  EXPECT_EQ(json(number("-7"), kInt), "-7");
  EXPECT_EQ(json(number("0"), kInt), "0");
  EXPECT_EQ(json(Value::of_date(Date::from_ymd(2024, 7, 1)), Type::of(TypeKind::date)),
            "\"2024-07-01\"");
  EXPECT_EQ(json(Value::of_month(Month::from_ym(2024, 7)), Type::of(TypeKind::month)),
            "\"2024-07\"");
  EXPECT_EQ(json(Value::of_enum(1), kGroupType), "\"tekun\"");
}

TEST_F(ValueFormatTest, JsonDecimalsAreShortestExactStrings) {
  EXPECT_EQ(json(number("0.2"), kDecimal), "\"0.2\"");
  EXPECT_EQ(json(number("4200"), kDecimal), "\"4200\"");
  EXPECT_EQ(json(number("-3.141593"), kDecimal), "\"-3.141593\"");
  EXPECT_EQ(json(number("0.000001"), kDecimal), "\"0.000001\"");
  EXPECT_EQ(json(number("0"), kDecimal), "\"0\"");
  EXPECT_EQ(json(Value::of_decimal(Decimal::max()), kDecimal), "\"9223372036854.775807\"");
}

TEST_F(ValueFormatTest, JsonMoneyHasTwoPlacesRoundedHalfUp) {
  EXPECT_EQ(json(number("4200"), kMoney), "\"4200.00\"");
  EXPECT_EQ(json(number("4321.07"), kMoney), "\"4321.07\"");
  EXPECT_EQ(json(number("4321.075"), kMoney), "\"4321.08\"");
  EXPECT_EQ(json(number("4321.074999"), kMoney), "\"4321.07\"");
  EXPECT_EQ(json(number("-0.005"), kMoney), "\"-0.01\"");  // ties away from zero
  EXPECT_EQ(json(number("-0.004"), kMoney), "\"0.00\"");   // never "-0.00"
  EXPECT_EQ(json(number("0.1"), kMoney), "\"0.10\"");
}

TEST_F(ValueFormatTest, JsonStringsAreEscaped) {
  EXPECT_EQ(json(store.string("plain"), kString), "\"plain\"");
  EXPECT_EQ(json(store.string("a\"b\\c"), kString), R"("a\"b\\c")");
  EXPECT_EQ(json(store.string(std::string_view("\n\t\x01\x1f\0", 5)), kString),
            R"("\u000a\u0009\u0001\u001f\u0000")");
  EXPECT_EQ(json(store.string("滕州 é €𝄞"), kString), "\"滕州 é €𝄞\"");
  EXPECT_EQ(json(store.string("/\x7f"), kString), "\"/\x7f\"");
}

TEST_F(ValueFormatTest, InvalidUtf8BecomesReplacementCharacters) {
  // A stray continuation byte, a truncated sequence, an overlong '/', a surrogate.
  EXPECT_EQ(json(store.string("a\x80z"), kString), R"("a\ufffdz")");
  EXPECT_EQ(json(store.string("\xe6\xbb"), kString), R"("\ufffd\ufffd")");
  EXPECT_EQ(json(store.string("\xc0\xaf"), kString), R"("\ufffd\ufffd")");
  EXPECT_EQ(json(store.string("\xed\xa0\x80"), kString), R"("\ufffd\ufffd\ufffd")");
  const std::string out = json(store.string("ok\xff"), kString);
  EXPECT_TRUE(nlohmann::json::accept(out));
}

TEST_F(ValueFormatTest, JsonListsAndRecords) {
  EXPECT_EQ(json(list({Value::of_enum(0), Value::of_enum(2)}), kGroups), R"(["dibao","wubao"])");
  EXPECT_EQ(json(list({}), kGroups), "[]");
  EXPECT_EQ(json(list({number("1.5"), number("2")}), Type::list_of(kMoney)), R"(["1.50","2.00"])");

  Value* row = store.values(3);
  row[0] = number("2020");
  row[1] = number("12");
  row[2] = Value::missing();
  const Value history = list({Value::of_record(row, 3)});
  EXPECT_EQ(json(history, kHistory), R"([{"year":2020,"months":12,"amount":null}])");
  row[2] = number("1200.5");
  const std::string out = json(history, kHistory);
  EXPECT_EQ(out, R"([{"year":2020,"months":12,"amount":"1200.50"}])");
  const auto parsed = nlohmann::json::parse(out);
  EXPECT_EQ(parsed[0]["amount"], "1200.50");
}

TEST_F(ValueFormatTest, JsonAppendsToWhatIsThere) {
  std::string out = "[";
  append_json(out, number("1"), kInt, model);
  out += ',';
  append_json(out, number("2.5"), kDecimal, model);
  EXPECT_EQ(out, R"([1,"2.5")");
}

// --- text -----------------------------------------------------------------------------------

TEST_F(ValueFormatTest, TextNumbersDatesAndStrings) {
  for (Language lang : {Language::zh, Language::en}) {
    EXPECT_EQ(text(number("4200"), kMoney, lang), "4200.00");
    EXPECT_EQ(text(number("4321.075"), kMoney, lang), "4321.08");
    EXPECT_EQ(text(number("59"), kInt, lang), "59");
    EXPECT_EQ(text(number("0.2"), kDecimal, lang), "0.2");
    EXPECT_EQ(text(Value::of_date(Date::from_ymd(2024, 7, 1)), Type::of(TypeKind::date), lang),
              "2024-07-01");
    EXPECT_EQ(text(Value::of_month(Month::from_ym(2019, 12)), Type::of(TypeKind::month), lang),
              "2019-12");
    EXPECT_EQ(text(store.string("张三 \"x\""), kString, lang), "张三 \"x\"");
  }
}

TEST_F(ValueFormatTest, TextBooleansAndMissingInEachLanguage) {
  const Type b = Type::of(TypeKind::boolean);
  EXPECT_EQ(text(Value::of_bool(true), b, Language::zh), "是");
  EXPECT_EQ(text(Value::of_bool(false), b, Language::zh), "否");
  EXPECT_EQ(text(Value::of_bool(true), b, Language::en), "yes");
  EXPECT_EQ(text(Value::of_bool(false), b, Language::en), "no");
  EXPECT_EQ(text(Value::missing(), kMoney, Language::zh), "（缺失）");
  EXPECT_EQ(text(Value::missing(), kMoney, Language::en), "(missing)");
}

TEST_F(ValueFormatTest, TextEnumsUseTitlesThenNames) {
  EXPECT_EQ(text(Value::of_enum(1), kGroupType, Language::zh), "特困人员");
  EXPECT_EQ(text(Value::of_enum(1), kGroupType, Language::en), "extreme poverty");
  EXPECT_EQ(text(Value::of_enum(2), kGroupType, Language::zh), "wubao");  // untitled
  model.enums[kGroup].titles[0].en.clear();  // falls back to the other language
  EXPECT_EQ(text(Value::of_enum(0), kGroupType, Language::en), "低保");
}

TEST_F(ValueFormatTest, TextLists) {
  const Value groups = list({Value::of_enum(0), Value::of_enum(1)});
  EXPECT_EQ(text(groups, kGroups, Language::zh), "低保、特困人员");
  EXPECT_EQ(text(groups, kGroups, Language::en), "[subsistence allowance, extreme poverty]");
  EXPECT_EQ(text(list({}), kGroups, Language::en), "[]");
  EXPECT_EQ(text(list({}), kGroups, Language::zh), "（无）");
  EXPECT_EQ(text(list({number("1"), number("2.5")}), Type::list_of(kMoney), Language::en),
            "[1.00, 2.50]");
}

TEST_F(ValueFormatTest, TextRecords) {
  Value* row = store.values(3);
  row[0] = number("2020");
  row[1] = number("12");
  row[2] = Value::missing();
  EXPECT_EQ(text(Value::of_record(row, 3), kHistory.element_type(), Language::en),
            "{year: 2020, months: 12, amount: (missing)}");
}

TEST(AppendDecimal, WritesTheShortestExactText) {
  std::string out;
  append_decimal(out, dec("4200"));
  out += ' ';
  append_decimal(out, dec("-0.5"));
  out += ' ';
  append_decimal(out, Decimal::min());
  EXPECT_EQ(out, "4200 -0.5 -9223372036854.775807");
}

}  // namespace
}  // namespace entitle
