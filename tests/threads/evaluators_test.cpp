// Many threads over one rule set (issue 7: results identical whatever the thread count).
// Its own small binary so the TSan run of scripts/test.sh builds only what the tests
// labelled `threads` need.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "io/json_decisions.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

Date day(std::string_view text) {
  auto d = Date::parse(text);
  if (!d) throw std::invalid_argument("bad test date " + std::string(text));
  return *d;
}

// A deterministic population for screening-2024: every field sometimes missing, so every
// status occurs.
std::vector<std::string> generate_people(size_t n) {
  std::mt19937 rng(20240701);
  auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
  const char* groups[] = {"registered_poor",
                          "dibao",
                          "tekun",
                          "wubao",
                          "low_income_edge",
                          "unstable_post_poverty",
                          "sudden_hardship",
                          "severe_disability",
                          "released_prisoner"};
  const char* employment[] = {"employee", "flexible", "farmer", "student", "none"};
  std::vector<std::string> people;
  for (size_t i = 0; i < n; ++i) {
    std::string j = "{\"id\": \"p" + std::to_string(i) + "\"";
    char birth[16];
    std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", 1930 + pick(80), 1 + pick(12),
                  1 + pick(28));
    j += std::string(", \"birth_date\": \"") + birth + "\"";
    auto maybe = [&](const std::string& field, const std::string& value) {
      if (pick(10) > 0) j += ", \"" + field + "\": " + value;
    };
    maybe("sex", pick(2) ? "\"M\"" : "\"F\"");
    maybe("hukou_local", pick(4) ? "true" : "false");
    std::string g = "[";
    for (int k = pick(3); k > 0; --k)
      g += std::string(g.size() > 1 ? ", " : "") + "\"" + groups[pick(9)] + "\"";
    maybe("groups", g + "]");
    maybe("employment", std::string("\"") + employment[pick(5)] + "\"");
    maybe("resident_pension_enrolled", pick(2) ? "true" : "false");
    maybe("employee_pension_enrolled", pick(2) ? "true" : "false");
    maybe("receiving_pension", pick(5) ? "false" : "true");
    maybe("contribution_months", std::to_string(pick(400)));
    maybe("monthly_wage",
          "\"" + std::to_string(pick(30000)) + "." + std::to_string(10 + pick(90)) + "\"");
    people.push_back(j + "}");
  }
  return people;
}

TEST(Threads, EightEvaluatorsOverOneRuleSetAgreeWithOneThread) {
  LoadResult loaded = RuleSet::load(ENTITLE_SOURCE_DIR "/rules/screening-2024");
  ASSERT_TRUE(loaded) << loaded.diagnostics.to_string();
  const std::shared_ptr<const RuleSet> rs = loaded.ruleset;
  const uint32_t person = *rs->entity("person");

  const std::vector<std::string> people = generate_people(2000);
  std::vector<Record> records;
  for (const auto& p : people) records.push_back(rs->parse_record(p, person));
  const Date dates[] = {day("2023-12-31"), day("2024-01-01"), day("2024-07-01")};
  EvalOptions options;
  options.explain = true;
  options.language = Language::en;

  // Single-threaded: one evaluator, records in order.
  std::vector<std::string> expected(records.size());
  {
    Evaluator ev(rs);
    for (size_t i = 0; i < records.size(); ++i)
      expected[i] =
          decisions_to_json(rs->model(), ev.evaluate(records[i], dates[i % 3], options), options);
  }
  // The population exercises every status.
  for (const char* status : {"eligible", "not_eligible", "not_applicable", "undetermined"}) {
    bool seen = std::any_of(expected.begin(), expected.end(), [&](const std::string& j) {
      return j.find(std::string("\"status\":\"") + status + "\"") != std::string::npos;
    });
    EXPECT_TRUE(seen) << status;
  }
  // A fresh evaluation per record agrees with the reused evaluator.
  for (size_t i = 0; i < records.size(); i += 97)
    EXPECT_EQ(
        decisions_to_json(rs->model(), rs->evaluate(records[i], dates[i % 3], options), options),
        expected[i])
        << people[i];

  constexpr size_t kThreads = 8;
  std::vector<std::vector<std::string>> got(kThreads, std::vector<std::string>(records.size()));
  std::vector<std::thread> threads;
  for (size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Evaluator ev(rs);
      // Each thread starts elsewhere in the population, so evaluators see other orders.
      for (size_t k = 0; k < records.size(); ++k) {
        const size_t i = (k + t * records.size() / kThreads) % records.size();
        got[t][i] =
            decisions_to_json(rs->model(), ev.evaluate(records[i], dates[i % 3], options), options);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t t = 0; t < kThreads; ++t) {
    size_t differing = 0;
    for (size_t i = 0; i < records.size(); ++i) {
      if (got[t][i] == expected[i]) continue;
      if (++differing <= 3)
        ADD_FAILURE() << "thread " << t << ", record " << i << ":\n"
                      << got[t][i] << "\nvs\n"
                      << expected[i];
    }
    EXPECT_EQ(differing, 0u) << "thread " << t;
  }
}

}  // namespace
}  // namespace entitle
