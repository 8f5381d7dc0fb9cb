// The UTF-8 byte tests against RFC 3629's table of well-formed sequences (section 4) and its
// examples of what is not UTF-8: overlong forms, surrogates, code points past U+10FFFF.
#include "base/utf8.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace entitle {
namespace {

TEST(Utf8, SequenceLengthOfEachWidthAtItsBoundaries) {
  EXPECT_EQ(utf8_sequence_length("a", 0), 1u);
  EXPECT_EQ(utf8_sequence_length(std::string_view("\0", 1), 0), 1u);  // U+0000 is ASCII
  EXPECT_EQ(utf8_sequence_length("\x7F", 0), 1u);
  EXPECT_EQ(utf8_sequence_length("\xC2\x80", 0), 2u);          // U+0080
  EXPECT_EQ(utf8_sequence_length("\xDF\xBF", 0), 2u);          // U+07FF
  EXPECT_EQ(utf8_sequence_length("\xE0\xA0\x80", 0), 3u);      // U+0800
  EXPECT_EQ(utf8_sequence_length("\xE4\xB8\xAD", 0), 3u);      // 中
  EXPECT_EQ(utf8_sequence_length("\xED\x9F\xBF", 0), 3u);      // U+D7FF, below the surrogates
  EXPECT_EQ(utf8_sequence_length("\xEE\x80\x80", 0), 3u);      // U+E000, above them
  EXPECT_EQ(utf8_sequence_length("\xEF\xBF\xBF", 0), 3u);      // U+FFFF is well-formed UTF-8
  EXPECT_EQ(utf8_sequence_length("\xF0\x90\x80\x80", 0), 4u);  // U+10000
  EXPECT_EQ(utf8_sequence_length("\xF0\x9F\x98\x80", 0), 4u);  // U+1F600
  EXPECT_EQ(utf8_sequence_length("\xF4\x8F\xBF\xBF", 0), 4u);  // U+10FFFF
}

TEST(Utf8, RefusesWhatIsNotUtf8) {
  EXPECT_EQ(utf8_sequence_length("\x80", 0), 0u);              // a continuation byte alone
  EXPECT_EQ(utf8_sequence_length("\xC0\x80", 0), 0u);          // overlong U+0000
  EXPECT_EQ(utf8_sequence_length("\xC1\xBF", 0), 0u);          // overlong U+007F
  EXPECT_EQ(utf8_sequence_length("\xE0\x9F\xBF", 0), 0u);      // overlong U+07FF
  EXPECT_EQ(utf8_sequence_length("\xF0\x8F\xBF\xBF", 0), 0u);  // overlong U+FFFF
  EXPECT_EQ(utf8_sequence_length("\xED\xA0\x80", 0), 0u);      // U+D800, a surrogate
  EXPECT_EQ(utf8_sequence_length("\xED\xBF\xBF", 0), 0u);      // U+DFFF
  EXPECT_EQ(utf8_sequence_length("\xF4\x90\x80\x80", 0), 0u);  // U+110000
  EXPECT_EQ(utf8_sequence_length("\xF5\x80\x80\x80", 0), 0u);
  EXPECT_EQ(utf8_sequence_length("\xFF", 0), 0u);
  EXPECT_EQ(utf8_sequence_length("\xC3"
                                 "a",
                                 0),
            0u);  // lead byte, then ASCII
  EXPECT_EQ(utf8_sequence_length("\xE4\xB8"
                                 "a",
                                 0),
            0u);
}

TEST(Utf8, SequenceCutOffByTheEndIsRefused) {
  constexpr std::string_view text = "ab\xE4\xB8\xAD";
  EXPECT_EQ(utf8_sequence_length(text, 2), 3u);
  EXPECT_EQ(utf8_sequence_length(text.substr(0, 4), 2), 0u);
  EXPECT_EQ(utf8_sequence_length(std::string_view("\xF0\x9F\x98", 3), 0), 0u);
  EXPECT_EQ(utf8_sequence_length(std::string_view("\xC3", 1), 0), 0u);
}

TEST(Utf8, LengthCountsOnlyMultiByteSequences) {
  EXPECT_EQ(utf8_length("a", 0), 0u);
  EXPECT_EQ(utf8_length("\xC3\xA9", 0), 2u);  // é
  EXPECT_EQ(utf8_length("x\xE4\xB8\xAD", 1), 3u);
  EXPECT_EQ(utf8_length("\xED\xA0\x80", 0), 0u);
}

TEST(Utf8, ContinuationBytesAndTheByteOrderMark) {
  EXPECT_TRUE(is_utf8_continuation(0x80));
  EXPECT_TRUE(is_utf8_continuation(0xBF));
  EXPECT_FALSE(is_utf8_continuation(0x7F));
  EXPECT_FALSE(is_utf8_continuation(0xC0));
  EXPECT_FALSE(is_utf8_continuation('a'));
  EXPECT_EQ(kUtf8Bom, std::string_view("\xEF\xBB\xBF"));
  EXPECT_EQ(utf8_sequence_length(kUtf8Bom, 0), 3u);  // U+FEFF
}

}  // namespace
}  // namespace entitle
