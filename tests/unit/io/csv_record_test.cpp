#include "io/csv_record.hpp"

#include <gtest/gtest.h>

#include <string>

#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

constexpr const char* kRules = R"(
ruleset: {name: csv-test, version: "1"}
enums:
  group: {values: [dibao, tekun, wubao]}
entities:
  person:
    fields:
      id: {type: string, required: true}
      birth_date: {type: date}
      wage: {type: money, default: "0.00"}
      months: {type: int}
      local: {type: bool}
      groups: {type: list<group>, default: []}
      note: {type: string}
)";

class CsvRecordTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
    ASSERT_TRUE(r) << r.diagnostics.to_string();
    rs = r.ruleset;
    entity = *rs->entity("person");
  }
  const Model& model() const { return rs->model(); }
  CsvLayout header(std::string_view text) { return read_csv_header(model(), entity, text); }
  Value field(const Record& r, const char* name) {
    return r.values()[*model().schemas[entity].slot_of(name)];
  }
  RecordError error_of(std::string_view head, std::string_view row, uint32_t line = 2) {
    const CsvLayout layout = header(head);
    Record r;
    try {
      read_csv_record(model(), layout, row, line, r);
    } catch (const RecordError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for " << row;
    return RecordError("", "", "");
  }

  std::shared_ptr<const RuleSet> rs;
  uint32_t entity = 0;
};

TEST_F(CsvRecordTest, ReadsEveryTypeFromText) {
  const CsvLayout layout = header("note,id,birth_date,wage,months,local,groups");
  Record r;
  read_csv_record(model(), layout, "\"a, \"\"b\"\"\nc\",P1,1964-07-01,4321.07,12,true,dibao;wubao",
                  2, r);
  EXPECT_EQ(field(r, "id").as_string(), "P1");
  EXPECT_EQ(field(r, "note").as_string(), "a, \"b\"\nc");
  EXPECT_EQ(field(r, "birth_date").as_date(), Date::from_ymd(1964, 7, 1));
  EXPECT_EQ(field(r, "wage").as_decimal(), *Decimal::parse("4321.07"));
  EXPECT_EQ(field(r, "months").as_decimal(), Decimal::from_int(12));
  EXPECT_TRUE(field(r, "local").boolean);
  ASSERT_EQ(field(r, "groups").size, 2u);
  EXPECT_EQ(field(r, "groups").items[1].enumeration, 2u);
}

TEST_F(CsvRecordTest, EmptyCellsAreAbsent) {
  const CsvLayout layout = header("id,wage,months,groups,note");
  Record r;
  read_csv_record(model(), layout, "P1,,,,\"\"", 2, r);
  EXPECT_EQ(field(r, "wage").as_decimal(), Decimal());  // the default
  EXPECT_TRUE(field(r, "months").is_missing());
  EXPECT_EQ(field(r, "groups").size, 0u);
  EXPECT_EQ(field(r, "note").kind, ValueKind::string);  // "" is an empty string
  EXPECT_TRUE(field(r, "birth_date").is_missing());     // no column at all
  EXPECT_EQ(error_of("id,wage", ",1.00").reason, "required field is missing");
}

TEST_F(CsvRecordTest, ErrorsNameFieldLineAndColumn) {
  RecordError e = error_of("id,birth_date", "P1,1950-02-30", 7);
  EXPECT_EQ(e.field, "birth_date");
  EXPECT_EQ(e.value, "1950-02-30");
  EXPECT_EQ(e.reason, "not a date (YYYY-MM-DD)");
  EXPECT_EQ(e.line, 7u);
  EXPECT_EQ(e.column, 4u);
  e = error_of("id,groups", "P1,dibao;bogus");
  EXPECT_EQ(e.field, "groups[1]");
  e = error_of("id,months", "P1,1.5");
  EXPECT_EQ(e.reason, "not an integer");
  e = error_of("id,local", "P1,yes");
  EXPECT_EQ(e.reason, "expected true or false");
  e = error_of("id,wage", "P1,1.1234567");
  EXPECT_EQ(e.reason, "more than 6 decimal places");
}

TEST_F(CsvRecordTest, CellCountsAndQuotingAreChecked) {
  EXPECT_EQ(error_of("id,wage", "P1").reason, "the row has 1 cell but the header has 2 cells");
  EXPECT_EQ(error_of("id,wage", "P1,1,2").reason, "more cells than the header's 2");
  EXPECT_EQ(error_of("id,note", "P1,a\"b").column, 5u);
  EXPECT_EQ(error_of("id,note", "P1,\"ab\"c").reason, "text after a closing quote");
  EXPECT_EQ(error_of("id,note", "\"P1\n\",\"x").line, 3u);  // positions count lines
}

TEST_F(CsvRecordTest, HeaderProblemsAreErrors) {
  try {
    header("id,birthdate");
    FAIL();
  } catch (const RecordError& e) {
    EXPECT_EQ(e.reason, "unknown column 'birthdate' (did you mean 'birth_date'?)");
    EXPECT_EQ(e.column, 4u);
  }
  EXPECT_THROW(header("id,id"), RecordError);
  EXPECT_THROW(header("wage"), RecordError);  // required id has no column
}

TEST(CsvScan, SplitsRowsAtLineEndsOutsideQuotes) {
  CsvScan s = scan_csv_record("a,b\r\nc", false);
  EXPECT_EQ(s.kind, CsvScan::Kind::row);
  EXPECT_EQ(s.length, 3u);
  EXPECT_EQ(s.consumed, 5u);
  s = scan_csv_record("a,\"b\nc\"\nd", false);
  EXPECT_EQ(s.kind, CsvScan::Kind::row);
  EXPECT_EQ(s.length, 7u);
  EXPECT_EQ(s.lines, 2u);
  EXPECT_EQ(scan_csv_record("a,\"b\nc", false).kind, CsvScan::Kind::need_more);
  EXPECT_EQ(scan_csv_record("a,b", false).kind, CsvScan::Kind::need_more);
  EXPECT_EQ(scan_csv_record("a,b", true).kind, CsvScan::Kind::row);
}

TEST(CsvScan, AStrayQuoteRejectsOneLine) {
  // The quote opened on line 1 closes on line 2, where text follows it: line 1 alone is bad.
  CsvScan s = scan_csv_record("a,\"b\nc\"d\ne\n", true);
  EXPECT_EQ(s.kind, CsvScan::Kind::malformed);
  EXPECT_EQ(s.reason, "unterminated quoted cell");
  EXPECT_EQ(s.length, 4u);
  EXPECT_EQ(s.consumed, 5u);
  EXPECT_EQ(s.column, 3u);
  s = scan_csv_record("a\"b,c\nd\n", true);
  EXPECT_EQ(s.kind, CsvScan::Kind::malformed);
  EXPECT_EQ(s.length, 5u);
  s = scan_csv_record("a,\"b\nc\nd\n", true, 4);  // not closed within 4 bytes
  EXPECT_EQ(s.kind, CsvScan::Kind::malformed);
  EXPECT_EQ(s.consumed, 5u);
}

}  // namespace
}  // namespace entitle
