// Runs tests/golden/broken/: rule sets that must not load, each with the exact errors.
//
// A case is `<name>.expected` beside either `<name>.yaml` (a one-file rule set, loaded with
// RuleSet::load_documents under the name `<name>.yaml`) or a folder `<name>/` (loaded with
// RuleSet::load; a `# load: <subfolder>` line in the expected file picks another folder to
// load, for cases that need rule sets building on each other).
//
// The expected file lists every error, one per line, sorted the way the loader sorts them:
// `file:line:col: error: message`. A line may stop early: the actual error only has to
// start with it, so a long message can be pinned by its stable beginning. Paths are relative
// to tests/golden/broken/. Warnings are not compared. Lines starting with # are comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"

namespace entitle {
namespace {

namespace fs = std::filesystem;

const fs::path kBrokenDir = fs::path(ENTITLE_TEST_DATA_DIR) / "golden" / "broken";

struct BrokenCase {
  std::string name;
};

void PrintTo(const BrokenCase& c, std::ostream* os) { *os << c.name; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<BrokenCase> discover() {
  std::vector<BrokenCase> cases;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(kBrokenDir, ec))
    if (entry.path().extension() == ".expected") cases.push_back({entry.path().stem().string()});
  std::sort(cases.begin(), cases.end(),
            [](const BrokenCase& a, const BrokenCase& b) { return a.name < b.name; });
  return cases;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  if (from.empty()) return;
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

// A diagnostic as the expected file writes it: paths relative to the broken/ folder, with
// `a/../b` folded to `b` (rule sets that extend others are reached through such paths).
std::string relative_line(const Diagnostic& d) {
  Diagnostic copy = d;
  if (!copy.where.file.empty()) {
    fs::path p = fs::path(copy.where.file).lexically_normal();
    fs::path rel = p.lexically_relative(kBrokenDir);
    if (!rel.empty() && *rel.begin() != "..") copy.where.file = rel.generic_string();
  }
  std::string line = format_diagnostic(copy);
  // Messages that name another file ("first at /…/a.yaml:3") get the same treatment.
  replace_all(line, kBrokenDir.generic_string() + "/", "");
  return line;
}

class BrokenRuleSet : public ::testing::TestWithParam<BrokenCase> {};

TEST_P(BrokenRuleSet, FailsToLoadWithExactlyTheExpectedErrors) {
  const std::string& name = GetParam().name;
  const fs::path expected_file = kBrokenDir / (name + ".expected");
  std::vector<std::string> expected;
  std::string load_dir = name;
  {
    std::istringstream in(read_text(expected_file));
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.rfind("# load: ", 0) == 0) {
        load_dir = name + "/" + line.substr(8);
        continue;
      }
      if (line.empty() || line[0] == '#') continue;
      expected.push_back(line);
    }
  }
  ASSERT_FALSE(expected.empty()) << expected_file << " lists no errors";

  LoadResult result;
  const fs::path single = kBrokenDir / (name + ".yaml");
  if (fs::exists(single)) {
    result = RuleSet::load_documents({{name + ".yaml", read_text(single)}});
  } else {
    ASSERT_TRUE(fs::is_directory(kBrokenDir / load_dir))
        << "no " << single << " and no folder " << (kBrokenDir / load_dir);
    result = RuleSet::load((kBrokenDir / load_dir).string());
  }
  EXPECT_FALSE(result) << "the broken rule set loaded";

  std::vector<std::string> actual;
  for (const auto& d : result.diagnostics.items())
    if (d.severity == Severity::error) actual.push_back(relative_line(d));

  std::string listing;
  for (const auto& a : actual) listing += "\n  " + a;
  ASSERT_EQ(actual.size(), expected.size()) << "errors were:" << listing;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].substr(0, expected[i].size()), expected[i])
        << "error " << i + 1 << " differs; errors were:" << listing;
  }
}

std::string case_name(const ::testing::TestParamInfo<BrokenCase>& info) {
  std::string n = info.param.name;
  for (char& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
}

INSTANTIATE_TEST_SUITE_P(GoldenBroken, BrokenRuleSet, ::testing::ValuesIn(discover()), case_name);

TEST(BrokenRuleSets, AreAtLeastTwentyFourCases) { EXPECT_GE(discover().size(), 24u); }

}  // namespace
}  // namespace entitle
