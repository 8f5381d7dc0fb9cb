// Hostile rule files cost time in proportion to their size: each shape is loaded at n and
// 4n (in memory, through RuleSet::load_documents) and the time may grow about 4 times, not
// 16 (quadratic). The best of three runs per size keeps a busy machine from failing it;
// sizes are small enough to take seconds under ASan.
#include <gtest/gtest.h>

#include <algorithm>
#include <time.h>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "entitle/ruleset.hpp"
#include "load/ruleset_loader.hpp"

namespace entitle {
namespace {

using Docs = std::vector<std::pair<std::string, std::string>>;

const char* kHead =
    "ruleset: {name: hostile, version: \"1\"}\n"
    "entities:\n"
    "  person:\n"
    "    fields:\n"
    "      n: int\n";

const char* kRule =
    "  - id: r\n    title: r\n    citation: {document: x}\n    entity: person\n"
    "    effective: {from: 2020-01-01}\n    when:\n      - c: ";

double process_cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

double seconds_to_load(const Docs& docs) {
  // Every run parses: the process-wide cache of parsed files would keep small cases only.
  load::clear_parsed_file_cache();
  // CPU time, not the wall clock: a test run beside others on two cores is preempted, and
  // preemption falls unevenly on the two sizes.
  const double start = process_cpu_seconds();
  LoadResult r = RuleSet::load_documents(docs);
  return process_cpu_seconds() - start;
}

// Linear shapes measure 4 to 6.6 on a shared two-core machine (the allocator and caches grow
// superlinear at these sizes); quadratic ones 16 and more.
constexpr double kMaxRatio = 8.0;

// Loads make(n) and make(4n), the best of three runs each, taken in turns so a busy moment
// of the machine falls on both sizes alike; the ratio must stay under kMaxRatio.
void expect_linear(const std::function<Docs(size_t)>& make, size_t n) {
  const Docs small = make(n), large = make(4 * n);
  double t1 = 1e9, t4 = 1e9;
  for (int run = 0; run < 3; ++run) {
    t1 = std::min(t1, seconds_to_load(small));
    t4 = std::min(t4, seconds_to_load(large));
  }
  // Below a few milliseconds the clock, the allocator and other processes are all one measures.
  EXPECT_LT(t4 / std::max(t1, 2e-3), kMaxRatio)
      << "n=" << n << ": " << t1 << " s, 4n: " << t4 << " s";
}

std::string errors_of(const Docs& docs) {
  LoadResult r = RuleSet::load_documents(docs);
  std::string out;
  for (const auto& d : r.diagnostics.items())
    if (d.severity == Severity::error) out += format_diagnostic(d) + "\n";
  return out;
}

// 15 enum values of `length` characters and a parameter whose value is none of them.
Docs long_enum_values(size_t length) {
  std::string s = std::string(kHead) + "enums:\n  big:\n    values:\n";
  for (int i = 0; i < 15; ++i)
    s += "      - v" + std::to_string(10 + i) + std::string(length, 'x') + "\n";
  s += "parameters:\n  p:\n    type: big\n    values:\n      - from: 2020-01-01\n        value: w" +
       std::string(length + 2, 'y') + "\n";
  return {{"a.yaml", s}};
}

TEST(LoadComplexity, LongEnumValueNotAmongLongValues) {
  expect_linear(long_enum_values, 2000);
  const std::string errors = errors_of(long_enum_values(16000));
  // Located, cut to a readable length, and no suggestion for a 16,000-character word.
  EXPECT_EQ(errors.find("a.yaml:29:16: error: parameter p: 'wyyyy"), 0u) << errors;
  EXPECT_NE(errors.find("\xE2\x80\xA6' is not a value of big\n"), std::string::npos) << errors;
  EXPECT_LT(errors.size(), 200u);
  EXPECT_EQ(errors.find("did you mean"), std::string::npos);
}

// `chains` chains of `length` derived values, each reading the one before, in two files.
Docs derived_chains(size_t chains, size_t length) {
  std::string a = std::string(kHead) + "derived:\n  person:\n", b = "derived:\n  person:\n";
  for (size_t c = 0; c < chains; ++c) {
    const std::string p = "c" + std::to_string(c) + "_";
    for (size_t i = 0; i < length; ++i) {
      std::string& file = i < length / 2 ? a : b;
      file += "    " + p + std::to_string(i) + ": " +
              (i == 0 ? std::string("n") : p + std::to_string(i - 1) + " + 1") + "\n";
    }
  }
  a += std::string("rules:\n") + kRule + "c0_" + std::to_string(length - 1) + " > 0\n";
  return {{"a.yaml", a}, {"b.yaml", b}};
}

TEST(LoadComplexity, ChainsOfDerivedValues) {
  // 2,000 and 8,000 values in chains as long as the limit allows.
  expect_linear([](size_t n) { return derived_chains(n / 200, 200); }, 2000);
  // One long chain: the loader neither recurses nor walks it once per value.
  expect_linear([](size_t n) { return derived_chains(1, n); }, 5000);
  EXPECT_EQ(errors_of(derived_chains(1, 255)), "");
}

TEST(LoadComplexity, ChainOf40000DerivedValuesIsALocatedErrorNotACrash) {
  const std::string errors = errors_of(derived_chains(1, 40000));
  // c0_0 is depth 1, so c0_256 is the 257th value of the chain (line 8 + 256).
  EXPECT_EQ(errors,
            "a.yaml:264:5: error: derived value 'c0_256' ends a chain of more than 256 "
            "derived values and rules, each reading the next, over the limit of 256; "
            "shorten the chain\n");
}

TEST(LoadComplexity, CycleThrough40000DerivedValuesIsALocatedErrorNotACrash) {
  std::string s = std::string(kHead) + "derived:\n  person:\n    d0: d39999 + 1\n";
  for (int i = 1; i < 40000; ++i)
    s += "    d" + std::to_string(i) + ": d" + std::to_string(i - 1) + " + 1\n";
  const std::string errors = errors_of({{"a.yaml", s}});
  EXPECT_NE(errors.find("is read through more than 256 derived values and rule outputs"),
            std::string::npos)
      << errors.substr(0, 500);
  EXPECT_EQ(errors.find("a.yaml:"), 0u);
}

TEST(LoadComplexity, ManyFields) {
  expect_linear(
      [](size_t n) {
        std::string s = std::string(kHead);
        for (size_t i = 0; i < n; ++i) s += "      f" + std::to_string(i) + ": int\n";
        return Docs{{"a.yaml", s}};
      },
      10000);
}

TEST(LoadComplexity, ManyUnknownKeys) {
  auto make = [](size_t n) {
    std::string s = std::string(kHead) + "enums:\n  e:\n    values: [a]\n";
    for (size_t i = 0; i < n; ++i) s += "    valuez" + std::to_string(i) + ": 1\n";
    return Docs{{"a.yaml", s}};
  };
  expect_linear(make, 4000);
  const std::string errors = errors_of(make(3));
  EXPECT_EQ(errors.find("a.yaml:9:5: error: unknown key 'valuez0' in enum e"), 0u) << errors;
}

TEST(LoadComplexity, ManyDuplicateKeys) {
  auto make = [](size_t n) {
    std::string s = std::string(kHead) + "enums:\n";
    for (size_t i = 0; i < n; ++i) s += "  e" + std::to_string(i) + ": [a]\n";
    for (size_t i = 0; i < n; ++i) s += "  e" + std::to_string(i) + ": [b]\n";
    return Docs{{"a.yaml", s}};
  };
  expect_linear(make, 4000);
  EXPECT_EQ(errors_of(make(2)),
            "a.yaml:9:3: error: duplicate key 'e0' (first defined at line 7)\n");
}

TEST(LoadComplexity, LongSequences) {
  expect_linear(
      [](size_t n) {
        std::string s = std::string(kHead) + "enums:\n  e:\n    values:\n";
        for (size_t i = 0; i < n; ++i) s += "      - v" + std::to_string(i) + "\n";
        return Docs{{"a.yaml", s}};
      },
      20000);
}

TEST(LoadComplexity, LongExpressions) {
  // `n + n + …` of 250 terms (under the height limit) and lists of many elements, in many
  // derived values.
  expect_linear(
      [](size_t n) {
        std::string sum = "n";
        for (int i = 1; i < 250; ++i) sum += " + n";
        std::string list = "n in [1";
        for (int i = 1; i < 600; ++i) list += ", 1";
        list += "]";
        std::string s = std::string(kHead) + "derived:\n  person:\n";
        for (size_t i = 0; i < n; ++i)
          s += "    s" + std::to_string(i) + ": " + sum + "\n    l" + std::to_string(i) + ": " +
               list + "\n";
        return Docs{{"a.yaml", s}};
      },
      20);
}

TEST(LoadComplexity, DeepParenthesesAreALocatedError) {
  const std::string expr = std::string(1500, '(') + "n" + std::string(1500, ')');
  const std::string errors =
      errors_of({{"a.yaml", std::string(kHead) + "derived:\n  person:\n    d: " + expr + "\n"}});
  EXPECT_EQ(errors.find("a.yaml:8:"), 0u) << errors;
  EXPECT_NE(errors.find("expression nested deeper than 64 levels"), std::string::npos) << errors;
}

TEST(LoadComplexity, ManyRules) {
  expect_linear(
      [](size_t n) {
        std::string s = std::string(kHead) + "rules:\n";
        for (size_t i = 0; i < n; ++i)
          s += "  - {id: r" + std::to_string(i) +
               ", title: r, citation: {document: x}, entity: person, "
               "effective: {from: 2020-01-01}, when: [c: n > " +
               std::to_string(i) + "]}\n";
        return Docs{{"a.yaml", s}};
      },
      1000);
}

TEST(LoadComplexity, ChainOfRulesReadingEachOther) {
  // r_i holds when r_(i-1) does: evaluation nests along it, so it is bounded like derived values.
  auto make = [](size_t n) {
    std::string s = std::string(kHead) + "rules:\n";
    for (size_t i = 0; i < n; ++i)
      s += "  - {id: r" + std::to_string(i) +
           ", title: r, citation: {document: x}, entity: person, "
           "effective: {from: 2020-01-01}, when: [c: " +
           (i == 0 ? std::string("n > 0") : "r" + std::to_string(i - 1) + ".eligible") + "]}\n";
    return Docs{{"a.yaml", s}};
  };
  expect_linear(make, 1000);
  EXPECT_NE(errors_of(make(300)).find("rule 'r256' ends a chain of more than 256"),
            std::string::npos);
}

}  // namespace
}  // namespace entitle
