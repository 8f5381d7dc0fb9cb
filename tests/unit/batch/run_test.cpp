// batch::run, the library entry point of `entitle batch`: counts, notes and summary come back
// instead of being printed, and every failure leaves no file under an output name.
#include "batch/run.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unistd.h>

#include "batch/input.hpp"

namespace entitle::batch {
namespace {

namespace fs = std::filesystem;

constexpr const char* kRules = R"(
ruleset: {name: run-test, version: "1"}
entities:
  person:
    fields:
      id: {type: string, required: true}
      age: {type: int}
      town: {type: string}
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

class RunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("entitle-run-test-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
    ASSERT_TRUE(r.ruleset) << r.diagnostics.items().size();
    rules_ = r.ruleset;
    job_.as_of = *Date::parse("2024-07-01");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  static std::string read(const std::string& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  fs::path dir_;
  std::shared_ptr<const RuleSet> rules_;
  BatchJob job_;
};

TEST_F(RunTest, EveryRowIsOutputOrRejectedAndNothingIsPrinted) {
  job_.in_path = write("in.csv", "id,age,town\nA,70,North\nB,x,South\nC,30,North\n");
  job_.out_path = path("out.csv");
  job_.columns = "id, pension.aged.status, amount=pension.aged.amount";
  job_.summary_by = "town";
  job_.threads = 2;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  const BatchCounts c = run(rules_, job_);
  EXPECT_EQ(testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  EXPECT_EQ(c.rows_in, 3u);
  EXPECT_EQ(c.rows_out, 2u);
  EXPECT_EQ(c.rows_rejected, 1u);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("in.csv:3"), std::string::npos) << c.notes[0];
  EXPECT_TRUE(c.rejects_written);
  EXPECT_EQ(c.rejects_path, path("out.rejects.csv"));
  EXPECT_EQ(read(path("out.csv")),
            "id,pension.aged.status,amount\nA,eligible,150\nC,not_eligible,\n");
  EXPECT_EQ(c.summary_path, path("out.summary.csv"));
  EXPECT_EQ(c.summary_name, "town");
  EXPECT_NE(c.summary_table.find("(all)"), std::string::npos);
  EXPECT_NE(read(c.summary_path).find("North,2,1,1,0,0"), std::string::npos)
      << read(c.summary_path);
}

TEST_F(RunTest, NoRejectsFileUnlessNamedOrNeeded) {
  job_.in_path = write("in.csv", "id,age\nA,70\n");
  job_.out_path = path("out.jsonl");
  const BatchCounts c = run(rules_, job_);
  EXPECT_EQ(c.rows_rejected, 0u);
  EXPECT_FALSE(c.rejects_written);
  EXPECT_FALSE(fs::exists(path("out.rejects.csv")));
  job_.rejects_path = path("named.csv");
  EXPECT_TRUE(run(rules_, job_).rejects_written);
  EXPECT_EQ(read(path("named.csv")), "line,field,reason,record\n");
}

TEST_F(RunTest, MissingInputIsAFileErrorAndRemovesTheOldOutputNever) {
  job_.in_path = path("missing.csv");
  job_.out_path = write("out.csv", "old\n");
  try {
    run(rules_, job_);
    FAIL() << "no exception";
  } catch (const FileError& e) {
    EXPECT_EQ(e.path, path("missing.csv"));
    EXPECT_NE(std::string(e.what()).find("cannot read the input file"), std::string::npos);
  }
  // Nothing was started, so the previous output is untouched.
  EXPECT_EQ(read(path("out.csv")), "old\n");
}

TEST_F(RunTest, HeaderErrorCarriesItsPosition) {
  job_.in_path = write("in.csv", "id,agee\nA,70\n");
  job_.out_path = path("out.csv");
  try {
    run(rules_, job_);
    FAIL() << "no exception";
  } catch (const HeaderError& e) {
    EXPECT_EQ(e.path, job_.in_path);
    EXPECT_EQ(e.line, 1u);
    EXPECT_EQ(e.column, 4u);
    EXPECT_NE(e.reason.find("agee"), std::string::npos) << e.reason;
  }
  EXPECT_FALSE(fs::exists(path("out.csv")));
}

TEST_F(RunTest, BadJobsAreInvalidArguments) {
  job_.in_path = write("in.csv", "id,age\nA,70\n");
  job_.out_path = path("out.csv");
  job_.columns = "id, nope";
  EXPECT_THROW(run(rules_, job_), std::invalid_argument);
  job_.columns.clear();
  job_.threads = 0;
  EXPECT_THROW(run(rules_, job_), std::invalid_argument);
  job_.threads = 1;
  job_.out_path = job_.in_path;
  EXPECT_THROW(run(rules_, job_), std::invalid_argument);
  EXPECT_THROW(run(nullptr, job_), std::invalid_argument);
  // None of them wrote anything.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

}  // namespace
}  // namespace entitle::batch
