// Hostile input costs linear time (issue "Hostile input costs linear time"): every reader of
// outside JSON, JSON Lines and CSV input, fed the same hostile shape at n and 4n, takes less
// than 6 times as long at 4n (linear is about 4, quadratic 16; linear_time.hpp). Each test
// also checks the answer, so a reader that got fast by skipping work fails. The REST body
// is tests/server/hostile_body_test.cpp and hostile_test.py.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "batch/columns.hpp"
#include "batch/diff.hpp"
#include "batch/input.hpp"
#include "batch/run.hpp"
#include "io/batch_split.hpp"
#include "io/csv_record.hpp"
#include "io/json_record.hpp"
#include "entitle/record.hpp"
#include "entitle/ruleset.hpp"
#include "linear_time.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

namespace fs = std::filesystem;
using testing_time::expect_linear;

constexpr const char* kRules = R"(
ruleset: {name: complexity, version: "1"}
enums:
  group: {values: [dibao, tekun, wubao]}
records:
  period:
    fields:
      months: int
entities:
  person:
    fields:
      id: {type: string, required: true}
      age: {type: int}
      town: {type: string}
      group: {type: group}
      groups: {type: list<group>, default: []}
      history: {type: list<period>, default: []}
rules:
  - id: pension.aged
    title: {zh: 年满60周岁, en: Aged 60}
    citation: {document: test, section: "1"}
    entity: person
    effective: {from: 2019-01-01}
    when:
      all:
        - old: age >= 60
    outputs:
      amount: 100 * 1.5
)";

// The same rule set with a second rule, for diff.
std::string new_rules() {
  return std::string(kRules) + R"(
  - id: pension.young
    title: {zh: 未满60周岁, en: Under 60}
    citation: {document: test, section: "2"}
    entity: person
    effective: {from: 2019-01-01}
    when:
      all:
        - young: age < 60
    outputs:
      amount: 10
)";
}

std::shared_ptr<const RuleSet> load(const std::string& text) {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", text}});
  EXPECT_TRUE(r.ruleset) << r.diagnostics.to_string();
  return r.ruleset;
}

// The text for each size, built before anything is timed.
template <typename Make>
std::map<size_t, std::string> texts(size_t n, Make make) {
  return {{n, make(n)}, {4 * n, make(4 * n)}};
}

template <typename Part>
std::string joined(size_t n, const std::string& separator, Part part) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += separator;
    out += part(i);
  }
  return out;
}

class Complexity : public ::testing::Test {
 protected:
  void SetUp() override {
    rs = load(kRules);
    ASSERT_TRUE(rs);
    entity = *rs->entity("person");
  }
  const Model& model() const { return rs->model(); }

  // The RecordError of reading `text` as a JSON record.
  RecordError json_error(const std::string& text) {
    Record r;
    try {
      read_json_record(model(), entity, text, r);
    } catch (const RecordError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for a record of " << text.size() << " bytes";
    return RecordError("", "", "");
  }
  RecordError csv_header_error(const std::string& header) {
    try {
      read_csv_header(model(), entity, header);
    } catch (const RecordError& e) {
      return e;
    }
    ADD_FAILURE() << "no error for a header of " << header.size() << " bytes";
    return RecordError("", "", "");
  }

  std::shared_ptr<const RuleSet> rs;
  uint32_t entity = 0;
};

// --- JSON records (the engine's reader: C API, runner, REST records) --------------------

constexpr size_t kMembers = 20'000;

TEST_F(Complexity, JsonRecordWithManyUnknownMembersStopsAtTheFirst) {
  const auto in = texts(kMembers, [](size_t n) {
    return "{\"id\":\"P1\"," +
           joined(n, ",", [](size_t i) { return "\"f" + std::to_string(i) + "\":0"; }) + "}";
  });
  const RecordError e = json_error(in.at(kMembers));
  EXPECT_EQ(e.field, "f0");
  EXPECT_EQ(e.column, 12u);
  expect_linear("record {\"f0\":0,…}", kMembers, [&](size_t n) { json_error(in.at(n)); });
}

TEST_F(Complexity, JsonRecordWithOneKeyRepeatedStopsAtTheSecond) {
  const auto in = texts(kMembers, [](size_t n) {
    return "{" + joined(n, ",", [](size_t) { return std::string("\"age\":1"); }) + "}";
  });
  const RecordError e = json_error(in.at(kMembers));
  EXPECT_EQ(e.reason, "field given twice");
  EXPECT_EQ(e.column, 10u);
  expect_linear("record {\"age\":1,\"age\":1,…}", kMembers,
                [&](size_t n) { json_error(in.at(n)); });
}

TEST_F(Complexity, JsonRecordWithLongListsIsReadInLinearTime) {
  const auto in = texts(kMembers, [](size_t n) {
    return "{\"id\":\"P1\",\"groups\":[" +
           joined(n, ",", [](size_t) { return std::string("\"tekun\""); }) + "],\"history\":[" +
           joined(n, ",\n",
                  [](size_t i) { return "{\"months\":" + std::to_string(i % 100) + "}"; }) +
           "]}";
  });
  const auto read = [&](size_t n) {
    Record r;
    read_json_record(model(), entity, in.at(n), r);
    const auto& s = model().schemas[entity];
    EXPECT_EQ(r.values()[*s.slot_of("groups")].size, n);
    EXPECT_EQ(r.values()[*s.slot_of("history")].size, n);
  };
  expect_linear("record with lists of n elements", kMembers, read);
}

TEST_F(Complexity, JsonRecordErrorAfterManyLinesIsPlacedOnce) {
  // A nested record with an unknown member at the end of a long multi-line list.
  const auto in = texts(kMembers, [](size_t n) {
    return "{\"id\":\"P1\",\"history\":[\n" +
           joined(n, ",\n", [](size_t) { return std::string("{\"months\":1}"); }) +
           ",\n{\"months\":1,\"x\":0}]}";
  });
  const RecordError e = json_error(in.at(kMembers));
  EXPECT_EQ(e.field, "history[" + std::to_string(kMembers) + "].x");
  EXPECT_EQ(e.line, kMembers + 2);
  EXPECT_EQ(e.column, 13u);
  expect_linear("an error after n lines", kMembers, [&](size_t n) { json_error(in.at(n)); });
}

TEST_F(Complexity, JsonRecordLongKeysAndValuesAreEchoedShortened) {
  const std::map<size_t, std::string> keys =
      texts(kMembers * 8, [](size_t n) { return "{\"" + std::string(n, 'k') + "\":0}"; });
  const std::map<size_t, std::string> values = texts(kMembers * 8, [](size_t n) {
    return "{\"id\":\"P1\",\"group\":\"" + std::string(n, 'd') + "\"}";
  });
  const RecordError key = json_error(keys.at(kMembers * 8));
  EXPECT_LT(std::string(key.what()).size(), 400u) << key.what();
  EXPECT_NE(key.field.find("…"), std::string::npos);
  const RecordError value = json_error(values.at(kMembers * 8));
  EXPECT_LT(std::string(value.what()).size(), 400u) << value.what();
  expect_linear("a long unknown key", kMembers * 8, [&](size_t n) { json_error(keys.at(n)); });
  expect_linear("a long enum value", kMembers * 8, [&](size_t n) { json_error(values.at(n)); });
}

// --- batch inputs: JSON arrays of records, JSON Lines ----------------------------------

TEST_F(Complexity, JsonArrayOfRecordsIsCutInLinearTime) {
  const auto in = texts(kMembers, [](size_t n) {
    return "[" +
           joined(n, ",\n", [](size_t i) { return "{\"id\":\"P" + std::to_string(i) + "\"}"; }) +
           "]";
  });
  const auto spans = capi::split_json_array(in.at(kMembers));
  ASSERT_EQ(spans.size(), kMembers);
  EXPECT_EQ(spans.back().line, kMembers);
  EXPECT_EQ(spans.back().column, 1u);
  expect_linear("[{…},\n{…},…]", kMembers,
                [&](size_t n) { EXPECT_EQ(capi::split_json_array(in.at(n)).size(), n); });
}

TEST_F(Complexity, JsonLinesManyAndWideAreCutInLinearTime) {
  const auto many = texts(kMembers, [](size_t n) {
    return joined(n, "\n", [](size_t i) { return "{\"id\":\"P" + std::to_string(i) + "\"}"; });
  });
  const auto wide = texts(kMembers, [](size_t n) {
    return "{\"id\":\"P1\"," +
           joined(n, ",", [](size_t i) { return "\"f" + std::to_string(i) + "\":0"; }) + "}\n{}";
  });
  EXPECT_EQ(capi::split_json_lines(many.at(kMembers)).back().line, kMembers);
  expect_linear("n JSON lines", kMembers,
                [&](size_t n) { EXPECT_EQ(capi::split_json_lines(many.at(n)).size(), n); });
  expect_linear("a JSON line of n members", kMembers,
                [&](size_t n) { EXPECT_EQ(capi::split_json_lines(wide.at(n)).size(), 2u); });
}

// --- CSV -------------------------------------------------------------------------------

TEST_F(Complexity, CsvHeadersWithManyUnknownOrRepeatedColumnsStopAtTheFirst) {
  const auto unknown = texts(kMembers, [](size_t n) {
    return "id," + joined(n, ",", [](size_t i) { return "c" + std::to_string(i); });
  });
  const auto repeated = texts(
      kMembers, [](size_t n) { return joined(n, ",", [](size_t) { return std::string("id"); }); });
  const auto long_name = texts(kMembers * 8, [](size_t n) { return "id," + std::string(n, 'a'); });
  EXPECT_EQ(csv_header_error(unknown.at(kMembers)).field, "c0");
  EXPECT_EQ(csv_header_error(repeated.at(kMembers)).column, 4u);
  const RecordError e = csv_header_error(long_name.at(kMembers * 8));
  EXPECT_LT(std::string(e.what()).size(), 400u) << e.what();
  expect_linear("header id,c0,c1,…", kMembers, [&](size_t n) { csv_header_error(unknown.at(n)); });
  expect_linear("header id,id,…", kMembers, [&](size_t n) { csv_header_error(repeated.at(n)); });
  expect_linear("header with a long unknown name", kMembers * 8,
                [&](size_t n) { csv_header_error(long_name.at(n)); });
}

TEST_F(Complexity, CsvRowsWithManyCellsLongCellsAndQuotesAreReadInLinearTime) {
  const CsvLayout layout = read_csv_header(model(), entity, "id,town,groups");
  const auto cells = texts(kMembers, [](size_t n) {
    return "P1,x,dibao" + joined(n, "", [](size_t) { return std::string(",1"); });
  });
  const auto long_cell = texts(kMembers * 8, [](size_t n) {
    return "P1,\"" + joined(n / 4, "", [](size_t) { return std::string("a\"\",\n"); }) + "\"," +
           joined(n / 8, ";", [](size_t) { return std::string("dibao"); });
  });
  const auto read = [&](const std::string& text) {
    Record r;
    try {
      read_csv_record(model(), layout, text, 2, r);
    } catch (const RecordError& e) {
      return std::string(e.reason);
    }
    return std::string();
  };
  EXPECT_EQ(read(cells.at(kMembers)), "more cells than the header's 3");
  EXPECT_EQ(read(long_cell.at(kMembers * 8)), "");
  expect_linear("a row of n cells", kMembers, [&](size_t n) { read(cells.at(n)); });
  expect_linear("a long quoted cell and list", kMembers * 8,
                [&](size_t n) { EXPECT_EQ(read(long_cell.at(n)), ""); });
  expect_linear("scanning a row of many quoted lines", kMembers * 8, [&](size_t n) {
    const std::string& text = long_cell.at(n);
    EXPECT_EQ(scan_csv_record(text, true, text.size()).kind, CsvScan::Kind::row);
  });
}

// --- whole runs: batch (JSON Lines, summary by many groups), diff, --columns ------------

class ComplexityRun : public Complexity {
 protected:
  void SetUp() override {
    Complexity::SetUp();
    dir_ = fs::temp_directory_path() / ("entitle-complexity-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  fs::path dir_;
};

constexpr size_t kRows = 3'000;

TEST_F(ComplexityRun, SummaryByManyDistinctGroupsIsLinear) {
  // n distinct towns, and one town a long value: the table for people pads every line to
  // the widest cell, so that value is cut there (the summary CSV keeps it whole).
  std::map<size_t, std::string> inputs;
  for (const size_t n : {kRows, 4 * kRows}) {
    const std::string rows = joined(n, "\n", [](size_t i) {
      return "{\"id\":\"P" + std::to_string(i) + "\",\"age\":" + std::to_string(50 + i % 20) +
             ",\"town\":\"T" + std::to_string(i) + "\"}";
    });
    inputs[n] = write("in" + std::to_string(n) + ".jsonl",
                      rows + "\n{\"id\":\"L\",\"town\":\"" + std::string(n * 20, 'w') + "\"}\n");
  }
  const auto run_for = [&](size_t n) {
    batch::BatchJob job;
    job.as_of = *Date::parse("2024-07-01");
    job.in_path = inputs.at(n);
    job.out_path = path("out.csv");
    job.summary_by = "town";
    const batch::BatchCounts c = batch::run(rs, job);
    EXPECT_EQ(c.rows_out, n + 1);
    EXPECT_LT(c.summary_table.size(), (n + 10) * 200) << "the table grows with its widest cell";
    return c;
  };
  const batch::BatchCounts c = run_for(kRows);
  EXPECT_NE(c.summary_table.find("T2999 "), std::string::npos);
  expect_linear("--summary-by with n groups", kRows, [&](size_t n) { run_for(n); });
}

TEST_F(ComplexityRun, DiffOfManyRowsIsLinear) {
  const auto old_rs = rs;
  const auto new_rs = load(new_rules());
  ASSERT_TRUE(new_rs);
  std::map<size_t, std::string> inputs;
  for (const size_t n : {kRows, 4 * kRows})
    inputs[n] = write("d" + std::to_string(n) + ".csv",
                      "id,age,town\n" + joined(n, "\n", [](size_t i) {
                        return "P" + std::to_string(i) + "," + std::to_string(40 + i % 40) + ",T" +
                               std::to_string(i);
                      }) + "\n");
  const auto diff_for = [&](size_t n) {
    batch::DiffJob job;
    job.as_of = *Date::parse("2024-07-01");
    job.in_path = inputs.at(n);
    job.out_path = path("diff.jsonl");
    const batch::DiffCounts c = batch::diff(old_rs, new_rs, job);
    EXPECT_EQ(c.rows_compared, n);
  };
  expect_linear("diff of n rows", kRows, diff_for);
}

TEST_F(Complexity, ColumnsSpecOfManyColumnsIsLinear) {
  // Few enough columns that the set of names stays in cache at 4n: past that its lookups
  // slow by cache misses, not by the count of comparisons this test is about.
  constexpr size_t kColumns = 2'500;
  const auto specs = texts(kColumns, [](size_t n) {
    return joined(n, ",", [](size_t i) { return "c" + std::to_string(i) + "=id"; }) + ",c0=age";
  });
  const auto parse = [&](size_t n) {
    try {
      batch::parse_columns(model(), entity, specs.at(n));
      ADD_FAILURE() << "two columns named c0 accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("two columns are named 'c0'"), std::string::npos);
    }
  };
  expect_linear("--columns c0=id,c1=id,…", kColumns, parse);
}

}  // namespace
}  // namespace entitle
