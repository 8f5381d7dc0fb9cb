// Reuse of parsed rule files within one process (src/load/parsed_file_cache.*): a tree is
// reused only for the very bytes it came from, a reused file reports exactly what a fresh
// parse would (with the path the load reached it by), and the cache stays bounded.
#include "load/parsed_file_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "load/ruleset_loader.hpp"

namespace entitle::load {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<const yaml::Document> tree(const std::string& text) {
  Diagnostics d;
  auto doc = yaml::parse(text, "t.yaml", d);
  EXPECT_TRUE(doc.has_value()) << d.to_string();
  return std::make_shared<const yaml::Document>(std::move(*doc));
}

TEST(ParsedFileCache, ReusesOnlyTheSameBytes) {
  ParsedFileCache cache;
  auto doc = tree("a: 1\n");
  cache.insert("/r/x.yaml", "a: 1\n", doc);
  EXPECT_EQ(cache.find("/r/x.yaml", "a: 1\n"), doc);
  EXPECT_EQ(cache.find("/r/x.yaml", "a: 2\n"), nullptr);    // edited: same length, other bytes
  EXPECT_EQ(cache.find("/r/x.yaml", "a: 1\n\n"), nullptr);  // edited: longer
  EXPECT_EQ(cache.find("/r/y.yaml", "a: 1\n"), nullptr);    // another file
  cache.insert("/r/x.yaml", "a: 2\n", tree("a: 2\n"));      // replaced, not added
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache.find("/r/x.yaml", "a: 1\n"), nullptr);
  ASSERT_NE(cache.find("/r/x.yaml", "a: 2\n"), nullptr);
}

TEST(ParsedFileCache, BoundedEvictingTheLeastRecentlyUsed) {
  ParsedFileCache cache;
  auto doc = tree("a: 1\n");
  for (size_t i = 0; i < ParsedFileCache::kMaxEntries; ++i)
    cache.insert("/r/" + std::to_string(i), "a: 1\n", doc);
  EXPECT_NE(cache.find("/r/0", "a: 1\n"), nullptr);  // now the most recently used
  cache.insert("/r/new", "a: 1\n", doc);
  EXPECT_EQ(cache.size(), ParsedFileCache::kMaxEntries);
  EXPECT_NE(cache.find("/r/0", "a: 1\n"), nullptr);
  EXPECT_EQ(cache.find("/r/1", "a: 1\n"), nullptr);  // the oldest untouched entry went
  EXPECT_NE(cache.find("/r/new", "a: 1\n"), nullptr);

  const std::string big(ParsedFileCache::kMaxTextBytes / 4 + 1, '#');
  cache.insert("/r/big", big, doc);
  EXPECT_EQ(cache.find("/r/big", big), nullptr);  // too big to keep

  std::string many = "[";  // few bytes, many nodes
  for (size_t i = 0; i <= ParsedFileCache::kMaxNodes / 4; ++i) many += "1,";
  many += "1]\n";
  cache.insert("/r/many", many, tree(many));
  EXPECT_EQ(cache.find("/r/many", many), nullptr);
}

TEST(ParsedFileCache, BoundedByNodes) {
  ParsedFileCache cache;
  std::string list = "[";
  for (size_t i = 0; i < ParsedFileCache::kMaxNodes / 5; ++i) list += "1,";
  list += "1]\n";
  auto doc = tree(list);
  for (int i = 0; i < 6; ++i) cache.insert("/r/" + std::to_string(i), list, doc);
  EXPECT_LE(cache.size(), 4u);  // each a fifth of the node bound, plus its root
  EXPECT_NE(cache.find("/r/5", list), nullptr);
  EXPECT_EQ(cache.find("/r/0", list), nullptr);
}

const char* kBase = R"(ruleset: {name: base, version: "1"}
entities:
  person:
    fields:
      id: {type: string, required: true}
rules:
  - id: r1
    title: {zh: 测试, en: test}
    citation: {document: doc, section: "1"}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - c1: id != ""
    outputs:
      x: 1
)";

class LoaderReuse : public ::testing::Test {
 protected:
  void SetUp() override {
    clear_parsed_file_cache();
    top_ = fs::path(::testing::TempDir()) /
           ("entitle_reuse_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "rules" / "base");
    fs::create_directories(top_ / "rules" / "city");
    write(top_ / "rules" / "base" / "a.yaml", kBase);
    write(top_ / "rules" / "city" / "a.yaml",
          "ruleset: {name: city, version: \"1\", extends: ../base}\n");
  }
  void TearDown() override {
    fs::remove_all(top_);
    clear_parsed_file_cache();
  }
  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
  }
  std::string dir(const char* name) const { return (top_ / "rules" / name).string(); }
  fs::path top_;
};

TEST_F(LoaderReuse, AnEditedBaseFileIsReadAgain) {
  ASSERT_TRUE(load_directory(dir("city"))) << "first load";
  std::string edited = kBase;
  edited.replace(edited.find("x: 1"), 4, "x: (");
  write(top_ / "rules" / "base" / "a.yaml", edited);
  auto again = load_directory(dir("city"));
  EXPECT_FALSE(again) << "the edit was not seen";
  write(top_ / "rules" / "base" / "a.yaml", kBase);
  EXPECT_TRUE(load_directory(dir("city")));
}

// A tree first parsed for rules/base is reused for rules/city/../base; every message must
// still name the file as this load reached it, and match a load without reuse byte for byte.
TEST_F(LoaderReuse, DiagnosticsOfAReusedFileAreThoseOfAFreshParse) {
  std::string unknown = kBase;
  unknown.replace(unknown.find("id != \"\""), 8, "nosuch > 1");
  write(top_ / "rules" / "base" / "a.yaml", unknown);
  LoadOptions fresh;
  fresh.reuse_parsed_files = false;
  const auto expected = load_directory(dir("city"), fresh).diagnostics.to_string();
  ASSERT_NE(expected.find("city/../base/a.yaml:"), std::string::npos) << expected;

  (void)load_directory(dir("base"));  // fills the cache under rules/base
  EXPECT_EQ(load_directory(dir("city")).diagnostics.to_string(), expected);
  EXPECT_EQ(load_directory(dir("city")).diagnostics.to_string(), expected);
}

// Loads on several threads share the cache: each gets the same rule set a lone load gets.
TEST_F(LoaderReuse, ConcurrentLoadsShareTheCache) {
  LoadOptions fresh;
  fresh.reuse_parsed_files = false;
  auto alone = load_directory(dir("city"), fresh);
  ASSERT_TRUE(alone) << alone.diagnostics.to_string();
  const std::string expected = alone.ruleset->content_hash();
  std::vector<std::string> hashes(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < hashes.size(); ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 5; ++i) {
        clear_parsed_file_cache();
        auto r = load_directory(dir(i % 2 ? "city" : "base"));
        if (i % 2 && r) hashes[t] = r.ruleset->content_hash();
        if (!r) hashes[t] = "failed: " + r.diagnostics.to_string();
      }
    });
  for (auto& th : threads) th.join();
  for (const auto& h : hashes) EXPECT_EQ(h, expected);
}

TEST_F(LoaderReuse, AFileWithErrorsIsNotKept) {
  write(top_ / "rules" / "base" / "b.yaml", "a: [1, 2\n");
  const auto first = load_directory(dir("base")).diagnostics.to_string();
  ASSERT_NE(first.find("b.yaml:"), std::string::npos) << first;
  EXPECT_EQ(ParsedFileCache::process().size(), 1u);  // a.yaml only
  EXPECT_EQ(load_directory(dir("base")).diagnostics.to_string(), first);
}

}  // namespace
}  // namespace entitle::load
