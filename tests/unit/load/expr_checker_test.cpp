#include "load/expr_checker.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "entitle/ruleset.hpp"
#include "expr/parser.hpp"

namespace entitle::expr {
namespace {

// A small rule set whose model the expressions below are checked against.
constexpr const char* kRuleSet = R"(
ruleset: {name: checker-test, version: '1'}
enums:
  group: {values: [registered_poor, dibao, tekun, wubao]}
  employment: {values: [employee, flexible, farmer, student, none]}
records:
  contribution:
    fields:
      scheme: {type: employment}
      months: {type: int}
entities:
  person:
    fields:
      birth_date: {type: date}
      sex: {type: enum, values: [M, F]}
      employment: {type: employment}
      groups: {type: list<group>}
      wage: {type: money}
      months: {type: int}
      history: {type: list<contribution>}
  employer:
    fields:
      staff: {type: int}
parameters:
  hardship_groups:
    type: list<group>
    values: [{from: 2019-12-20, value: [dibao, tekun]}]
  rate:
    type: decimal
    values: [{from: 2019-01-01, value: 0.2}]
derived:
  person:
    age: years_between(birth_date, as_of)
rules:
  - id: contribution.base
    title: base
    citation: {document: test}
    entity: person
    effective: {from: 2020-01-01}
    when: [covered: 'employment == employee']
    outputs:
      base: wage * rate
  - id: employer.large
    title: large employer
    citation: {document: test}
    entity: employer
    effective: {from: 2020-01-01}
    when: [large: staff > 100]
    outputs:
      flag: staff > 1000
)";

const Model& model() {
  static const std::shared_ptr<const RuleSet> rs = [] {
    LoadResult r = RuleSet::load_documents({{"checker.yaml", kRuleSet}});
    if (!r) ADD_FAILURE() << r.diagnostics.to_string();
    return r.ruleset;
  }();
  return rs->model();
}

uint32_t person() { return *model().find_schema("person"); }
uint32_t field(std::string_view name) { return *model().schemas[person()].slot_of(name); }
Type enum_type(std::string_view name) {
  return Type::of(TypeKind::enumeration, model().enum_index.at(std::string(name)));
}

// The loaded model already knows the types of derived values and rule outputs.
class ModelResolver : public Resolver {
 public:
  std::optional<Type> derived_type(uint32_t slot, const SourceLocation&) override {
    return model().derived[slot].type;
  }
  std::optional<Type> output_type(uint32_t rule, uint32_t output, const SourceLocation&) override {
    return model().rules[rule].outputs[output].type;
  }
};

struct Checked {
  NodePtr root;
  bool ok = false;
  Diagnostics diagnostics;
  Reads reads;

  std::string type() const { return root ? model().describe(root->type) : "<no tree>"; }
  // "col: message" of every error, one per line.
  std::string errors() const {
    std::string out;
    for (const auto& d : diagnostics.items())
      out += std::to_string(d.where.column) + ": " + d.message + "\n";
    return out;
  }
};

Checked check_text(std::string_view text, std::optional<Type> expected = std::nullopt,
                   std::string_view entity = "person") {
  Checked c;
  ParseResult parsed = parse(text);
  if (auto* e = std::get_if<ParseError>(&parsed)) {
    ADD_FAILURE() << text << ": parse error: " << e->message;
    return c;
  }
  c.root = std::move(std::get<NodePtr>(parsed));
  ModelResolver resolver;
  ExprSource source{std::string(text), {"rules.yaml", 7, 1}, false};
  CheckContext context{model(), *model().find_schema(entity), resolver, source, c.diagnostics};
  c.ok = check(*c.root, context, c.reads, expected);
  return c;
}

std::string type_of(std::string_view text) {
  Checked c = check_text(text);
  EXPECT_TRUE(c.ok) << text << "\n" << c.errors();
  return c.type();
}

std::string errors_of(std::string_view text, std::optional<Type> expected = std::nullopt) {
  Checked c = check_text(text, expected);
  EXPECT_FALSE(c.ok) << text;
  return c.errors();
}

bool contains(const std::vector<uint32_t>& v, uint32_t x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// ---- names -----------------------------------------------------------------------------

TEST(CheckerNames, ResolvesFieldsDerivedValuesParametersAndAsOf) {
  Checked c = check_text("age >= 60 and birth_date < as_of and any_in(groups, hardship_groups)");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.reads.fields, (std::vector<uint32_t>{field("birth_date"), field("groups")}));
  EXPECT_EQ(c.reads.derived, (std::vector<uint32_t>{*model().find_derived(person(), "age")}));
  EXPECT_EQ(c.reads.parameters,
            (std::vector<uint32_t>{*model().find_parameter("hardship_groups")}));
  EXPECT_TRUE(c.reads.rules.empty());

  const Node& aged = *c.root->children[0]->children[0];  // age >= 60
  EXPECT_EQ(aged.children[0]->binding, Binding::derived);
  const Node& before = *c.root->children[0]->children[1];  // birth_date < as_of
  EXPECT_EQ(before.children[0]->binding, Binding::field);
  EXPECT_EQ(before.children[0]->index, field("birth_date"));
  EXPECT_EQ(before.children[1]->binding, Binding::as_of);
  const Node& any = *c.root->children[1];
  EXPECT_EQ(any.children[1]->binding, Binding::parameter);
}

TEST(CheckerNames, ReadsEachNameOnceHoweverOftenItIsUsed) {
  Checked c = check_text("wage > 1 and wage < 9 and wage != 5");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.reads.fields, (std::vector<uint32_t>{field("wage")}));
}

TEST(CheckerNames, ReadsARuleOutputByRuleIdAndOutputName) {
  Checked c = check_text("contribution.base.base * 2");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.type(), "money");
  const Node& name = *c.root->children[0];
  EXPECT_EQ(name.binding, Binding::rule_output);
  EXPECT_EQ(name.index, *model().find_rule("contribution.base"));
  EXPECT_EQ(name.sub, 0u);
  EXPECT_EQ(c.reads.rules, (std::vector<uint32_t>{*model().find_rule("contribution.base")}));
}

TEST(CheckerNames, SuggestsTheClosestNameForATypo) {
  EXPECT_EQ(errors_of("agee >= 60"), "1: unknown name 'agee' (did you mean 'age'?)\n");
  EXPECT_EQ(errors_of("wage > hardship_group"),
            "8: unknown name 'hardship_group' (did you mean 'hardship_groups'?)\n");
  EXPECT_EQ(errors_of("xyz"), "1: unknown name 'xyz'\n");
}

TEST(CheckerNames, SuggestsTheClosestOutputOfARule) {
  EXPECT_EQ(errors_of("contribution.base.bse > 0"),
            "1: rule 'contribution.base' has no output 'bse' (did you mean 'base'?)\n");
}

TEST(CheckerNames, RejectsAnOutputOfARuleForAnotherEntity) {
  EXPECT_EQ(errors_of("employer.large.flag"),
            "1: rule 'employer.large' applies to employer, not person\n");
}

TEST(CheckerNames, ResolvesFieldsOfTheEntityBeingCheckedOnly) {
  Checked c = check_text("staff > 10", std::nullopt, "employer");
  EXPECT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(errors_of("staff > 10"), "1: unknown name 'staff'\n");
}

TEST(CheckerNames, SuggestsAnUnknownFunctionAndChecksArity) {
  EXPECT_EQ(errors_of("clmp(1, 0, 2)"), "1: unknown function 'clmp' (did you mean 'clamp'?)\n");
  EXPECT_EQ(errors_of("clmap(1, 0, 2)"), "1: unknown function 'clmap'\n");  // two edits away
  EXPECT_EQ(errors_of("1 + clamp(1, 2)"),
            "5: clamp takes 3 arguments, not 2: clamp(x, low, high)\n");
  EXPECT_EQ(errors_of("count()"),
            "1: count takes 1 to 2 arguments, not 0: count(list) or count(list, x -> condition)\n");
}

TEST(CheckerNames, KeepsCheckingAfterAnError) {
  EXPECT_EQ(errors_of("agee + sexx > 1 and wagee"),
            "1: unknown name 'agee' (did you mean 'age'?)\n"
            "8: unknown name 'sexx' (did you mean 'sex'?)\n"
            "21: unknown name 'wagee' (did you mean 'wage'?)\n");
}

// ---- enum values -----------------------------------------------------------------------

TEST(CheckerEnums, ReadsABareWordOrAStringAgainstTheOtherSidesEnum) {
  for (const char* text : {"sex == F", "sex == 'F'", "F == sex", "'F' == sex"}) {
    Checked c = check_text(text);
    ASSERT_TRUE(c.ok) << text << "\n" << c.errors();
    const Node& word = *c.root->children[text[0] == 's' ? 1 : 0];
    EXPECT_EQ(word.binding, Binding::enum_literal) << text;
    EXPECT_EQ(word.index, 1u) << text;  // values: [M, F]
    EXPECT_EQ(word.type.kind, TypeKind::enumeration) << text;
  }
}

TEST(CheckerEnums, ReadsAListOnTheRightOfInAsTheLeftSidesEnum) {
  Checked c = check_text("employment in [employee, 'flexible']");
  ASSERT_TRUE(c.ok) << c.errors();
  const Node& list = *c.root->children[1];
  EXPECT_EQ(model().describe(list.type), "list<employment>");
  EXPECT_EQ(list.children[0]->index, 0u);
  EXPECT_EQ(list.children[1]->index, 1u);
}

TEST(CheckerEnums, ReadsAWordOnTheLeftOfInAsTheListsEnum) {
  for (const char* text :
       {"dibao in groups", "'dibao' in hardship_groups", "tekun not in groups"}) {
    Checked c = check_text(text);
    ASSERT_TRUE(c.ok) << text << "\n" << c.errors();
    EXPECT_EQ(c.root->children[0]->binding, Binding::enum_literal) << text;
  }
  EXPECT_EQ(errors_of("'dibau' in groups"),
            "1: 'dibau' is not a value of group (did you mean 'dibao'?); its values are: "
            "registered_poor, dibao, tekun, wubao\n");
}

TEST(CheckerEnums, ReadsTheSecondListOfAnyInAsTheFirstsEnum) {
  Checked c = check_text("any_in(groups, [dibao, 'wubao'])");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.root->children[1]->children[1]->index, 3u);
}

TEST(CheckerEnums, ReadsAWordWhereTheDeclaredTypeIsAnEnum) {
  Checked c = check_text("flexible", enum_type("employment"));
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.root->binding, Binding::enum_literal);
  EXPECT_EQ(c.root->index, 1u);
  Checked branches = check_text("if wage > 0 then employee else none", enum_type("employment"));
  EXPECT_TRUE(branches.ok) << branches.errors();
}

TEST(CheckerEnums, SuggestsTheClosestValueForAMisspelledString) {
  EXPECT_EQ(errors_of("employment == 'flexibel'"),
            "15: 'flexibel' is not a value of employment (did you mean 'flexible'?); its values "
            "are: employee, flexible, farmer, student, none\n");
  EXPECT_EQ(errors_of("any_in(groups, ['dibao', 'tekunn'])"),
            "26: 'tekunn' is not a value of group (did you mean 'tekun'?); its values are: "
            "registered_poor, dibao, tekun, wubao\n");
  EXPECT_EQ(errors_of("'flexibel'", enum_type("employment")),
            "1: 'flexibel' is not a value of employment (did you mean 'flexible'?); its values "
            "are: employee, flexible, farmer, student, none\n");
}

TEST(CheckerEnums, NamesAFieldsInlineEnumByEntityAndField) {
  EXPECT_EQ(errors_of("sex == 'm'"),
            "8: 'm' is not a value of person.sex (did you mean 'M'?); its values are: M, F\n");
}

TEST(CheckerEnums, SuggestsTheClosestValueForAMisspelledBareWord) {
  EXPECT_EQ(errors_of("employment == flexibel"),
            "15: 'flexibel' is not a value of employment (did you mean 'flexible'?); its values "
            "are: employee, flexible, farmer, student, none\n");
  EXPECT_EQ(errors_of("any_in(groups, [dibao, tekunn])"),
            "24: 'tekunn' is not a value of group (did you mean 'tekun'?); its values are: "
            "registered_poor, dibao, tekun, wubao\n");
}

TEST(CheckerEnums, PrefersANameOverAnEnumWordOfTheSameSpelling) {
  // `months` is a field; as an enum word it would not fit, so the field wins and mismatches.
  EXPECT_EQ(errors_of("employment == months"), "1: cannot compare employment with int\n");
}

TEST(CheckerEnums, DoesNotOrderEnums) {
  EXPECT_EQ(errors_of("sex < F"),
            "1: '<' needs numbers, dates, months or strings, but these are person.sex\n");
}

TEST(CheckerEnums, DoesNotMixTwoEnums) {
  // `employee` is a word of another enum, not a group.
  EXPECT_EQ(errors_of("any_in(groups, [employee])"),
            "17: 'employee' is not a value of group; its values are: registered_poor, dibao, "
            "tekun, wubao\n");
  EXPECT_EQ(errors_of("employment == sex"), "1: cannot compare employment with person.sex\n");
}

// ---- records ---------------------------------------------------------------------------

TEST(CheckerRecords, ResolvesFieldsOfALambdasRecordToSlots) {
  Checked c = check_text("sum(history, h -> h.months)");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.type(), "int");
  const Node& body = *c.root->children[1]->children[0];
  EXPECT_EQ(body.binding, Binding::local);
  EXPECT_EQ(body.members_from, 1u);
  EXPECT_EQ(body.member_slots,
            (std::vector<uint32_t>{
                *model().schemas[*model().find_schema("contribution")].slot_of("months")}));
}

TEST(CheckerRecords, SuggestsTheClosestFieldForAMisspelledOne) {
  EXPECT_EQ(errors_of("sum(history, h -> h.mnths)"),
            "19: contribution has no field 'mnths' (did you mean 'months'?)\n");
}

TEST(CheckerRecords, RejectsAFieldOfSomethingThatIsNotARecord) {
  EXPECT_EQ(errors_of("age.years > 1"),
            "1: '.years' reads a field, but the value is int, not a record\n");
  EXPECT_EQ(errors_of("history.months"),
            "1: '.months' reads a field, but the value is list<contribution>, not a record\n");
  EXPECT_EQ(errors_of("count(history, h -> h.months.x > 0)"),
            "21: '.x' reads a field, but the value is int, not a record\n");
  EXPECT_EQ(errors_of("filter(history, h -> true).months"),
            "1: '.months' reads a field, but the value is list<contribution>, not a record\n");
}

TEST(CheckerRecords, LetsALambdaParameterHideAFieldOfTheSameName) {
  Checked c = check_text("count(history, months -> months.months > 12)");
  ASSERT_TRUE(c.ok) << c.errors();
  const Node& body = *c.root->children[1]->children[0]->children[0];
  EXPECT_EQ(body.binding, Binding::local);
  EXPECT_TRUE(c.reads.fields == std::vector<uint32_t>{field("history")});
}

TEST(CheckerRecords, ComparesAnEnumFieldOfARecordWithAWord) {
  Checked c = check_text("count(history, h -> h.scheme == flexible)");
  EXPECT_TRUE(c.ok) << c.errors();
}

// ---- types -----------------------------------------------------------------------------

TEST(CheckerTypes, InfersTheTypeOfArithmetic) {
  EXPECT_EQ(type_of("1 + 2"), "int");
  EXPECT_EQ(type_of("1 + 0.5"), "decimal");
  EXPECT_EQ(type_of("7 / 2"), "decimal");
  EXPECT_EQ(type_of("wage + 1"), "money");
  EXPECT_EQ(type_of("-wage"), "money");
  EXPECT_EQ(type_of("wage * rate"), "money");
  EXPECT_EQ(type_of("rate * wage"), "money");
  EXPECT_EQ(type_of("wage / 2"), "money");
  EXPECT_EQ(type_of("wage / wage"), "decimal");
  EXPECT_EQ(type_of("if true then 1 else 2.5"), "decimal");
  EXPECT_EQ(type_of("if true then wage else 0"), "money");
}

TEST(CheckerTypes, InfersTheTypeOfFunctions) {
  EXPECT_EQ(type_of("round(wage, 0, up)"), "money");
  EXPECT_EQ(type_of("round(7, -1, up)"), "int");
  EXPECT_EQ(type_of("max(1, 2.5)"), "decimal");
  EXPECT_EQ(type_of("min(birth_date, as_of)"), "date");
  EXPECT_EQ(type_of("clamp(wage, 0, 100)"), "money");
  EXPECT_EQ(type_of("abs(rate)"), "decimal");
  EXPECT_EQ(type_of("coalesce(wage, 0)"), "money");
  EXPECT_EQ(type_of("years_between(birth_date, as_of)"), "int");
  EXPECT_EQ(type_of("add_months(2024-07, 1)"), "month");
  EXPECT_EQ(type_of("add_months(birth_date, 1)"), "date");
  EXPECT_EQ(type_of("first_of_month(2024-07)"), "date");
  EXPECT_EQ(type_of("month_of(birth_date)"), "month");
  EXPECT_EQ(type_of("date(2024, 7, 1)"), "date");
  EXPECT_EQ(type_of("count(groups)"), "int");
  EXPECT_EQ(type_of("any_in(groups, hardship_groups)"), "bool");
  EXPECT_EQ(type_of("filter(history, h -> h.months > 1)"), "list<contribution>");
  EXPECT_EQ(type_of("map(history, h -> h.scheme)"), "list<employment>");
  EXPECT_EQ(type_of("sum(history, h -> h.months * wage)"), "money");
  EXPECT_EQ(type_of("present(wage)"), "bool");
}

TEST(CheckerTypes, InfersTheTypeOfLists) {
  EXPECT_EQ(type_of("[1, 2.5]"), "list<decimal>");
  EXPECT_EQ(type_of("[wage, 1]"), "list<money>");
  EXPECT_EQ(type_of("[2024-01, 2024-02]"), "list<month>");
}

TEST(CheckerTypes, ChecksTheTypeTheContextExpects) {
  EXPECT_EQ(errors_of("age", Type::of(TypeKind::boolean)),
            "1: this expression must be bool, but this is int\n");
  EXPECT_EQ(errors_of("1.5", Type::of(TypeKind::integer)),
            "1: this expression must be int, but this is decimal\n");
  EXPECT_TRUE(check_text("1", Type::of(TypeKind::money)).ok);
  EXPECT_TRUE(check_text("wage * rate", Type::of(TypeKind::decimal)).ok);
  EXPECT_TRUE(check_text("[]", Type::list_of(enum_type("group"))).ok);
}

TEST(CheckerTypes, RejectsMeaninglessMoneyArithmetic) {
  EXPECT_EQ(errors_of("wage * wage"),
            "1: multiplying two amounts of money has no meaning; one side should be a rate\n");
  EXPECT_EQ(errors_of("12 / wage"),
            "1: dividing by an amount of money gives no amount; divide money by a number\n");
}

TEST(CheckerTypes, RejectsArithmeticOnDatesWithAHint) {
  EXPECT_EQ(errors_of("birth_date + 1"),
            "1: '+' needs numbers, but these are date and int; for dates use add_days, "
            "add_months or days_between\n");
  EXPECT_EQ(errors_of("true * 2"), "1: '*' needs numbers, but these are bool and int\n");
}

TEST(CheckerTypes, RejectsComparisonsOfUnlikeThings) {
  EXPECT_EQ(errors_of("birth_date < 2024-07"), "1: cannot compare date with month\n");
  EXPECT_EQ(errors_of("groups == hardship_groups"),
            "1: lists and records cannot be compared with '=='; use any_in, all_in or count\n");
  EXPECT_EQ(errors_of("true < false"),
            "1: '<' needs numbers, dates, months or strings, but these are bool\n");
}

TEST(CheckerTypes, RejectsMembershipInSomethingThatIsNotAListOrOfAnotherType) {
  EXPECT_EQ(errors_of("wage in 3"), "9: the right side of 'in' must be a list, but this is int\n");
  EXPECT_EQ(errors_of("birth_date in [1, 2]"), "1: cannot look for date in list<int>\n");
  EXPECT_EQ(errors_of("'dibao' in [1]"), "1: cannot look for string in list<int>\n");
}

TEST(CheckerTypes, ReportsListsOfMixedTypesAtTheOddElement) {
  EXPECT_EQ(errors_of("[1, 'a', 2]"),
            "5: list elements must all have one type: this is string, earlier ones are int\n");
  EXPECT_EQ(errors_of("any_in(groups, [dibao, true])"),
            "24: list elements must all have one type: this is bool, earlier ones are group\n");
  EXPECT_EQ(errors_of("[[1]]"), "2: lists of lists are not supported\n");
}

TEST(CheckerTypes, ChecksConditionsAndBranchesOfIf) {
  EXPECT_EQ(errors_of("if wage then 1 else 2"),
            "4: the condition of 'if' must be bool, but this is money\n");
  EXPECT_EQ(errors_of("if true then 1 else birth_date"),
            "1: the branches of 'if' must have one type: 'then' gives int, 'else' gives date\n");
}

TEST(CheckerTypes, ChecksOperandsOfLogic) {
  EXPECT_EQ(errors_of("not wage"), "5: the operand of 'not' must be bool, but this is money\n");
  EXPECT_EQ(errors_of("wage and true"), "1: each side of 'and' must be bool, but this is money\n");
  EXPECT_EQ(errors_of("-true"), "1: '-' needs a number, but this is bool\n");
}

// ---- functions -------------------------------------------------------------------------

TEST(CheckerFunctions, ChecksCalendarArguments) {
  EXPECT_EQ(errors_of("years_between(2024-01, 2024-07)"), "1: years_between needs two dates\n");
  EXPECT_EQ(errors_of("months_between(birth_date, 2024-07)"),
            "1: months_between needs two dates or two months, got date and month\n");
  EXPECT_EQ(errors_of("add_days(birth_date, 1.5)"),
            "22: this argument must be int, but this is decimal\n");
  EXPECT_EQ(errors_of("last_of_month(wage)"),
            "15: last_of_month needs a date or month, but this is money\n");
  EXPECT_EQ(errors_of("day(2024-07)"), "5: this argument must be date, but this is month\n");
}

TEST(CheckerFunctions, ChecksTheRoundingModeByName) {
  Checked c = check_text("round(wage, 2, half_even)");
  ASSERT_TRUE(c.ok) << c.errors();
  EXPECT_EQ(c.root->children[2]->index, static_cast<uint32_t>(RoundingMode::half_even));
  EXPECT_EQ(errors_of("round(wage, 2, half_upp)"),
            "16: the rounding mode must be one of half_up, half_even, down, up, floor, ceiling "
            "(did you mean 'half_up'?)\n");
}

TEST(CheckerFunctions, ChecksFunctionArgumentsOfListFunctions) {
  EXPECT_EQ(errors_of("count(history, h -> h.months)"),
            "16: the function's result must be bool, but this is int\n");
  EXPECT_EQ(errors_of("any(history, 3)"), "14: expected a function such as 'x -> x.months' here\n");
  EXPECT_EQ(errors_of("count(h -> true, history)"),
            "7: a function 'x -> …' may only be an argument of count, sum, any, all, filter or "
            "map\n");
  EXPECT_EQ(errors_of("abs(x -> x)"), "5: abs does not take a function argument\n");
  EXPECT_EQ(errors_of("sum(groups)"), "1: sum adds numbers, but the list holds group\n");
  EXPECT_EQ(errors_of("sum(history, h -> h.scheme)"),
            "1: sum adds numbers, but the function gives employment\n");
  EXPECT_EQ(errors_of("count(wage)"), "7: count needs a list, but this is money\n");
}

TEST(CheckerFunctions, AllowsFunctionsNestedEightDeep) {
  auto nested = [](int depth) {
    std::string text = "true";
    for (int i = depth; i >= 1; --i)
      text = "any(history, h" + std::to_string(i) + " -> " + text + ")";
    return text;
  };
  EXPECT_TRUE(check_text(nested(8)).ok);
  std::string errors = errors_of(nested(9));
  EXPECT_NE(errors.find("functions 'x -> …' nested more than 8 deep"), std::string::npos) << errors;
}

TEST(CheckerFunctions, LetsPresentTakeOnlyAFieldByName) {
  EXPECT_TRUE(check_text("present(wage)").ok);
  EXPECT_EQ(errors_of("present(age)"),
            "9: present takes a field of the record, such as present(monthly_wage)\n");
  EXPECT_EQ(errors_of("present(wage + 1)"),
            "9: present takes a field of the record, such as present(monthly_wage)\n");
}

TEST(CheckerFunctions, ChecksCoalescesFallbackAgainstTheValue) {
  EXPECT_EQ(errors_of("coalesce(birth_date, 0)"),
            "1: coalesce needs a fallback of the same type: date and int\n");
  Checked c = check_text("coalesce(employment, none) == farmer");
  EXPECT_TRUE(c.ok) << c.errors();
}

// ---- positions -------------------------------------------------------------------------

TEST(CheckerPositions, CountColumnsInCharactersAfterTheScalarStart) {
  // Chinese text is one column per character, not three bytes.
  EXPECT_EQ(errors_of("'低保' == '低保' and agee"),
            "18: unknown name 'agee' (did you mean 'age'?)\n");

  ExprSource quoted{"a + bb", {"r.yaml", 4, 10}, true};
  EXPECT_EQ(quoted.locate(4).line, 4u);
  EXPECT_EQ(quoted.locate(4).column, 15u);  // the opening quote is column 10
  ExprSource plain{"a + bb", {"r.yaml", 4, 10}, false};
  EXPECT_EQ(plain.locate(4).column, 14u);
  ExprSource folded{"a +\n  bb", {"r.yaml", 4, 10}, false};
  EXPECT_EQ(folded.locate(6).line, 5u);
  EXPECT_EQ(folded.locate(6).column, 3u);
}

TEST(CheckerTypes, UnifiesNumbersMoneyFirstThenDecimal) {
  const Type i = Type::of(TypeKind::integer), d = Type::of(TypeKind::decimal),
             m = Type::of(TypeKind::money);
  EXPECT_EQ(unify_numeric(i, i), i);
  EXPECT_EQ(unify_numeric(i, d), d);
  EXPECT_EQ(unify_numeric(d, i), d);
  EXPECT_EQ(unify_numeric(d, m), m);
  EXPECT_EQ(unify_numeric(m, i), m);
}

}  // namespace
}  // namespace entitle::expr
