#include "load/yaml_tree.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace entitle::yaml {
namespace {

using namespace std::string_literals;

const std::string kPath = "rules.yaml";

// Parses `text`, expecting success and no diagnostics.
Document parse_ok(std::string_view text, const Limits& limits = {}) {
  Diagnostics diags;
  auto doc = parse(text, kPath, diags, limits);
  EXPECT_TRUE(doc.has_value()) << diags.to_string();
  EXPECT_EQ(diags.items().size(), 0u) << diags.to_string();
  return doc ? std::move(*doc) : Document{};
}

// Parses `text`, expecting failure, and returns the diagnostics formatted one per line.
std::string parse_error(std::string_view text, const Limits& limits = {}) {
  Diagnostics diags;
  auto doc = parse(text, kPath, diags, limits);
  EXPECT_FALSE(doc.has_value());
  EXPECT_TRUE(diags.has_errors());
  return diags.to_string();
}

std::string diag(const std::string& where, const std::string& message) {
  return kPath + where + ": error: " + message + "\n";
}

void expect_at(const Node& n, uint32_t line, uint32_t column) {
  EXPECT_EQ(n.line, line);
  EXPECT_EQ(n.column, column);
}

// A file in the temp directory, removed again when the test ends.
class TempFile {
 public:
  explicit TempFile(const std::string& name, const std::string& content)
      : path_((std::filesystem::temp_directory_path() /
               ("entitle_yaml_tree_" + std::to_string(::getpid()) + "_" + name))
                  .string()) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- Positions and shapes ---------------------------------------------------------------

TEST(YamlTree, BlockMapPositions) {
  const auto doc = parse_ok("name: allow\nrules:\n  - id: r1\n    effect: deny\n");
  const Node& root = doc.root;
  ASSERT_TRUE(root.is_map());
  EXPECT_FALSE(root.flow);
  expect_at(root, 1, 1);
  ASSERT_EQ(root.entries.size(), 2u);
  expect_at(root.entries[0].key, 1, 1);
  expect_at(root.entries[0].value, 1, 7);
  EXPECT_EQ(root.entries[0].value.text, "allow");

  const Node* rules = root.find("rules");
  ASSERT_NE(rules, nullptr);
  ASSERT_TRUE(rules->is_sequence());
  expect_at(*rules, 3, 3);
  ASSERT_EQ(rules->items.size(), 1u);
  const Node& rule = rules->items[0];
  ASSERT_TRUE(rule.is_map());
  expect_at(rule, 3, 5);
  const Node* effect = rule.find("effect");
  ASSERT_NE(effect, nullptr);
  expect_at(*effect, 4, 13);
  EXPECT_EQ(effect->text, "deny");
  EXPECT_EQ(rule.find("missing"), nullptr);
  EXPECT_EQ(effect->find("anything"), nullptr);  // not a map
}

TEST(YamlTree, FlowPositions) {
  const auto doc = parse_ok("list: [a, {k: v}, 'q']\n");
  const Node* list = doc.root.find("list");
  ASSERT_NE(list, nullptr);
  ASSERT_TRUE(list->is_sequence());
  EXPECT_TRUE(list->flow);
  expect_at(*list, 1, 7);
  ASSERT_EQ(list->items.size(), 3u);
  expect_at(list->items[0], 1, 8);
  const Node& inner = list->items[1];
  ASSERT_TRUE(inner.is_map());
  EXPECT_TRUE(inner.flow);
  expect_at(inner, 1, 11);
  expect_at(inner.entries[0].key, 1, 12);
  expect_at(inner.entries[0].value, 1, 15);
  expect_at(list->items[2], 1, 19);
  EXPECT_TRUE(list->items[2].quoted);
}

TEST(YamlTree, QuotedVersusPlain) {
  const auto doc = parse_ok(
      "plain: no\nsingle: 'no'\ndouble: \"12\"\nnum: 12\nnull1: ~\nnull2: null\nempty:\n"
      "tagged: !!str 5\nquoted_tagged: !x 'q'\nbang: ! 7\n");
  const Node& r = doc.root;
  EXPECT_TRUE(r.find("plain")->is_scalar());
  EXPECT_FALSE(r.find("plain")->quoted);
  EXPECT_EQ(r.find("plain")->text, "no");
  EXPECT_TRUE(r.find("single")->quoted);
  EXPECT_EQ(r.find("single")->text, "no");
  EXPECT_TRUE(r.find("double")->quoted);
  EXPECT_FALSE(r.find("num")->quoted);
  EXPECT_TRUE(r.find("null1")->is_null());
  EXPECT_TRUE(r.find("null2")->is_null());
  EXPECT_EQ(r.find("null2")->text, "");
  const Node* empty = r.find("empty");
  ASSERT_TRUE(empty->is_null());
  expect_at(*empty, 7, 1);  // an empty value sits at its key, not at the next line
  EXPECT_EQ(r.find("tagged")->tag, "tag:yaml.org,2002:str");
  EXPECT_FALSE(r.find("tagged")->quoted);
  EXPECT_EQ(r.find("quoted_tagged")->tag, "!x");
  EXPECT_TRUE(r.find("quoted_tagged")->quoted);
  EXPECT_EQ(r.find("bang")->tag, "");  // "!" means "a string", like quoting
  EXPECT_TRUE(r.find("bang")->quoted);
  EXPECT_EQ(r.find("plain")->tag, "");
}

TEST(YamlTree, MultiLineAndBlockScalars) {
  const auto doc = parse_ok(
      "folded_plain: one\n  two\n"
      "dq: \"a\n  b\"\n"
      "lit: |\n  line1\n  line2\n"
      "fold: >-\n  x\n  y\n"
      "after: z\n");
  const Node& r = doc.root;
  EXPECT_EQ(r.find("folded_plain")->text, "one two");
  EXPECT_FALSE(r.find("folded_plain")->quoted);
  EXPECT_EQ(r.find("dq")->text, "a b");
  EXPECT_TRUE(r.find("dq")->quoted);
  const Node* lit = r.find("lit");
  EXPECT_EQ(lit->text, "line1\nline2\n");
  EXPECT_TRUE(lit->quoted);
  expect_at(*lit, 5, 6);
  EXPECT_EQ(r.find("fold")->text, "x y");
  EXPECT_TRUE(r.find("fold")->quoted);
  expect_at(*r.find("after"), 11, 8);
}

TEST(YamlTree, CrLfLineEndings) {
  const auto doc = parse_ok("a: 1\r\nb: |\r\n  x\r\n  y\r\nc: [p,\r\n  q]\r\nd: z\r\n");
  EXPECT_EQ(doc.root.find("b")->text, "x\ny\n");
  EXPECT_EQ(doc.root.find("c")->items.size(), 2u);
  expect_at(*doc.root.find("d"), 7, 4);
}

TEST(YamlTree, BracketsInsideScalarsAndCommentsAreNotNesting) {
  Limits tight;
  tight.max_depth = 2;
  const auto doc = parse_ok(
      "a: x[[[[0]\n"
      "b: '[[[['\n"
      "c: \"{{{{\"\n"
      "d: |\n  [[[[\n  {{{{\n"
      "e: 1  # [[[[\n"
      "f: [1, '[[[[', \"]]]]\"]\n",
      tight);
  EXPECT_EQ(doc.root.find("d")->text, "[[[[\n{{{{\n");
  EXPECT_EQ(doc.root.find("f")->items[1].text, "[[[[");
}

TEST(YamlTree, EmptyFileHasNullRoot) {
  for (const char* text : {"", "# only a comment\n", "\n\n", "\xEF\xBB\xBF"}) {
    const auto doc = parse_ok(text);
    EXPECT_TRUE(doc.root.is_null()) << text;
    EXPECT_EQ(doc.path, kPath);
  }
}

TEST(YamlTree, ExplicitDocumentMarkersAllowed) {
  const auto doc = parse_ok("---\na: 1\n...\n");
  EXPECT_EQ(doc.root.find("a")->text, "1");
}

// --- Rejected structure -----------------------------------------------------------------

TEST(YamlTree, DuplicateKeyInBlockMap) {
  EXPECT_EQ(parse_error("a: 1\nb: 2\na: 3\n"),
            diag(":3:1", "duplicate key 'a' (first defined at line 1)"));
}

TEST(YamlTree, DuplicateKeyInNestedBlockMap) {
  EXPECT_EQ(parse_error("top:\n  x: 1\n  y: 2\n  'x': 3\n"),
            diag(":4:3", "duplicate key 'x' (first defined at line 2)"));
}

TEST(YamlTree, DuplicateKeyInFlowMap) {
  EXPECT_EQ(parse_error("m: {k: 1,\n    j: 2, k: 3}\n"),
            diag(":2:11", "duplicate key 'k' (first defined at line 1)"));
}

TEST(YamlTree, SameKeyInSiblingMapsIsFine) {
  const auto doc = parse_ok("- a: 1\n- a: 2\n");
  EXPECT_EQ(doc.root.items[1].find("a")->text, "2");
}

TEST(YamlTree, NonScalarKeysRejected) {
  EXPECT_EQ(parse_error("? [a]\n: b\n"), diag(":1:3", "map keys must be scalars"));
  EXPECT_EQ(parse_error("{{a: 1}: 2}\n"), diag(":1:2", "map keys must be scalars"));
  EXPECT_EQ(parse_error(": v\n"), diag(":1:1", "map key is null or empty"));
}

TEST(YamlTree, AnchorRejected) {
  EXPECT_EQ(parse_error("a: &x 1\nb: 2\n"),
            diag(":1:4", "anchors and aliases are not allowed in rule files"));
}

TEST(YamlTree, AnchorOnCollectionRejected) {
  EXPECT_EQ(parse_error("base: &b\n  k: v\n"),
            diag(":1:7", "anchors and aliases are not allowed in rule files"));
}

TEST(YamlTree, AliasRejected) {
  // yaml-cpp reports an alias to an unknown anchor as a syntax error; it is still an alias.
  EXPECT_EQ(parse_error("a: 1\nb: *x\n"),
            diag(":2:4", "anchors and aliases are not allowed in rule files"));
}

TEST(YamlTree, SelfReferenceRejected) {
  EXPECT_EQ(parse_error("&x [*x]\n"),
            diag(":1:1", "anchors and aliases are not allowed in rule files"));
}

TEST(YamlTree, BillionLaughsRejectedQuickly) {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'z'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + prev;
    text += "]\n";
    prev = c;
  }
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(parse_error(text), diag(":1:4", "anchors and aliases are not allowed in rule files"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(YamlTree, SecondDocumentRejected) {
  EXPECT_EQ(parse_error("a: 1\n---\nb: 2\n"), diag(":2:1", "a rule file holds one YAML document"));
  EXPECT_EQ(parse_error("a: 1\n---\n"), diag(":2:1", "a rule file holds one YAML document"));
  EXPECT_EQ(parse_error("\"a\"\n\"b\"\n"),
            diag(":2:1", "unexpected content after the end of the document"));
}

TEST(YamlTree, SyntaxErrorPosition) {
  EXPECT_EQ(parse_error("a: 1\nb: [1, 2\nc: 3\n"), diag(":3:2", "end of sequence flow not found"));
  EXPECT_EQ(parse_error("a: 1\n- b\n"), diag(":2:1", "end of map not found"));
  EXPECT_EQ(parse_error("a: 1\n\tb: 2\n"),
            diag(":2:1", "illegal tab when looking for indentation"));
}

TEST(YamlTree, UnterminatedQuoteRejected) {
  // yaml-cpp itself accepts the first two (as "open "), since a line break precedes the end.
  EXPECT_EQ(parse_error("a: 'open\n"), diag(":1:4", "quoted string is never closed"));
  EXPECT_EQ(parse_error("a: !t \"open\n\n"), diag(":1:7", "quoted string is never closed"));
  EXPECT_EQ(parse_error("a: 'open"), diag(":1:4", "quoted string is never closed"));
  EXPECT_EQ(parse_error("a: [x, \"op\\\""), diag(":1:8", "quoted string is never closed"));
  EXPECT_EQ(parse_ok("a: 'it''s'\nb: \"q\\\"\"\n").root.find("b")->text, "q\"");
}

TEST(YamlTree, UnclosedFlowNamesItsBracket) {
  // Left to itself, yaml-cpp reads these as maps keyed by the open flow.
  EXPECT_EQ(parse_error("[a, b\n"), diag(":1:1", "flow sequence '[' is never closed"));
  EXPECT_EQ(parse_error("k: {a: 1  # note\n"), diag(":1:4", "flow map '{' is never closed"));
  EXPECT_EQ(parse_error("- x\n- [y, [z]\n"), diag(":2:3", "flow sequence '[' is never closed"));
  // A real error before the end still comes first.
  EXPECT_EQ(parse_error("{a: 1, a: 2\n"),
            diag(":1:8", "duplicate key 'a' (first defined at line 1)"));
}

TEST(YamlTree, FormattedDiagnosticCarriesPathLineAndColumn) {
  Diagnostics diags;
  EXPECT_FALSE(parse("ok: 1\nbad: [1, *a]\n", "policies/base.yaml", diags).has_value());
  ASSERT_EQ(diags.items().size(), 1u);
  EXPECT_EQ(format_diagnostic(diags.items()[0]),
            "policies/base.yaml:2:10: error: anchors and aliases are not allowed in rule files");
}

// --- Nesting ----------------------------------------------------------------------------

std::string nested_flow(uint32_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

TEST(YamlTree, FlowDepthAtCapAcceptedOnePastRejected) {
  Limits limits;
  limits.max_depth = 5;
  const auto doc = parse_ok(nested_flow(5), limits);
  EXPECT_TRUE(doc.root.is_sequence());
  EXPECT_EQ(parse_error(nested_flow(6), limits), diag(":1:6", "nesting deeper than 5 levels"));
}

TEST(YamlTree, BlockDepthAtCapAcceptedOnePastRejected) {
  Limits limits;
  limits.max_depth = 3;
  // map > seq > map is 3 levels; b's value on line 3 is the fourth.
  parse_ok("a:\n  - b: 1\n    c: 2\n", limits);
  EXPECT_EQ(parse_error("a:\n  - b:\n      c: 1\n", limits),
            diag(":3:7", "nesting deeper than 3 levels"));
}

TEST(YamlTree, DefaultDepthCapIs64) {
  parse_ok(nested_flow(64));
  EXPECT_EQ(parse_error(nested_flow(65)), diag(":1:65", "nesting deeper than 64 levels"));
}

TEST(YamlTree, HundredThousandOpenBracketsRejectedWithoutCrash) {
  EXPECT_EQ(parse_error(std::string(100'000, '[')), diag(":1:65", "nesting deeper than 64 levels"));
  // "{{" is a map used as a key, which is reported first, as a full parse would.
  EXPECT_EQ(parse_error(std::string(100'000, '{')), diag(":1:2", "map keys must be scalars"));
  std::string lines;
  for (int i = 0; i < 100'000; ++i) lines += "[\n";
  EXPECT_EQ(parse_error(lines), diag(":65:1", "nesting deeper than 64 levels"));
}

TEST(YamlTree, DeepFlowMapsRejectedWithoutCrash) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "{a: ";
  EXPECT_EQ(parse_error(text), diag(":1:257", "nesting deeper than 64 levels"));
}

TEST(YamlTree, DeepFlowInsideBlockRejectedAtTheExactNode) {
  // The map is level 1 and the sequence level 2, so the 63rd bracket is level 65.
  EXPECT_EQ(parse_error("k:\n  - " + std::string(100'000, '[')),
            diag(":2:67", "nesting deeper than 64 levels"));
  EXPECT_EQ(parse_error("k: {a: " + std::string(100'000, '[')),
            diag(":1:70", "nesting deeper than 64 levels"));
  // Just at the cap (64 levels) is fine; one more bracket is not.
  parse_ok("k: " + nested_flow(63));
  EXPECT_EQ(parse_error("k: " + nested_flow(64)), diag(":1:67", "nesting deeper than 64 levels"));
}

TEST(YamlTree, HundredThousandBlockSequencesOnOneLineRejected) {
  std::string text;
  for (int i = 0; i < 100'000; ++i) text += "- ";
  text += "x\n";
  EXPECT_EQ(parse_error(text), diag(":1:129", "nesting deeper than 64 levels"));
}

TEST(YamlTree, DeepIndentedBlockSequencesRejected) {
  // Nesting by indentation grows quadratically, so 1,400 levels is as deep as ~1 MB goes.
  std::string text;
  for (int i = 0; i < 1'400; ++i) text += std::string(i, ' ') + "-\n";
  EXPECT_EQ(parse_error(text), diag(":65:65", "nesting deeper than 64 levels"));
}

TEST(YamlTree, DeepBlockMapsRejected) {
  // Indentation makes block nesting quadratic in size: 1,400 levels is ~1 MB, the file cap.
  std::string text;
  for (int i = 0; i < 1'400; ++i) text += std::string(i, ' ') + "a:\n";
  ASSERT_LT(text.size(), Limits{}.max_file_bytes);
  EXPECT_EQ(parse_error(text), diag(":65:65", "nesting deeper than 64 levels"));
}

TEST(YamlTree, DeepBlockMapsInLargeFileStopAtTheCap) {
  // 100k block levels would take ~5 GB of indentation; 8,000 levels (32 MB, over a raised
  // file cap) shows the parse stops at the depth cap rather than reading to the end.
  Limits limits;
  limits.max_file_bytes = 64 * 1024 * 1024;
  std::string text;
  for (int i = 0; i < 8'000; ++i) text += std::string(i, ' ') + "a:\n";
  EXPECT_EQ(parse_error(text, limits), diag(":65:65", "nesting deeper than 64 levels"));
}

// --- Size caps --------------------------------------------------------------------------

TEST(YamlTree, FileSizeCapExactlyAtAndOneOver) {
  Limits limits;
  limits.max_file_bytes = 8;
  parse_ok("a: 12345", limits);  // 8 bytes
  EXPECT_EQ(parse_error("a: 123456", limits),
            "rules.yaml: error: file is 9 bytes, over the 8-byte limit\n");
}

TEST(YamlTree, NodeCap) {
  Limits limits;
  limits.max_nodes = 4;  // map + key + value + key
  EXPECT_FALSE(parse_ok("a: 1\nb: 2\n", Limits{}).root.is_null());
  EXPECT_EQ(parse_error("a: 1\nb: 2\n", limits), diag(":2:4", "document has more than 4 nodes"));
  limits.max_nodes = 5;
  parse_ok("a: 1\nb: 2\n", limits);
}

TEST(YamlTree, ScalarCap) {
  Limits limits;
  limits.max_scalar_bytes = 4;
  parse_ok("a: abcd\n", limits);
  EXPECT_EQ(parse_error("a: abcde\n", limits),
            diag(":1:4", "scalar is 5 bytes, over the 4-byte limit"));
}

// --- Text hygiene -----------------------------------------------------------------------

TEST(YamlTree, NulByteRejectedAtItsPosition) {
  EXPECT_EQ(parse_error("a: 1\nb: x\0y\n"s),
            diag(":2:5", "NUL byte; rule files must be UTF-8 text"));
}

TEST(YamlTree, Utf16And32BomsRejected) {
  EXPECT_EQ(parse_error("\xFF\xFE"
                        "a\0:\0"s),
            "rules.yaml: error: file is UTF-16; rule files must be UTF-8\n");
  EXPECT_EQ(parse_error("\xFE\xFF\0a\0:"s),
            "rules.yaml: error: file is UTF-16; rule files must be UTF-8\n");
  EXPECT_EQ(parse_error("\xFF\xFE\0\0"
                        "a\0\0\0"s),
            "rules.yaml: error: file is UTF-32; rule files must be UTF-8\n");
  EXPECT_EQ(parse_error("\0\0\xFE\xFF"s),
            "rules.yaml: error: file is UTF-32; rule files must be UTF-8\n");
}

TEST(YamlTree, InvalidUtf8RejectedWithPosition) {
  EXPECT_EQ(parse_error("a: 1\nbb: caf\xC3\n"),
            diag(":2:8", "invalid UTF-8 byte 0xC3; rule files must be UTF-8"));
  EXPECT_EQ(parse_error("x: \xFF\n"),
            diag(":1:4", "invalid UTF-8 byte 0xFF; rule files must be UTF-8"));
  // Overlong encoding of '/' and a UTF-16 surrogate are not UTF-8 either.
  EXPECT_EQ(parse_error("x: \xC0\xAF\n"),
            diag(":1:4", "invalid UTF-8 byte 0xC0; rule files must be UTF-8"));
  EXPECT_EQ(parse_error("x: \xED\xA0\x80\n"),
            diag(":1:4", "invalid UTF-8 byte 0xED; rule files must be UTF-8"));
}

TEST(YamlTree, ValidUtf8Accepted) {
  const auto doc = parse_ok("name: caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\nnext: 1\n");
  EXPECT_EQ(doc.root.find("name")->text, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  expect_at(*doc.root.find("next"), 2, 7);
}

TEST(YamlTree, Utf8BomSkippedAndColumnsCountFromAfterIt) {
  const auto doc = parse_ok("\xEF\xBB\xBFkey: value\n");
  ASSERT_TRUE(doc.root.is_map());
  expect_at(doc.root.entries[0].key, 1, 1);
  expect_at(doc.root.entries[0].value, 1, 6);
  EXPECT_EQ(parse_error("\xEF\xBB\xBF"
                        "a: \xFF"),
            diag(":1:4", "invalid UTF-8 byte 0xFF; rule files must be UTF-8"));
}

// --- Files ------------------------------------------------------------------------------

TEST(YamlTree, ParseFileReadsAndRecordsPath) {
  TempFile file("ok.yaml", "a: 1\n");
  Diagnostics diags;
  const auto doc = parse_file(file.path(), diags);
  ASSERT_TRUE(doc.has_value()) << diags.to_string();
  EXPECT_EQ(doc->path, file.path());
  EXPECT_EQ(doc->root.find("a")->text, "1");
}

TEST(YamlTree, ParseFileErrorsCarryThePath) {
  TempFile file("dup.yaml", "a: 1\na: 2\n");
  Diagnostics diags;
  EXPECT_FALSE(parse_file(file.path(), diags).has_value());
  EXPECT_EQ(diags.to_string(),
            file.path() + ":2:1: error: duplicate key 'a' (first defined at line 1)\n");
}

TEST(YamlTree, ParseFileMissing) {
  Diagnostics diags;
  const std::string path = "/nonexistent/entitle/rules.yaml";
  EXPECT_FALSE(parse_file(path, diags).has_value());
  EXPECT_EQ(diags.to_string(), path + ": error: cannot read file: No such file or directory\n");
}

TEST(YamlTree, ParseFileDirectory) {
  Diagnostics diags;
  const std::string path = std::filesystem::temp_directory_path().string();
  EXPECT_FALSE(parse_file(path, diags).has_value());
  EXPECT_EQ(diags.to_string(), path + ": error: cannot read file: it is a directory\n");
}

TEST(YamlTree, ParseFileSizeCapExactlyAtAndOneOver) {
  Limits limits;
  limits.max_file_bytes = 5;
  TempFile at("at.yaml", "a: 12");
  TempFile over("over.yaml", "a: 123");
  Diagnostics diags;
  EXPECT_TRUE(parse_file(at.path(), diags, limits).has_value()) << diags.to_string();
  EXPECT_FALSE(parse_file(over.path(), diags, limits).has_value());
  EXPECT_EQ(diags.to_string(), over.path() + ": error: file is 6 bytes, over the 5-byte limit\n");
}

TEST(YamlTree, ParseFileRefusesDefaultCapBeforeReading) {
  TempFile big("big.yaml", "a: '" + std::string(5'000'000, 'x') + "'\n");
  Diagnostics diags;
  EXPECT_FALSE(parse_file(big.path(), diags).has_value());
  EXPECT_EQ(diags.to_string(),
            big.path() + ": error: file is 5000006 bytes, over the 1048576-byte limit\n");
}

}  // namespace
}  // namespace entitle::yaml

namespace entitle::yaml {
namespace {

// Editors and the runner's caret count characters: a value after Chinese text on the same
// line is at its character column, not its byte column.
TEST(YamlTreeColumns, CountCharactersNotBytesAfterChineseText) {
  Diagnostics d;
  auto doc = parse("title: {zh: 年满60周岁, en: aged 60}\n", "t.yaml", d);
  ASSERT_TRUE(doc) << d.to_string();
  const Node* title = doc->root.find("title");
  ASSERT_NE(title, nullptr);
  const Node* en = title->find("en");
  ASSERT_NE(en, nullptr);
  // "title: {zh: 年满60周岁, en: " is 24 characters (32 bytes) before "aged 60".
  EXPECT_EQ(en->column, 25u);
}

TEST(YamlTreeColumns, ErrorsAfterChineseTextPointAtTheCharacter) {
  Diagnostics d;
  auto doc = parse("a: {zh: 中文, zh: 重复}\n", "t.yaml", d);
  EXPECT_FALSE(doc);
  ASSERT_EQ(d.items().size(), 1u);
  EXPECT_EQ(d.items()[0].where.column, 13u);
}

}  // namespace
}  // namespace entitle::yaml
