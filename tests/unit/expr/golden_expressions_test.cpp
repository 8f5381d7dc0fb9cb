// Runs tests/golden/expressions.txt: one expression per line, with its inputs and the value
// (or load-time / run-time error) it must give. The file's header documents the format.
//
// Each case becomes a one-file rule set: an entity `e` with the case's input fields, a
// derived value `v` holding the expression, and a rule `golden` whose condition always
// holds and whose output `value` reads `v`. The record is read from JSON with parse_record,
// evaluated through the public API, and the output formatted with append_json.
#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "io/value_format.hpp"
#include "entitle/ruleset.hpp"
#include "model/model.hpp"

namespace entitle {
namespace {

constexpr const char* kGoldenFile = ENTITLE_TEST_DATA_DIR "/golden/expressions.txt";
constexpr const char* kDocName = "golden.yaml";
constexpr const char* kDefaultAsOf = "2024-07-01";

struct Input {
  std::string name;
  std::string type;
  std::optional<std::string> json;  // nullopt: the field is declared but absent
};

struct Case {
  int line = 0;
  std::string expression;
  std::string inputs_text;
  std::string expected;
  std::vector<Input> inputs;
  std::string as_of = kDefaultAsOf;
  std::string format_error;  // a malformed line: reported as the test's failure
};

// gtest prints a failing case's parameter: show the line, not the struct's bytes.
void PrintTo(const Case& c, std::ostream* os) {
  *os << "line " << c.line << ": " << c.expression << " | " << c.inputs_text << " | " << c.expected;
}

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

// Splits at top-level `;` (outside quotes and brackets).
std::vector<std::string> split_inputs(std::string_view s) {
  std::vector<std::string> parts;
  std::string current;
  int depth = 0;
  char quote = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quote) {
      if (c == '\\' && i + 1 < s.size()) {
        current += c;
        current += s[++i];
        continue;
      }
      if (c == quote) quote = 0;
    } else if (c == '"') {
      quote = c;
    } else if (c == '[' || c == '{' || c == '<') {
      ++depth;
    } else if (c == ']' || c == '}' || c == '>') {
      --depth;
    } else if (c == ';' && depth == 0) {
      parts.push_back(trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  if (!trim(current).empty()) parts.push_back(trim(current));
  return parts;
}

// `expression | inputs | expected`, split at the last two " | " so the expression itself
// may contain one.
Case parse_line(int number, std::string_view line) {
  Case c;
  c.line = number;
  size_t last = line.rfind(" | ");
  size_t middle = last == std::string_view::npos ? last : line.rfind(" | ", last - 1);
  if (middle == std::string_view::npos) {
    c.format_error = "expected 'expression | inputs | expected'";
    return c;
  }
  c.expression = trim(line.substr(0, middle));
  c.inputs_text = trim(line.substr(middle + 3, last - middle - 3));
  c.expected = trim(line.substr(last + 3));
  for (const std::string& part : split_inputs(c.inputs_text)) {
    if (part.rfind("as_of=", 0) == 0) {
      c.as_of = part.substr(6);
      continue;
    }
    Input in;
    size_t colon = part.find(':');
    if (colon == std::string::npos) {
      c.format_error = "input '" + part + "' is not name:type[=json]";
      return c;
    }
    in.name = trim(part.substr(0, colon));
    size_t eq = part.find('=', colon);
    in.type =
        trim(part.substr(colon + 1, eq == std::string::npos ? std::string::npos : eq - colon - 1));
    if (eq != std::string::npos) in.json = trim(part.substr(eq + 1));
    c.inputs.push_back(std::move(in));
  }
  return c;
}

std::vector<Case> load_cases() {
  std::vector<Case> cases;
  std::ifstream in(kGoldenFile);
  if (!in) {
    Case c;
    c.format_error = std::string("cannot read ") + kGoldenFile;
    cases.push_back(c);
    return cases;
  }
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    cases.push_back(parse_line(number, line));
  }
  return cases;
}

// The expression as a YAML flow scalar that needs no escaping, so columns in the file map
// one-to-one onto columns in the expression.
std::string yaml_scalar(const std::string& expression) {
  if (expression.find('\'') == std::string::npos) return "'" + expression + "'";
  if (expression.find('"') == std::string::npos && expression.find('\\') == std::string::npos)
    return "\"" + expression + "\"";
  std::string doubled;
  for (char c : expression) doubled += c == '\'' ? std::string("''") : std::string(1, c);
  return "'" + doubled + "'";
}

// The line the expression is on in the generated document, and the column of its first
// character: it is written as `    v: '<expr>'`.
constexpr uint32_t kExpressionColumn = 9;

struct Document {
  std::string text;
  uint32_t expression_line = 0;
};

Document make_document(const Case& c) {
  std::ostringstream y;
  y << "ruleset: {name: golden, version: '1'}\n"
       "enums:\n"
       "  group: {values: [registered_poor, dibao, tekun, wubao]}\n"
       "  scheme: {values: [employee, resident, flexible]}\n"
       "  sex: {values: [M, F]}\n"
       "records:\n"
       "  contribution:\n"
       "    fields:\n"
       "      scheme: {type: scheme}\n"
       "      months: {type: int}\n"
       "      base: {type: money}\n"
       "      start: {type: month}\n"
       "parameters:\n"
       "  pension_rate:\n"
       "    type: decimal\n"
       "    values: [{from: 2000-01-01, value: 0.08}, {from: 2024-07-01, value: 0.16}]\n"
       "  hardship_groups:\n"
       "    type: list<group>\n"
       "    values: [{from: 2000-01-01, value: [dibao, tekun]}]\n"
       "  minimum_wage:\n"
       "    type: money\n"
       "    values: [{from: 2000-01-01, value: '1900.00'}]\n"
       "entities:\n"
       "  e:\n"
       "    fields:\n";
  if (c.inputs.empty()) y << "      unused_input: {type: bool}\n";
  for (const auto& in : c.inputs) y << "      " << in.name << ": {type: '" << in.type << "'}\n";
  y << "derived:\n"
       "  e:\n";
  std::string head = y.str();
  uint32_t line = 1;
  for (char ch : head) line += ch == '\n';
  y << "    v: " << yaml_scalar(c.expression) << "\n"
    << "rules:\n"
       "  - id: golden\n"
       "    title: golden\n"
       "    citation: {document: golden}\n"
       "    entity: e\n"
       "    effective: {from: 2000-01-01}\n"
       "    when: [holds: 'true']\n"
       "    outputs:\n"
       "      value: v\n"
       // A rule for at(<rule>.<output>, date): in force from 2024-01-01, holds from May.
       "  - id: dated\n"
       "    title: dated\n"
       "    citation: {document: golden}\n"
       "    entity: e\n"
       "    effective: {from: 2024-01-01}\n"
       "    when: [from_may: 'as_of >= 2024-05-01']\n"
       "    always:\n"
       "      day: as_of\n"
       "      groups: hardship_groups\n"
       "    outputs:\n"
       "      rate: pension_rate\n";
  return {y.str(), line};
}

std::string record_json(const Case& c) {
  std::string json = "{";
  for (const auto& in : c.inputs) {
    if (!in.json) continue;
    if (json.size() > 1) json += ",";
    json += "\"" + in.name + "\":" + *in.json;
  }
  return json + "}";
}

// "error: message substring @col" or "runtime: message substring [@col]".
struct ExpectedError {
  std::string substring;
  std::optional<uint32_t> column;
};

ExpectedError parse_expected_error(std::string_view text) {
  ExpectedError e;
  std::string t = trim(text);
  size_t at = t.rfind(" @");
  if (at != std::string::npos && at + 2 < t.size() &&
      t.find_first_not_of("0123456789", at + 2) == std::string::npos) {
    e.column = static_cast<uint32_t>(std::stoul(t.substr(at + 2)));
    t = trim(t.substr(0, at));
  }
  e.substring = t;
  return e;
}

std::string all_diagnostics(const Diagnostics& d) {
  std::string out;
  for (const auto& item : d.items()) out += "\n  " + format_diagnostic(item);
  return out;
}

class GoldenExpression : public ::testing::TestWithParam<Case> {};

TEST_P(GoldenExpression, GivesItsExpectedValue) {
  const Case& c = GetParam();
  ASSERT_TRUE(c.format_error.empty()) << kGoldenFile << ":" << c.line << ": " << c.format_error;
  SCOPED_TRACE(std::string(kGoldenFile) + ":" + std::to_string(c.line) + ": " + c.expression);
  const Document doc = make_document(c);
  LoadResult loaded = RuleSet::load_documents({{kDocName, doc.text}});

  if (c.expected.rfind("error:", 0) == 0) {
    ExpectedError want = parse_expected_error(std::string_view(c.expected).substr(6));
    ASSERT_FALSE(loaded) << "expected a load error containing '" << want.substring << "'";
    const Diagnostic* found = nullptr;
    for (const auto& d : loaded.diagnostics.items())
      if (d.severity == Severity::error && d.message.find(want.substring) != std::string::npos)
        found = &d;
    ASSERT_NE(found, nullptr) << "no error contains '" << want.substring
                              << "'; got:" << all_diagnostics(loaded.diagnostics);
    EXPECT_EQ(found->where.file, kDocName);
    EXPECT_EQ(found->where.line, doc.expression_line) << format_diagnostic(*found);
    if (want.column) {
      EXPECT_EQ(found->where.column, kExpressionColumn + *want.column - 1)
          << "the error should point at expression column " << *want.column << ": "
          << format_diagnostic(*found);
    }
    return;
  }

  ASSERT_TRUE(loaded) << "the rule set did not load:" << all_diagnostics(loaded.diagnostics) << "\n"
                      << doc.text;
  const RuleSet& rs = *loaded.ruleset;
  auto as_of = Date::parse(c.as_of);
  ASSERT_TRUE(as_of) << "bad as_of '" << c.as_of << "'";
  auto entity = rs.entity("e");
  ASSERT_TRUE(entity);
  Record record;
  try {
    record = rs.parse_record(record_json(c), *entity);
  } catch (const RecordError& e) {
    FAIL() << "the inputs do not fit: " << e.field << ": " << e.reason << " in " << record_json(c);
  }

  if (c.expected.rfind("runtime:", 0) == 0) {
    ExpectedError want = parse_expected_error(std::string_view(c.expected).substr(8));
    try {
      Decisions d = rs.evaluate(record, *as_of);
      std::string got;
      append_json(got, d.items.at(0).outputs.at(0), rs.model().rules[0].outputs[0].type,
                  rs.model());
      FAIL() << "expected a run-time error containing '" << want.substring << "', got " << got;
    } catch (const EvaluationError& e) {
      EXPECT_NE(std::string(e.what()).find(want.substring), std::string::npos)
          << "the error is: " << e.what();
      EXPECT_EQ(e.file, kDocName);
      EXPECT_EQ(e.line, doc.expression_line);
      if (want.column) {
        EXPECT_EQ(e.column, kExpressionColumn + *want.column - 1) << e.what();
      }
    }
    return;
  }

  Decisions d = rs.evaluate(record, *as_of);
  ASSERT_EQ(d.items.size(), 2u);  // golden, then dated
  ASSERT_EQ(d.items[0].status, Status::eligible);
  ASSERT_EQ(d.items[0].outputs.size(), 1u);
  std::string got;
  append_json(got, d.items[0].outputs[0], rs.model().rules[0].outputs[0].type, rs.model());
  EXPECT_EQ(got, c.expected);
}

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  return "line_" + std::to_string(info.param.line);
}

INSTANTIATE_TEST_SUITE_P(ExpressionsTxt, GoldenExpression, ::testing::ValuesIn(load_cases()),
                         case_name);

// The file itself: enough cases, and each line well-formed (a typo in the separator would
// otherwise silently drop a case).
TEST(GoldenExpressionsFile, HoldsAtLeast150WellFormedCases) {
  auto cases = load_cases();
  EXPECT_GE(cases.size(), 150u);
  for (const auto& c : cases)
    EXPECT_TRUE(c.format_error.empty()) << c.line << ": " << c.format_error;
}

}  // namespace
}  // namespace entitle
