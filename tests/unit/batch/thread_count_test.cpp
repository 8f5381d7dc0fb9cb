// The default thread count of `entitle batch`, `entitle diff` and the C API's batch calls: one
// per core, but never more than a run accepts, so the default cannot fail on a big host.
#include "batch/thread_count.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "batch/run.hpp"

namespace entitle::batch {
namespace {

namespace fs = std::filesystem;

TEST(DefaultThreadCount, IsTheCoreCountOnAnOrdinaryHost) {
  EXPECT_EQ(default_thread_count(2), 2u);
  EXPECT_EQ(default_thread_count(64), 64u);
}

TEST(DefaultThreadCount, IsOneWhenTheCoreCountIsUnknown) {
  // std::thread::hardware_concurrency() answers 0 when it cannot tell.
  EXPECT_EQ(default_thread_count(0), 1u);
}

TEST(DefaultThreadCount, IsCappedAtTheMostARunAcceptsOnABigHost) {
  EXPECT_EQ(default_thread_count(256), 256u);
  EXPECT_EQ(default_thread_count(257), 256u);
  EXPECT_EQ(default_thread_count(1024), 256u);
}

TEST(DefaultThreadCount, AFakedBigHostsDefaultRunsWhereOneMoreThreadIsRefused) {
  LoadResult r = RuleSet::load_documents({{"rules.yaml", R"(
ruleset: {name: threads-test, version: "1"}
entities:
  person:
    fields:
      id: {type: string, required: true}
      age: {type: int}
rules:
  - id: pension.aged
    title: {zh: 年满60周岁, en: Aged 60}
    citation: {document: test, section: "1"}
    entity: person
    effective: {from: 2019-01-01}
    when:
      all:
        - old: age >= 60
)"}});
  ASSERT_TRUE(r.ruleset);
  const fs::path dir =
      fs::temp_directory_path() / ("entitle-threads-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "in.csv") << "id,age\nA,70\nB,30\n";
  BatchJob job;
  job.as_of = *Date::parse("2024-07-01");
  job.in_path = (dir / "in.csv").string();
  job.out_path = (dir / "out.csv").string();
  job.threads = default_thread_count(1024);  // what a 1,024-core host gets by default
  EXPECT_EQ(run(r.ruleset, job).rows_out, 2u);
  job.threads = kMaxThreads + 1;
  EXPECT_THROW(run(r.ruleset, job), std::invalid_argument);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace entitle::batch
