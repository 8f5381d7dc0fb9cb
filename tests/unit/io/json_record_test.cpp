#include "io/json_record.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "entitle/record.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {
namespace {

// --- a small rule-set model, built by hand ------------------------------------------------

struct FieldSpec {
  const char* name;
  Type type;
  bool required = false;
};

void add_field(RecordSchema& schema, const FieldSpec& spec) {
  FieldDef f;
  f.name = spec.name;
  f.type = spec.type;
  f.required = spec.required;
  schema.field_index.emplace(f.name, static_cast<uint32_t>(schema.fields.size()));
  schema.fields.push_back(std::move(f));
}

constexpr uint32_t kPerson = 0;
constexpr uint32_t kContribution = 1;
constexpr uint32_t kNode = 2;
constexpr uint32_t kGroup = 0;

// enum group [dibao, tekun, wubao]; person with a field of every type; contribution rows;
// a self-nesting `node` for the depth limit.
Model make_model() {
  Model m;
  m.name = "test";
  EnumDef group;
  group.name = "group";
  group.values = {"dibao", "tekun", "wubao"};
  group.titles = {{"低保", "subsistence allowance"}, {"特困人员", "extreme poverty"}, {}};
  m.enums.push_back(group);
  m.enum_index["group"] = kGroup;

  RecordSchema person;
  person.name = "person";
  add_field(person, {"id", Type::of(TypeKind::string), true});
  add_field(person, {"age", Type::of(TypeKind::integer)});
  add_field(person, {"income", Type::of(TypeKind::decimal)});
  add_field(person, {"pension", Type::of(TypeKind::money)});
  add_field(person, {"birth_date", Type::of(TypeKind::date)});
  add_field(person, {"start_month", Type::of(TypeKind::month)});
  add_field(person, {"married", Type::of(TypeKind::boolean)});
  add_field(person, {"group", Type::of(TypeKind::enumeration, kGroup)});
  add_field(person, {"groups", Type::list_of(Type::of(TypeKind::enumeration, kGroup))});
  add_field(person, {"history", Type::list_of(Type::of(TypeKind::record, kContribution))});
  add_field(person, {"tags", Type::list_of(Type::of(TypeKind::string))});
  add_field(person, {"city", Type::of(TypeKind::string)});
  person.fields.back().has_default = true;
  person.fields.back().default_value = m.storage.string("滕州");
  add_field(person, {"household_size", Type::of(TypeKind::integer)});
  person.fields.back().has_default = true;
  person.fields.back().default_value = Value::of_decimal(Decimal::from_int(1));

  RecordSchema contribution;
  contribution.name = "contribution";
  contribution.is_entity = false;
  add_field(contribution, {"year", Type::of(TypeKind::integer), true});
  add_field(contribution, {"months", Type::of(TypeKind::integer), true});
  add_field(contribution, {"amount", Type::of(TypeKind::money)});

  RecordSchema node;
  node.name = "node";
  add_field(node, {"children", Type::list_of(Type::of(TypeKind::record, kNode))});

  m.schemas = {person, contribution, node};
  m.schema_index = {{"person", kPerson}, {"contribution", kContribution}, {"node", kNode}};
  return m;
}

Decimal dec(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("bad test literal: " + std::string(text));
  return *d;
}

class JsonRecordTest : public ::testing::Test {
 protected:
  void read(std::string_view json, uint32_t entity = kPerson) {
    read_json_record(model, entity, json, record);
  }

  const Value& field(std::string_view name) const {
    return record.values()[*model.schemas[kPerson].slot_of(name)];
  }

  // The RecordError `json` raises; a failure when it raises none.
  RecordError error_of(std::string_view json, uint32_t entity = kPerson) {
    try {
      read(json, entity);
    } catch (const RecordError& e) {
      return e;
    }
    ADD_FAILURE() << "no RecordError for " << json;
    return RecordError("", "", "");
  }

  Model model = make_model();
  Record record;
};

// --- numbers --------------------------------------------------------------------------------

TEST_F(JsonRecordTest, DecimalsAreExactFromNumbersAndFromStrings) {
  read(R"({"id": "p1", "income": 4321.07, "pension": "4321.07"})");
  EXPECT_EQ(field("income").kind, ValueKind::number);
  EXPECT_EQ(field("income").number, 4'321'070'000);
  EXPECT_EQ(field("pension").number, 4'321'070'000);

  read(R"({"id": "p1", "income": 0.1, "pension": 0.3})");
  EXPECT_EQ(field("income").number, 100'000);  // not 0.1000000000000000055…
  EXPECT_EQ(field("pension").number, 300'000);
}

TEST_F(JsonRecordTest, NumbersWithExponentsAreRewrittenExactly) {
  const struct {
    const char* number;
    const char* expected;
  } cases[] = {
      {"1.5e3", "1500"},
      {"25E-2", "0.25"},
      {"-4.32107E+3", "-4321.07"},
      {"1e0", "1"},
      {"0e999", "0"},
      {"0.000001e6", "1"},
      {"123456e-6", "0.123456"},
      {"9.223372036854e12", "9223372036854"},
      {"1.2300e1", "12.3"},
      {"-0.0e5", "0"},
  };
  for (const auto& c : cases) {
    read(std::string(R"({"id": "p1", "income": )") + c.number + "}");
    EXPECT_EQ(field("income").as_decimal(), dec(c.expected)) << c.number;
  }
}

TEST_F(JsonRecordTest, MoneyKeepsEveryGivenDigitUpToSixPlaces) {
  read(R"({"id": "p1", "pension": 4321.075})");
  EXPECT_EQ(field("pension").number, 4'321'075'000);
  read(R"({"id": "p1", "pension": 100})");
  EXPECT_EQ(field("pension").as_decimal(), dec("100"));
  read(R"({"id": "p1", "pension": -0.5})");
  EXPECT_EQ(field("pension").as_decimal(), dec("-0.5"));
}

TEST_F(JsonRecordTest, TooManyDecimalPlacesIsAnErrorNamingTheValue) {
  for (const char* given : {"0.1234567", "\"0.1234567\"", "1e-7", "1.5e-400"}) {
    const RecordError e = error_of(std::string(R"({"id": "p1", "income": )") + given + "}");
    EXPECT_EQ(e.field, "income") << given;
    EXPECT_EQ(e.reason, "more than 6 decimal places") << given;
    EXPECT_EQ(e.value, given) << given;
  }
  // Zeros past the sixth place carry nothing and are fine.
  read(R"({"id": "p1", "income": 0.12345600000})");
  EXPECT_EQ(field("income").as_decimal(), dec("0.123456"));
}

TEST_F(JsonRecordTest, OutOfRangeNumbersAreErrors) {
  for (const char* given :
       {"9223372036855", "-9223372036855", "18446744073709551615", "1e13", "1e400",
        "123456789012345678901234567890", "\"9223372036855\"", "9223372036854.775808"}) {
    const RecordError e = error_of(std::string(R"({"id": "p1", "pension": )") + given + "}");
    EXPECT_EQ(e.field, "pension") << given;
    EXPECT_TRUE(e.reason.starts_with("out of range")) << given << ": " << e.reason;
    EXPECT_EQ(e.value, given) << given;
  }
  read(R"({"id": "p1", "pension": 9223372036854.775807})");
  EXPECT_EQ(field("pension").as_decimal(), Decimal::max());
  read(R"({"id": "p1", "age": -9223372036854})");
  EXPECT_EQ(field("age").as_decimal(), Decimal::from_int(-9'223'372'036'854));
}

TEST_F(JsonRecordTest, StringsMustHoldAPlainDecimal) {
  for (const char* given : {"\"1,000\"", "\"1e3\"", "\"\"", "\" 12\"", "\"12.\"", "\"abc\""}) {
    const RecordError e = error_of(std::string(R"({"id": "p1", "income": )") + given + "}");
    EXPECT_EQ(e.field, "income") << given;
    EXPECT_EQ(e.reason, "not a plain decimal number") << given;
  }
}

TEST_F(JsonRecordTest, IntegersAcceptIntegralNumbersAndStrings) {
  for (const char* given : {"59", "\"59\"", "59.0", "\"59.000\"", "5.9e1", "\"+59\""}) {
    read(std::string(R"({"id": "p1", "age": )") + given + "}");
    EXPECT_EQ(field("age").as_decimal(), Decimal::from_int(59)) << given;
  }
}

TEST_F(JsonRecordTest, IntegersRejectFractions) {
  for (const char* given : {"59.5", "\"59.5\"", "5.95e1", "0.000001"}) {
    const RecordError e = error_of(std::string(R"({"id": "p1", "age": )") + given + "}");
    EXPECT_EQ(e.field, "age") << given;
    EXPECT_EQ(e.reason, "not an integer") << given;
    EXPECT_EQ(e.value, given) << given;
  }
}

TEST_F(JsonRecordTest, NumbersWhereOtherTypesAreExpectedAreErrors) {
  RecordError e = error_of(R"({"id": 7})");
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.reason, "expected a string, got a number");
  EXPECT_EQ(e.value, "7");
  e = error_of(R"({"id": "p1", "birth_date": 20240701})");
  EXPECT_EQ(e.reason, "expected a date (YYYY-MM-DD), got a number");
  e = error_of(R"({"id": -0})");
  EXPECT_EQ(e.value, "-0");  // as written
  e = error_of(R"({"id": "p1", "married": 1.5})");
  EXPECT_EQ(e.reason, "expected true or false, got a number");
  EXPECT_EQ(e.value, "1.5");
}

// --- other scalar types ---------------------------------------------------------------------

TEST_F(JsonRecordTest, BooleansAreOnlyTrueAndFalse) {
  read(R"({"id": "p1", "married": true})");
  EXPECT_EQ(field("married").kind, ValueKind::boolean);
  EXPECT_TRUE(field("married").boolean);
  read(R"({"id": "p1", "married": false})");
  EXPECT_FALSE(field("married").boolean);

  RecordError e = error_of(R"({"id": "p1", "married": "true"})");
  EXPECT_EQ(e.field, "married");
  EXPECT_EQ(e.reason, "expected true or false, got a string");
  EXPECT_EQ(e.value, "\"true\"");
  e = error_of(R"({"id": "p1", "married": 1})");
  EXPECT_EQ(e.reason, "expected true or false, got a number");
  e = error_of(R"({"id": "p1", "age": true})");
  EXPECT_EQ(e.reason, "expected an integer, got a boolean");
  EXPECT_EQ(e.value, "true");
}

TEST_F(JsonRecordTest, DatesMustBeRealDays) {
  read(R"({"id": "p1", "birth_date": "2024-02-29"})");
  EXPECT_EQ(field("birth_date").kind, ValueKind::date);
  EXPECT_EQ(field("birth_date").as_date(), Date::from_ymd(2024, 2, 29));

  for (const char* given : {"2023-02-29", "2024-7-1", "2024/07/01", "", "2024-07-01T00:00"}) {
    const RecordError e = error_of(std::string(R"({"id": "p1", "birth_date": ")") + given + "\"}");
    EXPECT_EQ(e.field, "birth_date") << given;
    EXPECT_EQ(e.reason, "not a date (YYYY-MM-DD)") << given;
    EXPECT_EQ(e.value, '"' + std::string(given) + '"');
  }
}

TEST_F(JsonRecordTest, MonthsAreYearAndMonth) {
  read(R"({"id": "p1", "start_month": "2024-07"})");
  EXPECT_EQ(field("start_month").kind, ValueKind::month);
  EXPECT_EQ(field("start_month").as_month(), Month::from_ym(2024, 7));
  const RecordError e = error_of(R"({"id": "p1", "start_month": "2024-13"})");
  EXPECT_EQ(e.field, "start_month");
  EXPECT_EQ(e.reason, "not a month (YYYY-MM)");
}

TEST_F(JsonRecordTest, StringsAreUnescapedAndStoredInTheRecord) {
  read(R"({"id": "张三 \"老三\"\n\u00e9\\"})");
  EXPECT_EQ(field("id").kind, ValueKind::string);
  EXPECT_EQ(field("id").as_string(), "张三 \"老三\"\né\\");
}

TEST_F(JsonRecordTest, EnumValuesMustBeMembers) {
  read(R"({"id": "p1", "group": "tekun"})");
  EXPECT_EQ(field("group").kind, ValueKind::enumeration);
  EXPECT_EQ(field("group").enumeration, 1u);

  RecordError e = error_of(R"({"id": "p1", "group": "tekunn"})");
  EXPECT_EQ(e.field, "group");
  EXPECT_EQ(e.reason, "not one of dibao, tekun, wubao (did you mean 'tekun'?)");
  EXPECT_EQ(e.value, "\"tekunn\"");
  e = error_of(R"({"id": "p1", "group": "低保"})");
  EXPECT_EQ(e.reason, "not one of dibao, tekun, wubao");
  e = error_of(R"({"id": "p1", "group": 1})");
  EXPECT_EQ(e.reason, "expected one of dibao, tekun, wubao, got a number");
}

// --- absent, null, defaults, required -------------------------------------------------------

TEST_F(JsonRecordTest, AbsentAndNullFieldsAreMissingOrTheirDefault) {
  read(R"({"id": "p1", "income": null, "city": null})");
  ASSERT_EQ(record.values().size(), model.schemas[kPerson].fields.size());
  EXPECT_TRUE(field("income").is_missing());
  EXPECT_TRUE(field("age").is_missing());
  EXPECT_TRUE(field("groups").is_missing());
  EXPECT_EQ(field("city").as_string(), "滕州");
  EXPECT_EQ(field("household_size").as_decimal(), Decimal::from_int(1));
  EXPECT_EQ(field("household_size").kind, ValueKind::number);

  read(R"({"id": "p1", "city": "枣庄", "household_size": 4})");
  EXPECT_EQ(field("city").as_string(), "枣庄");
  EXPECT_EQ(field("household_size").as_decimal(), Decimal::from_int(4));
}

TEST_F(JsonRecordTest, DefaultStringsLiveInTheRecordNotTheRuleSet) {
  read(R"({"id": "p1"})");
  const char* default_text = model.schemas[kPerson].find("city")->default_value.string;
  EXPECT_NE(field("city").string, default_text);
  EXPECT_EQ(field("city").as_string(), "滕州");
}

TEST_F(JsonRecordTest, RequiredFieldsMustBeGivenAndNotNull) {
  RecordError e = error_of(R"({"age": 3})");
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.reason, "required field is missing");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 1u);  // the record's opening brace

  e = error_of(R"({"id": null})");
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.reason, "required field is missing");
  EXPECT_EQ(e.column, 8u);  // the null
}

// --- keys -----------------------------------------------------------------------------------

TEST_F(JsonRecordTest, UnknownKeysAreErrorsWithASuggestion) {
  RecordError e = error_of("{\"id\": \"p1\",\n \"agee\": 3}");
  EXPECT_EQ(e.field, "agee");
  EXPECT_EQ(e.reason, "unknown field 'agee' (did you mean 'age'?)");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 2u);

  e = error_of(R"({"id": "p1", "salary": 3})");
  EXPECT_EQ(e.reason, "unknown field 'salary'");
}

TEST_F(JsonRecordTest, AKeyGivenTwiceIsAnError) {
  RecordError e = error_of(R"({"id": "p1", "age": 1, "age": 2})");
  EXPECT_EQ(e.field, "age");
  EXPECT_EQ(e.reason, "field given twice");
  EXPECT_EQ(e.column, 24u);
  // Even when the first was null.
  e = error_of(R"({"id": "p1", "age": null, "age": 2})");
  EXPECT_EQ(e.reason, "field given twice");
}

// --- the shape of the input -----------------------------------------------------------------

TEST_F(JsonRecordTest, ARecordMustBeAnObject) {
  for (const char* json : {"[1, 2]", "42", "null", "\"p1\"", "true", "4.5", "[]"}) {
    const RecordError e = error_of(json);
    EXPECT_EQ(e.field, "") << json;
    EXPECT_EQ(e.reason, "a record must be a JSON object") << json;
    EXPECT_EQ(std::string(e.what()).find("field"), std::string::npos) << e.what();
  }
}

TEST_F(JsonRecordTest, MalformedJsonReportsLineAndColumn) {
  RecordError e = error_of("{\n  \"id\": \"p1\",\n  \"age\": tru\n}");
  EXPECT_EQ(e.field, "");
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 13u);  // the newline after "tru" is where the literal went wrong
  EXPECT_FALSE(e.reason.starts_with("[json.exception")) << e.reason;
  EXPECT_FALSE(e.reason.starts_with("parse error")) << e.reason;
  EXPECT_NE(e.reason.find("invalid literal"), std::string::npos) << e.reason;
  EXPECT_NE(std::string(e.what()).find("at line 3, column 13"), std::string::npos) << e.what();

  e = error_of(R"({"id": "p1",})");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 13u);

  e = error_of("");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 1u);
  EXPECT_NE(e.reason.find("unexpected end of input"), std::string::npos) << e.reason;

  e = error_of(R"({"id": "p1"} {})");
  EXPECT_NE(e.reason.find("expected end of input"), std::string::npos) << e.reason;
  EXPECT_EQ(e.column, 14u);
}

TEST_F(JsonRecordTest, ColumnsCountCharactersNotBytes) {
  const RecordError e = error_of("{\"id\": \"张三\", \"age\": \"x\"}");
  EXPECT_EQ(e.field, "age");
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 21u);  // 张三 is two columns, six bytes
}

TEST_F(JsonRecordTest, AByteOrderMarkIsSkippedAndNotCounted) {
  read("\xEF\xBB\xBF{\"id\": \"p1\"}");
  EXPECT_EQ(field("id").as_string(), "p1");
  const RecordError e = error_of("\xEF\xBB\xBF{\"id\": -07}");
  EXPECT_EQ(e.column, 8u);
}

TEST_F(JsonRecordTest, ErrorsPointAtTheValue) {
  const std::string json = "{\n  \"id\": \"p1\",\n  \"birth_date\":   \"2023-02-29\"\n}";
  const RecordError e = error_of(json);
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.column, 19u);
  EXPECT_EQ(std::string(e.what()),
            "field 'birth_date': not a date (YYYY-MM-DD) (value: \"2023-02-29\") at line 3, "
            "column 19");

  // Numbers: the lexer reads one char past them; the error still points at the first digit.
  const RecordError n = error_of("{\"id\": \"p1\", \"age\": 12.5}");
  EXPECT_EQ(n.column, 21u);
  const RecordError at_end = error_of("{\"id\": \"p1\", \"age\": 12.5");
  EXPECT_EQ(at_end.reason, "not an integer");
  EXPECT_EQ(at_end.column, 21u);
  // Strings with escaped quotes.
  const RecordError s = error_of(R"({"id": "p1", "group": "a\"b\\"})");
  EXPECT_EQ(s.column, 23u);
}

TEST_F(JsonRecordTest, DeepNestingIsRejected) {
  // Each level is {"children": [ … ]}: two frames.
  std::string json;
  for (int i = 0; i < 70; ++i) json += R"({"children": [)";
  for (int i = 0; i < 70; ++i) json += "]}";
  const RecordError e = error_of(json, kNode);
  EXPECT_EQ(e.reason, "nested deeper than 64 levels");
  EXPECT_TRUE(e.field.starts_with("children[0].children[0]")) << e.field;

  std::string shallow;
  for (int i = 0; i < 20; ++i) shallow += R"({"children": [)";
  for (int i = 0; i < 20; ++i) shallow += "]}";
  read(shallow, kNode);
  EXPECT_EQ(record.values()[0].kind, ValueKind::list);
}

// --- lists and nested records ---------------------------------------------------------------

TEST_F(JsonRecordTest, ListsOfEnumsAndStrings) {
  read(R"({"id": "p1", "groups": ["dibao", "wubao"], "tags": ["a", "", "长"]})");
  const Value& groups = field("groups");
  ASSERT_EQ(groups.kind, ValueKind::list);
  ASSERT_EQ(groups.size, 2u);
  EXPECT_EQ(groups.items[0].enumeration, 0u);
  EXPECT_EQ(groups.items[1].enumeration, 2u);
  const Value& tags = field("tags");
  ASSERT_EQ(tags.size, 3u);
  EXPECT_EQ(tags.items[0].as_string(), "a");
  EXPECT_EQ(tags.items[1].as_string(), "");
  EXPECT_EQ(tags.items[2].as_string(), "长");

  read(R"({"id": "p1", "groups": []})");
  EXPECT_EQ(field("groups").kind, ValueKind::list);
  EXPECT_EQ(field("groups").size, 0u);
}

TEST_F(JsonRecordTest, ListElementErrorsNameTheElement) {
  RecordError e = error_of(R"({"id": "p1", "groups": ["dibao", "tekun", "wubo"]})");
  EXPECT_EQ(e.field, "groups[2]");
  EXPECT_EQ(e.reason, "not one of dibao, tekun, wubao (did you mean 'wubao'?)");
  e = error_of(R"({"id": "p1", "groups": ["dibao", null]})");
  EXPECT_EQ(e.field, "groups[1]");
  EXPECT_EQ(e.reason, "a list element cannot be null");
  e = error_of(R"({"id": "p1", "groups": "dibao"})");
  EXPECT_EQ(e.field, "groups");
  EXPECT_EQ(e.reason, "expected a list (JSON array), got a string");
  e = error_of(R"({"id": "p1", "groups": [["dibao"]]})");
  EXPECT_EQ(e.field, "groups[0]");
  EXPECT_EQ(e.reason, "expected one of dibao, tekun, wubao, got a list");
  e = error_of(R"({"id": "p1", "age": {}})");
  EXPECT_EQ(e.reason, "expected an integer, got an object");
}

TEST_F(JsonRecordTest, ListsOfRecordsAreReadAgainstTheirSchema) {
  read(R"({"id": "p1", "history": [
            {"year": 2020, "months": 12, "amount": "1200.5"},
            {"months": 6, "year": 2021}
          ]})");
  const Value& history = field("history");
  ASSERT_EQ(history.kind, ValueKind::list);
  ASSERT_EQ(history.size, 2u);
  const Value& first = history.items[0];
  ASSERT_EQ(first.kind, ValueKind::record);
  ASSERT_EQ(first.size, 3u);
  EXPECT_EQ(first.fields[0].as_decimal(), Decimal::from_int(2020));
  EXPECT_EQ(first.fields[1].as_decimal(), Decimal::from_int(12));
  EXPECT_EQ(first.fields[2].as_decimal(), dec("1200.5"));
  const Value& second = history.items[1];  // fields in schema order, not key order
  EXPECT_EQ(second.fields[0].as_decimal(), Decimal::from_int(2021));
  EXPECT_EQ(second.fields[1].as_decimal(), Decimal::from_int(6));
  EXPECT_TRUE(second.fields[2].is_missing());
}

TEST_F(JsonRecordTest, NestedRecordErrorsNameThePath) {
  const std::string good = R"({"year": 2020, "months": 12})";
  RecordError e = error_of(R"({"id": "p1", "history": [)" + good + "," + good + "," + good +
                           R"(, {"year": 2023, "months": 1.5}]})");
  EXPECT_EQ(e.field, "history[3].months");
  EXPECT_EQ(e.reason, "not an integer");

  e = error_of(R"({"id": "p1", "history": [{"year": 2020, "monhts": 12}]})");
  EXPECT_EQ(e.field, "history[0].monhts");
  EXPECT_EQ(e.reason, "unknown field 'monhts' (did you mean 'months'?)");

  e = error_of(R"({"id": "p1", "history": [{"year": 2020}]})");
  EXPECT_EQ(e.field, "history[0].months");
  EXPECT_EQ(e.reason, "required field is missing");
  EXPECT_EQ(e.column, 26u);  // the nested record's brace

  e = error_of(R"({"id": "p1", "history": [2020]})");
  EXPECT_EQ(e.field, "history[0]");
  EXPECT_EQ(e.reason, "expected an object, got a number");
}

// --- reuse ----------------------------------------------------------------------------------

TEST_F(JsonRecordTest, ARecordCanBeReusedAndIsLeftEmptyAfterAnError) {
  read(R"({"id": "p1", "age": 70, "groups": ["tekun"]})");
  EXPECT_EQ(record.entity(), kPerson);
  read(R"({"id": "p2"})");
  EXPECT_EQ(field("id").as_string(), "p2");
  EXPECT_TRUE(field("age").is_missing());
  EXPECT_TRUE(field("groups").is_missing());

  EXPECT_THROW(read(R"({"id": "p3", "age": "x"})"), RecordError);
  ASSERT_EQ(record.values().size(), model.schemas[kPerson].fields.size());
  for (const Value& v : record.values()) {
    EXPECT_TRUE(v.is_missing());
    EXPECT_EQ(v.size, 0u);
  }
}

TEST_F(JsonRecordTest, AnUnknownEntityIsAProgrammingError) {
  EXPECT_THROW(read("{}", 99), std::out_of_range);
}

// --- Record and RecordError -----------------------------------------------------------------

TEST(Record, HoldsOneMissingValuePerFieldAndResets) {
  Record r(3, 4);
  EXPECT_EQ(r.entity(), 3u);
  ASSERT_EQ(r.values().size(), 4u);
  r.values()[1] = r.store().string("x");
  r.clear();
  EXPECT_EQ(r.entity(), 3u);
  ASSERT_EQ(r.values().size(), 4u);
  EXPECT_TRUE(r.values()[1].is_missing());
  r.reset(1, 2);
  EXPECT_EQ(r.entity(), 1u);
  EXPECT_EQ(r.values().size(), 2u);
}

TEST(Record, MovesAndStaysUsableAfterAReset) {
  Record a(2, 3);
  a.values()[0] = a.store().string("kept");
  Record b(std::move(a));
  EXPECT_EQ(b.values()[0].as_string(), "kept");
  Record c;
  c = std::move(b);
  EXPECT_EQ(c.values()[0].as_string(), "kept");
  a.reset(0, 1);  // a moved-from record gets a fresh store
  EXPECT_EQ(a.store().string("again").as_string(), "again");
}

TEST(RecordErrorTest, DescribesFieldReasonValueAndPosition) {
  const RecordError e("age", "12.5", "not an integer", 3, 9);
  EXPECT_EQ(std::string(e.what()), "field 'age': not an integer (value: 12.5) at line 3, column 9");
  EXPECT_EQ(e.field, "age");
  EXPECT_EQ(e.value, "12.5");
  EXPECT_EQ(e.reason, "not an integer");

  EXPECT_EQ(std::string(RecordError("age", "", "required field is missing").what()),
            "field 'age': required field is missing");
  EXPECT_EQ(std::string(RecordError("", "", "a record must be a JSON object", 1, 1).what()),
            "a record must be a JSON object at line 1, column 1");
}

TEST(RecordErrorTest, ShortensLongValuesWithoutSplittingCharacters) {
  const RecordError e("note", std::string(100, 'x'), "too long");
  EXPECT_EQ(e.value, std::string(60, 'x') + "…");

  std::string chinese;
  for (int i = 0; i < 30; ++i) chinese += "长";  // 90 bytes
  const RecordError z("note", chinese, "too long");
  EXPECT_EQ(z.value, std::string(chinese, 0, 60) + "…");  // 20 whole characters
  EXPECT_EQ(std::string(z.what()).find("(value: " + z.value + ")") != std::string::npos, true);
}

}  // namespace
}  // namespace entitle
