#include "io/json_flat_record.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "io/json_record.hpp"
#include "io/value_format.hpp"
#include "entitle/record.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {
namespace {

void add_field(RecordSchema& schema, const char* name, Type type, bool required = false) {
  FieldDef f;
  f.name = name;
  f.type = type;
  f.required = required;
  schema.field_index.emplace(f.name, static_cast<uint32_t>(schema.fields.size()));
  schema.fields.push_back(std::move(f));
}

constexpr uint32_t kPerson = 0;

Model make_model() {
  Model m;
  m.name = "test";
  EnumDef group;
  group.name = "group";
  group.values = {"dibao", "tekun", "wubao"};
  group.titles = {{}, {}, {}};
  m.enums.push_back(group);
  m.enum_index["group"] = 0;
  RecordSchema person;
  person.name = "person";
  add_field(person, "id", Type::of(TypeKind::string), true);
  add_field(person, "age", Type::of(TypeKind::integer));
  add_field(person, "income", Type::of(TypeKind::decimal));
  add_field(person, "pension", Type::of(TypeKind::money));
  add_field(person, "birth_date", Type::of(TypeKind::date));
  add_field(person, "start_month", Type::of(TypeKind::month));
  add_field(person, "married", Type::of(TypeKind::boolean));
  add_field(person, "group", Type::of(TypeKind::enumeration, 0));
  add_field(person, "groups", Type::list_of(Type::of(TypeKind::enumeration, 0)));
  add_field(person, "city", Type::of(TypeKind::string));
  person.fields.back().has_default = true;
  person.fields.back().default_value = m.storage.string("滕州");
  m.schemas = {person};
  m.schema_index = {{"person", kPerson}};
  return m;
}

class JsonFlatRecordTest : public ::testing::Test {
 protected:
  // The record as JSON values in schema order, to compare two reads.
  std::string dump(const Record& r) const {
    std::string out;
    const auto& fields = model.schemas[kPerson].fields;
    for (size_t i = 0; i < fields.size(); ++i) {
      out += fields[i].name + "=";
      append_json(out, r.values()[i], fields[i].type, model);
      out += ' ';
    }
    return out;
  }

  // The flat reader's answer, which must be the same with the entity's layout and without.
  bool flat(std::string_view json, Record& r) {
    const auto fields = static_cast<uint32_t>(model.schemas[kPerson].fields.size());
    r.reset(kPerson, fields);
    const bool with_layout = read_flat_json_record(model, kPerson, json, r, items, &layout);
    const std::string dumped = with_layout ? dump(r) : "";
    r.reset(kPerson, fields);
    const bool without = read_flat_json_record(model, kPerson, json, r, items);
    EXPECT_EQ(with_layout, without) << json;
    if (with_layout && without) EXPECT_EQ(dumped, dump(r)) << json;
    return without;
  }

  // The general reader's record: the first key's first letter written as a \u escape, which
  // the flat reader declines.
  std::string general(std::string json) {
    const size_t q = json.find('"');
    char esc[8];
    std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned char>(json[q + 1]));
    json.replace(q + 1, 1, esc);
    Record r;
    EXPECT_FALSE(flat(json, r)) << json;
    read_json_record(model, kPerson, json, r);
    return dump(r);
  }

  Model model = make_model();
  JsonFlatLayout layout{model, kPerson};
  std::vector<Value> items;
};

TEST_F(JsonFlatRecordTest, FlatRecordsReadAsTheGeneralReaderReadsThem) {
  const char* cases[] = {
      R"({"id":"P1","age":61,"income":4321.07,"pension":"4321.07","birth_date":"1962-03-01",)"
      R"("start_month":"2024-07","married":true,"group":"tekun","groups":["dibao","wubao"]})",
      R"( { "id" : "P2" , "groups" : [ ] , "married" : false , "age" : -0 } )",
      R"({"id":"P3","city":null,"income":-0.50,"age":"12","pension":0})",
      R"({"id":"P4","age":12.0,"income":"1.5","groups":null,"birth_date":null})",
      R"({"id":"滕州 P5","city":"北京"})",
      "{\"id\":\"P6\"}\r\n",
      // Long strings (scanned eight bytes at a time) and keys in and out of schema order.
      R"({"id":"P7-abcdefghijklmnopqrstuvwxyz-0123456789","city":"a long city name, 滕州 too"})",
      R"({"age":3,"id":"P8","start_month":"2024-07","income":"-12.000001","pension":"-0.005"})",
      R"({"id":"P9","birth_date":"2024-02-29","income":123456789012.123456,"age":-45})",
      R"({"id":"P10","income":"+1.5","pension":"1.1234560","birth_date":"1900-01-01"})",
      // Numbers in strings: the fast decimal parser's cases, and what it leaves to the general.
      R"({"id":"P11","age":"-12","income":"123456789012.123456","pension":"0.00"})",
      R"({"id":"P12","age":"12.0","income":"-0.000001","pension":"1234567890123"})",
  };
  for (const char* json : cases) {
    Record r;
    EXPECT_TRUE(flat(json, r)) << json;
    EXPECT_EQ(dump(r), general(json)) << json;
  }
}

TEST_F(JsonFlatRecordTest, TheLayoutKnowsWhichNamesNeedEscapes) {
  // A field whose name needs a JSON escape is never matched byte for byte.
  RecordSchema& person = model.schemas[kPerson];
  add_field(person, "we\"ird", Type::of(TypeKind::integer));
  add_field(person, "tab\tbed", Type::of(TypeKind::integer));
  add_field(person, "\xe5\x90\x8d\xe5\xad\x97", Type::of(TypeKind::integer));  // non-ASCII
  const JsonFlatLayout fresh(model, kPerson);
  const std::vector<uint8_t> want = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
  EXPECT_EQ(fresh.plain_names, want);
  layout = fresh;
  Record r;
  for (const char* json : {"{\"id\":\"P1\",\"city\":\"x\",\"we\"ird\":1}",
                           "{\"id\":\"P1\",\"city\":\"x\",\"we\\\"ird\":1}",
                           "{\"id\":\"P1\",\"city\":\"x\",\"we\"ird\":1,\"tab\tbed\":2}"})
    EXPECT_FALSE(flat(json, r)) << json;
  EXPECT_TRUE(flat("{\"id\":\"P1\",\"\xe5\x90\x8d\xe5\xad\x97\":3}", r));
}

TEST_F(JsonFlatRecordTest, DeclinesWhatOnlyTheGeneralReaderHandlesOrReports) {
  const char* cases[] = {
      R"({"id":"P\"1"})",                   // an escape
      R"({"id":"P1","age":1e2})",           // an exponent
      R"({"id":"P1","agee":1})",            // an unknown key
      R"({"id":"P1","age":1,"age":2})",     // a key given twice
      R"({"age":1})",                       // a required field absent
      R"({"id":null})",                     // … or null
      R"({"id":"P1","age":1.5})",           // not an integer
      R"({"id":"P1","age":01})",            // not JSON
      R"({"id":"P1","income":1.1234567})",  // 7 decimal places
      R"({"id":"P1","age":"12.5"})",        // not an integer, in a string
      R"({"id":"P1","income":"1e3"})",      // not a decimal, in a string
      R"({"id":"P1","pension":" 1"})",
      R"({"id":"P1","income":"1."})",
      R"({"id":"P1","income":12345678901234567890})",  // out of range
      R"({"id":"P1","married":"true"})",               // a string for a boolean
      R"({"id":"P1","group":"dibo"})",                 // not an enum value
      R"({"id":"P1","groups":["dibao",null]})",
      R"({"id":"P1","groups":"dibao"})",
      R"({"id":"P1"} x)",
      R"({"id":"P1",})",
      R"([{"id":"P1"}])",
      "\xEF\xBB\xBF{\"id\":\"P1\"}",  // a byte-order mark
      "{\"id\":\"P\xC0\x80\"}",       // invalid UTF-8
      "{\"id\":\"P\t1\"}",            // a control character
      R"({"id":"P1")",
      R"({"id":"P1","ag":1})",                        // a prefix of the next key
      R"({"id":"P1","ages":1})",                      // the next key and more
      R"({"id":"P1","birth_date":"2023-02-29"})",     // no such day
      R"({"id":"P1","city":"abcdefgh\ijk"})",         // a backslash past the first 8 bytes
      "{\"id\":\"P1\",\"city\":\"abcdefghij\x01\"}",  // a control byte past them
      "{\"id\":\"P1\",\"city\":\"abcdefghij\xff\"}",  // an invalid byte past them
  };
  for (const char* json : cases) {
    Record r;
    EXPECT_FALSE(flat(json, r)) << json;
  }
}

TEST_F(JsonFlatRecordTest, ErrorsStillComeFromTheGeneralReaderWithTheirPositions) {
  Record r;
  try {
    read_json_record(model, kPerson, R"({"id":"P1", "age":1.5})", r);
    FAIL() << "no error";
  } catch (const RecordError& e) {
    EXPECT_EQ(e.field, "age");
    EXPECT_EQ(e.reason, "not an integer");
    EXPECT_EQ(e.column, 19u);
  }
}

}  // namespace
}  // namespace entitle
