// `entitle test RULESET_DIR [TEST_PATH...]`: run the rule set's test files (docs/testing.md).
// The last line printed is always `N passed, N failed` (`, N skipped` when some were), so
// scripts can read the result; the exit status is 1 when anything failed.
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "runner/common.hpp"
#include "runner/junit.hpp"
#include "runner/subcommands.hpp"
#include "runner/test_coverage.hpp"
#include "runner/test_file.hpp"
#include "runner/test_run.hpp"
#include "runner/test_update.hpp"

namespace entitle::runner {

namespace {

struct TestArgs {
  std::string dir;
  std::vector<std::string> paths;
  std::string filter;
  bool coverage = false;
  std::string junit;
  bool update = false;
  bool verbose = false;
  std::string lang = "zh";
};

struct Words {
  const char* passed;
  const char* failed;
  const char* skipped;
  const char* updated;
  const char* invalid;
  const char* no_files;
  const char* bad_file;
};
const Words kEn{"ok",
                "FAIL",
                "skipped",
                "updated",
                "the case has errors (above)",
                "no test files",
                "the test file has errors"};
const Words kZh{"通过",         "失败",          "跳过", "已更新", "用例有错误（见上）",
                "没有测试文件", "测试文件有错误"};

struct Totals {
  size_t passed = 0, failed = 0, skipped = 0;
};

class TestRun {
 public:
  TestRun(const TestArgs& a, std::shared_ptr<const RuleSet> rs, Language lang)
      : a_(a), rs_(rs), lang_(lang), w_(lang == Language::zh ? kZh : kEn), evaluator_(rs) {
    if (a.coverage) coverage_.emplace(rs->model(), a.dir);
  }

  void run_file(const std::string& path) {
    TestFile file = read_test_file(*rs_, path);
    print_diagnostics(std::cout, file.diagnostics);
    printed_.clear();
    if (file.diagnostics.has_errors()) {  // outside any case: the file itself counts as failed
      ++totals_.failed;
      std::string text;
      for (const auto& d : file.diagnostics.items()) text += format_diagnostic(d) + "\n";
      record(path, path, 0, JUnitCase::Result::error, w_.bad_file, text, 0);
    }
    if (!file.readable) return;
    std::vector<OutputsUpdate> updates;
    for (const TestCase& c : file.cases) {
      if (!a_.filter.empty() && c.name.find(a_.filter) == std::string::npos) continue;
      run_case_of(file, c, updates);
    }
    if (updates.empty()) return;
    try {
      rewrite_outputs(path, std::move(updates));
    } catch (const std::runtime_error& e) {
      ++totals_.failed;  // the golden reset did not happen: say so where it is counted
      std::cout << e.what() << "\n";
    }
  }

  void finish() {
    if (coverage_) std::cout << coverage_->report(lang_);
    if (!a_.junit.empty()) {
      try {
        write_junit(a_.junit, junit_);
      } catch (const std::runtime_error& e) {
        ++totals_.failed;  // CI would otherwise read a missing report as nothing run
        std::cout << e.what() << "\n";
      }
    }
    std::cout << totals_.passed << " passed, " << totals_.failed << " failed";
    if (totals_.skipped) std::cout << ", " << totals_.skipped << " skipped";
    std::cout << "\n";
  }

  const Totals& totals() const { return totals_; }

 private:
  void run_case_of(const TestFile& file, const TestCase& c, std::vector<OutputsUpdate>& updates) {
    const std::string where = file.path + ":" + std::to_string(c.line) + ": ";
    print_problems(c.problems);
    if (!c.valid) {
      ++totals_.failed;
      std::cout << where << w_.failed << " " << c.name << "\n  " << w_.invalid << "\n";
      std::string text;
      for (const auto& d : c.problems.items()) text += format_diagnostic(d) + "\n";
      record(file.path, c.name, c.line, JUnitCase::Result::error, w_.invalid, text, 0);
      return;
    }
    if (c.skip) {
      ++totals_.skipped;
      if (a_.verbose)
        std::cout << where << w_.skipped << " " << c.name
                  << (c.skip->empty() ? "" : " (" + *c.skip + ")") << "\n";
      record(file.path, c.name, c.line, JUnitCase::Result::skipped, *c.skip, "", 0);
      return;
    }
    RunOptions options{lang_, a_.update, coverage_ ? &*coverage_ : nullptr};
    const auto start = std::chrono::steady_clock::now();
    CaseOutcome outcome = run_case(evaluator_, c, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!outcome.updates.empty()) {
      std::cout << where << w_.updated << " " << c.name << "\n";
      for (auto& u : outcome.updates) updates.push_back(std::move(u));
    }
    if (outcome.passed) {
      ++totals_.passed;
      if (a_.verbose) std::cout << where << w_.passed << " " << c.name << "\n";
      record(file.path, c.name, c.line, JUnitCase::Result::passed, "", "", seconds);
      return;
    }
    ++totals_.failed;
    std::cout << where << w_.failed << " " << c.name << "\n" << outcome.details;
    record(file.path, c.name, c.line, JUnitCase::Result::failed, outcome.summary, outcome.details,
           seconds);
  }

  // A case's reading problems, except those already shown for an earlier case (a mistake
  // in defaults: belongs to every case).
  void print_problems(const Diagnostics& problems) {
    for (const auto& d : problems.items())
      if (printed_.emplace(d.where.line, d.where.column, d.message).second)
        print_diagnostic(std::cout, d);
  }

  void record(const std::string& file, const std::string& name, uint32_t line,
              JUnitCase::Result result, const std::string& message, const std::string& text,
              double seconds) {
    if (a_.junit.empty()) return;
    std::string classname = rs_->name() + "." + std::filesystem::path(file).stem().string();
    junit_.push_back({file, classname, name, line, result, message, text, seconds});
  }

  const TestArgs& a_;
  std::shared_ptr<const RuleSet> rs_;
  Language lang_;
  const Words& w_;
  Evaluator evaluator_;
  std::optional<Coverage> coverage_;
  std::vector<JUnitCase> junit_;
  Totals totals_;
  std::set<std::tuple<uint32_t, uint32_t, std::string>> printed_;  // in the current file
};

int run_test(const TestArgs& a) {
  const Language lang = parse_language(a.lang);
  auto rs = load_or_report(a.dir, std::cerr);
  if (!rs) {
    std::cout << "0 passed, 1 failed\n";  // the rule set itself: its errors are above
    return kExitFindings;
  }
  const std::vector<std::string> files = find_test_files(a.dir, a.paths);
  if (files.empty())
    std::cerr << a.dir << ": " << (lang == Language::zh ? kZh : kEn).no_files << "\n";
  TestRun run(a, rs, lang);
  for (const auto& file : files) run.run_file(file);
  run.finish();
  return run.totals().failed > 0 ? kExitFindings : kExitOk;
}

}  // namespace

void add_test(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<TestArgs>();
  auto* cmd = app.add_subcommand("test", "Run a rule set's test cases (YAML, see docs/testing.md)");
  cmd->add_option("RULESET_DIR", a->dir, "Rule-set folder")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->add_option("TEST_PATH", a->paths,
                  "Test files or folders (default: every *.yaml under RULESET_DIR/tests)");
  cmd->add_option("-k", a->filter, "Run only the cases whose name contains PATTERN")
      ->type_name("PATTERN");
  cmd->add_flag("--coverage", a->coverage,
                "List rules, conditions, table rows and parameter periods no case reached");
  cmd->add_option("--junit", a->junit, "Also write the results as JUnit XML to FILE")
      ->type_name("FILE");
  cmd->add_flag("--update", a->update,
                "Rewrite the expected outputs of cases marked `update: true` with the actual ones");
  cmd->add_flag("-v,--verbose", a->verbose, "Also list the cases that pass or are skipped");
  cmd->add_option("--lang", a->lang, "Language of the report: zh or en")
      ->check(CLI::IsMember({"zh", "en"}));
  cmd->footer(
      "Example:\n"
      "  entitle test rules/screening-2024 --lang en\n"
      "  rules/screening-2024/tests/hardship_60.yaml:29: FAIL 60周岁生日前一天不符合（59周岁）\n"
      "    resident_pension.hardship_60 (line 32)\n"
      "      status: expected eligible, got not_eligible\n"
      "      output start_date: expected 2024-08-01, got null\n"
      "      why:\n"
      "        fails: aged 60 or over — age 59 < 60 (滕人社发〔2019〕24号 四(二)4)\n"
      "  97 passed, 1 failed\n"
      "A case (docs/testing.md):\n"
      "  - name: 年满60周岁当天符合\n"
      "    as_of: 2024-07-01\n"
      "    person: {id: P1, birth_date: 1964-07-01, hukou_local: true, groups: [dibao],\n"
      "             receiving_pension: false}\n"
      "    expect:\n"
      "      resident_pension.hardship_60: {status: eligible, outputs: {start_date: 2024-08-01}}\n"
      "Exit status: 0 all passed, 1 a case failed or a test file has errors, 2 usage error.");
  cmd->callback([a, &exit_code] { exit_code = run_test(*a); });
}

}  // namespace entitle::runner
