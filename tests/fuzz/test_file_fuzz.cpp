// Fuzz target: a test file (docs/testing.md) from bytes, read by the runner's reader
// against rules/screening-2024, then every valid case run as `entitle test` runs it. The
// reader takes a path, so the bytes go through one temporary file per process.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "fuzz_support.hpp"
#include "runner/test_file.hpp"
#include "runner/test_run.hpp"

namespace {

struct TempFile {
  std::string path;
  TempFile() {
    const char* dir = std::getenv("TMPDIR");
    std::string pattern = std::string(dir && *dir ? dir : "/tmp") + "/entitle-fuzz-XXXXXX.yaml";
    int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) {
      std::perror("fuzz: mkstemps");
      std::abort();
    }
    close(fd);
    path = pattern;
  }
  ~TempFile() { std::remove(path.c_str()); }
  void write(const uint8_t* data, size_t size) const {
    FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || std::fwrite(data, 1, size, f) != size || std::fclose(f) != 0) {
      std::perror("fuzz: writing the test file");
      std::abort();
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entitle;
  static const TempFile file;
  static auto ruleset =
      std::shared_ptr<const RuleSet>(std::shared_ptr<const RuleSet>{}, &fuzz::screening());
  static Evaluator evaluator(ruleset);
  file.write(data, size);
  runner::TestFile tests = runner::read_test_file(*ruleset, file.path);
  for (const auto& c : tests.cases) {
    if (!c.valid) {
      if (!c.problems.has_errors()) std::abort();  // an invalid case must say why
      continue;
    }
    try {
      runner::run_case(evaluator, c, runner::RunOptions{Language::en, true, nullptr});
    } catch (const EvaluationError&) {}
  }
  runner::rule_ids_in_test_file(file.path);
  return 0;
}
