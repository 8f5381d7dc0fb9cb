#include "expr/lexer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace entitle::expr {
namespace {

// "kind:text@offset+length" per token, so a whole token stream compares in one assertion.
std::string describe(const Token& t) {
  const char* kind = "?";
  switch (t.kind) {
    case TokenKind::end: kind = "end"; break;
    case TokenKind::number: kind = "number"; break;
    case TokenKind::string: kind = "string"; break;
    case TokenKind::date: kind = "date"; break;
    case TokenKind::month: kind = "month"; break;
    case TokenKind::identifier: kind = "id"; break;
    case TokenKind::symbol: kind = "sym"; break;
    case TokenKind::error: kind = "error"; break;
  }
  return std::string(kind) + ":" + t.text + "@" + std::to_string(t.offset) + "+" +
         std::to_string(t.length);
}

std::vector<std::string> lex(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) out.push_back(describe(t));
  return out;
}

using Tokens = std::vector<std::string>;

TEST(Lexer, EndsWithOneEndTokenAtTheEndOfTheText) {
  EXPECT_EQ(lex(""), Tokens{"end:@0+0"});
  EXPECT_EQ(lex("   "), Tokens{"end:@3+0"});
  EXPECT_EQ(lex("age"), (Tokens{"id:age@0+3", "end:@3+0"}));
}

TEST(Lexer, SkipsSpacesTabsAndNewlinesAndCountsOffsetsInBytes) {
  EXPECT_EQ(lex(" age\t>=\n 60\r\n"),
            (Tokens{"id:age@1+3", "sym:>=@5+2", "number:60@9+2", "end:@13+0"}));
}

TEST(Lexer, ReadsNumbersWithAndWithoutDecimals) {
  EXPECT_EQ(lex("60 0.05 7000.00 007"),
            (Tokens{"number:60@0+2", "number:0.05@3+4", "number:7000.00@8+7", "number:007@16+3",
                    "end:@19+0"}));
}

TEST(Lexer, HasNoSignedNumbersMinusIsASymbol) {
  EXPECT_EQ(lex("-5"), (Tokens{"sym:-@0+1", "number:5@1+1", "end:@2+0"}));
}

TEST(Lexer, ReadsADateWrittenWithoutSpaces) {
  EXPECT_EQ(lex("2024-07-01"), (Tokens{"date:2024-07-01@0+10", "end:@10+0"}));
  EXPECT_EQ(lex("d >= 2019-12-20"),
            (Tokens{"id:d@0+1", "sym:>=@2+2", "date:2019-12-20@5+10", "end:@15+0"}));
}

TEST(Lexer, ReadsAMonthWrittenWithoutSpaces) {
  EXPECT_EQ(lex("2024-07"), (Tokens{"month:2024-07@0+7", "end:@7+0"}));
  EXPECT_EQ(lex("[2024-07]"), (Tokens{"sym:[@0+1", "month:2024-07@1+7", "sym:]@8+1", "end:@9+0"}));
}

TEST(Lexer, ReadsDigitsAndDashesWithSpacesAsArithmetic) {
  EXPECT_EQ(lex("2024 - 07"),
            (Tokens{"number:2024@0+4", "sym:-@5+1", "number:07@7+2", "end:@9+0"}));
  EXPECT_EQ(lex("2024 -07"), (Tokens{"number:2024@0+4", "sym:-@5+1", "number:07@6+2", "end:@8+0"}));
}

TEST(Lexer, RejectsAMistypedDateInsteadOfSubtracting) {
  // Digits and dashes written together are meant as a date; arithmetic needs spaces.
  const std::string hint =
      " is not a date or month; write YYYY-MM-DD or YYYY-MM (put spaces around '-' to subtract)";
  EXPECT_EQ(lex("2024-07-1"), Tokens{"error:'2024-07-1'" + hint + "@0+9"});
  EXPECT_EQ(lex("2024-7"), Tokens{"error:'2024-7'" + hint + "@0+6"});
  EXPECT_EQ(lex("d < 2024-07-012"),
            (Tokens{"id:d@0+1", "sym:<@2+1", "error:'2024-07-012'" + hint + "@4+11"}));
  EXPECT_EQ(lex("2024-07-01-01"), Tokens{"error:'2024-07-01-01'" + hint + "@0+13"});
  EXPECT_EQ(tokenize("2024-07.5")[0].kind, TokenKind::error);
  EXPECT_EQ(lex("2024 - 7"), (Tokens{"number:2024@0+4", "sym:-@5+1", "number:7@7+1", "end:@8+0"}));
}

TEST(Lexer, LeavesInvalidCalendarDatesToTheChecker) {
  // The lexer only looks at the shape; 2023-02-29 is rejected when checked.
  EXPECT_EQ(lex("2023-02-29"), (Tokens{"date:2023-02-29@0+10", "end:@10+0"}));
  EXPECT_EQ(lex("2024-13"), (Tokens{"month:2024-13@0+7", "end:@7+0"}));
}

TEST(Lexer, ReadsLongNumbersAsNumbers) {
  EXPECT_EQ(lex("20240701"), (Tokens{"number:20240701@0+8", "end:@8+0"}));
}

TEST(Lexer, ReadsIdentifiersWithUnderscoresAndDigits) {
  EXPECT_EQ(lex("hardship_60_groups _x"),
            (Tokens{"id:hardship_60_groups@0+18", "id:_x@19+2", "end:@21+0"}));
}

TEST(Lexer, ReadsKeywordsAsIdentifiers) {
  EXPECT_EQ(lex("not in"), (Tokens{"id:not@0+3", "id:in@4+2", "end:@6+0"}));
  for (const char* k : {"and", "or", "not", "in", "if", "then", "else", "true", "false"})
    EXPECT_TRUE(is_keyword(k)) << k;
  for (const char* w : {"age", "And", "iff", "as_of", "null", "none"})
    EXPECT_FALSE(is_keyword(w)) << w;
}

TEST(Lexer, ReadsStringsInEitherQuoteAndUnescapesThem) {
  EXPECT_EQ(lex(R"("dibao")"), (Tokens{"string:dibao@0+7", "end:@7+0"}));
  EXPECT_EQ(lex("'M'"), (Tokens{"string:M@0+3", "end:@3+0"}));
  EXPECT_EQ(lex(R"("a\"b")"), (Tokens{R"(string:a"b@0+6)", "end:@6+0"}));
  EXPECT_EQ(lex(R"('it\'s')"), (Tokens{"string:it's@0+7", "end:@7+0"}));
  EXPECT_EQ(lex(R"("a\\b")"), (Tokens{R"(string:a\b@0+6)", "end:@6+0"}));
  // Other backslashes stand for themselves; the other quote needs no escape.
  EXPECT_EQ(lex(R"("a\nb")"), (Tokens{R"(string:a\nb@0+6)", "end:@6+0"}));
  EXPECT_EQ(lex(R"("it's")"), (Tokens{"string:it's@0+6", "end:@6+0"}));
}

TEST(Lexer, KeepsChineseTextInStringsAndCountsItsBytes) {
  EXPECT_EQ(lex("'低保' == g"),
            (Tokens{"string:低保@0+8", "sym:==@9+2", "id:g@12+1", "end:@13+0"}));
}

TEST(Lexer, ReadsTwoCharacterSymbolsBeforeOneCharacterOnes) {
  EXPECT_EQ(lex("<= >= == != -> < > -"),
            (Tokens{"sym:<=@0+2", "sym:>=@3+2", "sym:==@6+2", "sym:!=@9+2", "sym:->@12+2",
                    "sym:<@15+1", "sym:>@17+1", "sym:-@19+1", "end:@20+0"}));
  EXPECT_EQ(lex("a<=b"), (Tokens{"id:a@0+1", "sym:<=@1+2", "id:b@3+1", "end:@4+0"}));
  EXPECT_EQ(lex("h->h.months"), (Tokens{"id:h@0+1", "sym:->@1+2", "id:h@3+1", "sym:.@4+1",
                                        "id:months@5+6", "end:@11+0"}));
}

TEST(Lexer, ReadsEveryOneCharacterSymbol) {
  EXPECT_EQ(lex("+-*/()[],.<>"),
            (Tokens{"sym:+@0+1", "sym:-@1+1", "sym:*@2+1", "sym:/@3+1", "sym:(@4+1", "sym:)@5+1",
                    "sym:[@6+1", "sym:]@7+1", "sym:,@8+1", "sym:.@9+1", "sym:<@10+1", "sym:>@11+1",
                    "end:@12+0"}));
}

// Errors: the stream stops at the first error token, which carries the message.
TEST(Lexer, StopsAtASingleEqualsSignWithAHint) {
  EXPECT_EQ(lex("age = 60"),
            (Tokens{"id:age@0+3", "error:'=' is not an operator; compare with '=='@4+1"}));
}

TEST(Lexer, StopsAtAnExclamationMarkWithAHint) {
  EXPECT_EQ(lex("!x"), (Tokens{"error:'!' is not an operator; use 'not'@0+1"}));
}

TEST(Lexer, StopsAtCStyleLogicalOperatorsWithAHint) {
  EXPECT_EQ(lex("a && b"), (Tokens{"id:a@0+1", "error:use 'and' / 'or' instead of & and |@2+1"}));
  EXPECT_EQ(lex("a || b"), (Tokens{"id:a@0+1", "error:use 'and' / 'or' instead of & and |@2+1"}));
}

TEST(Lexer, StopsAtAnUnexpectedCharacter) {
  EXPECT_EQ(lex("a # b"), (Tokens{"id:a@0+1", "error:unexpected character@2+1"}));
  EXPECT_EQ(lex("a % 2"), (Tokens{"id:a@0+1", "error:unexpected character@2+1"}));
  // A name must be ASCII: a Chinese name is an unexpected character at its first byte.
  EXPECT_EQ(lex("年龄"), (Tokens{"error:unexpected character@0+1"}));
}

TEST(Lexer, StopsAtAnUnterminatedStringCoveringTheRestOfTheText) {
  EXPECT_EQ(lex("x == \"abc"), (Tokens{"id:x@0+1", "sym:==@2+2", "error:unterminated string@5+4"}));
  // An escaped quote does not close the string.
  EXPECT_EQ(lex(R"('a\')"), (Tokens{"error:unterminated string@0+4"}));
}

TEST(Lexer, StopsAtANumberWithoutDigitsAfterThePoint) {
  EXPECT_EQ(lex("5. + 1"), (Tokens{"error:a number needs digits after the decimal point@0+2"}));
  EXPECT_EQ(lex("5.x"), (Tokens{"error:a number needs digits after the decimal point@0+2"}));
}

TEST(Lexer, StopsAtANumberThatRunsIntoAName) {
  EXPECT_EQ(lex("x + 12abc"),
            (Tokens{"id:x@0+1", "sym:+@2+1",
                    "error:a number runs into a name; put an operator or space between@4+3"}));
  EXPECT_EQ(lex("1.5e3")[0],
            "error:a number runs into a name; put an operator or space between@0+4");
}

}  // namespace
}  // namespace entitle::expr
