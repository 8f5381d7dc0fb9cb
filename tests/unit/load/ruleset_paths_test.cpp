// Nothing in a rule file reaches a path outside the folder of rule sets (the parent of the
// folder loaded): extends: must be relative and stay among the siblings, and neither it nor a
// rule file may get out through `..` or a symbolic link (src/load/ruleset_loader.cpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "entitle/ruleset.hpp"

namespace entitle {
namespace {

namespace fs = std::filesystem;

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

std::string city(const std::string& extends) {
  return "ruleset: {name: city, version: \"1\", extends: '" + extends + "'}\n";
}

// rules/{base,city} and a secret file beside rules/, fresh for each test.
class RuleSetPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    top_ = fs::path(::testing::TempDir()) /
           ("entitle_paths_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(top_);
    fs::create_directories(top_ / "rules" / "base");
    fs::create_directories(top_ / "rules" / "city");
    fs::create_directories(top_ / "outside");
    write(top_ / "rules" / "base" / "a.yaml", kBase);
    write(top_ / "outside" / "a.yaml", kBase);
    write(top_ / "secret.yaml", "password: hunter2\n");
  }
  void TearDown() override { fs::remove_all(top_); }

  static void write(const fs::path& p, const std::string& text) {
    std::ofstream(p, std::ios::binary) << text;
  }
  std::string load_city(const std::string& extends) {
    write(top_ / "rules" / "city" / "ruleset.yaml", city(extends));
    auto r = RuleSet::load((top_ / "rules" / "city").string());
    return r ? std::string() : r.diagnostics.to_string();
  }

  fs::path top_;
};

TEST_F(RuleSetPaths, SiblingLoads) { EXPECT_EQ(load_city("../base"), ""); }

TEST_F(RuleSetPaths, ExtendsOutsideTheFolderOfRuleSetsIsRefused) {
  const std::string errors = load_city("../../outside");
  EXPECT_NE(errors.find("ruleset.yaml:1:46: error: extends: '"), std::string::npos) << errors;
  EXPECT_NE(errors.find("is outside rules/, the folder of rule sets"), std::string::npos) << errors;
}

TEST_F(RuleSetPaths, ExtendsThroughASiblingAndBackOutIsRefused) {
  EXPECT_NE(load_city("../base/../../outside").find("is outside rules/"), std::string::npos);
}

TEST_F(RuleSetPaths, AbsoluteExtendsIsRefused) {
  const std::string errors = load_city((top_ / "rules" / "base").string());
  EXPECT_NE(errors.find("extends names a folder relative to this one (../national), not an "
                        "absolute path"),
            std::string::npos)
      << errors;
}

TEST_F(RuleSetPaths, ExtendsThroughASymlinkOutIsRefused) {
  fs::create_directory_symlink(top_ / "outside", top_ / "rules" / "linked");
  EXPECT_NE(load_city("../linked").find("is outside rules/"), std::string::npos);
}

TEST_F(RuleSetPaths, RuleFileSymlinkOutIsNotRead) {
  fs::create_symlink(top_ / "secret.yaml", top_ / "rules" / "base" / "z.yaml");
  const std::string errors = load_city("../base");
  EXPECT_NE(errors.find("z.yaml: error: a symbolic link to a file outside rules/, the folder "
                        "of rule sets; not read"),
            std::string::npos)
      << errors;
  EXPECT_EQ(errors.find("hunter2"), std::string::npos) << errors;
  EXPECT_EQ(errors.find("password"), std::string::npos) << errors;
}

TEST_F(RuleSetPaths, RuleFileSymlinkInsideIsRead) {
  // A city sharing one file of its base through a link stays inside rules/.
  fs::remove(top_ / "rules" / "base" / "a.yaml");
  write(top_ / "rules" / "shared.yaml", kBase);
  fs::create_symlink(top_ / "rules" / "shared.yaml", top_ / "rules" / "base" / "a.yaml");
  EXPECT_EQ(load_city("../base"), "");
}

TEST_F(RuleSetPaths, ExtendsChainOfEightLoadsNineDoesNot) {
  // l0 is the base; l<i> builds on l<i-1>. Loading l7 is a chain of 8 rule sets, l8 of 9.
  write(top_ / "rules" / "base" / "a.yaml", kBase);
  fs::create_directories(top_ / "rules" / "l0");
  write(top_ / "rules" / "l0" / "a.yaml", kBase);
  for (int i = 1; i <= 8; ++i) {
    const fs::path dir = top_ / "rules" / ("l" + std::to_string(i));
    fs::create_directories(dir);
    write(dir / "ruleset.yaml", "ruleset: {name: l" + std::to_string(i) +
                                    ", version: \"1\", extends: ../l" + std::to_string(i - 1) +
                                    "}\n");
  }
  auto eight = RuleSet::load((top_ / "rules" / "l7").string());
  EXPECT_TRUE(eight) << eight.diagnostics.to_string();
  auto nine = RuleSet::load((top_ / "rules" / "l8").string());
  ASSERT_FALSE(nine);
  EXPECT_NE(nine.diagnostics.to_string().find("extends: more than 8 rule sets deep"),
            std::string::npos)
      << nine.diagnostics.to_string();
}

}  // namespace
}  // namespace entitle
