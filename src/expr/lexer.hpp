// Splits expression text into tokens. See docs/language.md for the lexical grammar.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace entitle::expr {

enum class TokenKind : uint8_t {
  end,
  number,      // 12, 0.05
  string,      // "..." or '...'; `text` holds the unescaped contents
  date,        // 2024-07-01
  month,       // 2024-07
  identifier,  // also keywords: and or not in if then else true false
  symbol,      // + - * / ( ) [ ] , . == != < <= > >= ->
  error,       // `text` holds the message
};

struct Token {
  TokenKind kind = TokenKind::end;
  uint32_t offset = 0;
  uint32_t length = 0;
  std::string text;
};

// Tokens end with one `end` token, or stop at the first `error` token.
std::vector<Token> tokenize(std::string_view text);

bool is_keyword(std::string_view word);

}  // namespace entitle::expr
