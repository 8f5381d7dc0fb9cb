#include "io/json_decisions.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

#include "entitle/decision.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {
namespace {

using ordered_json = nlohmann::ordered_json;

constexpr uint32_t kGroup = 0;
constexpr uint32_t kPerson = 0;
constexpr uint32_t kAgeField = 0, kIncomeField = 1, kGroupsField = 2;
constexpr uint32_t kElderlyAge = 0, kSubsidy = 1;
constexpr uint32_t kAllowance = 0, kRateTable = 1;

Decimal dec(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("bad test literal: " + std::string(text));
  return *d;
}

Value number(std::string_view text) { return Value::of_decimal(dec(text)); }

expr::Program program(std::string text, Type result) {
  expr::Program p;
  p.text = std::move(text);
  p.result = result;
  return p;
}

OutputDef output(std::string name, Type type) {
  OutputDef o;
  o.name = std::move(name);
  o.type = type;
  return o;
}

// A rule set with an elderly allowance (a condition tree) and a rate table.
Model make_model() {
  Model m;
  m.name = "tengzhou-elderly";
  m.version = "2024.1";
  m.content_hash = "9f86d081884c7d65";

  EnumDef group;
  group.name = "group";
  group.values = {"dibao", "tekun", "wubao"};
  m.enums.push_back(group);

  RecordSchema person;
  person.name = "person";
  for (auto [name, type] :
       {std::pair{"age", Type::of(TypeKind::integer)},
        std::pair{"income", Type::of(TypeKind::money)},
        std::pair{"groups", Type::list_of(Type::of(TypeKind::enumeration, kGroup))}}) {
    FieldDef f;
    f.name = name;
    f.type = type;
    person.field_index.emplace(f.name, static_cast<uint32_t>(person.fields.size()));
    person.fields.push_back(f);
  }
  m.schemas.push_back(person);

  m.programs = {program("age >= elderly_age", Type::of(TypeKind::boolean)),
                program("subsidy_amount", Type::of(TypeKind::money)),
                program("income / 12", Type::of(TypeKind::money)),
                program("age", Type::of(TypeKind::integer))};

  Parameter elderly_age;
  elderly_age.name = "elderly_age";
  elderly_age.type = Type::of(TypeKind::integer);
  Parameter subsidy;
  subsidy.name = "subsidy_amount";
  subsidy.type = Type::of(TypeKind::money);
  m.parameters = {elderly_age, subsidy};

  Derived monthly_income;
  monthly_income.name = "monthly_income";
  monthly_income.program = 2;
  m.derived.push_back(monthly_income);

  Rule allowance;
  allowance.id = "elderly_allowance";
  allowance.title = {"高龄津贴", "Elderly allowance"};
  allowance.citation = {"滕人社发〔2019〕24号", "四(二)4", ""};
  allowance.when.kind = Condition::Kind::all;
  allowance.when.program = 2;  // meaningless for a group; must not leak into the output
  Condition aged;
  aged.kind = Condition::Kind::leaf;
  aged.name = "aged_60";
  aged.title = {"年满60周岁", "Aged 60 or over"};
  aged.program = 0;
  allowance.when.children.push_back(aged);
  allowance.outputs = {output("amount", Type::of(TypeKind::money)),
                       output("months", Type::of(TypeKind::integer)),
                       output("group", Type::of(TypeKind::enumeration, kGroup))};

  Rule rate_table;
  rate_table.id = "rate_table";
  rate_table.title = {"费率表", ""};
  rate_table.citation = {"鲁政办发〔2020〕1号", "三", "https://example.org/p?a=1&b=\"2\""};
  rate_table.outputs = {output("rate", Type::of(TypeKind::decimal))};
  DecisionTable table;
  TableInput age_input;
  age_input.name = "age";
  age_input.program = 3;
  age_input.type = Type::of(TypeKind::integer);
  table.inputs.push_back(age_input);
  rate_table.table = table;

  m.rules = {allowance, rate_table};
  m.rule_index = {{"elderly_allowance", kAllowance}, {"rate_table", kRateTable}};
  return m;
}

class DecisionsJsonTest : public ::testing::Test {
 protected:
  DecisionsJsonTest() {
    decisions.as_of = Date::from_ymd(2024, 7, 1);
    decisions.entity = kPerson;
  }

  Decision eligible_with_explanation() {
    Decision d;
    d.rule = kAllowance;
    d.status = Status::eligible;
    d.outputs = {number("4200"), number("12"), Value::of_enum(1)};
    const Rule& rule = model.rules[kAllowance];
    Explanation e;
    ConditionTrace group{0, "all", "", Truth::yes, &rule.when, {}};
    ConditionTrace leaf{1, "condition", "aged_60", Truth::yes, &rule.when.children[0], {}};
    leaf.reads.push_back({ReadValue::Kind::field, kAgeField, 0, number("70"), std::nullopt});
    leaf.reads.push_back(
        {ReadValue::Kind::parameter, kElderlyAge, 0, number("60"), Date::from_ymd(2019, 12, 20)});
    leaf.reads.push_back({ReadValue::Kind::derived, 0, 0, number("350.5"), std::nullopt});
    leaf.reads.push_back({ReadValue::Kind::output, kRateTable, 0, number("0.2"), std::nullopt});
    Value groups_items[] = {Value::of_enum(0), Value::of_enum(2)};
    leaf.reads.push_back({ReadValue::Kind::field, kGroupsField, 0,
                          decisions.store().list(groups_items, 2), std::nullopt});
    e.conditions = {group, leaf};
    d.explanation = e;
    return d;
  }

  Decision undetermined() {
    Decision d;
    d.rule = kAllowance;
    d.status = Status::undetermined;
    d.outputs = {Value::missing(), Value::missing(), Value::missing()};
    d.missing_fields = {kAgeField, kIncomeField};
    d.missing_parameters = {kSubsidy};
    d.problem = "rows 3 and 5 both match (hit policy unique)";
    return d;
  }

  Decision from_table() {
    Decision d;
    d.rule = kRateTable;
    d.status = Status::not_eligible;
    d.outputs = {number("0.2")};
    Explanation e;
    e.table = TableTrace{{0, 2}, {number("70")}};
    d.explanation = e;
    return d;
  }

  std::string to_json(Language lang = Language::zh) {
    EvalOptions options;
    options.language = lang;
    return decisions_to_json(model, decisions, options);
  }

  static std::vector<std::string> keys(const ordered_json& object) {
    std::vector<std::string> out;
    for (const auto& item : object.items()) out.push_back(item.key());
    return out;
  }

  Model model = make_model();
  Decisions decisions;
};

using Keys = std::vector<std::string>;

TEST_F(DecisionsJsonTest, TopLevelShapeAndOrder) {
  const std::string out = to_json();
  EXPECT_EQ(out.find('\n'), std::string::npos);
  EXPECT_TRUE(out.starts_with(
      R"({"ruleset":{"name":"tengzhou-elderly","version":"2024.1","hash":"9f86d081884c7d65"},)"
      R"("as_of":"2024-07-01","entity":"person","decisions":[)"))
      << out;
  const auto j = ordered_json::parse(out);
  EXPECT_EQ(keys(j), (Keys{"ruleset", "as_of", "entity", "decisions"}));
  EXPECT_TRUE(j["decisions"].is_array());
  EXPECT_TRUE(j["decisions"].empty());
}

TEST_F(DecisionsJsonTest, AnEligibleDecisionWithOutputs) {
  Decision d = eligible_with_explanation();
  d.explanation.reset();
  decisions.items.push_back(d);
  const auto j = ordered_json::parse(to_json());
  const auto& first = j["decisions"][0];
  EXPECT_EQ(keys(first), (Keys{"rule", "status", "title", "citation", "outputs"}));
  EXPECT_EQ(first["rule"], "elderly_allowance");
  EXPECT_EQ(first["status"], "eligible");
  EXPECT_EQ(first["title"], "高龄津贴");
  EXPECT_EQ(first["citation"],
            (ordered_json{{"document", "滕人社发〔2019〕24号"}, {"section", "四(二)4"}}));
  EXPECT_EQ(keys(first["outputs"]), (Keys{"amount", "months", "group"}));
  EXPECT_EQ(first["outputs"]["amount"], "4200.00");  // money: an exact string
  EXPECT_EQ(first["outputs"]["months"], 12);         // int: a JSON integer
  EXPECT_TRUE(first["outputs"]["months"].is_number_integer());
  EXPECT_EQ(first["outputs"]["group"], "tekun");
}

TEST_F(DecisionsJsonTest, TitlesFollowTheLanguageAndFallBack) {
  decisions.items.push_back(undetermined());
  decisions.items.push_back(from_table());
  const auto en = ordered_json::parse(to_json(Language::en));
  EXPECT_EQ(en["decisions"][0]["title"], "Elderly allowance");
  EXPECT_EQ(en["decisions"][1]["title"], "费率表");  // no English title
}

TEST_F(DecisionsJsonTest, AnUndeterminedDecisionNamesWhatIsMissing) {
  decisions.items.push_back(undetermined());
  const auto j = ordered_json::parse(to_json());
  const auto& d = j["decisions"][0];
  EXPECT_EQ(keys(d), (Keys{"rule", "status", "title", "citation", "outputs", "missing",
                           "missing_parameters", "problem"}));
  EXPECT_EQ(d["status"], "undetermined");
  EXPECT_EQ(d["outputs"]["amount"], nullptr);
  EXPECT_EQ(d["outputs"]["months"], nullptr);
  EXPECT_EQ(d["missing"], (ordered_json{"age", "income"}));
  EXPECT_EQ(d["missing_parameters"], (ordered_json{"subsidy_amount"}));
  EXPECT_EQ(d["problem"], "rows 3 and 5 both match (hit policy unique)");
}

TEST_F(DecisionsJsonTest, FewerOutputValuesThanOutputsPrintAsNull) {
  Decision d = undetermined();
  d.outputs.clear();
  decisions.items.push_back(d);
  const auto j = ordered_json::parse(to_json());
  EXPECT_EQ(keys(j["decisions"][0]["outputs"]), (Keys{"amount", "months", "group"}));
  EXPECT_EQ(j["decisions"][0]["outputs"]["group"], nullptr);
}

TEST_F(DecisionsJsonTest, ExplanationsListConditionsAndTheirReads) {
  decisions.items.push_back(eligible_with_explanation());
  const auto j = ordered_json::parse(to_json(Language::en));
  const auto& explanation = j["decisions"][0]["explanation"];
  EXPECT_EQ(keys(explanation), (Keys{"conditions"}));
  const auto& conditions = explanation["conditions"];
  ASSERT_EQ(conditions.size(), 2u);

  const auto& group = conditions[0];
  EXPECT_EQ(keys(group), (Keys{"depth", "kind", "name", "value", "title", "reads"}));
  EXPECT_EQ(group["depth"], 0);
  EXPECT_EQ(group["kind"], "all");
  EXPECT_EQ(group["name"], "");
  EXPECT_EQ(group["value"], true);
  EXPECT_TRUE(group["reads"].empty());

  const auto& leaf = conditions[1];
  EXPECT_EQ(keys(leaf), (Keys{"depth", "kind", "name", "value", "title", "expression", "reads"}));
  EXPECT_EQ(leaf["depth"], 1);
  EXPECT_EQ(leaf["name"], "aged_60");
  EXPECT_EQ(leaf["title"], "Aged 60 or over");
  EXPECT_EQ(leaf["expression"], "age >= elderly_age");
  const auto& reads = leaf["reads"];
  ASSERT_EQ(reads.size(), 5u);
  EXPECT_EQ(reads[0], (ordered_json{{"kind", "field"}, {"name", "age"}, {"value", 70}}));
  EXPECT_EQ(reads[1], (ordered_json{{"kind", "parameter"},
                                    {"name", "elderly_age"},
                                    {"value", 60},
                                    {"effective_from", "2019-12-20"}}));
  EXPECT_EQ(reads[2], (ordered_json{{"kind", "derived"},
                                    {"name", "monthly_income"},
                                    {"value", "350.50"}}));  // money-typed program
  EXPECT_EQ(reads[3], (ordered_json{{"kind", "output"},
                                    {"name", "rate_table.rate"},
                                    {"value", "0.2"}}));  // decimal-typed output
  EXPECT_EQ(reads[4]["value"], (ordered_json{"dibao", "wubao"}));
}

TEST_F(DecisionsJsonTest, ConditionValuesAreThreeValued) {
  Decision d = eligible_with_explanation();
  d.explanation->conditions[0].value = Truth::unknown;
  d.explanation->conditions[1].value = Truth::no;
  d.explanation->conditions[1].condition = nullptr;  // no model condition: no title/expression
  decisions.items.push_back(d);
  const auto j = ordered_json::parse(to_json());
  const auto& conditions = j["decisions"][0]["explanation"]["conditions"];
  EXPECT_EQ(conditions[0]["value"], nullptr);
  EXPECT_EQ(conditions[1]["value"], false);
  EXPECT_EQ(conditions[1]["title"], "");
  EXPECT_FALSE(conditions[1].contains("expression"));
}

TEST_F(DecisionsJsonTest, TableTracesAndCitationUrls) {
  decisions.items.push_back(from_table());
  const std::string out = to_json();
  const auto j = ordered_json::parse(out);
  const auto& d = j["decisions"][0];
  EXPECT_EQ(d["status"], "not_eligible");
  EXPECT_EQ(d["outputs"]["rate"], "0.2");
  EXPECT_EQ(keys(d["citation"]), (Keys{"document", "section", "url"}));
  EXPECT_EQ(d["citation"]["url"], "https://example.org/p?a=1&b=\"2\"");
  const auto& explanation = d["explanation"];
  EXPECT_EQ(keys(explanation), (Keys{"conditions", "table"}));
  EXPECT_TRUE(explanation["conditions"].empty());
  EXPECT_EQ(explanation["table"], (ordered_json{{"matched_rows", {0, 2}}, {"inputs", {70}}}));
}

TEST_F(DecisionsJsonTest, SeveralDecisionsInOrder) {
  decisions.items.push_back(eligible_with_explanation());
  decisions.items.push_back(undetermined());
  decisions.items.push_back(from_table());
  const auto j = ordered_json::parse(to_json());
  ASSERT_EQ(j["decisions"].size(), 3u);
  EXPECT_EQ(j["decisions"][0]["status"], "eligible");
  EXPECT_EQ(j["decisions"][1]["status"], "undetermined");
  EXPECT_EQ(j["decisions"][2]["rule"], "rate_table");

  std::string appended = "prefix ";
  EvalOptions options;
  append_decisions_json(appended, model, decisions, options);
  EXPECT_EQ(appended, "prefix " + to_json());
}

TEST_F(DecisionsJsonTest, NamesAreEscaped) {
  model.name = "a\"b\\c\n";
  const auto j = ordered_json::parse(to_json());
  EXPECT_EQ(j["ruleset"]["name"], "a\"b\\c\n");
}

// --- status names, Decisions, EvaluationError -----------------------------------------------

TEST(StatusName, NamesEveryStatus) {
  EXPECT_STREQ(status_name(Status::eligible), "eligible");
  EXPECT_STREQ(status_name(Status::not_eligible), "not_eligible");
  EXPECT_STREQ(status_name(Status::not_applicable), "not_applicable");
  EXPECT_STREQ(status_name(Status::undetermined), "undetermined");
}

TEST(DecisionsTest, ClearsMovesAndStaysUsable) {
  Decisions a;
  a.items.resize(2);
  const Value s = a.store().string("kept");
  Decisions b(std::move(a));
  EXPECT_EQ(b.items.size(), 2u);
  EXPECT_EQ(s.as_string(), "kept");  // the store moved, its memory did not
  b.clear();
  EXPECT_TRUE(b.items.empty());
  Decisions c;
  c = std::move(b);
  a.clear();  // a moved-from Decisions gets a fresh store
  EXPECT_EQ(a.store().string("x").as_string(), "x");
}

TEST(EvaluationErrorTest, SaysWhereInTheRuleFiles) {
  const EvaluationError e("decimal overflow in 1 * 2", "rules/elderly.yaml", 12, 7);
  EXPECT_STREQ(e.what(), "rules/elderly.yaml:12:7: decimal overflow in 1 * 2");
  EXPECT_EQ(e.file, "rules/elderly.yaml");
  EXPECT_EQ(e.line, 12u);
  EXPECT_EQ(e.column, 7u);
  EXPECT_STREQ(EvaluationError("boom", "a.yaml", 3, 0).what(), "a.yaml:3: boom");
  EXPECT_STREQ(EvaluationError("boom", "", 0, 0).what(), "boom");
}

}  // namespace
}  // namespace entitle
