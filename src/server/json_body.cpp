#include "server/json_body.hpp"

#include <nlohmann/json.hpp>

#include "base/echo.hpp"
#include "server/api_error.hpp"

namespace entitle::server {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Positions count characters after a byte-order mark, which the parser skips.
TextPosition position_of(std::string_view body, size_t offset) {
  const size_t bom = body.starts_with(kBom) ? kBom.size() : 0;
  if (offset < bom) return {};
  return position_in_text(body.substr(bom), offset - bom);
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 5:
// syntax error while parsing value - unexpected '}'"; the reply gives its own position (in
// characters, not bytes), so keep only the reason.
std::string parse_reason(std::string message) {
  if (!message.empty() && message.front() == '[') {
    const size_t close = message.find("] ");
    if (close != std::string::npos) message.erase(0, close + 2);
  }
  if (message.starts_with("parse error")) {
    const size_t colon = message.find(": ");
    if (colon != std::string::npos) message.erase(0, colon + 2);
  }
  return message;
}

// The offset of the first '[' or '{' nested deeper than `max_depth` (outside strings).
size_t too_deep_offset(std::string_view body, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return 0;
}

// Checks syntax and depth without building a tree.
class Checker : public nlohmann::json_sax<Json> {
 public:
  explicit Checker(size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool key(string_t&) override { return true; }
  bool start_object(std::size_t) override { return enter(); }
  bool end_object() override { return leave(); }
  bool start_array(std::size_t) override { return enter(); }
  bool end_array() override { return leave(); }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    error_position = position;
    error_id = e.id;
    error_message = parse_reason(e.what());
    return false;
  }

  bool too_deep = false;
  size_t error_position = 0;  // bytes read, the offending one included
  int error_id = 0;
  std::string error_message;

 private:
  bool enter() {
    if (++depth_ > max_depth_) too_deep = true;
    return !too_deep;
  }
  bool leave() {
    --depth_;
    return true;
  }
  size_t max_depth_;
  size_t depth_ = 0;
};

// Walks the body's top-level object. The body is known to be valid JSON.
class MemberCursor {
 public:
  explicit MemberCursor(std::string_view body) : body_(body) {
    if (body_.starts_with(kBom)) i_ = kBom.size();
  }
  void skip_blanks() {
    while (i_ < body_.size() && is_blank(body_[i_])) ++i_;
  }
  char peek() const { return i_ < body_.size() ? body_[i_] : '\0'; }
  void advance() { ++i_; }
  size_t offset() const { return i_; }

  // One string token, quotes included.
  std::string_view string_token() {
    const size_t start = i_++;
    while (i_ < body_.size() && body_[i_] != '"') i_ += body_[i_] == '\\' ? 2 : 1;
    ++i_;
    return body_.substr(start, i_ - start);
  }

  // One value of any kind, up to the ',' or '}' that ends it.
  std::string_view value() {
    const size_t start = i_;
    int depth = 0;
    while (i_ < body_.size()) {
      const char c = body_[i_];
      if (c == '"') {
        string_token();
        continue;
      }
      if (c == '{' || c == '[')
        ++depth;
      else if ((c == '}' || c == ']') && depth-- == 0)
        break;
      else if (c == ',' && depth == 0)
        break;
      ++i_;
    }
    std::string_view v = body_.substr(start, i_ - start);
    while (!v.empty() && is_blank(v.back())) v.remove_suffix(1);
    return v;
  }

 private:
  std::string_view body_;
  size_t i_ = 0;
};

[[noreturn]] void wrong_type(const JsonMember& m, const char* expected) {
  throw ApiError(422, "invalid_request",
                 m.key + ": expected " + expected + ", got " + echo(m.value), m.key)
      .at(m.value_at.line, m.value_at.column);
}

}  // namespace

void check_json(std::string_view body, size_t max_depth) {
  Checker checker(max_depth);
  if (Json::sax_parse(body.begin(), body.end(), &checker)) return;
  if (checker.too_deep) {
    const TextPosition at = position_of(body, too_deep_offset(body, max_depth));
    throw ApiError(400, "json_too_deep",
                   "JSON nested deeper than " + std::to_string(max_depth) + " levels")
        .at(at.line, at.column);
  }
  const size_t offset = checker.error_position > 0 ? checker.error_position - 1 : 0;
  const TextPosition at = position_of(body, offset);
  // A number beyond the range of any field (1e400) is a value problem, not bad JSON.
  constexpr int kNumberOverflow = 406;
  if (checker.error_id == kNumberOverflow)
    throw ApiError(422, "invalid_value", checker.error_message).at(at.line, at.column);
  throw ApiError(400, "malformed_json", "malformed JSON: " + checker.error_message)
      .at(at.line, at.column);
}

void for_each_member(std::string_view body, const std::function<void(JsonMember&)>& visit) {
  MemberCursor c(body);
  c.skip_blanks();
  if (c.peek() != '{')
    throw ApiError(422, "invalid_request", "the request body must be a JSON object");
  c.advance();
  // Positions count characters after a byte-order mark, which the parser skips.
  const size_t bom = body.starts_with(kBom) ? kBom.size() : 0;
  PositionCursor positions(body.substr(bom));
  for (;;) {
    c.skip_blanks();
    if (c.peek() == '}') break;
    JsonMember m;
    m.key_at = positions.at(c.offset() - bom);
    const std::string_view token = c.string_token();
    // Without escapes the key is the text between the quotes (check_json saw valid UTF-8).
    m.key = token.find('\\') == std::string_view::npos
                ? std::string(token.substr(1, token.size() - 2))
                : Json::parse(token).get<std::string>();
    c.skip_blanks();
    c.advance();  // ':'
    c.skip_blanks();
    m.value_at = positions.at(c.offset() - bom);
    m.value = c.value();
    visit(m);
    if (c.peek() == ',') c.advance();
  }
}

std::vector<JsonMember> object_members(std::string_view body) {
  std::vector<JsonMember> members;
  for_each_member(body, [&](JsonMember& m) { members.push_back(std::move(m)); });
  return members;
}

std::string member_string(const JsonMember& m, const char* expected) {
  Json v = Json::parse(m.value);
  if (!v.is_string()) wrong_type(m, expected);
  return v.get<std::string>();
}

bool member_bool(const JsonMember& m) {
  Json v = Json::parse(m.value);
  if (!v.is_boolean()) wrong_type(m, "true or false");
  return v.get<bool>();
}

std::vector<std::string> member_string_list(const JsonMember& m) {
  Json v = Json::parse(m.value);
  if (!v.is_array()) wrong_type(m, "an array of rule ids (strings)");
  std::vector<std::string> out;
  for (const auto& e : v) {
    if (!e.is_string()) wrong_type(m, "an array of rule ids (strings)");
    out.push_back(e.get<std::string>());
  }
  return out;
}

TextPosition in_body(TextPosition start, uint32_t line, uint32_t column) {
  if (line <= 1) return {start.line, start.column + (column > 0 ? column - 1 : 0)};
  return {start.line + line - 1, column};
}

}  // namespace entitle::server
