// The CSV fast path against the general one, case by case: CellParser against
// parse_field_text, parse_date_fast against Date::parse, EnumLookup against EnumDef::index_of,
// and whole rows through read_csv_record against read_csv_record_general (same record, or the
// same error at the same position). A fast path that takes something differently fails here.
#include "io/cell_parse.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/csv_record.hpp"
#include "io/field_text.hpp"
#include "io/value_format.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: cell-parse-test, version: "1"}
enums:
  group: {values: [dibao, tekun, wubao, low_income_edge, a, ab, ba, 低保, "x y"]}
entities:
  person:
    fields:
      id: {type: string, required: true}
      birth_date: {type: date}
      start: {type: month}
      wage: {type: money, default: "0.00"}
      rate: {type: decimal}
      months: {type: int}
      local: {type: bool}
      group: {type: group}
      groups: {type: list<group>, default: []}
      dates: {type: list<date>}
      note: {type: string}
      town: {type: string, default: "滕州"}
)";

class CellParseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
    ASSERT_TRUE(r) << r.diagnostics.to_string();
    rs = r.ruleset;
    entity = *rs->entity("person");
  }
  const Model& model() const { return rs->model(); }
  const FieldDef& field(const char* name) const {
    const RecordSchema& s = model().schemas[entity];
    return s.fields[*s.slot_of(name)];
  }
  std::string json(const Value& v, const Type& t) const {
    std::string out;
    append_json(out, v, t, model());
    return out;
  }
  // The record as JSON, field by field, to compare two reads.
  std::string dump(const Record& r) const {
    std::string out;
    const RecordSchema& s = model().schemas[entity];
    for (size_t i = 0; i < s.fields.size(); ++i) {
      out += s.fields[i].name + "=";
      append_json(out, r.values()[i], s.fields[i].type, model());
      out += ' ';
    }
    return out;
  }
  // Reads `row` both ways; returns the record dump or "error: <what>".
  std::string read(const CsvLayout& layout, std::string_view row, bool general) const {
    Record r;
    try {
      if (general)
        read_csv_record_general(model(), layout, row, 7, r);
      else
        read_csv_record(model(), layout, row, 7, r);
    } catch (const RecordError& e) {
      return std::string("error: ") + e.what() + " | " + dump(r);
    }
    return dump(r);
  }

  std::shared_ptr<const RuleSet> rs;
  uint32_t entity = 0;
};

const std::vector<std::string> kTexts = {"",
                                         "0",
                                         "1",
                                         "-1",
                                         "+1",
                                         "-0",
                                         "12",
                                         "12.0",
                                         "12.5",
                                         "-12.50",
                                         "0.000001",
                                         "0.0000001",
                                         "1.0000000",
                                         "1.1234567",
                                         "123456789012",
                                         "1234567890123",
                                         "-999999999999.999999",
                                         "9223372036854.775807",
                                         "9223372036854.775808",
                                         "00012",
                                         "1.",
                                         ".5",
                                         "-",
                                         "--1",
                                         "1e3",
                                         "1,5",
                                         " 1",
                                         "1 ",
                                         "0x10",
                                         "１２",
                                         "true",
                                         "false",
                                         "True",
                                         "TRUE",
                                         "tru",
                                         "truee",
                                         "yes",
                                         "2024-07-01",
                                         "2024-02-29",
                                         "2023-02-29",
                                         "2000-02-29",
                                         "1900-02-29",
                                         "1400-01-01",
                                         "1399-12-31",
                                         "9999-12-31",
                                         "0000-01-01",
                                         "2024-13-01",
                                         "2024-00-10",
                                         "2024-01-00",
                                         "2024-01-32",
                                         "2024-04-31",
                                         "2024-4-01",
                                         "2024/07/01",
                                         "20240701",
                                         "2024-07-01 ",
                                         "2024-07-0x",
                                         "２０２４-07-01",
                                         "2024-07",
                                         "2024-7",
                                         "1400-01",
                                         "9999-12",
                                         "2024-13",
                                         "dibao",
                                         "tekun",
                                         "wubao",
                                         "low_income_edge",
                                         "a",
                                         "ab",
                                         "ba",
                                         "b",
                                         "abc",
                                         "Dibao",
                                         "dibao ",
                                         "低保",
                                         "低",
                                         "x y",
                                         "x",
                                         "滕州",
                                         "a\"b",
                                         "\xff",
                                         "P00000001"};

TEST_F(CellParseTest, CellParserTakesWhatParseFieldTextTakesTheSameWay) {
  size_t taken = 0;
  for (const char* name : {"id", "birth_date", "start", "wage", "rate", "months", "local", "group",
                           "groups", "dates"}) {
    const FieldDef& f = field(name);
    const CellParser parser(model(), f.type);
    EXPECT_EQ(parser.list(), f.type.is_list()) << name;
    const Type t = f.type.is_list() ? f.type.element_type() : f.type;
    for (const std::string& text : kTexts) {
      ValueStore store;
      Value fast, general;
      std::string why;
      if (!parser.parse(text, store, fast)) continue;  // declined: the general path decides
      ++taken;
      ASSERT_TRUE(parse_field_text(model(), t, text, store, general, why))
          << name << ": the fast path took '" << text
          << "', which the general one rejects: " << why;
      EXPECT_EQ(json(fast, t), json(general, t)) << name << " '" << text << "'";
    }
  }
  EXPECT_GT(taken, 60u);  // the fast path does take the common cells
}

TEST_F(CellParseTest, FastDatesAreDateParseForEveryDayInTheRangeEdges) {
  const auto check = [](int year, int month, int day) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    const auto fast = parse_date_fast(text);
    const auto general = Date::parse(text);
    ASSERT_EQ(fast.has_value(), general.has_value()) << text;
    if (fast) ASSERT_EQ(fast->days, general->days) << text;
  };
  for (int year = 1395; year <= 9999; ++year) {
    const bool edge = year < 1420 || (year > 1890 && year < 2110) || year > 9980;
    for (int month = 0; month <= 13; ++month)
      for (int day = 0; day <= 32; ++day)
        if (edge || day <= 1 || day >= 28) check(year, month, day);
  }
  for (const std::string& text : kTexts)
    EXPECT_EQ(parse_date_fast(text).has_value(), Date::parse(text).has_value()) << text;
}

TEST_F(CellParseTest, FastDecimalsAreDecimalParseWhereTheyTakeTheText) {
  std::vector<std::string> texts = kTexts;
  for (const char* t : {"999999999999", "-999999999999.999999", "0.1", "0.12", "0.123", "0.1234",
                        "0.12345", "0.123456", "-0.000001", "4321.07", "90", "0.00"})
    texts.push_back(t);
  size_t taken = 0;
  for (const std::string& text : texts) {
    const auto fast = parse_decimal_fast(text);
    const auto general = Decimal::parse(text);
    if (!fast) continue;
    ++taken;
    ASSERT_TRUE(general.has_value()) << text;
    EXPECT_EQ(fast->raw(), general->raw()) << text;
  }
  EXPECT_GE(taken, 25u);
}

TEST_F(CellParseTest, EnumLookupFindsWhatIndexOfFinds) {
  EnumDef e;
  e.values = {"dibao", "tekun", "wubao", "a", "ab", "ba", "低保", "dibao", ""};  // a repeat
  const EnumLookup lookup(e);
  std::vector<std::string> texts = kTexts;
  texts.push_back("");
  for (const std::string& text : texts)
    EXPECT_EQ(lookup.find(text), e.index_of(text)) << "'" << text << "'";
  EXPECT_EQ(lookup.find("dibao"), 0u);  // the first of a repeated name, as index_of
  for (const EnumDef& def : model().enums) {
    const EnumLookup l(def);
    for (uint32_t i = 0; i < def.values.size(); ++i) EXPECT_EQ(l.find(def.values[i]), i);
  }
}

TEST_F(CellParseTest, RowsReadTheSameThroughTheFastAndGeneralPaths) {
  const CsvLayout layout = read_csv_header(
      model(), entity, "id,birth_date,start,wage,rate,months,local,group,groups,dates,note");
  const std::vector<std::string> rows = {
      "P1,1964-07-01,2024-07,4321.07,0.5,12,true,dibao,dibao;wubao,2024-01-01;2024-02-29,hi",
      "P2,,,,,,,,,,",          // every optional cell empty
      ",1964-07-01,,,,,,,,,",  // the required id empty
      "P3,1964-07-01,2024-07,-4321.075,-0.000001,-12,false,tekun,低保,,滕州 北辛",
      "P4,1964-07-01,,123456789012.123456,999999999999,0,true,x y,a;ab;ba,,",
      "P5,1964-07-01,,1234567890123,1.1234567,12.5,true,a,,,",  // too long, too many places
      "P6,2023-02-29,,,,,,,,,",                                 // no such day
      "P7,1964-7-01,,,,,,,,,",
      "P8,1964-07-01,2024-13,,,,,,,,",
      "P9,1964-07-01,,+5,,,,,,,",     // '+': the general path takes it
      "P10,1964-07-01,,,,12.0,,,,,",  // an integral int with places
      "P11,1964-07-01,,,,,yes,,,,",
      "P12,1964-07-01,,,,,,Dibao,,,",
      "P13,1964-07-01,,,,,,,dibao;;wubao,,",  // an empty list element
      "P14,1964-07-01,,,,,,,dibao;,,",
      "P15,1964-07-01,,,,,,,,2024-01-01;2024-02-30,",
      "P16,1964-07-01,,,,,,,,,,",  // one cell too many
      "P17,1964-07-01,,,,,,,,",    // one cell short
      "P18",
      "\"P19\",1964-07-01,,\"4,321.07\",,,,,,,\"say \"\"hi\"\"\"",  // quoted cells
      "P20,1964-07-01,,,,,,,,,\"\"",                                // a quoted empty string
      "P21,1964-07-01,,,,,,,,,a\"b",                                // a quote in an unquoted cell
      "P22,1964-07-01,,,,,,,,,\"open",
      "P23,1964-07-01,,,,,,,,,caf\xc3\xa9 \xe6\xbb\x95\xe5\xb7\x9e",  // non-ASCII
      "P24,1964-07-01,,,,,,,,,bad \xff byte",
      std::string("P25,1964-07-01,,,,,,,,,nul ") + '\0' + " byte",
      "P26,1964-07-01,,,,,,\xe4\xbd\x8e\xe4\xbf\x9d,,,",  // 低保 as an enum value
      "P27,1964-07-01,,0.00,00012,0012,false,low_income_edge,,,",
      "P28,1964-07-01,,9223372036854.775807,9223372036854.775808,,,,,,",
  };
  for (const std::string& row : rows)
    EXPECT_EQ(read(layout, row, false), read(layout, row, true)) << row;
  // A different column order, and columns left out (their defaults apply).
  const CsvLayout some = read_csv_header(model(), entity, "groups,note,id,months");
  for (const std::string& row :
       {std::string("dibao,x,P1,3"), std::string(",,P2,"), std::string("tekun;a,\"q,\",P3,-3")})
    EXPECT_EQ(read(some, row, false), read(some, row, true)) << row;
  EXPECT_EQ(read(layout, rows[0], false).rfind("error", 0), std::string::npos);
}

TEST_F(CellParseTest, CellsAreFoundWhereverTheirCommasFallInTheEightByteWords) {
  // The fast path finds commas eight bytes at a time: shift every comma through each byte of
  // a word, follow commas by '-' (a byte the zero-byte trick could mistake for a ',' next to
  // a real one), put non-ASCII text before some, and make rows of several hundred bytes.
  const CsvLayout layout = read_csv_header(
      model(), entity, "id,birth_date,start,wage,rate,months,local,group,groups,dates,note");
  for (size_t shift = 0; shift < 16; ++shift) {
    const std::string pad(shift, 'x');
    for (const std::string& id : {"P" + pad, "P\xc3\xa9" + pad}) {
      const std::vector<std::string> rows = {
          id + ",1964-07-01,2024-07,-4321.07,-0.5,-12,true,dibao,dibao;wubao,2024-01-01,hi",
          id + ",,,,-0.5,-1,,,,,-",
          id + ",1964-07-01,,,,,,,,,a,b",  // one cell too many
          id + ",1964-07-01,,,,,,,,",      // one cell short
          id + ",,,,,,,,,," + std::string(shift, ','),
      };
      for (const std::string& row : rows)
        EXPECT_EQ(read(layout, row, false), read(layout, row, true)) << row;
      EXPECT_EQ(read(layout, rows[0], false).rfind("error", 0), std::string::npos) << rows[0];
      EXPECT_EQ(read(layout, rows[1], false).rfind("error", 0), std::string::npos) << rows[1];
    }
  }
  const std::string tail = ",1964-07-01,2024-07,-4321.07,-0.5,-12,true,dibao,dibao;wubao,,";
  for (size_t length : {500, 511, 512, 513, 520, 600})
    for (const std::string& row :
         {"P" + std::string(length, 'x') + tail + "hi", "P" + tail + std::string(length, 'y'),
          "P" + tail + std::string(length, 'y') + ",z"}) {
      EXPECT_EQ(read(layout, row, false), read(layout, row, true)) << row;
      EXPECT_EQ(read(layout, row, false).rfind("error", 0) == 0, row.back() == 'z') << row;
    }
  std::string many = "P1";
  for (int i = 0; i < 600; ++i) many += ",";
  EXPECT_EQ(read(layout, many, false), read(layout, many, true));
}

TEST_F(CellParseTest, ShortRowsFindEveryCommaInTheirSixteenByteMasks) {
  // Rows of up to 128 bytes have their commas found 16 bytes at a time before the cells are
  // read (the last, partial 16 bytes through a load that ends with the row): rows of every
  // length from 0 to 140, with each comma moved through every byte around the 16-, 64- and
  // 128-byte boundaries, and rows with one cell too many or too few.
  const CsvLayout layout = read_csv_header(
      model(), entity, "id,birth_date,start,wage,rate,months,local,group,groups,dates,note");
  // No month ("start"): the fast path declines months, and these rows must take it.
  const std::string cells = ",1964-07-01,,-4321.07,-0.5,-12,true,dibao,dibao;wubao,,";
  size_t fast_rows = 0;
  for (size_t length = 0; length <= 140; ++length) {
    const std::string id = "P" + std::string(length, 'x');
    for (const std::string& row :
         {id + cells + "hi", "P" + cells + std::string(length, 'y'),
          "P" + cells + std::string(length, 'y') + ",z", "P" + cells.substr(0, cells.size() - 1),
          std::string(length, ','), id.substr(0, length)}) {
      const std::string fast = read(layout, row, false);
      EXPECT_EQ(fast, read(layout, row, true)) << row;
      if (fast.rfind("error", 0) != 0) ++fast_rows;
    }
  }
  EXPECT_GT(fast_rows, 200u);
}

TEST_F(CellParseTest, EveryByteOfARowIsCheckedWhereverItFallsInTheSixteenByteLoads) {
  // Rows are checked for NULs, invalid UTF-8 and quotes 16 bytes at a time, the last 16
  // through a load that ends with the row: put each such byte at every position of ids of
  // 1 to 70 bytes (the row's only cell but for empty ones), and a valid 2-byte character too.
  const CsvLayout layout = read_csv_header(model(), entity, "id,note");
  for (size_t length = 1; length <= 70; ++length) {
    for (size_t at = 0; at < length; ++at) {
      for (const std::string& odd : {std::string(1, '\0'), std::string("\xff"), std::string("\""),
                                     std::string("\xc3\xa9")}) {
        std::string row = std::string(length, 'x') + ",";
        row.replace(at, 1, odd);
        const std::string fast = read(layout, row, false);
        EXPECT_EQ(fast, read(layout, row, true)) << length << " " << at;
        if (odd[0] == '\0')
          EXPECT_NE(fast.find("NUL byte"), std::string::npos) << length << " " << at;
        else if (odd == "\xff")
          EXPECT_NE(fast.find("invalid UTF-8 byte 0xFF"), std::string::npos) << length << " " << at;
        else if (odd == "\"")
          EXPECT_EQ(fast.rfind("error", 0), 0u) << length << " " << at;  // a stray quote
        else
          EXPECT_EQ(fast.find("error"), std::string::npos) << length << " " << at << fast;
      }
    }
  }
}

}  // namespace
}  // namespace entitle
