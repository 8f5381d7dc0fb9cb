// run_pipeline: every row is written or rejected once, in input order, for any thread count
// and chunk size; an error from a job or the writer stops every thread and comes
// back to the caller.
#include "batch/pipeline.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "batch/files.hpp"
#include "batch/input.hpp"

namespace entitle::batch {
namespace {

namespace fs = std::filesystem;

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("entitle-pipeline-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write_file(const std::string& name, const std::string& text) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  fs::path dir_;
};

// Writes "line:text" for each row, and rejects every row whose line is a multiple of
// `reject_every`; throws on the rows at the lines in `throw_at`.
class EchoJob : public RowJob {
 public:
  explicit EchoJob(uint32_t reject_every = 0, std::vector<uint32_t> throw_at = {})
      : reject_every_(reject_every), throw_at_(std::move(throw_at)) {}

  void process(const Block& block, const InputRow& row, Part& part) override {
    for (uint32_t line : throw_at_)
      if (row.line == line) throw std::runtime_error("job failed at line " + std::to_string(line));
    const std::string text =
        std::to_string(row.line) + ":" + std::string(block.row_text(row)) + "\n";
    if (reject_every_ && row.line % reject_every_ == 0) {
      part.rejects += text;
      part.notes.push_back(text);
      ++part.rows_rejected;
    } else {
      part.out += text;
      ++part.rows_out;
    }
  }

 private:
  uint32_t reject_every_;
  std::vector<uint32_t> throw_at_;
};

struct Collected {
  std::string out, rejects;
  std::vector<std::string> notes;
  size_t writes = 0;
};

PipelineCounts run_echo(InputReader& reader, size_t threads, Collected& got,
                        uint32_t reject_every = 0, std::vector<uint32_t> throw_at = {},
                        size_t fail_at_write = 0) {
  std::vector<std::unique_ptr<EchoJob>> jobs;
  std::vector<RowJob*> ptrs;
  for (size_t t = 0; t < threads; ++t) {
    jobs.push_back(std::make_unique<EchoJob>(reject_every, throw_at));
    ptrs.push_back(jobs.back().get());
  }
  return run_pipeline(reader, ptrs, [&](const Part& p) {
    if (++got.writes == fail_at_write) throw std::runtime_error("disk full");
    got.out += p.out;
    got.rejects += p.rejects;
    got.notes.insert(got.notes.end(), p.notes.begin(), p.notes.end());
  });
}

// JSON Lines rows of varying length, and what EchoJob makes of them.
struct Rows {
  std::string file, out, rejects;
};

Rows jsonl_rows(uint32_t n, uint32_t reject_every, size_t long_every = 0) {
  Rows r;
  for (uint32_t i = 1; i <= n; ++i) {
    std::string row =
        "{\"id\":\"" + std::to_string(i) + "\",\"pad\":\"" + std::string(i % 97, 'x') + "\"}";
    if (long_every && i % long_every == 0) row += std::string(20000 + i, ' ');
    r.file += row + "\n";
    (reject_every && i % reject_every == 0 ? r.rejects : r.out) +=
        std::to_string(i) + ":" + row + "\n";
  }
  return r;
}

TEST_F(PipelineTest, RowsComeOutInInputOrderForAnyThreadCountAndChunkSize) {
  const Rows rows = jsonl_rows(6000, 7);
  const std::string path = write_file("p.jsonl", rows.file);
  for (size_t block : {size_t{4096}, size_t{65536}, kDefaultBlockBytes}) {
    for (size_t threads = 1; threads <= 8; ++threads) {
      SCOPED_TRACE("block " + std::to_string(block) + ", threads " + std::to_string(threads));
      InputReader reader(path, Format::jsonl, block);
      Collected got;
      const PipelineCounts c = run_echo(reader, threads, got, 7);
      EXPECT_EQ(c.rows_in, 6000u);
      EXPECT_EQ(c.rows_out, 6000u - 6000u / 7);
      EXPECT_EQ(c.rows_rejected, 6000u / 7);
      EXPECT_EQ(got.out, rows.out);
      EXPECT_EQ(got.rejects, rows.rejects);
      ASSERT_EQ(got.notes.size(), 6000u / 7);
      EXPECT_EQ(got.notes.front(), rows.rejects.substr(0, rows.rejects.find('\n') + 1));
      if (block == 4096) EXPECT_GT(got.writes, 50u);  // many small chunks
    }
  }
}

TEST_F(PipelineTest, CsvRowsSpanningLinesAndChunksKeepTheirLines) {
  // Every fifth row has a quoted cell with a line break; its next row starts a line later.
  std::string file = "id,note\n", want;
  uint32_t line = 2;
  for (int i = 1; i <= 3000; ++i) {
    const std::string row =
        i % 5 == 0 ? std::to_string(i) + ",\"two\nlines " + std::string(i % 50, 'y') + "\""
                   : std::to_string(i) + ",plain";
    file += row + "\n";
    want += std::to_string(line) + ":" + row + "\n";
    line += i % 5 == 0 ? 2 : 1;
  }
  const std::string path = write_file("p.csv", file);
  for (size_t threads : {1, 2, 3, 8}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    InputReader reader(path, Format::csv, 4096);
    EXPECT_EQ(reader.header(), "id,note");
    Collected got;
    EXPECT_EQ(run_echo(reader, threads, got).rows_in, 3000u);
    EXPECT_EQ(got.out, want);
  }
}

TEST_F(PipelineTest, RowsLongerThanAChunk) {
  const Rows rows = jsonl_rows(400, 0, 3);
  const std::string path = write_file("long.jsonl", rows.file);
  for (size_t threads : {1, 2, 5}) {
    InputReader reader(path, Format::jsonl, 4096);
    Collected got;
    EXPECT_EQ(run_echo(reader, threads, got).rows_out, 400u);
    EXPECT_EQ(got.out, rows.out);
  }
}

TEST_F(PipelineTest, EmptyFileAndHeaderOnlyFileHaveNoRows) {
  const std::string empty = write_file("empty.jsonl", "");
  const std::string header_only = write_file("h.csv", "id,age\n");
  for (size_t threads : {1, 2, 8}) {
    InputReader a(empty, Format::jsonl, 4096), b(header_only, Format::csv, 4096);
    Collected got;
    EXPECT_EQ(run_echo(a, threads, got).rows_in, 0u);
    EXPECT_EQ(run_echo(b, threads, got).rows_in, 0u);
    EXPECT_EQ(got.out, "");
    EXPECT_EQ(got.writes, 0u);
  }
}

TEST_F(PipelineTest, OneRow) {
  const std::string path = write_file("one.csv", "id\n42");  // no final line break
  for (size_t threads : {1, 2, 8}) {
    InputReader reader(path, Format::csv);
    Collected got;
    const PipelineCounts c = run_echo(reader, threads, got);
    EXPECT_EQ(c.rows_in, 1u);
    EXPECT_EQ(c.rows_out, 1u);
    EXPECT_EQ(got.out, "2:42\n");
  }
}

TEST_F(PipelineTest, AJobErrorMidFileStopsEveryThreadAndIsRethrown) {
  const Rows rows = jsonl_rows(6000, 0);
  const std::string path = write_file("p.jsonl", rows.file);
  for (size_t threads = 1; threads <= 8; ++threads) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    InputReader reader(path, Format::jsonl, 4096);
    Collected got;
    // Two rows fail: the earlier one's error is the one reported, whichever thread failed first.
    EXPECT_THROW(
        try {
          run_echo(reader, threads, got, 0, {2500, 4000});
        } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "job failed at line 2500");
          throw;
        },
        std::runtime_error);
    // What was written is a prefix of the rows before the failing one.
    EXPECT_EQ(rows.out.compare(0, got.out.size(), got.out), 0);
    EXPECT_LT(got.out.size(), rows.out.find("\n2500:"));
  }
}

TEST_F(PipelineTest, AWriteErrorMidFileStopsEveryThreadAndIsRethrown) {
  const Rows rows = jsonl_rows(6000, 0);
  const std::string path = write_file("p.jsonl", rows.file);
  for (size_t threads = 1; threads <= 8; ++threads) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    InputReader reader(path, Format::jsonl, 4096);
    Collected got;
    EXPECT_THROW(
        try { run_echo(reader, threads, got, 0, {}, 5); } catch (const std::runtime_error& e) {
          EXPECT_STREQ(e.what(), "disk full");
          throw;
        },
        std::runtime_error);
    EXPECT_EQ(got.writes, 5u);  // nothing is written after the failed write
    EXPECT_EQ(rows.out.compare(0, got.out.size(), got.out), 0);
  }
}

TEST_F(PipelineTest, ARowNeitherWrittenNorRejectedIsALogicError) {
  class DropsLine3 : public EchoJob {
   public:
    void process(const Block& block, const InputRow& row, Part& part) override {
      if (row.line != 3) EchoJob::process(block, row, part);
    }
  };
  const std::string path = write_file("p.jsonl", jsonl_rows(10, 0).file);
  InputReader reader(path, Format::jsonl);
  DropsLine3 job;
  AtomicFile out((dir_ / "out.jsonl").string()), rejects((dir_ / "r.csv").string());
  std::vector<std::string> notes;
  EXPECT_THROW(run_to_files(reader, {&job}, out, rejects, notes), std::logic_error);
}

TEST_F(PipelineTest, EachJobIsUsedByOneThreadNotTheCallers) {
  class ThreadCheck : public RowJob {
   public:
    void process(const Block&, const InputRow&, Part& part) override {
      const std::thread::id me = std::this_thread::get_id();
      if (owner_ == std::thread::id()) owner_ = me;
      if (owner_ != me) ++shared_;
      ++part.rows_out;
    }
    std::thread::id owner_;
    int shared_ = 0;
  };
  const std::string path = write_file("p.jsonl", jsonl_rows(3000, 0).file);
  InputReader reader(path, Format::jsonl, 4096);
  std::vector<ThreadCheck> jobs(4);
  std::vector<RowJob*> ptrs;
  for (auto& j : jobs) ptrs.push_back(&j);
  EXPECT_EQ(run_pipeline(reader, ptrs, [](const Part&) {}).rows_out, 3000u);
  for (const auto& j : jobs) {
    EXPECT_EQ(j.shared_, 0);
    EXPECT_NE(j.owner_, std::this_thread::get_id());  // not the caller's thread
  }
}

}  // namespace
}  // namespace entitle::batch
