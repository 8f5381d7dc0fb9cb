#include "load/expr_compiler.hpp"

#include <algorithm>
#include <limits>

#include "expr/functions.hpp"

namespace entitle::expr {

namespace {

constexpr uint32_t kNoLambda = std::numeric_limits<uint32_t>::max();

class Compiler {
 public:
  Compiler(Model& model, Program& out) : model_(model), out_(out) {}

  void emit_tree(const Node& n) {
    switch (n.kind) {
      case NodeKind::number:
      case NodeKind::string:
      case NodeKind::boolean:
      case NodeKind::date:
      case NodeKind::month: constant(n, literal(n)); return;
      case NodeKind::list: list(n); return;
      case NodeKind::name: name(n); return;
      case NodeKind::member:
        emit_tree(*n.children[0]);
        emit(OpCode::get_member, n, 0, n.member_slots[0]);
        return;
      case NodeKind::call: call(n); return;
      case NodeKind::lambda: return;  // compiled by its aggregate call
      case NodeKind::unary:
        emit_tree(*n.children[0]);
        emit(n.op == Operator::logical_not ? OpCode::logical_not : OpCode::negate, n, 0);
        return;
      case NodeKind::binary: binary(n); return;
      case NodeKind::conditional: conditional(n); return;
    }
  }

 private:
  // `delta` is the change in stack depth the instruction makes.
  size_t emit(OpCode op, const Node& at, int delta, uint32_t a = 0, uint16_t b = 0) {
    out_.code.push_back(Instruction{op, b, a});
    out_.offsets.push_back(at.offset);
    depth_ += delta;
    out_.max_stack = std::max<uint32_t>(out_.max_stack, static_cast<uint32_t>(std::max(depth_, 0)));
    return out_.code.size() - 1;
  }
  void patch(size_t at) { out_.code[at].a = static_cast<uint32_t>(out_.code.size()); }

  void constant(const Node& at, Value v) {
    out_.constants.push_back(v);
    emit(OpCode::push_const, at, +1, static_cast<uint32_t>(out_.constants.size() - 1));
  }

  Value literal(const Node& n) {
    if (n.binding == Binding::enum_literal) return Value::of_enum(n.index);
    switch (n.kind) {
      case NodeKind::number: return Value::of_decimal(*Decimal::parse(n.text));
      case NodeKind::string: return model_.storage.string(n.text);
      case NodeKind::boolean: return Value::of_bool(n.text == "true");
      case NodeKind::date: return Value::of_date(*Date::parse(n.text));
      case NodeKind::month: return Value::of_month(*Month::parse(n.text));
      default: return Value::missing();
    }
  }

  static bool is_constant(const Node& n) {
    switch (n.kind) {
      case NodeKind::number:
      case NodeKind::string:
      case NodeKind::boolean:
      case NodeKind::date:
      case NodeKind::month: return true;
      case NodeKind::name: return n.binding == Binding::enum_literal;
      default: return false;
    }
  }

  void list(const Node& n) {
    bool all_constant = std::all_of(n.children.begin(), n.children.end(),
                                    [](const auto& c) { return is_constant(*c); });
    if (all_constant) {
      Value* items = model_.storage.values(n.children.size());
      for (size_t i = 0; i < n.children.size(); ++i) items[i] = literal(*n.children[i]);
      constant(n, Value::of_list(items, static_cast<uint32_t>(n.children.size())));
      return;
    }
    for (const auto& c : n.children) emit_tree(*c);
    int count = static_cast<int>(n.children.size());
    emit(OpCode::make_list, n, 1 - count, static_cast<uint32_t>(count));
  }

  void name(const Node& n) {
    switch (n.binding) {
      case Binding::field: emit(OpCode::load_field, n, +1, n.index); break;
      case Binding::derived: emit(OpCode::load_derived, n, +1, n.index); break;
      case Binding::parameter: emit(OpCode::load_param, n, +1, n.index); break;
      case Binding::rule_output:
        emit(OpCode::load_output, n, +1, n.index, static_cast<uint16_t>(n.sub));
        break;
      case Binding::rule_status: emit(OpCode::load_status, n, +1, n.index); break;
      case Binding::local: emit(OpCode::load_local, n, +1, n.index); break;
      case Binding::as_of: emit(OpCode::load_as_of, n, +1); break;
      case Binding::enum_literal: constant(n, Value::of_enum(n.index)); return;
      case Binding::unresolved: constant(n, Value::missing()); return;
    }
    for (uint32_t slot : n.member_slots) emit(OpCode::get_member, n, 0, slot);
  }

  void binary(const Node& n) {
    const Node& l = *n.children[0];
    const Node& r = *n.children[1];
    if (n.op == Operator::logical_and || n.op == Operator::logical_or) {
      // Kleene logic with short-circuit: false and x = false, true or x = true.
      bool is_and = n.op == Operator::logical_and;
      emit_tree(l);
      size_t jump = emit(is_and ? OpCode::and_short : OpCode::or_short, n, 0);
      emit_tree(r);
      emit(is_and ? OpCode::and_combine : OpCode::or_combine, n, -1);
      patch(jump);
      return;
    }
    emit_tree(l);
    emit_tree(r);
    OpCode op = OpCode::add;
    switch (n.op) {
      case Operator::add: op = OpCode::add; break;
      case Operator::subtract: op = OpCode::subtract; break;
      case Operator::multiply: op = OpCode::multiply; break;
      case Operator::divide: op = OpCode::divide; break;
      case Operator::equal: op = OpCode::equal; break;
      case Operator::not_equal: op = OpCode::not_equal; break;
      case Operator::less: op = OpCode::less; break;
      case Operator::less_equal: op = OpCode::less_equal; break;
      case Operator::greater: op = OpCode::greater; break;
      case Operator::greater_equal: op = OpCode::greater_equal; break;
      case Operator::in: op = OpCode::in_list; break;
      case Operator::not_in: op = OpCode::not_in_list; break;
      default: break;
    }
    emit(op, n, -1);
  }

  void conditional(const Node& n) {
    emit_tree(*n.children[0]);
    size_t branch = emit(OpCode::branch, n, -1);
    emit_tree(*n.children[1]);
    size_t skip_else = emit(OpCode::jump, n, -1);
    patch(branch);
    emit_tree(*n.children[2]);
    patch(skip_else);
    out_.code[branch].b = static_cast<uint16_t>(out_.code.size());
  }

  void call(const Node& n) {
    const auto f = static_cast<Function>(n.index);
    const FunctionInfo& info = function_info(f);
    if (info.lambda_arg >= 0) {
      emit_tree(*n.children[0]);
      uint32_t lambda = kNoLambda;
      if (n.children.size() > 1) lambda = compile_lambda(*n.children[1]);
      emit(OpCode::aggregate, n, 0, lambda, static_cast<uint16_t>(n.index));
      return;
    }
    if (f == Function::at) {
      // The parameter, or the rule's output or status, is looked up at the date, not loaded
      // at as_of.
      const Node& what = *n.children[0];
      emit_tree(*n.children[1]);
      if (what.binding == Binding::parameter)
        emit(OpCode::param_at, n, 0, what.index);
      else
        emit(OpCode::rule_at, n, 0, what.index,
             what.binding == Binding::rule_status ? expr::kStatusAt
                                                  : static_cast<uint16_t>(what.sub));
      return;
    }
    if (f == Function::to_int) {
      emit_tree(*n.children[0]);
      constant(*n.children[1], Value::of_enum(n.children[1]->index));
      emit(OpCode::call, n, -1, n.index, 2);
      return;
    }
    if (f == Function::round) {
      emit_tree(*n.children[0]);
      emit_tree(*n.children[1]);
      constant(*n.children[2], Value::of_enum(n.children[2]->index));
      emit(OpCode::call, n, -2, n.index, 3);
      return;
    }
    for (const auto& c : n.children) emit_tree(*c);
    int argc = static_cast<int>(n.children.size());
    emit(OpCode::call, n, 1 - argc, n.index, static_cast<uint16_t>(argc));
  }

  uint32_t compile_lambda(const Node& fn);

  Model& model_;
  Program& out_;
  int depth_ = 0;
};

Program new_program(const Node& root, const ExprSource& source) {
  Program p;
  p.result = root.type;
  p.where = source.at;
  p.text = source.text;
  p.quoted = source.quoted ? 1 : 0;
  return p;
}

uint32_t Compiler::compile_lambda(const Node& fn) {
  ExprSource body_source;
  body_source.at = out_.where;
  body_source.text = out_.text;
  body_source.quoted = out_.quoted != 0;
  uint32_t index = compile(*fn.children[0], body_source, model_);
  model_.programs[index].is_lambda = true;
  model_.programs[index].local_depth = fn.index;
  return index;
}

bool is_load(OpCode op) {
  return op == OpCode::load_field || op == OpCode::load_derived || op == OpCode::load_param;
}

bool is_comparison(OpCode op) {
  return op == OpCode::equal || op == OpCode::not_equal || op == OpCode::less ||
         op == OpCode::less_equal || op == OpCode::greater || op == OpCode::greater_equal;
}

}  // namespace

Shape shape_of(const std::vector<Instruction>& code) {
  if (code.size() == 1 && (is_load(code[0].op) || code[0].op == OpCode::push_const))
    return Shape::single;
  if (code.size() == 2 && is_load(code[0].op) && code[1].op == OpCode::logical_not)
    return Shape::not_load;
  if (code.size() == 3 && is_load(code[0].op) && code[1].op == OpCode::push_const &&
      is_comparison(code[2].op))
    return Shape::compare_const;
  if (code.size() == 3 && is_load(code[0].op) && code[1].op == OpCode::load_as_of &&
      code[2].op == OpCode::call && code[2].b == 2 &&
      code[2].a == static_cast<uint32_t>(Function::years_between))
    return Shape::years_to_as_of;
  const size_t args = code.size() - 1;
  if (args >= 1 && args <= 4 && code.back().op == OpCode::call && code.back().b == args) {
    bool simple = true;
    for (size_t i = 0; i < args; ++i)
      simple = simple && (is_load(code[i].op) || code[i].op == OpCode::push_const ||
                          code[i].op == OpCode::load_as_of);
    if (simple) return Shape::call_args;
  }
  return Shape::general;
}

uint32_t compile(const Node& root, const ExprSource& source, Model& model) {
  Program program = new_program(root, source);
  Compiler compiler(model, program);
  compiler.emit_tree(root);
  program.shape = shape_of(program.code);
  model.programs.push_back(std::move(program));
  return static_cast<uint32_t>(model.programs.size() - 1);
}

}  // namespace entitle::expr
