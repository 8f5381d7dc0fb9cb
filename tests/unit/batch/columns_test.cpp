// RowWriter::append (values written straight into reserved room) against append_general (the
// general formatting functions, value by value), on the screening-2024 rule set: whole rows,
// CSV and JSON Lines, for persons whose values need quoting, escapes, lists and missing values.
#include "batch/columns.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/json_record.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle::batch {
namespace {

const char* const kPersons[] = {
    R"({"id":"P1","birth_date":"1962-03-04","sex":"M","hukou_local":true,"township":"Nanhu",)"
    R"("groups":["dibao"],"employment":"farmer","resident_pension_enrolled":true,)"
    R"("employee_pension_enrolled":false,"receiving_pension":false,"contribution_months":90,)"
    R"("monthly_wage":"0.00"})",
    R"({"id":"P,2 \"q\"","birth_date":"1990-12-31","sex":"F","township":"滕州, 北辛",)"
    R"("employment":"flexible","contribution_months":12,"monthly_wage":"5123.455"})",
    R"({"id":"P3\ttab\nline","birth_date":"1958-02-28","groups":["dibao","tekun"],)"
    R"("monthly_wage":"-1.005"})",
    R"({"id":"P4","birth_date":"1964-07-01","hukou_local":false,"contribution_months":0})",
};

const char* const kSpecs[] = {
    "",  // the default columns
    "id,age,hardship_pension_60=resident_pension.hardship_60.eligible,"
    "hardship_pension_start=resident_pension.hardship_60.start_date,"
    "backpay_60=resident_pension.backpay_60.eligible,"
    "backpay_months=resident_pension.backpay_60.backpay_months,"
    "subsidy_amount=resident_pension.subsidised_contribution.subsidy_amount,"
    "contribution_base=contribution.base.base",
    "id,sex,township,groups,birth_date,monthly_wage,hukou_local,contribution_months,employment,"
    "s=resident_pension.hardship_60.status",
    "township,sex,birth_date",  // no list: the fast path for the whole row
};

TEST(RowWriter, AppendWritesWhatTheGeneralPathWrites) {
  LoadResult loaded = RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024");
  ASSERT_TRUE(loaded.ruleset);
  const std::shared_ptr<const RuleSet> rules = loaded.ruleset;
  const Model& m = rules->model();
  const uint32_t entity = *rules->default_entity();
  Evaluator ev(rules);
  const Date as_of = *Date::parse("2024-07-01");
  size_t rows = 0;
  for (const char* spec : kSpecs) {
    for (const Format format : {Format::csv, Format::jsonl}) {
      std::vector<Column> columns =
          *spec ? parse_columns(m, entity, spec) : default_columns(m, entity);
      const RowWriter writer(m, entity, std::move(columns), format, false);
      EvalOptions options;
      options.rules = writer.rules();
      std::string fast = "kept", general = "kept";
      for (const char* person : kPersons) {
        Record record;
        read_json_record(m, entity, person, record);
        const Decisions& d = ev.evaluate(record, as_of, options);
        writer.append(fast, record, ev, d);
        writer.append_general(general, record, ev, d);
        ++rows;
      }
      EXPECT_EQ(fast, general) << "columns '" << spec << "'";
      EXPECT_GT(fast.size(), 40u);
    }
  }
  EXPECT_EQ(rows, 32u);
}

// The row is written into a per-thread buffer that grows when a cell does not fit: ids from
// 1 to 400,000 bytes, after a cell and before others, in increasing size so that the buffer
// grows in the middle of a row (keeping what it holds), with quotes and control characters
// (CSV quoting, JSON's \u00XX escapes at six bytes per byte).
TEST(RowWriter, LongCellsGrowTheRowBufferInTheMiddleOfARow) {
  LoadResult loaded = RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024");
  ASSERT_TRUE(loaded.ruleset);
  const std::shared_ptr<const RuleSet> rules = loaded.ruleset;
  const Model& m = rules->model();
  const uint32_t entity = *rules->default_entity();
  Evaluator ev(rules);
  const Date as_of = *Date::parse("2024-07-01");
  for (const Format format : {Format::csv, Format::jsonl}) {
    const RowWriter writer(m, entity, parse_columns(m, entity, "township,id,sex,again=id,age"),
                           format, false);
    EvalOptions options;
    options.rules = writer.rules();
    for (const size_t n : {size_t{1}, size_t{700}, size_t{5000}, size_t{60000}, size_t{300000}}) {
      std::string escaped;
      for (size_t i = 0; i < n; ++i) escaped += i % 3 == 0 ? "a" : i % 3 == 1 ? "\\u0001" : "\\\",";
      const std::string person =
          R"({"id":")" + escaped + R"(","birth_date":"1962-03-04","sex":"M","township":"Nanhu"})";
      Record record;
      read_json_record(m, entity, person, record);
      const Decisions& d = ev.evaluate(record, as_of, options);
      std::string fast = "kept", general = "kept";
      writer.append(fast, record, ev, d);
      writer.append_general(general, record, ev, d);
      EXPECT_EQ(fast, general) << n << " bytes";
      EXPECT_GT(fast.size(), 2 * n) << n << " bytes";
    }
  }
}

}  // namespace
}  // namespace entitle::batch
