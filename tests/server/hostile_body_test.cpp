// Hostile request bodies cost linear time (issue "Hostile input costs linear time"): the
// body of POST /v1/evaluate and /v1/evaluate/batch read at n and 4n of the same shape.
// Before, every member's position was counted from the start of the body, so 1 MiB of
// {"":0,"":0,…} took minutes to be refused. The HTTP path is hostile_test.py.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "../unit/io/linear_time.hpp"  // NOLINT: shared with the unit tests
#include "entitle/ruleset.hpp"
#include "server/api_error.hpp"
#include "server/evaluate_request.hpp"
#include "server/json_body.hpp"

namespace entitle::server {
namespace {

using testing_time::expect_linear;

constexpr const char* kRules = R"(
ruleset: {name: hostile-body, version: "1"}
entities:
  person:
    fields:
      id: {type: string, required: true}
      age: {type: int}
)";

std::shared_ptr<const RuleSet> rules() {
  static const std::shared_ptr<const RuleSet> rs = [] {
    LoadResult r = RuleSet::load_documents({{"rules.yaml", kRules}});
    EXPECT_TRUE(r.ruleset) << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs;
}

// `{` + n times `member` (with `i` numbering them), then `tail` and `}`.
template <typename Member>
std::string object_of(size_t n, Member member, const std::string& tail = "") {
  std::string body = "{";
  for (size_t i = 0; i < n; ++i) body += (i > 0 ? "," : "") + member(i);
  if (!tail.empty()) body += (n > 0 ? "," : "") + tail;
  return body + "}";
}

// Each size's body, built before anything is timed.
template <typename Make>
std::map<size_t, std::string> bodies(size_t n, Make make) {
  return {{n, make(n)}, {4 * n, make(4 * n)}};
}

// The ApiError that reading `body` as a request throws (422 expected by the callers).
ApiError refusal(const std::string& body, bool batch = false) {
  try {
    read_evaluate_request(body, *rules(), batch, 32, 1000);
  } catch (const ApiError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for a body of " << body.size() << " bytes";
  return ApiError(0, "", "");
}

constexpr size_t kMembers = 12'500;  // 4n = 50,000: the body stays in cache at both sizes

TEST(HostileBody, OneKeyRepeatedIsRefusedAtItsFirstMemberInLinearTime) {
  const auto texts = bodies(kMembers, [](size_t n) {
    return object_of(n, [](size_t) { return std::string("\"\":0"); });
  });
  const ApiError e = refusal(texts.at(kMembers));
  EXPECT_EQ(e.status, 422u);
  EXPECT_EQ(e.field, "");
  EXPECT_NE(std::string(e.what()).find("unknown member ''"), std::string::npos) << e.what();
  EXPECT_EQ(e.line, 1u);
  EXPECT_EQ(e.column, 2u);  // the first member, not the last
  expect_linear("{\"\":0,…}", kMembers, [&](size_t n) { refusal(texts.at(n)); });
}

TEST(HostileBody, DistinctUnknownKeysAreRefusedAtTheFirstInLinearTime) {
  const auto texts = bodies(kMembers, [](size_t n) {
    return object_of(n, [](size_t i) { return "\"a" + std::to_string(i) + "\":0"; });
  });
  const ApiError e = refusal(texts.at(kMembers));
  EXPECT_EQ(e.field, "a0");
  EXPECT_EQ(e.column, 2u);
  expect_linear("{\"a0\":0,\"a1\":0,…}", kMembers, [&](size_t n) { refusal(texts.at(n)); });
}

TEST(HostileBody, AKnownMemberGivenTwiceIsRefusedAtTheSecond) {
  const auto texts = bodies(kMembers, [](size_t n) {
    return object_of(n, [](size_t) { return std::string("\"as_of\":\"2024-07-01\""); });
  });
  const ApiError e = refusal(texts.at(kMembers));
  EXPECT_NE(std::string(e.what()).find("'as_of' given twice"), std::string::npos) << e.what();
  EXPECT_EQ(e.column, 23u);  // {"as_of":"2024-07-01", is 22 characters
  expect_linear("{\"as_of\":…,\"as_of\":…,…}", kMembers, [&](size_t n) { refusal(texts.at(n)); });
}

TEST(HostileBody, MembersOnManyLinesArePlacedInOnePass) {
  // Every member on its own line: each is numbered, and the last one's position must be
  // right. (Timed without collecting them, so the vector's growth is not in the figure.)
  const auto texts = bodies(kMembers, [](size_t n) {
    return object_of(n, [](size_t i) { return "\n\"k" + std::to_string(i) + "\": 0"; });
  });
  const std::vector<JsonMember> ms = object_members(texts.at(kMembers));
  ASSERT_EQ(ms.size(), kMembers);
  EXPECT_EQ(ms.back().key_at.line, kMembers + 1);
  EXPECT_EQ(ms.back().key_at.column, 1u);
  EXPECT_EQ(ms.back().value_at.column, 6u + std::to_string(kMembers - 1).size());
  expect_linear("a member per line", kMembers, [&](size_t n) {
    size_t count = 0;
    uint32_t last_line = 0;
    for_each_member(texts.at(n), [&](JsonMember& m) {
      ++count;
      last_line = m.key_at.line;
    });
    EXPECT_EQ(count, n);
    EXPECT_EQ(last_line, n + 1);
  });
}

TEST(HostileBody, AWideUnknownObjectInsideIsSkippedInLinearTime) {
  // A nested object of n members under a known key that comes first, then an unknown one.
  const auto texts = bodies(kMembers, [](size_t n) {
    const std::string inner =
        object_of(n, [](size_t i) { return "\"b" + std::to_string(i) + "\":{\"c\":[0]}"; });
    return "{\"lang\":\"zh\",\"x\":" + inner + "}";
  });
  const ApiError e = refusal(texts.at(kMembers));
  EXPECT_EQ(e.field, "x");
  expect_linear("{\"x\":{\"b0\":{…},…}}", kMembers, [&](size_t n) { refusal(texts.at(n)); });
}

TEST(HostileBody, ALongUnknownKeyIsEchoedShortened) {
  const std::string key(1 << 20, 'k');
  const ApiError e = refusal("{\"" + key + "\":0}");
  EXPECT_LT(std::string(e.what()).size(), 400u);
  EXPECT_LT(e.field.size(), 100u);
  EXPECT_NE(e.field.find("…"), std::string::npos) << e.field;
}

TEST(HostileBody, BatchRecordsArrayIsCutInLinearTime) {
  // 4n records exceeds the cap: the 413 comes after cutting them, which must be linear.
  const auto texts = bodies(kMembers / 2, [](size_t n) {
    std::string records = "[";
    for (size_t i = 0; i < n; ++i)
      records += (i > 0 ? ",\n{\"id\":\"P" : "{\"id\":\"P") + std::to_string(i) + "\"}";
    return "{\"as_of\":\"2024-07-01\",\"records\":" + records + "]}";
  });
  const auto many = [&](size_t n) {
    return read_evaluate_request(texts.at(n), *rules(), true, 32, 1'000'000).records;
  };
  const std::vector<capi::RecordSpan> spans = many(kMembers / 2);
  ASSERT_EQ(spans.size(), kMembers / 2);
  EXPECT_EQ(spans.back().line, kMembers / 2);
  EXPECT_EQ(spans.back().column, 1u);
  EXPECT_EQ(spans.back().text, "{\"id\":\"P" + std::to_string(kMembers / 2 - 1) + "\"}");
  expect_linear("records: [n records]", kMembers / 2,
                [&](size_t n) { EXPECT_EQ(many(n).size(), n); });
}

}  // namespace
}  // namespace entitle::server
