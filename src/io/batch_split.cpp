#include "io/batch_split.hpp"

#include <string>

#include "entitle/record.hpp"

namespace entitle::capi {

namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Walks the input keeping line and column (characters, not bytes) of the current byte.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {
    if (text_.starts_with(kBom)) i_ = kBom.size();
  }
  bool done() const { return i_ >= text_.size(); }
  char peek() const { return text_[i_]; }
  size_t offset() const { return i_; }
  uint32_t line() const { return line_; }
  uint32_t column() const { return column_; }
  void advance() {
    char c = text_[i_++];
    if (c == '\n') {
      ++line_;
      column_ = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
      ++column_;  // a UTF-8 continuation byte belongs to the previous character
    }
  }
  void skip_blanks() {
    while (!done() && is_blank(peek())) advance();
  }
  [[noreturn]] void fail(const std::string& reason) const {
    throw RecordError("", "", reason, line_, column_);
  }

 private:
  std::string_view text_;
  size_t i_ = 0;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
};

// Moves past one array element (any JSON text up to a ',' or ']' outside strings and
// brackets). The element's own syntax is checked later, when it is read as a record.
void skip_element(Cursor& c) {
  int depth = 0;
  while (!c.done()) {
    char ch = c.peek();
    if (ch == '"') {
      c.advance();
      while (!c.done() && c.peek() != '"') {
        if (c.peek() == '\\') c.advance();
        if (!c.done()) c.advance();
      }
      if (c.done()) c.fail("unterminated string");
      c.advance();
      continue;
    }
    if (ch == '{' || ch == '[') {
      ++depth;
    } else if (ch == '}' || ch == ']') {
      if (depth == 0 && ch == ']') return;
      if (depth > 0) --depth;
    } else if (ch == ',' && depth == 0) {
      return;
    }
    c.advance();
  }
  c.fail("unterminated array: expected ']'");
}

}  // namespace

bool looks_like_json_array(std::string_view input) {
  Cursor c(input);
  c.skip_blanks();
  return !c.done() && c.peek() == '[';
}

std::vector<RecordSpan> split_json_array(std::string_view input) {
  std::vector<RecordSpan> spans;
  Cursor c(input);
  c.skip_blanks();
  if (c.done() || c.peek() != '[') c.fail("the input must be a JSON array of records");
  c.advance();
  c.skip_blanks();
  if (!c.done() && c.peek() == ']') {
    c.advance();
  } else {
    while (true) {
      c.skip_blanks();
      if (c.done()) c.fail("unterminated array: expected ']'");
      if (c.peek() == ',' || c.peek() == ']') c.fail("expected a record");
      RecordSpan span;
      span.line = c.line();
      span.column = c.column();
      size_t start = c.offset();
      skip_element(c);
      span.text = input.substr(start, c.offset() - start);
      while (!span.text.empty() && is_blank(span.text.back())) span.text.remove_suffix(1);
      spans.push_back(span);
      char end = c.peek();
      c.advance();
      if (end == ']') break;
    }
  }
  c.skip_blanks();
  if (!c.done()) c.fail("text after the array");
  return spans;
}

std::vector<RecordSpan> split_json_lines(std::string_view input) {
  std::vector<RecordSpan> spans;
  if (input.starts_with(kBom)) input.remove_prefix(kBom.size());
  uint32_t line = 1;
  size_t start = 0;
  while (start <= input.size()) {
    size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view text = input.substr(start, end - start);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    bool blank = true;
    for (char ch : text) blank = blank && is_blank(ch);
    if (!blank) spans.push_back({text, line, 1});
    ++line;
    start = end + 1;
  }
  return spans;
}

void to_input_position(const RecordSpan& span, uint32_t& line, uint32_t& column) {
  if (line == 0) return;
  if (line == 1 && column > 0) column += span.column - 1;
  line += span.line - 1;
}

}  // namespace entitle::capi
