#include "base/echo.hpp"
#include "expr/parser.hpp"

#include <utility>
#include <vector>

#include "expr/lexer.hpp"

namespace entitle::expr {

namespace {

// Binding powers, loosest first. `if … then … else` sits below them all.
enum Precedence : int {
  kOr = 1,
  kAnd = 2,
  kNot = 3,
  kCompare = 4,  // == != < <= > >= in, not in (non-associative)
  kAdd = 5,
  kMultiply = 6,
  kUnary = 7,
};

struct Failure {
  ParseError error;
};

class Parser {
 public:
  Parser(std::vector<Token> tokens, const ParseLimits& limits)
      : tokens_(std::move(tokens)), limits_(limits) {}

  NodePtr parse_all() {
    NodePtr e = expression(0);
    if (peek().kind == TokenKind::error) fail(peek(), peek().text);
    if (peek().kind != TokenKind::end)
      fail(peek(), "unexpected '" + echo(peek().text) + "' after the expression");
    return e;
  }

 private:
  const Token& peek(size_t ahead = 0) const {
    size_t i = pos_ + ahead;
    return i < tokens_.size() ? tokens_[i] : tokens_.back();
  }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool at_symbol(std::string_view s, size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::symbol && peek(ahead).text == s;
  }
  bool at_keyword(std::string_view s, size_t ahead = 0) const {
    return peek(ahead).kind == TokenKind::identifier && peek(ahead).text == s;
  }
  [[noreturn]] void fail(const Token& at, std::string message) {
    // A lexical error explains itself wherever the parser meets it (not "expected ')' …,
    // found ''=' is not an operator…'").
    if (at.kind == TokenKind::error) message = at.text;
    throw Failure{ParseError{at.offset, std::move(message)}};
  }
  void expect_symbol(std::string_view s, const char* context) {
    if (!at_symbol(s)) {
      const Token& t = peek();
      std::string found = t.kind == TokenKind::end ? "the end" : "'" + echo(t.text) + "'";
      fail(t, "expected '" + std::string(s) + "' " + context + ", found " + found);
    }
    next();
  }
  void expect_keyword(std::string_view s, const char* context) {
    if (!at_keyword(s)) {
      const Token& t = peek();
      std::string found = t.kind == TokenKind::end ? "the end" : "'" + echo(t.text) + "'";
      fail(t, "expected '" + std::string(s) + "' " + context + ", found " + found);
    }
    next();
  }

  static NodePtr node(NodeKind kind, const Token& at) {
    auto n = std::make_unique<Node>();
    n->kind = kind;
    n->offset = at.offset;
    n->length = at.length;
    return n;
  }
  static void extend(Node& n, uint32_t end_offset) {
    if (end_offset > n.offset) n.length = end_offset - n.offset;
  }
  uint32_t last_end() const {
    const Token& t = tokens_[pos_ > 0 ? pos_ - 1 : 0];
    return t.offset + t.length;
  }

  struct DepthGuard {
    Parser& p;
    explicit DepthGuard(Parser& parser, const Token& at) : p(parser) {
      if (++p.depth_ > p.limits_.max_depth)
        p.fail(at,
               "expression nested deeper than " + std::to_string(p.limits_.max_depth) + " levels");
    }
    ~DepthGuard() { --p.depth_; }
  };

  NodePtr expression(int min_precedence) {
    DepthGuard guard(*this, peek());
    if (at_keyword("if")) return conditional();
    NodePtr left = prefix();
    while (true) {
      auto [op, precedence, width] = infix_operator();
      if (op == Operator::none || precedence < min_precedence) break;
      const Token& at = peek();
      for (int i = 0; i < width; ++i) next();
      // Comparisons do not chain: `a < b < c` is an error, not ((a < b) < c).
      NodePtr right = expression(precedence + 1);
      auto bin = node(NodeKind::binary, at);
      bin->op = op;
      bin->offset = left->offset;
      extend(*bin, right->offset + right->length);
      bin->children.push_back(std::move(left));
      bin->children.push_back(std::move(right));
      left = std::move(bin);
      if (precedence == kCompare) {
        auto [next_op, next_precedence, unused] = infix_operator();
        if (next_op != Operator::none && next_precedence == kCompare)
          fail(peek(), "comparisons do not chain; join them with 'and'");
      }
    }
    return left;
  }

  struct Infix {
    Operator op;
    int precedence;
    int width;  // tokens the operator spans (`not in` is two)
  };

  Infix infix_operator() const {
    const Token& t = peek();
    if (t.kind == TokenKind::identifier) {
      if (t.text == "and") return {Operator::logical_and, kAnd, 1};
      if (t.text == "or") return {Operator::logical_or, kOr, 1};
      if (t.text == "in") return {Operator::in, kCompare, 1};
      if (t.text == "not" && at_keyword("in", 1)) return {Operator::not_in, kCompare, 2};
      return {Operator::none, 0, 0};
    }
    if (t.kind != TokenKind::symbol) return {Operator::none, 0, 0};
    const std::string& s = t.text;
    if (s == "+") return {Operator::add, kAdd, 1};
    if (s == "-") return {Operator::subtract, kAdd, 1};
    if (s == "*") return {Operator::multiply, kMultiply, 1};
    if (s == "/") return {Operator::divide, kMultiply, 1};
    if (s == "==") return {Operator::equal, kCompare, 1};
    if (s == "!=") return {Operator::not_equal, kCompare, 1};
    if (s == "<") return {Operator::less, kCompare, 1};
    if (s == "<=") return {Operator::less_equal, kCompare, 1};
    if (s == ">") return {Operator::greater, kCompare, 1};
    if (s == ">=") return {Operator::greater_equal, kCompare, 1};
    return {Operator::none, 0, 0};
  }

  NodePtr conditional() {
    auto n = node(NodeKind::conditional, next());
    n->children.push_back(expression(0));
    expect_keyword("then", "after the condition of 'if'");
    n->children.push_back(expression(0));
    expect_keyword("else", "after the 'then' branch ('if' always needs an 'else')");
    n->children.push_back(expression(0));
    extend(*n, last_end());
    return n;
  }

  NodePtr prefix() {
    // Not depth-guarded itself: every way back into prefix() passes through expression(),
    // whose guard counts one level per nesting (counting here too halved the limit).
    const Token& t = peek();
    if (at_keyword("not")) {
      next();
      auto n = node(NodeKind::unary, t);
      n->op = Operator::logical_not;
      n->children.push_back(expression(kNot));
      extend(*n, last_end());
      return n;
    }
    if (at_symbol("-")) {
      next();
      auto n = node(NodeKind::unary, t);
      n->op = Operator::negate;
      n->children.push_back(expression(kUnary));
      extend(*n, last_end());
      return n;
    }
    return postfix(primary());
  }

  NodePtr postfix(NodePtr e) {
    while (at_symbol(".")) {
      next();
      const Token& name = peek();
      if (name.kind != TokenKind::identifier || is_keyword(name.text))
        fail(name, "expected a field name after '.'");
      next();
      if (e->kind == NodeKind::name) {
        e->parts.push_back(name.text);
        extend(*e, name.offset + name.length);
        continue;
      }
      auto m = node(NodeKind::member, name);
      m->text = name.text;
      m->offset = e->offset;
      extend(*m, name.offset + name.length);
      m->children.push_back(std::move(e));
      e = std::move(m);
    }
    return e;
  }

  NodePtr primary() {
    const Token& t = peek();
    switch (t.kind) {
      case TokenKind::error: fail(t, t.text);
      case TokenKind::end: fail(t, "expected a value, found the end of the expression");
      case TokenKind::number: return literal(NodeKind::number);
      case TokenKind::string: return literal(NodeKind::string);
      case TokenKind::date: return literal(NodeKind::date);
      case TokenKind::month: return literal(NodeKind::month);
      case TokenKind::identifier: return identifier();
      case TokenKind::symbol: break;
    }
    if (at_symbol("(")) {
      next();
      NodePtr inner = expression(0);
      expect_symbol(")", "to close '('");
      return inner;
    }
    if (at_symbol("[")) return list();
    fail(t, "expected a value, found '" + echo(t.text) + "'");
  }

  NodePtr literal(NodeKind kind) {
    const Token& t = next();
    auto n = node(kind, t);
    n->text = t.text;
    return n;
  }

  NodePtr list() {
    auto n = node(NodeKind::list, next());
    if (!at_symbol("]")) {
      while (true) {
        n->children.push_back(expression(0));
        if (at_symbol(",")) {
          next();
          if (at_symbol("]")) break;  // a trailing comma is fine
          continue;
        }
        break;
      }
    }
    expect_symbol("]", "to close the list");
    extend(*n, last_end());
    return n;
  }

  NodePtr identifier() {
    const Token& t = next();
    if (t.text == "true" || t.text == "false") {
      auto n = node(NodeKind::boolean, t);
      n->text = t.text;
      return n;
    }
    if (is_keyword(t.text)) fail(t, "'" + t.text + "' is a keyword and cannot start a value");
    if (at_symbol("(")) return call(t);
    auto n = node(NodeKind::name, t);
    n->parts.push_back(t.text);
    return n;
  }

  NodePtr call(const Token& name) {
    auto n = node(NodeKind::call, name);
    n->text = name.text;
    next();  // (
    if (!at_symbol(")")) {
      while (true) {
        n->children.push_back(argument());
        if (!at_symbol(",")) break;
        next();
      }
    }
    expect_symbol(")", "to close the argument list");
    extend(*n, last_end());
    return n;
  }

  // An argument may be a lambda: `h -> h.months`.
  NodePtr argument() {
    if (peek().kind == TokenKind::identifier && !is_keyword(peek().text) && at_symbol("->", 1)) {
      const Token& param = next();
      next();  // ->
      auto n = node(NodeKind::lambda, param);
      n->text = param.text;
      n->children.push_back(expression(0));
      extend(*n, last_end());
      return n;
    }
    return expression(0);
  }

  std::vector<Token> tokens_;
  ParseLimits limits_;
  size_t pos_ = 0;
  uint32_t depth_ = 0;
};

}  // namespace

const char* operator_text(Operator op) {
  switch (op) {
    case Operator::none: return "";
    case Operator::add: return "+";
    case Operator::subtract: return "-";
    case Operator::multiply: return "*";
    case Operator::divide: return "/";
    case Operator::negate: return "-";
    case Operator::equal: return "==";
    case Operator::not_equal: return "!=";
    case Operator::less: return "<";
    case Operator::less_equal: return "<=";
    case Operator::greater: return ">";
    case Operator::greater_equal: return ">=";
    case Operator::in: return "in";
    case Operator::not_in: return "not in";
    case Operator::logical_and: return "and";
    case Operator::logical_or: return "or";
    case Operator::logical_not: return "not";
  }
  return "";
}

namespace {

// The leftmost node deeper than max_height, found without recursion (the tree may be taller
// than a recursive walk can safely go); null if there is none.
const Node* node_past_height(const Node& root, uint32_t max_height) {
  std::vector<std::pair<const Node*, uint32_t>> stack{{&root, 1}};
  while (!stack.empty()) {
    auto [n, level] = stack.back();
    stack.pop_back();
    if (level > max_height) return n;
    for (auto c = n->children.rbegin(); c != n->children.rend(); ++c)
      stack.emplace_back(c->get(), level + 1);
  }
  return nullptr;
}

// Frees a tree without recursion: ~Node would recurse once per level.
void free_iteratively(NodePtr root) {
  std::vector<NodePtr> pending;
  pending.push_back(std::move(root));
  while (!pending.empty()) {
    NodePtr n = std::move(pending.back());
    pending.pop_back();
    for (auto& c : n->children) pending.push_back(std::move(c));
  }
}

}  // namespace

ParseResult parse(std::string_view text, const ParseLimits& limits) {
  if (text.size() > limits.max_length)
    return ParseError{limits.max_length, "expression is " + std::to_string(text.size()) +
                                             " bytes, over the " +
                                             std::to_string(limits.max_length) + "-byte limit"};
  std::vector<Token> tokens = tokenize(text);
  try {
    Parser parser(std::move(tokens), limits);
    NodePtr tree = parser.parse_all();
    if (const Node* deep = node_past_height(*tree, limits.max_height)) {
      ParseError e{deep->offset, "expression nested deeper than " +
                                     std::to_string(limits.max_height) +
                                     " levels, counting each operator of a chain like "
                                     "'a + b + c'; split it into derived values"};
      free_iteratively(std::move(tree));
      return e;
    }
    return tree;
  } catch (const Failure& f) {
    return f.error;
  }
}

}  // namespace entitle::expr
