// The fast reader (libyaml) against the general one (yaml-cpp): on every YAML file in the
// repository and on snippets chosen to hit where YAML readers differ, the fast reader
// declines or gives the identical tree (every field of every node). And it must not decline
// the rule files in rules/: the cold load's speed depends on it.
#include "load/yaml_fast_tree.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "compare_readers.hpp"

namespace entitle::yaml {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

std::string read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Compares the readers on `text`; returns whether the fast reader took it.
bool expect_same(std::string_view text, const std::string& what, const Limits& limits = {}) {
  const ReaderComparison c = compare_readers(text, limits);
  EXPECT_EQ(c.divergence, "") << what << "\n--- text ---\n" << text;
  return c.fast_accepted;
}

// YAML and YAML-like files of the repository: rule sets, test files, golden broken files,
// schemas, fuzz seeds and past fuzz crashes (those have no extension; JSON is YAML too).
std::vector<fs::path> repository_inputs() {
  const fs::path root = ENTITLE_SOURCE_DIR;
  std::vector<fs::path> files;
  for (const char* dir : {"rules", "tests", "docs", "schemas", "benchmarks", "bindings"}) {
    for (auto it = fs::recursive_directory_iterator(root / dir);
         it != fs::recursive_directory_iterator(); ++it) {
      if (!it->is_regular_file()) continue;
      const fs::path& p = it->path();
      const std::string ext = p.extension().string();
      const bool fuzz_input = p.string().find("/tests/fuzz/corpus/") != std::string::npos ||
                              p.string().find("/tests/fuzz/regressions/") != std::string::npos;
      if (ext == ".yaml" || ext == ".yml" || ext == ".json" || fuzz_input) files.push_back(p);
    }
  }
  return files;
}

TEST(YamlFastTree, EveryRepositoryFileReadsAsYamlCppReadsIt) {
  const auto files = repository_inputs();
  ASSERT_GT(files.size(), 200u);
  size_t accepted = 0;
  for (const auto& f : files) {
    const std::string text = read_all(f);
    if (text.size() > Limits{}.max_file_bytes) continue;
    accepted += expect_same(text, f.string());
  }
  EXPECT_GT(accepted * 4, files.size());  // many are JSON records and fuzz bytes
}

TEST(YamlFastTree, TakesEveryRuleFileInRules) {
  size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(ENTITLE_SOURCE_DIR) / "rules")) {
    if (!e.is_regular_file() || e.path().extension() != ".yaml") continue;
    ++files;
    EXPECT_TRUE(compare_readers(read_all(e.path())).fast_accepted) << e.path();
  }
  EXPECT_GT(files, 30u);
}

// Under small limits, every limit is broken somewhere: the fast reader must decline then.
TEST(YamlFastTree, DeclinesWhereALimitIsBroken) {
  const Limits tight{1024 * 1024, 4, 300, 40};
  size_t accepted = 0, files = 0;
  for (const auto& f : repository_inputs()) {
    if (f.extension() != ".yaml") continue;
    ++files;
    accepted += expect_same(read_all(f), f.string() + " (tight limits)", tight);
  }
  EXPECT_LT(accepted, files);
}

// Every prefix of a rule file: unclosed structures, cut scalars, keys without values.
TEST(YamlFastTree, EveryPrefixOfARuleFile) {
  const std::string text =
      read_all(fs::path(ENTITLE_SOURCE_DIR) / "rules/screening-2024/parameters.yaml");
  ASSERT_GT(text.size(), 500u);
  for (size_t n = 0; n <= text.size(); ++n)
    expect_same(std::string_view(text).substr(0, n), "prefix of " + std::to_string(n) + " bytes");
}

const std::vector<std::string>& snippets() {
  static const std::vector<std::string> all = {
      // documents, empty files, nulls and empty values
      "",
      "# only a comment\n",
      "\n\n",
      "---\n",
      "--- \n",
      "---\na: 1\n",
      "--- a\n",
      "--- [a]\n",
      "--- |\n  x\n",
      "a: 1\n...\n",
      "a: 1\n...\nb: 2\n",
      "a: 1\n---\nb: 2\n",
      "%YAML 1.1\n---\na: 1\n",
      "%TAG ! tag:x,2000:\n---\na: 1\n",
      "~\n",
      "null\n",
      "plain\n",
      "'single'\n",
      "\"double\"\n",
      "a:\n",
      "a:\nb:\n",
      "a:\nnullable: 1\n",
      "a:\nNull: 1\n",
      "a:\n~: 1\n",
      "a:\n!x b: 1\n",
      "a: ~\n",
      "a: null\n",
      "a: Null\nb: NULL\nc: nULL\n",
      "a: \"\"\n",
      "a: ''\n",
      "a:   # comment\nb: 1\n",
      "a:\n# c\n  \nb: 1\n",
      "a:\n  b:\nc: 1\n",
      "a:\n  b:\nnull_c: 1\n",
      "a:\n  b:\n...\n",
      "a: # c\n",
      "a:",
      "a:   ",
      "- a\n-\n- c\n",
      "-\n",
      "- ~\n- null\n",
      "a: [~, null, '']\n",
      "{a: , b: 2}\n",
      "{a, b: 2}\n",
      "{a: ~}\n",
      "[a, , b]\n",
      // flows
      "[a, b, c]\n",
      "[a, [b, [c]]]\n",
      "{a: 1, b: [2, 3]}\n",
      "[a: b]\n",
      "[a: b, c]\n",
      "{\"a\":1}\n",
      "[\"a\":1]\n",
      "{'a':1}\n",
      "{a:1}\n",
      "[a:1]\n",
      "a: {b: {c: [d, {e: f}]}}\n",
      "a: [\n  1,\n  2,\n]\n",
      "a: [1, 2,]\n",
      "a: {b: 1,}\n",
      "[a,\nb]\n",
      "{a: 1\n}\n",
      "a: [1, 2\n",
      "a: {b: 1\n",
      "a: [b, c]: d\n",
      "{a: b}: c\n",
      "[a]: b\n",
      "[a, b]]\n",
      "a: [b\n  c]\n",
      "a: [ \"x\",\n 'y' ]\n",
      "[? a : b]\n",
      "{? a}\n",
      "[a, {b: c}, [d]]\n",
      "a: [b, c] # comment\n",
      "a: [b, #c\n  d]\n",
      "{a: [}\n",
      "[a}\n",
      // block scalars
      "key: |\n  line1\n  line2\n",
      "key: >\n  folded\n  text\n\n  para\n",
      "key: |-\n  x\n\n",
      "key: >+\n  x\n\n\n",
      "key: |2\n    indented\n",
      "key: |\n\n  leading blank\n",
      "a: >-\n  x\n  y\n",
      "a: |+\n  x\n",
      "a: >\n  x\n\n",
      "a: |\n  x\n   y\n  z\n",
      "a: >\n  x\n   y\n  z\n",
      "a: |\n  x",
      "- |\n  text\n- b\n",
      "a: |\n",
      "a: >\nb: 1\n",
      "a: |\n  x\n b\n",
      "a: | # comment\n  x\n",
      "a: |1-\n  x\n",
      "a: >2+\n   x\n\n",
      "a: |\n    x\n  y\n",
      "a: >\n  a\n  b\n\n\n  c\n    d\n  e\n",
      "a: |\n\t x\n",
      "a: |\n  \tx\n",
      "- >\n x\n- |\n y\n",
      "a:\n  |\n  x\n",
      // plain and quoted scalars
      "a: multi\n  line\n  plain\n",
      "a: multi\n\n  blank line\n",
      "a: trailing   \n  spaces\n",
      "a: 'single\n  multi'\n",
      "a: 'single\n\n  blank'\n",
      "a: \"double\\n\\t\\u00e9\\x41\\U0001F600\"\n",
      "a: \"esc \\\" \\\\ \\/ \\0 \\a \\b \\e \\N \\_ \\L \\P \\v \\f \\r \\ \"\n",
      "a: \"\\q\"\n",
      "a: \"line1\\\n  cont\"\n",
      "a: 'it''s'\n",
      "a: \"multi\n  line\n\n  dq\"\n",
      "a: \"  lead and trail  \"\n",
      "a: \"x\n\n\n  y\"\n",
      "a: \"x \\\n  y\"\n",
      "a: plain with 'quote' inside\n",
      "a: it's\n",
      "a: \"unterminated\n",
      "a: 'unterminated\n",
      "a: \"x\"y\n",
      "a: 'x' # c\n",
      "'key with space': 1\n",
      "\"quoted key\": 1\n",
      "\"\": empty key\n",
      "'': 1\n",
      "a: x#y\n",
      "a: x #y\n",
      "a: -1\n",
      "a: - b\n",
      "a: .inf\n",
      "a: 0x1F\n",
      "a: yes\n",
      "a: 1e3\n",
      "a: 2024-01-01\n",
      "a: :b\n",
      "a: b:\n",
      "a: b: \n",
      "a: b: c\n",
      ":\n",
      ": a\n",
      "a::b\n",
      "- :\n",
      "a: -\n",
      "a: ?\n",
      "a: ? b\n",
      "-a\n",
      "- -\n",
      "a: `x`\n",
      "a: @x\n",
      "a: %x\n",
      "%x\n",
      "a: x:y\n",
      "a: x: y\n",
      "a: http://x.y/z\n",
      "a: b,c [d] {e}\n",
      "a: '#not comment'\n",
      "a: \"\\x\"\n",
      "a: \"\\u12\"\n",
      "a: \"\\uD800\"\n",
      "a: \"\\U00110000\"\n",
      "a: \"\\x00\"\n",
      "a: \"\\0\"\n",
      "- 'a\n  b'\n",
      "a: \"\\xE9 \\x7F \\u0085 \\u00A0 \\uFFFD\"\n",
      "a: \"\\N\"\n",
      "a: \"\\_\"\n",
      "a: '\xC2\xA0'\n",
      "a: \"\xC2\xA0\"\n",
      "a: |+\n  x\n\n",
      "a: >+\n  x\n",
      "a: |2+\n   x\n\n",
      "a: [5? 7, 8]\n",
      "- \n>",
      "- \n|\n x\n",
      "a:\n  |\n  x\n",
      "|\n x\n",
      "--- |\n x\n",
      "a: 'x\n\n  '\n",
      "'x\n\n'\n",
      "'x\n\n\n'\n",
      "'x \n\n\n'\n",
      "a: \"x\n\n  \"\n",
      "a: 'x\n  '\n",
      "a: \"x\\\n  \"\n",
      "{?ocement: 1}\n",
      "{? a: 1}\n",
      "[? a]\n",
      "{a: '?'}\n",
      "a: {b: [c, {?d}]}\n",
      "a: {b: c?d}\n",
      "a: b? c\n",
      "a: [?x]\n",
      "a: [x?]\n",
      "a: >-\n  x\n  ",
      "a: |\n  x\n  ",
      "a: x\n  ",
      "a:\n  - b\n   ",
      "a: |\n  x\n\t",
      "a: b\n\n  ",
      "a: |-2\n   x\n\n",
      "a: \"\\t\\\"\"\n",
      "a: x\xC2\xA0y\n",
      "a: 中文\n",
      "中文: 值\n名称: \"引号\"\n",
      "a: é\n  b\n",
      "键: [甲, 乙]\n",
      "- 中: {文: 字}\n",
      "a: \xC2\xA0x\n",
      "a: 'x\xC2\x80'\n",
      "a: x\xEF\xBF\xBEy\n",
      "a: \xF0\x9F\x98\x80 b\n",
      "a: x\xC2\x85y\n",
      "a: x\xE2\x80\xA8y\n",
      "a: x\xEF\xBB\xBFy\n",
      // block structure, indentation and tabs
      "- a: 1\n  b: 2\n- c: 3\n",
      "a:\n- 1\n- 2\nb: 3\n",
      "a:\n  - 1\n  - 2\n",
      "- - a\n  - b\n- c\n",
      "a:\n  b:\n    c:\n      d: 1\n  e: 2\n",
      "a: 1\n b: 2\n",
      "  a: 1\n  b: 2\n",
      "a: 1\n  # indented comment\nb: 2\n",
      "a:\n  - b\n  c: d\n",
      "- a\nb: c\n",
      "a:\n    b: 1\n  c: 2\n",
      "a:\tb\n",
      "a:\n\tb: 1\n",
      "a: 1\n\t\nb: 2\n",
      "a: \tb\n",
      "a: b\t# c\n",
      "a:\t\n  b: 1\n",
      "- \ta\n",
      "-\ta\n",
      "a: [\tb]\n",
      "a:\n  -\tb\n",
      "\ta: 1\n",
      "a: 1\t\n",
      "a: |\n\tx\n",
      "? a\n: b\n",
      "? [a]\n: b\n",
      "? a\n",
      "?\n: b\n",
      "- ? a\n  : b\n",
      "a: 1\n? b\n: 2\n",
      "&x a: 1\n",
      "a: &x 1\nb: *x\n",
      "a: *x\n",
      "a: !tag x\n",
      "a: !!str 1\n",
      "a: !<tag:x> 1\n",
      "a: ! x\n",
      "!t\na: 1\n",
      "a: !x [1]\n",
      "a: &y\n  b: 1\n",
      "a: 1\na: 2\n",
      "a: 1\n\"a\": 2\n",
      "{a: 1, a: 2}\n",
      "a:\n  b: 1\n  c: 2\n  b: 3\n",
      "a: 1 # comment\n",
      "a: 1 #\n#\n",
      "#a: 1\nb: 2\n",
      "a: 1\n# end",
      "a: 1",
      "- a",
      "[a]",
      "{a: b}",
      "- a\n - b\n",
      "- a\n  - b\n",
      "a:\n  - b\n   - c\n",
      "a: b\n  - c\n",
      "a:\n- b\n  c\n",
      "a: 'x'\n  b\n",
      "a: [x]\n  b\n",
      "a: {x: 1} y\n",
      "a:\n  b: 1\n c: 2\n",
      "a: |\n  x\nb: |\n  y\n",
      "-\n  a\n",
      "- \n  a: 1\n",
      "-\n  - a\n",
      "a:\n  -\n    b: 1\n",
      "- a\n-\n  b\n",
  };
  return all;
}

TEST(YamlFastTree, TrickySnippets) {
  size_t accepted = 0;
  for (const auto& s : snippets()) {
    accepted += expect_same(s, "snippet");
    expect_same("\xEF\xBB\xBF" + s, "snippet after a BOM");
    std::string crlf;
    for (char c : s) crlf += c == '\n' ? "\r\n"s : std::string(1, c);
    expect_same(crlf, "snippet with CRLF line ends");
    expect_same(s + "\n# trailing comment\n", "snippet with a trailing comment");
    expect_same(
        "root:\n" +
            [&] {
              std::string nested = "  ";
              for (char c : s) nested += c == '\n' ? "\n  "s : std::string(1, c);
              return nested;
            }(),
        "snippet nested under a key");
  }
  // Many snippets are valid YAML of the kind rule files use: a fast reader that declined
  // them all would agree with yaml-cpp vacuously.
  std::cerr << accepted << " of " << snippets().size() << " snippets taken by the fast reader\n";
  EXPECT_GT(accepted * 5, snippets().size() * 2);  // over 40%
}

TEST(YamlFastTree, LongKeysAndScalars) {
  expect_same(std::string(1100, 'k') + ": 1\n", "1,100-character key");
  expect_same(std::string(1020, 'k') + ": 1\n", "1,020-character key");
  expect_same("a: " + std::string(70 * 1024, 'v') + "\n", "scalar over 64 KiB");
  expect_same("a: '" + std::string(70 * 1024, 'v') + "'\n", "quoted scalar over 64 KiB");
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "k" + std::to_string(i) + ": v\n";
  expect_same(many, "2,000 keys");
  expect_same(many + "k7: again\n", "2,000 keys and a duplicate");
  std::string deep;
  for (int i = 0; i < 70; ++i) deep += std::string(2 * i, ' ') + "k:\n";
  expect_same(deep, "70 levels of block maps");
  expect_same(std::string(70, '[') + std::string(70, ']') + "\n", "70 levels of flow");
}

// The automatic reader gives the fast tree when there is one, yaml-cpp's verdict otherwise.
TEST(YamlFastTree, AutomaticReaderFallsBackWithYamlCppMessages) {
  Diagnostics diagnostics;
  EXPECT_FALSE(parse("a: 1\na: 2\n", "x.yaml", diagnostics).has_value());
  EXPECT_EQ(diagnostics.to_string(),
            "x.yaml:2:1: error: duplicate key 'a' (first defined at line 1)\n");
  Diagnostics anchors;
  EXPECT_FALSE(parse("a: &x 1\n", "x.yaml", anchors).has_value());
  EXPECT_EQ(anchors.to_string(),
            "x.yaml:1:4: error: anchors and aliases are not allowed in rule files\n");
}

TEST(YamlFastTree, DirectCallDeclinesAndAccepts) {
  const auto empty = parse_fast(std::string_view(), Limits{});  // data() is null
  ASSERT_TRUE(empty.has_value());
  EXPECT_TRUE(empty->is_null());
  EXPECT_FALSE(parse_fast("a: *x\n", Limits{}).has_value());
  const auto root = parse_fast("a: [1, 'b']\n", Limits{});
  ASSERT_TRUE(root.has_value());
  ASSERT_TRUE(root->is_map());
  const Node* a = root->find("a");
  ASSERT_NE(a, nullptr);
  EXPECT_TRUE(a->flow);
  ASSERT_EQ(a->items.size(), 2u);
  EXPECT_FALSE(a->items[0].quoted);
  EXPECT_TRUE(a->items[1].quoted);
  EXPECT_EQ(a->items[1].column, 8u);
}

}  // namespace
}  // namespace entitle::yaml
