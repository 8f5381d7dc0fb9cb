#include "expr/lexer.hpp"
#include "base/echo.hpp"

#include <array>

namespace entitle::expr {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }

bool digits_at(std::string_view t, size_t at, size_t n) {
  if (at + n > t.size()) return false;
  for (size_t i = 0; i < n; ++i)
    if (!is_digit(t[at + i])) return false;
  return true;
}

Token make(TokenKind kind, size_t start, size_t end, std::string text) {
  return Token{kind, static_cast<uint32_t>(start), static_cast<uint32_t>(end - start),
               std::move(text)};
}

// A date or month literal is written without spaces: 4 digits, '-', 2 digits[, '-', 2 digits].
// With spaces, `2024 - 07` is arithmetic.
size_t calendar_literal_length(std::string_view t, size_t i) {
  if (!digits_at(t, i, 4) || i + 4 >= t.size() || t[i + 4] != '-' || !digits_at(t, i + 5, 2))
    return 0;
  size_t n = 7;
  if (i + 7 < t.size() && t[i + 7] == '-' && digits_at(t, i + 8, 2)) n = 10;
  if (i + n < t.size() && (is_ident_char(t[i + n]) || t[i + n] == '-' || t[i + n] == '.')) return 0;
  return n;
}

}  // namespace

bool is_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 9> kKeywords = {
      "and", "or", "not", "in", "if", "then", "else", "true", "false"};
  for (auto k : kKeywords)
    if (k == w) return true;
  return false;
}

std::vector<Token> tokenize(std::string_view t) {
  std::vector<Token> out;
  size_t i = 0;
  while (true) {
    while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
    if (i >= t.size()) {
      out.push_back(make(TokenKind::end, i, i, {}));
      return out;
    }
    const size_t start = i;
    const char c = t[i];
    if (is_digit(c)) {
      if (size_t n = calendar_literal_length(t, i)) {
        out.push_back(make(n == 10 ? TokenKind::date : TokenKind::month, i, i + n,
                           std::string(t.substr(i, n))));
        i += n;
        continue;
      }
      // `2024-07-1` is a mistyped date, not 2024 minus 7 minus 1: arithmetic needs spaces.
      if (digits_at(t, i, 4) && i + 5 < t.size() && t[i + 4] == '-' && is_digit(t[i + 5])) {
        size_t end = i + 5;
        while (end < t.size() && (is_digit(t[end]) || t[end] == '-')) ++end;
        out.push_back(make(TokenKind::error, start, end,
                           "'" + echo(t.substr(start, end - start)) +
                               "' is not a date or month; write YYYY-MM-DD or YYYY-MM (put "
                               "spaces around '-' to subtract)"));
        return out;
      }
      while (i < t.size() && is_digit(t[i])) ++i;
      if (i < t.size() && t[i] == '.') {
        if (!digits_at(t, i + 1, 1)) {
          out.push_back(make(TokenKind::error, start, i + 1,
                             "a number needs digits after the decimal point"));
          return out;
        }
        ++i;
        while (i < t.size() && is_digit(t[i])) ++i;
      }
      if (i < t.size() && is_ident_start(t[i])) {
        out.push_back(make(TokenKind::error, start, i + 1,
                           "a number runs into a name; put an operator or space between"));
        return out;
      }
      out.push_back(make(TokenKind::number, start, i, std::string(t.substr(start, i - start))));
      continue;
    }
    if (is_ident_start(c)) {
      while (i < t.size() && is_ident_char(t[i])) ++i;
      out.push_back(make(TokenKind::identifier, start, i, std::string(t.substr(start, i - start))));
      continue;
    }
    if (c == '"' || c == '\'') {
      std::string text;
      ++i;
      bool closed = false;
      while (i < t.size()) {
        if (t[i] == c) {
          closed = true;
          ++i;
          break;
        }
        if (t[i] == '\\' && i + 1 < t.size() && (t[i + 1] == c || t[i + 1] == '\\')) ++i;
        text += t[i++];
      }
      if (!closed) {
        out.push_back(make(TokenKind::error, start, t.size(), "unterminated string"));
        return out;
      }
      out.push_back(make(TokenKind::string, start, i, std::move(text)));
      continue;
    }
    static constexpr std::array<std::string_view, 5> kTwoChar = {"==", "!=", "<=", ">=", "->"};
    bool matched = false;
    for (auto sym : kTwoChar) {
      if (t.substr(i, 2) == sym) {
        out.push_back(make(TokenKind::symbol, i, i + 2, std::string(sym)));
        i += 2;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    if (std::string_view("+-*/()[],.<>").find(c) != std::string_view::npos) {
      out.push_back(make(TokenKind::symbol, i, i + 1, std::string(1, c)));
      ++i;
      continue;
    }
    std::string what = c == '='               ? "'=' is not an operator; compare with '=='"
                       : c == '!'             ? "'!' is not an operator; use 'not'"
                       : c == '&' || c == '|' ? "use 'and' / 'or' instead of & and |"
                                              : "unexpected character";
    out.push_back(make(TokenKind::error, start, start + 1, what));
    return out;
  }
}

}  // namespace entitle::expr
