#include "base/echo.hpp"
#include "load/expr_checker.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/spelling.hpp"
#include "expr/functions.hpp"

namespace entitle::expr {

Type unify_numeric(Type a, Type b) {
  if (a.kind == TypeKind::money || b.kind == TypeKind::money) return Type::of(TypeKind::money);
  if (a.kind == TypeKind::decimal || b.kind == TypeKind::decimal)
    return Type::of(TypeKind::decimal);
  return Type::of(TypeKind::integer);
}

namespace {

const Type kError = Type::of(TypeKind::error);
const Type kBool = Type::of(TypeKind::boolean);
const Type kInt = Type::of(TypeKind::integer);
const Type kDate = Type::of(TypeKind::date);
const Type kMonth = Type::of(TypeKind::month);

void add_unique(std::vector<uint32_t>& v, uint32_t x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

bool is_calendar(Type t) { return t.kind == TypeKind::date || t.kind == TypeKind::month; }
bool is_ordered(Type t) { return t.is_numeric() || is_calendar(t) || t.kind == TypeKind::string; }

// Types that can meet in ==, in, min/max and if-branches: numbers with numbers, else equal.
bool compatible(Type a, Type b) {
  if (a.is_error() || b.is_error()) return true;
  if (a.is_numeric() && b.is_numeric()) return true;
  if (a.kind == TypeKind::list && b.kind == TypeKind::list) {
    if (a.element == TypeKind::error || b.element == TypeKind::error) return true;
    return compatible(a.element_type(), b.element_type());
  }
  return a == b;
}

class Checker {
 public:
  Checker(CheckContext& c, Reads& reads) : c_(c), reads_(reads) {}

  Type check(Node& n, std::optional<Type> hint) {
    Type t = check_node(n, hint);
    n.type = t;
    return t;
  }

  bool ok() const { return errors_ == 0; }

  void require(Node& n, Type got, Type want, const char* what) {
    if (got.is_error() || want.is_error()) return;
    bool fits = want.kind == TypeKind::integer ? got.kind == TypeKind::integer
                : want.is_numeric()            ? got.is_numeric()
                                               : compatible(got, want);
    if (!fits)
      error(n, std::string(what) + " must be " + c_.model.describe(want) + ", but this is " +
                   c_.model.describe(got));
  }

 private:
  void error(const Node& n, std::string message) {
    ++errors_;
    c_.diagnostics.error(c_.source.locate(n.offset), std::move(message));
  }
  std::string describe(Type t) const { return c_.model.describe(t); }

  Type check_node(Node& n, std::optional<Type> hint) {
    switch (n.kind) {
      case NodeKind::number: return number_literal(n);
      case NodeKind::string: return string_literal(n, hint);
      case NodeKind::boolean: return kBool;
      case NodeKind::date: return Date::parse(n.text) ? kDate : bad_literal(n, "date");
      case NodeKind::month: return Month::parse(n.text) ? kMonth : bad_literal(n, "month");
      case NodeKind::list: return list_literal(n, hint);
      case NodeKind::name: return name(n, hint);
      case NodeKind::member: return member(n);
      case NodeKind::call: return call(n, hint);
      case NodeKind::lambda:
        error(n,
              "a function 'x -> …' may only be an argument of count, sum, any, all, filter "
              "or map");
        return kError;
      case NodeKind::unary: return unary(n);
      case NodeKind::binary: return binary(n);
      case NodeKind::conditional: return conditional(n, hint);
    }
    return kError;
  }

  Type bad_literal(Node& n, const char* what) {
    error(n, "'" + echo(n.text) + "' is not a real " + what);
    return kError;
  }

  Type number_literal(Node& n) {
    if (!Decimal::parse(n.text)) {
      error(n, "number '" + echo(n.text) + "' is out of range or has more than 6 decimal places");
      return kError;
    }
    return n.text.find('.') == std::string::npos ? kInt : Type::of(TypeKind::decimal);
  }

  // A string where an enum is expected names one of its values.
  Type string_literal(Node& n, std::optional<Type> hint) {
    if (hint && hint->kind == TypeKind::enumeration) return enum_value(n, *hint);
    return Type::of(TypeKind::string);
  }

  Type enum_value(Node& n, Type enum_type) {
    const EnumDef& e = c_.model.enums[enum_type.ref];
    std::string word = n.kind == NodeKind::name ? n.parts[0] : n.text;
    auto index = e.index_of(word);
    if (!index) {
      error(n, "'" + echo(word) + "' is not a value of " + e.name + did_you_mean(word, e.values) +
                   "; its values are: " + join(e.values));
      return kError;
    }
    n.binding = Binding::enum_literal;
    n.index = *index;
    return enum_type;
  }

  static std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (size_t i = 0; i < v.size() && i < 24; ++i) out += (i ? ", " : "") + v[i];
    if (v.size() > 24) out += ", …";
    return out;
  }

  Type list_literal(Node& n, std::optional<Type> hint) {
    std::optional<Type> element_hint;
    if (hint && hint->kind == TypeKind::list) element_hint = hint->element_type();
    Type element = element_hint.value_or(kError);
    bool first = !element_hint;
    bool from_hint = element_hint.has_value();  // `element` is the context's, not an element's
    for (auto& child : n.children) {
      Type t = check(*child, first ? std::nullopt : std::optional<Type>(element));
      if (child->kind == NodeKind::list || t.kind == TypeKind::list) {
        error(*child, "lists of lists are not supported");
        continue;
      }
      if (first || (from_hint && !compatible(element, t))) {
        // A list that does not fit its context is reported by the context ("cannot look
        // for string in list<int>"), not as elements disagreeing with "earlier ones".
        element = t;
        first = false;
      } else if (element.is_numeric() && t.is_numeric()) {
        element = unify_numeric(element, t);
      } else if (!compatible(element, t)) {
        error(*child, "list elements must all have one type: this is " + describe(t) +
                          ", earlier ones are " + describe(element));
      }
      from_hint = false;
    }
    return Type::list_of(element);
  }

  Type name(Node& n, std::optional<Type> hint) {
    const auto& parts = n.parts;
    // Lambda parameters shadow everything else.
    for (size_t i = locals_.size(); i-- > 0;) {
      if (locals_[i].first == parts[0]) {
        n.binding = Binding::local;
        n.index = static_cast<uint32_t>(i);
        return members(n, 1, locals_[i].second);
      }
    }
    const RecordSchema& entity = c_.model.schemas[c_.entity];
    if (auto slot = entity.slot_of(parts[0])) {
      n.binding = Binding::field;
      n.index = *slot;
      add_unique(reads_.fields, *slot);
      return members(n, 1, entity.fields[*slot].type);
    }
    if (auto slot = c_.model.find_derived(c_.entity, parts[0])) {
      n.binding = Binding::derived;
      n.index = *slot;
      add_unique(reads_.derived, *slot);
      auto t = c_.resolver.derived_type(*slot, c_.source.locate(n.offset));
      if (!t) {
        ++errors_;
        return kError;
      }
      return members(n, 1, *t);
    }
    if (parts.size() == 1 && parts[0] == "as_of") {
      n.binding = Binding::as_of;
      return kDate;
    }
    // Parameters and rule ids may contain dots: try the longest dotted prefix first.
    for (size_t k = parts.size(); k >= 1; --k) {
      std::string joined = dotted(parts, k);
      if (auto p = c_.model.find_parameter(joined)) {
        n.binding = Binding::parameter;
        n.index = *p;
        add_unique(reads_.parameters, *p);
        return members(n, k, c_.model.parameters[*p].type);
      }
      if (k < parts.size()) {
        if (auto r = c_.model.find_rule(joined)) return rule_output(n, *r, k);
      }
    }
    if (hint && hint->kind == TypeKind::enumeration && parts.size() == 1) {
      // A bare word where an enum is expected is one of its values, or a typo of one.
      return enum_value(n, *hint);
    }
    std::string written = dotted(parts, parts.size());
    error(n, "unknown name '" + echo(written) + "'" + did_you_mean(written, known_names()));
    return kError;
  }

  Type rule_output(Node& n, uint32_t rule_slot, size_t k) {
    const Rule& rule = c_.model.rules[rule_slot];
    const std::string& output = n.parts[k];
    if (rule.entity != c_.entity) {
      error(n, "rule '" + rule.id + "' applies to " + c_.model.schemas[rule.entity].name +
                   ", not " + c_.model.schemas[c_.entity].name);
      return kError;
    }
    auto index = rule.output_index(output);
    if (!index && output == "eligible" && k + 1 == n.parts.size()) {
      // `<rule id>.eligible`: whether another rule holds, without repeating its conditions.
      n.binding = Binding::rule_status;
      n.index = rule_slot;
      add_unique(reads_.rules, rule_slot);
      return kBool;
    }
    if (!index) {
      std::vector<std::string> names{"eligible"};
      for (const auto& o : rule.outputs) names.push_back(o.name);
      error(n, "rule '" + rule.id + "' has no output '" + echo(output) + "'" +
                   did_you_mean(output, names));
      return kError;
    }
    n.binding = Binding::rule_output;
    n.index = rule_slot;
    n.sub = *index;
    add_unique(reads_.rules, rule_slot);
    if (std::find(reads_.outputs.begin(), reads_.outputs.end(), std::pair(rule_slot, *index)) ==
        reads_.outputs.end())
      reads_.outputs.emplace_back(rule_slot, *index);
    auto t = c_.resolver.output_type(rule_slot, *index, c_.source.locate(n.offset));
    if (!t) {
      ++errors_;
      return kError;
    }
    return members(n, k + 1, *t);
  }

  static std::string dotted(const std::vector<std::string>& parts, size_t k) {
    std::string s = parts[0];
    for (size_t i = 1; i < k; ++i) s += "." + parts[i];
    return s;
  }

  std::vector<std::string> known_names() const {
    std::vector<std::string> names{"as_of"};
    for (const auto& l : locals_) names.push_back(l.first);
    for (const auto& f : c_.model.schemas[c_.entity].fields) names.push_back(f.name);
    for (const auto& d : c_.model.derived)
      if (d.entity == c_.entity) names.push_back(d.name);
    for (const auto& p : c_.model.parameters) names.push_back(p.name);
    return names;
  }

  // parts[from..] of a name are field accesses into records.
  Type members(Node& n, size_t from, Type t) {
    n.members_from = static_cast<uint32_t>(from);
    for (size_t i = from; i < n.parts.size(); ++i) {
      auto slot = field_of(n, t, n.parts[i]);
      if (!slot) return kError;
      n.member_slots.push_back(*slot);
      t = c_.model.schemas[t.ref].fields[*slot].type;
    }
    return t;
  }

  std::optional<uint32_t> field_of(const Node& n, Type t, const std::string& field) {
    if (t.is_error()) return std::nullopt;
    if (t.kind != TypeKind::record) {
      error(n, "'." + echo(field) + "' reads a field, but the value is " + describe(t) +
                   ", not a record");
      return std::nullopt;
    }
    const RecordSchema& schema = c_.model.schemas[t.ref];
    auto slot = schema.slot_of(field);
    if (!slot) {
      std::vector<std::string> names;
      for (const auto& f : schema.fields) names.push_back(f.name);
      error(n, schema.name + " has no field '" + echo(field) + "'" + did_you_mean(field, names));
    }
    return slot;
  }

  Type member(Node& n) {
    Type t = check(*n.children[0], std::nullopt);
    auto slot = field_of(n, t, n.text);
    if (!slot) return kError;
    n.member_slots.push_back(*slot);
    return c_.model.schemas[t.ref].fields[*slot].type;
  }

  Type unary(Node& n) {
    Node& x = *n.children[0];
    if (n.op == Operator::logical_not) {
      require(x, check(x, kBool), kBool, "the operand of 'not'");
      return kBool;
    }
    Type t = check(x, std::nullopt);
    if (!t.is_error() && !t.is_numeric()) {
      error(n, "'-' needs a number, but this is " + describe(t));
      return kError;
    }
    return t;
  }

  Type binary(Node& n) {
    Node& l = *n.children[0];
    Node& r = *n.children[1];
    switch (n.op) {
      case Operator::logical_and:
      case Operator::logical_or: {
        const char* what =
            n.op == Operator::logical_and ? "each side of 'and'" : "each side of 'or'";
        require(l, check(l, kBool), kBool, what);
        require(r, check(r, kBool), kBool, what);
        return kBool;
      }
      case Operator::in:
      case Operator::not_in: return membership(n, l, r);
      case Operator::equal:
      case Operator::not_equal:
      case Operator::less:
      case Operator::less_equal:
      case Operator::greater:
      case Operator::greater_equal: return comparison(n, l, r);
      default: return arithmetic(n, l, r);
    }
  }

  // Checks two operands that must meet, letting an enum on either side type the other: a
  // string or an unresolved bare word on the left (`"dibao" in groups`, `M == sex`) is read
  // against the right side's type.
  std::pair<Type, Type> check_pair(Node& l, Node& r) {
    bool left_is_literal_word =
        l.kind == NodeKind::string || (l.kind == NodeKind::name && !resolves(l));
    if (left_is_literal_word && r.kind != NodeKind::string) {
      Type rt = check(r, std::nullopt);
      std::optional<Type> hint;
      if (rt.kind == TypeKind::enumeration) hint = rt;
      if (rt.kind == TypeKind::list && rt.element == TypeKind::enumeration)
        hint = rt.element_type();
      return {check(l, hint), rt};
    }
    Type lt = check(l, std::nullopt);
    return {lt, check(r, lt)};
  }

  // True when a bare word names something (so it is not an enum value).
  bool resolves(const Node& n) const {
    const std::string& w = n.parts[0];
    for (const auto& l : locals_)
      if (l.first == w) return true;
    return c_.model.schemas[c_.entity].slot_of(w) || c_.model.find_derived(c_.entity, w) ||
           c_.model.find_parameter(w) || w == "as_of";
  }

  Type membership(Node& n, Node& l, Node& r) {
    // `dibao in groups`: a word on the left is read against the list's element type.
    bool left_is_literal_word =
        l.kind == NodeKind::string || (l.kind == NodeKind::name && !resolves(l));
    Type lt, rt;
    if (left_is_literal_word && r.kind != NodeKind::list) {
      rt = check(r, std::nullopt);
      std::optional<Type> hint;
      if (rt.kind == TypeKind::list && rt.element == TypeKind::enumeration)
        hint = rt.element_type();
      lt = check(l, hint);
    } else {
      lt = check(l, std::nullopt);
      std::optional<Type> list_hint;
      if (!lt.is_error()) list_hint = Type::list_of(lt);
      rt = check(r, list_hint);
    }
    if (rt.is_error() || lt.is_error()) return kBool;
    if (rt.kind != TypeKind::list) {
      error(r, "the right side of '" + std::string(operator_text(n.op)) +
                   "' must be a list, but this is " + describe(rt));
    } else if (!compatible(lt, rt.element_type()) && rt.element != TypeKind::error) {
      error(n, "cannot look for " + describe(lt) + " in " + describe(rt));
    }
    return kBool;
  }

  Type comparison(Node& n, Node& l, Node& r) {
    auto [lt, rt] = check_pair(l, r);
    if (lt.is_error() || rt.is_error()) return kBool;
    if (!compatible(lt, rt)) {
      error(n, "cannot compare " + describe(lt) + " with " + describe(rt));
      return kBool;
    }
    bool ordering = n.op != Operator::equal && n.op != Operator::not_equal;
    if (ordering && !is_ordered(lt)) {
      error(n, "'" + std::string(operator_text(n.op)) +
                   "' needs numbers, dates, months or "
                   "strings, but these are " +
                   describe(lt));
    }
    if (lt.kind == TypeKind::list || lt.kind == TypeKind::record) {
      error(n, "lists and records cannot be compared with '" + std::string(operator_text(n.op)) +
                   "'; use any_in, all_in or count");
    }
    return kBool;
  }

  Type arithmetic(Node& n, Node& l, Node& r) {
    Type lt = check(l, std::nullopt);
    Type rt = check(r, std::nullopt);
    if (lt.is_error() || rt.is_error()) return kError;
    const char* op = operator_text(n.op);
    if (!lt.is_numeric() || !rt.is_numeric()) {
      std::string hint = is_calendar(lt) || is_calendar(rt)
                             ? "; for dates use add_days, add_months or days_between"
                             : "";
      error(n, "'" + std::string(op) + "' needs numbers, but these are " + describe(lt) + " and " +
                   describe(rt) + hint);
      return kError;
    }
    bool lm = lt.kind == TypeKind::money, rm = rt.kind == TypeKind::money;
    switch (n.op) {
      case Operator::multiply:
        if (lm && rm) {
          error(n, "multiplying two amounts of money has no meaning; one side should be a rate");
          return kError;
        }
        return unify_numeric(lt, rt);
      case Operator::divide:
        if (lm && rm) return Type::of(TypeKind::decimal);  // a ratio of two amounts
        if (lm) return lt;
        if (rm) {
          error(n, "dividing by an amount of money gives no amount; divide money by a number");
          return kError;
        }
        return Type::of(TypeKind::decimal);
      default: return unify_numeric(lt, rt);
    }
  }

  Type conditional(Node& n, std::optional<Type> hint) {
    require(*n.children[0], check(*n.children[0], kBool), kBool, "the condition of 'if'");
    Type a = check(*n.children[1], hint);
    Type b = check(*n.children[2], hint ? hint : std::optional<Type>(a));
    if (a.is_error() || b.is_error()) return kError;
    if (a.is_numeric() && b.is_numeric()) return unify_numeric(a, b);
    if (!compatible(a, b)) {
      error(n, "the branches of 'if' must have one type: 'then' gives " + describe(a) +
                   ", 'else' gives " + describe(b));
      return kError;
    }
    return a.kind == TypeKind::list && a.element == TypeKind::error ? b : a;
  }

  Type call(Node& n, std::optional<Type> hint);
  Type aggregate(Node& n, const FunctionInfo& f);

  // A rounding mode written as a bare word or a string; marks the node with the mode.
  bool rounding_mode(Node& mode) {
    std::string word = mode.kind == NodeKind::name && mode.parts.size() == 1 ? mode.parts[0]
                       : mode.kind == NodeKind::string                       ? mode.text
                                                                             : std::string();
    auto m = parse_rounding_mode(word);
    if (!m) {
      error(mode,
            "the rounding mode must be one of half_up, half_even, down, up, floor, "
            "ceiling" +
                did_you_mean(word, {"half_up", "half_even", "down", "up", "floor", "ceiling"}));
      return false;
    }
    mode.binding = Binding::enum_literal;
    mode.index = static_cast<uint32_t>(*m);
    mode.type = kInt;
    return true;
  }
  Type lambda(Node& n, Type element, std::optional<Type> hint);

  CheckContext& c_;
  Reads& reads_;
  std::vector<std::pair<std::string, Type>> locals_;
  int errors_ = 0;

  friend class CallChecker;
};

Type Checker::lambda(Node& n, Type element, std::optional<Type> hint) {
  if (n.kind != NodeKind::lambda) {
    error(n, "expected a function such as 'x -> x.months' here");
    return kError;
  }
  if (locals_.size() >= 8) {
    error(n, "functions 'x -> …' nested more than 8 deep");
    return kError;
  }
  n.index = static_cast<uint32_t>(locals_.size());
  locals_.emplace_back(n.text, element);
  Type t = check(*n.children[0], hint);
  locals_.pop_back();
  n.type = t;
  return t;
}

Type Checker::aggregate(Node& n, const FunctionInfo& f) {
  Node& list = *n.children[0];
  Type lt = check(list, std::nullopt);
  if (lt.is_error()) return kError;
  if (lt.kind != TypeKind::list) {
    error(list, std::string(f.name) + " needs a list, but this is " + describe(lt));
    return kError;
  }
  Type element = lt.element_type();
  const bool has_lambda = n.children.size() > 1;
  Type mapped = element;
  if (has_lambda) {
    std::optional<Type> want;
    if (f.id != Function::sum && f.id != Function::map) want = kBool;
    mapped = lambda(*n.children[1], element, want);
    if (mapped.is_error()) return kError;
    if (want) require(*n.children[1], mapped, kBool, "the function's result");
  }
  switch (f.id) {
    case Function::count: return kInt;
    case Function::any:
    case Function::all: return kBool;
    case Function::filter: return lt;
    case Function::map:
      if (mapped.kind == TypeKind::list) {
        error(n, "map must give one value per element, not a list");
        return kError;
      }
      return Type::list_of(mapped);
    case Function::sum:
      if (!mapped.is_numeric()) {
        error(n, "sum adds numbers, but " +
                     std::string(has_lambda ? "the function gives " : "the list holds ") +
                     describe(mapped));
        return kError;
      }
      return mapped;
    default: return kError;
  }
}

Type Checker::call(Node& n, std::optional<Type> hint) {
  const FunctionInfo* f = find_function(n.text);
  if (!f) {
    std::vector<std::string> names;
    for (auto* i = functions_begin(); i != functions_end(); ++i) names.emplace_back(i->name);
    error(n, "unknown function '" + echo(n.text) + "'" + did_you_mean(n.text, names));
    return kError;
  }
  n.index = static_cast<uint32_t>(f->id);
  const size_t argc = n.children.size();
  if (argc < f->min_args || argc > f->max_args) {
    error(n, std::string(f->name) + " takes " +
                 (f->min_args == f->max_args
                      ? std::to_string(f->min_args)
                      : std::to_string(f->min_args) + " to " + std::to_string(f->max_args)) +
                 " arguments, not " + std::to_string(argc) + ": " + std::string(f->signature));
    return kError;
  }
  if (f->lambda_arg >= 0) return aggregate(n, *f);
  for (size_t i = 0; i < argc; ++i) {
    if (n.children[i]->kind == NodeKind::lambda) {
      error(*n.children[i], std::string(f->name) + " does not take a function argument");
      return kError;
    }
  }
  auto arg = [&](size_t i, std::optional<Type> h = std::nullopt) {
    return check(*n.children[i], h);
  };
  auto need_calendar = [&](size_t i, Type t) {
    if (!t.is_error() && !is_calendar(t))
      error(*n.children[i],
            std::string(f->name) + " needs a date or month, but this is " + describe(t));
  };
  auto need_int = [&](size_t i, Type t) { require(*n.children[i], t, kInt, "this argument"); };
  auto need_date = [&](size_t i, Type t) { require(*n.children[i], t, kDate, "this argument"); };
  auto need_number = [&](size_t i, Type t) {
    if (!t.is_error() && !t.is_numeric())
      error(*n.children[i], std::string(f->name) + " needs a number, but this is " + describe(t));
  };

  switch (f->id) {
    case Function::min:
    case Function::max: {
      if (argc == 1) {
        Type lt = arg(0);
        if (lt.is_error()) return kError;
        if (lt.kind != TypeKind::list || !is_ordered(lt.element_type())) {
          error(n, std::string(f->name) + " of one argument needs a list of numbers or dates");
          return kError;
        }
        return lt.element_type();
      }
      Type t = arg(0, hint);
      for (size_t i = 1; i < argc; ++i) {
        Type u = arg(i, t);
        if (t.is_error() || u.is_error()) return kError;
        if (!compatible(t, u) || !is_ordered(u)) {
          error(*n.children[i], std::string(f->name) + " needs arguments of one ordered type: " +
                                    describe(t) + " and " + describe(u));
          return kError;
        }
        if (t.is_numeric()) t = unify_numeric(t, u);
      }
      return t;
    }
    case Function::clamp: {
      Type t = arg(0);
      Type lo = arg(1, t), hi = arg(2, t);
      if (t.is_error() || lo.is_error() || hi.is_error()) return kError;
      if (!is_ordered(t) || !compatible(t, lo) || !compatible(t, hi)) {
        error(n, "clamp needs three values of one ordered type, got " + describe(t) + ", " +
                     describe(lo) + ", " + describe(hi));
        return kError;
      }
      return t.is_numeric() ? unify_numeric(t, unify_numeric(lo, hi)) : t;
    }
    case Function::abs: {
      Type t = arg(0);
      need_number(0, t);
      return t.is_numeric() ? t : kError;
    }
    case Function::to_int: {
      Type t = arg(0);
      need_number(0, t);
      if (!rounding_mode(*n.children[1])) return kError;
      return t.is_numeric() ? kInt : kError;
    }
    case Function::at: {
      Node& p = *n.children[0];
      Type t = arg(0);
      const bool named = p.kind == NodeKind::name && p.member_slots.empty() &&
                         (p.binding == Binding::parameter || p.binding == Binding::rule_output ||
                          p.binding == Binding::rule_status);
      if (!named) {
        if (!t.is_error())
          error(p,
                "at takes a parameter, a rule's output or <rule id>.eligible, and a date, "
                "such as at(minimum_contribution_months, retirement_date)");
        return kError;
      }
      need_date(1, arg(1));
      return t;
    }
    case Function::round: {
      Type t = arg(0);
      need_number(0, t);
      need_int(1, arg(1));
      if (!rounding_mode(*n.children[2])) return kError;
      return t.is_numeric() ? t : kError;
    }
    case Function::years_between:
    case Function::months_between:
    case Function::days_between: {
      Type a = arg(0), b = arg(1);
      if (f->id == Function::days_between) {
        need_date(0, a);
        need_date(1, b);
      } else {
        need_calendar(0, a);
        need_calendar(1, b);
        if (!a.is_error() && !b.is_error() && a.kind != b.kind)
          error(n, std::string(f->name) + " needs two dates or two months, got " + describe(a) +
                       " and " + describe(b));
        if (f->id == Function::years_between && a.kind == TypeKind::month)
          error(n, "years_between needs two dates");
      }
      return kInt;
    }
    case Function::add_days: {
      need_date(0, arg(0));
      need_int(1, arg(1));
      return kDate;
    }
    case Function::add_months:
    case Function::add_years: {
      Type t = arg(0);
      need_calendar(0, t);
      need_int(1, arg(1));
      return is_calendar(t) ? t : kError;
    }
    case Function::birthday: {
      need_date(0, arg(0));
      need_int(1, arg(1));
      return kDate;
    }
    case Function::first_of_month:
    case Function::first_of_next_month:
    case Function::last_of_month: {
      need_calendar(0, arg(0));
      return kDate;
    }
    case Function::year:
    case Function::month: {
      need_calendar(0, arg(0));
      return kInt;
    }
    case Function::day: {
      need_date(0, arg(0));
      return kInt;
    }
    case Function::month_of: {
      need_date(0, arg(0));
      return kMonth;
    }
    case Function::date: {
      for (size_t i = 0; i < 3; ++i) need_int(i, arg(i));
      return kDate;
    }
    case Function::any_in:
    case Function::all_in: {
      Type a = arg(0);
      Type b = arg(1, a);
      if (a.is_error() || b.is_error()) return kBool;
      if (a.kind != TypeKind::list || b.kind != TypeKind::list) {
        error(n, std::string(f->name) + " needs two lists, got " + describe(a) + " and " +
                     describe(b));
      } else if (!compatible(a, b)) {
        error(n, std::string(f->name) + " needs lists of one type, got " + describe(a) + " and " +
                     describe(b));
      }
      return kBool;
    }
    case Function::present: {
      Node& x = *n.children[0];
      arg(0);
      if (x.kind != NodeKind::name || x.binding != Binding::field || x.parts.size() != 1)
        error(x, "present takes a field of the record, such as present(monthly_wage)");
      return kBool;
    }
    case Function::coalesce: {
      Type a = arg(0, hint);
      Type b = arg(1, a);
      if (a.is_error() || b.is_error()) return kError;
      if (a.is_numeric() && b.is_numeric()) return unify_numeric(a, b);
      if (!compatible(a, b)) {
        error(n,
              "coalesce needs a fallback of the same type: " + describe(a) + " and " + describe(b));
        return kError;
      }
      return a;
    }
    default: break;
  }
  return kError;
}

}  // namespace

bool check(Node& root, CheckContext& context, Reads& reads, std::optional<Type> expected) {
  Checker checker(context, reads);
  Type t = checker.check(root, expected);
  if (expected && !expected->is_error() && !t.is_error()) {
    checker.require(root, t, *expected, "this expression");
  }
  return checker.ok();
}

}  // namespace entitle::expr
