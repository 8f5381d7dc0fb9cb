#include "expr/parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace entitle::expr {
namespace {

// The tree in prefix form: (op left right), (call f args…), (if c a b), (. expr field),
// (-> x body), (list …); names print dotted, strings quoted, other literals as written.
std::string prefix(const Node& n) {
  auto children = [&](std::string head) {
    std::string out = "(" + head;
    for (const auto& c : n.children) out += " " + prefix(*c);
    return out + ")";
  };
  switch (n.kind) {
    case NodeKind::number:
    case NodeKind::boolean:
    case NodeKind::date:
    case NodeKind::month: return n.text;
    case NodeKind::string: return "\"" + n.text + "\"";
    case NodeKind::name: {
      std::string out = n.parts[0];
      for (size_t i = 1; i < n.parts.size(); ++i) out += "." + n.parts[i];
      return out;
    }
    case NodeKind::list: return children("list");
    case NodeKind::member: return "(. " + prefix(*n.children[0]) + " " + n.text + ")";
    case NodeKind::call: return children(n.text);
    case NodeKind::lambda: return "(-> " + n.text + " " + prefix(*n.children[0]) + ")";
    case NodeKind::unary: return children(n.op == Operator::negate ? "neg" : "not");
    case NodeKind::binary: return children(operator_text(n.op));
    case NodeKind::conditional: return children("if");
  }
  return "?";
}

// The tree, or "error@offset: message".
std::string parsed(std::string_view text, const ParseLimits& limits = {}) {
  ParseResult r = parse(text, limits);
  if (auto* e = std::get_if<ParseError>(&r))
    return "error@" + std::to_string(e->offset) + ": " + e->message;
  return prefix(*std::get<NodePtr>(r));
}

NodePtr tree(std::string_view text) {
  ParseResult r = parse(text);
  if (auto* e = std::get_if<ParseError>(&r)) ADD_FAILURE() << text << ": " << e->message;
  return r.index() == 0 ? std::move(std::get<NodePtr>(r)) : nullptr;
}

// ---- precedence and associativity (docs/language.md, "Precedence") ---------------------

TEST(ParserPrecedence, MultiplicationBindsTighterThanAddition) {
  EXPECT_EQ(parsed("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(parsed("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(parsed("(a + b) * c"), "(* (+ a b) c)");
}

TEST(ParserPrecedence, OperatorsOfOneLevelAssociateToTheLeft) {
  EXPECT_EQ(parsed("10 - 2 - 3"), "(- (- 10 2) 3)");
  EXPECT_EQ(parsed("2 * 3 / 4"), "(/ (* 2 3) 4)");
  EXPECT_EQ(parsed("a or b or c"), "(or (or a b) c)");
  EXPECT_EQ(parsed("a and b and c"), "(and (and a b) c)");
}

TEST(ParserPrecedence, UnaryMinusBindsTighterThanMultiplication) {
  EXPECT_EQ(parsed("-age * 2"), "(* (neg age) 2)");
  EXPECT_EQ(parsed("- 2 + 3"), "(+ (neg 2) 3)");
  EXPECT_EQ(parsed("2 - -3"), "(- 2 (neg 3))");
  EXPECT_EQ(parsed("--x"), "(neg (neg x))");
}

TEST(ParserPrecedence, FieldAccessBindsTighterThanUnaryMinus) {
  EXPECT_EQ(parsed("-h.months"), "(neg h.months)");
  EXPECT_EQ(parsed("f(x).a.b"), "(. (. (f x) a) b)");
  // A parenthesised name followed by fields is simply a dotted name.
  EXPECT_EQ(parsed("(h).months"), "h.months");
}

TEST(ParserPrecedence, ArithmeticBindsTighterThanComparison) {
  EXPECT_EQ(parsed("age + 1 >= 60"), "(>= (+ age 1) 60)");
  EXPECT_EQ(parsed("x in [1, 2]"), "(in x (list 1 2))");
  EXPECT_EQ(parsed("x not in ys"), "(not in x ys)");
}

TEST(ParserPrecedence, NotIsLooserThanComparisonButTighterThanAnd) {
  EXPECT_EQ(parsed("not age == 60"), "(not (== age 60))");
  EXPECT_EQ(parsed("not a and b"), "(and (not a) b)");
  EXPECT_EQ(parsed("not a or b"), "(or (not a) b)");
  EXPECT_EQ(parsed("not not a"), "(not (not a))");
  EXPECT_EQ(parsed("not x in ys"), "(not (in x ys))");
}

TEST(ParserPrecedence, AndBindsTighterThanOr) {
  EXPECT_EQ(parsed("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(parsed("a and b or c"), "(or (and a b) c)");
  EXPECT_EQ(parsed("(sex == M and age <= 50) or (sex == F and age <= 45)"),
            "(or (and (== sex M) (<= age 50)) (and (== sex F) (<= age 45)))");
}

TEST(ParserPrecedence, ComparisonsBindTighterThanAnd) {
  EXPECT_EQ(parsed("age >= 16 and age < 60"), "(and (>= age 16) (< age 60))");
}

TEST(ParserPrecedence, ElseReachesToTheEnd) {
  EXPECT_EQ(parsed("if a then 1 else 2 + 3"), "(if a 1 (+ 2 3))");
  EXPECT_EQ(parsed("1 + if late then 2 else 3 + 4"), "(+ 1 (if late 2 (+ 3 4)))");
  EXPECT_EQ(parsed("(if a then 1 else 2) + 3"), "(+ (if a 1 2) 3)");
  EXPECT_EQ(parsed("if a then if b then 1 else 2 else 3"), "(if a (if b 1 2) 3)");
  EXPECT_EQ(parsed("if a or b then x * 2 else y"), "(if (or a b) (* x 2) y)");
}

// ---- primaries -----------------------------------------------------------------------

TEST(Parser, ReadsLiteralsOfEveryKind) {
  EXPECT_EQ(parsed("60"), "60");
  EXPECT_EQ(parsed("0.05"), "0.05");
  EXPECT_EQ(parsed("'dibao'"), "\"dibao\"");
  EXPECT_EQ(parsed("true"), "true");
  EXPECT_EQ(parsed("2024-07-01"), "2024-07-01");
  EXPECT_EQ(parsed("2024-07"), "2024-07");
  EXPECT_EQ(parse("true").index(), 0u);
  EXPECT_EQ(tree("false")->kind, NodeKind::boolean);
  EXPECT_EQ(tree("2024-07-01")->kind, NodeKind::date);
  EXPECT_EQ(tree("2024-07")->kind, NodeKind::month);
  EXPECT_EQ(tree("2024 - 07")->kind, NodeKind::binary);
}

TEST(Parser, ReadsListsWithAnOptionalTrailingComma) {
  EXPECT_EQ(parsed("[]"), "(list)");
  EXPECT_EQ(parsed("[employee, flexible]"), "(list employee flexible)");
  EXPECT_EQ(parsed("[1, 2,]"), "(list 1 2)");
  EXPECT_EQ(parsed("[[1], 2]"), "(list (list 1) 2)");
}

TEST(Parser, ReadsDottedNamesAsOneNameWithParts) {
  NodePtr n = tree("contribution.base.base");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->kind, NodeKind::name);
  EXPECT_EQ(n->parts, (std::vector<std::string>{"contribution", "base", "base"}));
  EXPECT_EQ(n->offset, 0u);
  EXPECT_EQ(n->length, 22u);
}

TEST(Parser, ReadsCallsWithAnyNumberOfArguments) {
  EXPECT_EQ(parsed("f()"), "(f)");
  EXPECT_EQ(parsed("round(x * 0.2, 2, half_up)"), "(round (* x 0.2) 2 half_up)");
  EXPECT_EQ(parsed("first_of_month(add_months(birthday(birth_date, 60), 1))"),
            "(first_of_month (add_months (birthday birth_date 60) 1))");
}

TEST(Parser, ReadsAFunctionArgument) {
  EXPECT_EQ(parsed("sum(history, h -> h.months)"), "(sum history (-> h h.months))");
  EXPECT_EQ(parsed("count(xs, x -> x > 2 and x < 5)"), "(count xs (-> x (and (> x 2) (< x 5))))");
  EXPECT_EQ(parsed("any(xs, x -> any(ys, y -> y == x))"),
            "(any xs (-> x (any ys (-> y (== y x)))))");
}

TEST(Parser, RecordsWhereEachNodeStartsAndEnds) {
  //            0123456789012345678901
  NodePtr n = tree("age + round(w, 2, up)");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->offset, 0u);
  EXPECT_EQ(n->length, 21u);
  const Node& call = *n->children[1];
  EXPECT_EQ(call.kind, NodeKind::call);
  EXPECT_EQ(call.offset, 6u);
  EXPECT_EQ(call.length, 15u);
  EXPECT_EQ(call.children[2]->offset, 18u);

  NodePtr cond = tree("if a then b else c");
  ASSERT_TRUE(cond);
  EXPECT_EQ(cond->offset, 0u);
  EXPECT_EQ(cond->length, 18u);

  NodePtr neg = tree("x * -y");
  ASSERT_TRUE(neg);
  EXPECT_EQ(neg->children[1]->offset, 4u);
  EXPECT_EQ(neg->children[1]->length, 2u);

  NodePtr member = tree("x + f(x).months");
  ASSERT_TRUE(member);
  const Node& m = *member->children[1];
  EXPECT_EQ(m.kind, NodeKind::member);
  EXPECT_EQ(m.offset, 4u);  // where the record expression starts
  EXPECT_EQ(m.length, 11u);
}

TEST(Parser, GivesOperatorTextForEveryOperator) {
  EXPECT_STREQ(operator_text(Operator::not_in), "not in");
  EXPECT_STREQ(operator_text(Operator::logical_and), "and");
  EXPECT_STREQ(operator_text(Operator::greater_equal), ">=");
  EXPECT_STREQ(operator_text(Operator::negate), "-");
}

// ---- errors, each with the byte offset it names ----------------------------------------

TEST(ParserErrors, ComparisonsDoNotChain) {
  EXPECT_EQ(parsed("1 < age < 3"), "error@8: comparisons do not chain; join them with 'and'");
  EXPECT_EQ(parsed("a == b != c"), "error@7: comparisons do not chain; join them with 'and'");
  EXPECT_EQ(parsed("a in b in c"), "error@7: comparisons do not chain; join them with 'and'");
  EXPECT_EQ(parsed("1 < age and age < 3"), "(and (< 1 age) (< age 3))");
}

TEST(ParserErrors, SomethingAfterACompleteExpression) {
  EXPECT_EQ(parsed("1 2"), "error@2: unexpected '2' after the expression");
  EXPECT_EQ(parsed("age)"), "error@3: unexpected ')' after the expression");
  EXPECT_EQ(parsed("x -> x"), "error@2: unexpected '->' after the expression");
  EXPECT_EQ(parsed("a not b"), "error@2: unexpected 'not' after the expression");
}

TEST(ParserErrors, AnUnclosedParenthesis) {
  EXPECT_EQ(parsed("(1 + 2"), "error@6: expected ')' to close '(', found the end");
  EXPECT_EQ(parsed("(1 + 2]"), "error@6: expected ')' to close '(', found ']'");
}

TEST(ParserErrors, AnUnclosedList) {
  EXPECT_EQ(parsed("[1, 2"), "error@5: expected ']' to close the list, found the end");
  EXPECT_EQ(parsed("[1 2]"), "error@3: expected ']' to close the list, found '2'");
}

TEST(ParserErrors, AnUnclosedArgumentList) {
  EXPECT_EQ(parsed("max(1, 2"), "error@8: expected ')' to close the argument list, found the end");
  EXPECT_EQ(parsed("max(1 2)"), "error@6: expected ')' to close the argument list, found '2'");
}

TEST(ParserErrors, AnIfWithoutThenOrElse) {
  EXPECT_EQ(parsed("if a else b"),
            "error@5: expected 'then' after the condition of 'if', found 'else'");
  EXPECT_EQ(parsed("if a then 1"),
            "error@11: expected 'else' after the 'then' branch ('if' always needs an 'else'), "
            "found the end");
}

TEST(ParserErrors, AMissingValue) {
  EXPECT_EQ(parsed(""), "error@0: expected a value, found the end of the expression");
  EXPECT_EQ(parsed("1 +"), "error@3: expected a value, found the end of the expression");
  EXPECT_EQ(parsed("1 + * 2"), "error@4: expected a value, found '*'");
  EXPECT_EQ(parsed("f(1, )"), "error@5: expected a value, found ')'");
  EXPECT_EQ(parsed("()"), "error@1: expected a value, found ')'");
}

TEST(ParserErrors, AKeywordWhereAValueShouldBe) {
  EXPECT_EQ(parsed("then"), "error@0: 'then' is a keyword and cannot start a value");
  EXPECT_EQ(parsed("1 + else"), "error@4: 'else' is a keyword and cannot start a value");
  EXPECT_EQ(parsed("in(x)"), "error@0: 'in' is a keyword and cannot start a value");
}

TEST(ParserErrors, AFieldNameMustFollowADot) {
  EXPECT_EQ(parsed("h."), "error@2: expected a field name after '.'");
  EXPECT_EQ(parsed("h.1"), "error@2: expected a field name after '.'");
  EXPECT_EQ(parsed("h.not"), "error@2: expected a field name after '.'");
}

TEST(ParserErrors, ALexicalErrorIsReportedWhereItIs) {
  EXPECT_EQ(parsed("\"abc"), "error@0: unterminated string");
  EXPECT_EQ(parsed("x + 5."), "error@4: a number needs digits after the decimal point");
  EXPECT_EQ(parsed("x + 12abc"),
            "error@4: a number runs into a name; put an operator or space between");
  // After a complete operand, and inside parentheses, lists, calls and if, too.
  EXPECT_EQ(parsed("age = 60"), "error@4: '=' is not an operator; compare with '=='");
  EXPECT_EQ(parsed("(age = 60)"), "error@5: '=' is not an operator; compare with '=='");
  EXPECT_EQ(parsed("[a && b]"), "error@3: use 'and' / 'or' instead of & and |");
  EXPECT_EQ(parsed("f(a || b)"), "error@4: use 'and' / 'or' instead of & and |");
  EXPECT_EQ(parsed("if a = 1 then 2 else 3"), "error@5: '=' is not an operator; compare with '=='");
  EXPECT_EQ(parsed("!a"), "error@0: '!' is not an operator; use 'not'");
  EXPECT_EQ(parsed("x == 'abc"), "error@5: unterminated string");
}

TEST(ParserErrors, NestingDeeperThanTheLimit) {
  auto nested = [](int levels) {
    return std::string(levels, '(') + "1" + std::string(levels, ')');
  };
  // The whole expression is one level, each parenthesis one more: 63 parentheses are 64.
  EXPECT_EQ(parsed(nested(63)), "1");
  EXPECT_EQ(parsed(nested(64)), "error@64: expression nested deeper than 64 levels");
  EXPECT_EQ(parsed(std::string(63, '-') + "1").substr(0, 9), "(neg (neg");
  EXPECT_EQ(parsed(std::string(64, '-') + "1"),
            "error@64: expression nested deeper than 64 levels");
  std::string nots;
  for (int i = 0; i < 64; ++i) nots += "not ";
  EXPECT_EQ(parsed(nots + "x"), "error@256: expression nested deeper than 64 levels");

  ParseLimits tight;
  tight.max_depth = 3;
  EXPECT_EQ(parsed("((1))", tight), "1");
  EXPECT_EQ(parsed("[[[1]]]", tight), "error@3: expression nested deeper than 3 levels");
  EXPECT_EQ(parsed("f(g(h(1)))", tight), "error@6: expression nested deeper than 3 levels");
}

// `a + b + c` nests to the left without passing the nesting guard, so the tree's height has
// its own limit: later passes recurse over the tree and must fit a host thread's stack.
TEST(ParserErrors, OperatorChainsTallerThanTheHeightLimit) {
  auto chain = [](int operators) {
    std::string text = "x";
    for (int i = 0; i < operators; ++i) text += " + 1";
    return text;
  };
  // k operators: the binaries on levels 1..k, the first operand on level k + 1.
  EXPECT_EQ(parsed(chain(255)).substr(0, 7), "(+ (+ (");
  const std::string too_tall =
      "error@0: expression nested deeper than 256 levels, counting each operator of a chain "
      "like 'a + b + c'; split it into derived values";
  EXPECT_EQ(parsed(chain(256)), too_tall);
  EXPECT_EQ(parsed(chain(1000)), too_tall);  // 4 kB, within the length limit
  ParseLimits tight;
  tight.max_height = 4;
  EXPECT_EQ(parsed("1 * 2 + 3 * 4 + 5", tight), "(+ (+ (* 1 2) (* 3 4)) 5)");
  EXPECT_EQ(parsed("(1 + 2) * 3 + 4 >= 5", tight).substr(0, 8), "error@1:");
  EXPECT_EQ(parsed("1 + 2 + 3 + 4", tight), "(+ (+ (+ 1 2) 3) 4)");
  EXPECT_EQ(parsed("1 + 2 + 3 + 4 + 5", tight).substr(0, 8), "error@0:");
}

TEST(ParserErrors, TextLongerThanTheLimit) {
  std::string text = "1" + std::string(4096, ' ');
  EXPECT_EQ(parsed(text), "error@4096: expression is 4097 bytes, over the 4096-byte limit");
  EXPECT_EQ(parsed(std::string(4095, ' ') + "1"), "1");
  ParseLimits tight;
  tight.max_length = 5;
  EXPECT_EQ(parsed("1 + 23", tight), "error@5: expression is 6 bytes, over the 5-byte limit");
}

}  // namespace
}  // namespace entitle::expr
