// Suggestions for misspelt names stay helpful and cheap; echoed text is cut readably.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/echo.hpp"
#include "base/spelling.hpp"

namespace entitle {
namespace {

TEST(Spelling, SuggestsRealTypos) {
  const std::vector<std::string> keys{"values", "titles", "override", "title"};
  EXPECT_EQ(closest_match("vlaues", keys), "values");     // a swap: two edits
  EXPECT_EQ(closest_match("overide", keys), "override");  // a letter left out
  EXPECT_EQ(closest_match("titlle", keys), "title");
  EXPECT_EQ(did_you_mean("valuez", keys), " (did you mean 'values'?)");
}

TEST(Spelling, TiesGoToTheFirstCandidate) {
  EXPECT_EQ(closest_match("cat", {"bat", "hat"}), "bat");
}

TEST(Spelling, NoSuggestionForFarWords) {
  EXPECT_EQ(closest_match("employment", {"dibao", "tekun", "wubao"}), "");
  // Three edits are more than a third of a six-letter word.
  EXPECT_EQ(closest_match("abcdef", {"abcxyz"}), "");
  EXPECT_EQ(did_you_mean("zzz", {"values"}), "");
}

TEST(Spelling, NoSuggestionForLongWords) {
  // 65 characters, one edit from a candidate: too long to be a name's typo.
  const std::string word(65, 'a');
  std::string candidate = word;
  candidate[10] = 'b';
  EXPECT_EQ(closest_match(word, {candidate}), "");
  // At 64 characters one edit is still suggested.
  EXPECT_EQ(closest_match(word.substr(0, 64), {candidate.substr(0, 64)}), candidate.substr(0, 64));
}

TEST(Spelling, SkipsCandidatesOfFarLengths) {
  EXPECT_EQ(closest_match("age", {std::string(5000, 'a'), "ages"}), "ages");
}

TEST(Echo, ShortTextIsKept) {
  EXPECT_EQ(echo("dibao"), "dibao");
  EXPECT_EQ(echo(std::string(kMaxEchoBytes, 'x')), std::string(kMaxEchoBytes, 'x'));
}

TEST(Echo, LongTextIsCutWithAnEllipsis) {
  EXPECT_EQ(echo(std::string(16000, 'x')), std::string(kMaxEchoBytes, 'x') + "\xE2\x80\xA6");
  EXPECT_EQ(echo("abcdefgh", 4), "abcd\xE2\x80\xA6");
}

TEST(Echo, NeverCutsInsideAUtf8Character) {
  // 低保 is 6 bytes, 3 a character: cutting at 4 keeps the first character only.
  EXPECT_EQ(echo("\xE4\xBD\x8E\xE4\xBF\x9D", 4), "\xE4\xBD\x8E\xE2\x80\xA6");
  EXPECT_EQ(echo("\xE4\xBD\x8E\xE4\xBF\x9D", 3), "\xE4\xBD\x8E\xE2\x80\xA6");
  EXPECT_EQ(echo("a\xE4\xBD\x8E", 2), "a\xE2\x80\xA6");
  // A 4-byte character (emoji) cut anywhere inside goes whole.
  EXPECT_EQ(echo("\xF0\x9F\x98\x80z", 3), "\xE2\x80\xA6");
  EXPECT_EQ(utf8_boundary("\xF0\x9F\x98\x80z", 3), 0u);
  EXPECT_EQ(utf8_boundary("\xF0\x9F\x98\x80z", 4), 4u);
}

}  // namespace
}  // namespace entitle
