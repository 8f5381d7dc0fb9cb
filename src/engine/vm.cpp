// The stack machine that runs compiled expressions. Missing inputs propagate: any operation
// on a missing value gives missing, except `and`/`or` (Kleene logic: false and missing is
// false) and present/coalesce.
#include <algorithm>
#include <cstring>
#include <limits>

#include "engine/evaluation.hpp"
#include "expr/source.hpp"
#include "values/compare.hpp"
#include "expr/functions.hpp"

namespace entitle::engine {

using expr::Function;
using expr::Instruction;
using expr::OpCode;
using expr::Program;

namespace {

bool contains(const Value& list, const Value& x) {
  for (uint32_t i = 0; i < list.size; ++i)
    if (values_equal(list.items[i], x)) return true;
  return false;
}

Value number(Decimal d) { return Value::of_decimal(d); }

// Calendar arguments may be dates or months; months act as their first day.
Date as_day(const Value& v) {
  return v.kind == ValueKind::month ? v.as_month().first_day() : v.as_date();
}

int64_t as_count(const Value& v) { return v.as_decimal().to_int_truncated(); }

}  // namespace

void Evaluation::fail(const Program& p, size_t pc, const std::string& message) const {
  expr::ExprSource where{p.text, p.where, p.quoted != 0};
  SourceLocation at = where.locate(pc < p.offsets.size() ? p.offsets[pc] : 0);
  throw EvaluationError(message, at.file, at.line, at.column);
}

Value Evaluation::execute(const Program& p) {
  Value* const base = stack_.data() + stack_top_;
  Value* sp = base;  // next free slot
  stack_top_ += p.max_stack;
  const Instruction* code = p.code.data();
  const size_t n = p.code.size();
  size_t pc = 0;
  try {
    while (pc < n) {
      const Instruction& in = code[pc];
      switch (in.op) {
        case OpCode::push_const: *sp++ = p.constants[in.a]; break;
        case OpCode::load_field: *sp++ = fields_[in.a]; break;
        case OpCode::load_derived: *sp++ = derived(in.a); break;
        case OpCode::load_param: *sp++ = parameters_[in.a]; break;
        case OpCode::load_output: *sp++ = output(in.a, in.b); break;
        case OpCode::load_status: {
          const Status s = status(in.a);
          *sp++ =
              s == Status::undetermined ? Value::missing() : Value::of_bool(s == Status::eligible);
          break;
        }
        case OpCode::param_at: {
          Value& day = sp[-1];
          if (day.is_missing()) break;
          const ParameterValue* entry = model_.parameters[in.a].at(day.as_date());
          day = entry ? entry->value : Value::missing();
          break;
        }
        case OpCode::rule_at: {
          Value& day = sp[-1];
          if (!day.is_missing()) day = rule_at(in.a, in.b, day.as_date());
          break;
        }
        case OpCode::load_local: *sp++ = locals_[locals_base_ + in.a]; break;
        case OpCode::load_as_of: *sp++ = Value::of_date(as_of_); break;
        case OpCode::get_member: {
          Value& r = sp[-1];
          if (!r.is_missing()) r = r.fields[in.a];
          break;
        }
        case OpCode::add:
        case OpCode::subtract:
        case OpCode::multiply:
        case OpCode::divide: {
          Value b = *--sp;
          Value& a = sp[-1];
          if (a.is_missing() || b.is_missing()) {
            a = Value::missing();
            break;
          }
          Decimal x = a.as_decimal(), y = b.as_decimal();
          a = number(in.op == OpCode::add        ? x + y
                     : in.op == OpCode::subtract ? x - y
                     : in.op == OpCode::multiply ? x * y
                                                 : Decimal::divide(x, y));
          break;
        }
        case OpCode::negate:
          if (!sp[-1].is_missing()) sp[-1] = number(-sp[-1].as_decimal());
          break;
        case OpCode::equal:
        case OpCode::not_equal:
        case OpCode::less:
        case OpCode::less_equal:
        case OpCode::greater:
        case OpCode::greater_equal: {
          Value b = *--sp;
          Value& a = sp[-1];
          if (a.is_missing() || b.is_missing()) {
            a = Value::missing();
            break;
          }
          int c = compare_values(a, b);
          bool r = in.op == OpCode::equal        ? c == 0
                   : in.op == OpCode::not_equal  ? c != 0
                   : in.op == OpCode::less       ? c < 0
                   : in.op == OpCode::less_equal ? c <= 0
                   : in.op == OpCode::greater    ? c > 0
                                                 : c >= 0;
          a = Value::of_bool(r);
          break;
        }
        case OpCode::in_list:
        case OpCode::not_in_list: {
          Value list = *--sp;
          Value& x = sp[-1];
          if (x.is_missing() || list.is_missing()) {
            x = Value::missing();
            break;
          }
          x = Value::of_bool(contains(list, x) == (in.op == OpCode::in_list));
          break;
        }
        case OpCode::logical_not:
          if (!sp[-1].is_missing()) sp[-1] = Value::of_bool(!sp[-1].boolean);
          break;
        case OpCode::and_short:
          if (!sp[-1].is_missing() && !sp[-1].boolean) {
            pc = in.a;
            continue;
          }
          break;
        case OpCode::or_short:
          if (!sp[-1].is_missing() && sp[-1].boolean) {
            pc = in.a;
            continue;
          }
          break;
        case OpCode::and_combine:
        case OpCode::or_combine: {
          // The left side was true/missing (and) or false/missing (or): the right decides,
          // unless it is neutral and the left was missing.
          Value b = *--sp;
          Value& a = sp[-1];
          bool decisive = in.op == OpCode::and_combine ? false : true;
          if (!b.is_missing() && b.boolean == decisive)
            a = b;
          else if (a.is_missing() || b.is_missing())
            a = Value::missing();
          else
            a = b;
          break;
        }
        case OpCode::branch: {
          Value c = *--sp;
          if (c.is_missing()) {
            *sp++ = Value::missing();
            pc = in.b;
            continue;
          }
          if (!c.boolean) {
            pc = in.a;
            continue;
          }
          break;
        }
        case OpCode::jump: pc = in.a; continue;
        case OpCode::make_list: {
          sp -= in.a;
          bool any_missing =
              std::any_of(sp, sp + in.a, [](const Value& v) { return v.is_missing(); });
          Value list = any_missing ? Value::missing() : scratch_.list(sp, in.a);
          *sp++ = list;
          break;
        }
        case OpCode::call: {
          sp -= in.b;
          *sp = call(in, sp);
          ++sp;
          break;
        }
        case OpCode::aggregate: aggregate(sp - 1, in); break;
      }
      ++pc;
    }
  } catch (const EvaluationError&) {
    stack_top_ -= p.max_stack;
    throw;
  } catch (const std::exception& e) {
    stack_top_ -= p.max_stack;
    fail(p, pc, e.what());
  }
  stack_top_ -= p.max_stack;
  return sp > base ? sp[-1] : Value::missing();
}

void Evaluation::aggregate(Value* top, const Instruction& in) {
  const auto f = static_cast<Function>(in.b);
  const Value list = *top;
  if (list.is_missing()) return;
  const bool has_lambda = in.a != std::numeric_limits<uint32_t>::max();
  const Program* lambda = has_lambda ? &model_.programs[in.a] : nullptr;
  const size_t slot = lambda ? locals_base_ + lambda->local_depth : 0;

  auto apply = [&](const Value& element) -> Value {
    if (!lambda) return element;
    locals_[slot] = element;
    return execute(*lambda);
  };

  switch (f) {
    case Function::count: {
      int64_t n = 0;
      for (uint32_t i = 0; i < list.size; ++i) {
        if (!lambda) {
          ++n;
          continue;
        }
        Value v = apply(list.items[i]);
        if (v.is_missing()) {
          *top = Value::missing();
          return;
        }
        n += v.boolean ? 1 : 0;
      }
      *top = number(Decimal::from_int(n));
      return;
    }
    case Function::sum: {
      Decimal total;
      for (uint32_t i = 0; i < list.size; ++i) {
        Value v = apply(list.items[i]);
        if (v.is_missing()) {
          *top = Value::missing();
          return;
        }
        total = total + v.as_decimal();
      }
      *top = number(total);
      return;
    }
    case Function::any:
    case Function::all: {
      // Kleene: any() is true if one element is true, even when others are unknown.
      const bool want = f == Function::any;
      bool unknown = false;
      for (uint32_t i = 0; i < list.size; ++i) {
        Value v = apply(list.items[i]);
        if (v.is_missing()) {
          unknown = true;
          continue;
        }
        if (v.boolean == want) {
          *top = Value::of_bool(want);
          return;
        }
      }
      *top = unknown ? Value::missing() : Value::of_bool(!want);
      return;
    }
    case Function::filter:
    case Function::map: {
      Value* out = scratch_.values(list.size);
      uint32_t kept = 0;
      for (uint32_t i = 0; i < list.size; ++i) {
        Value v = apply(list.items[i]);
        if (v.is_missing()) {
          *top = Value::missing();
          return;
        }
        if (f == Function::map)
          out[kept++] = v;
        else if (v.boolean)
          out[kept++] = list.items[i];
      }
      *top = Value::of_list(out, kept);
      return;
    }
    default: *top = Value::missing(); return;
  }
}

Value Evaluation::call(const Instruction& in, Value* args) {
  const auto f = static_cast<Function>(in.a);
  const uint32_t argc = in.b;
  if (f == Function::present) return Value::of_bool(!args[0].is_missing());
  if (f == Function::coalesce) return args[0].is_missing() ? args[1] : args[0];
  for (uint32_t i = 0; i < argc; ++i)
    if (args[i].is_missing()) return Value::missing();

  switch (f) {
    case Function::min:
    case Function::max: {
      const Value* first = args;
      uint32_t count = argc;
      if (argc == 1) {
        first = args[0].items;
        count = args[0].size;
        if (count == 0) return Value::missing();
      }
      Value best = first[0];
      for (uint32_t i = 1; i < count; ++i) {
        int c = compare_values(first[i], best);
        if (f == Function::min ? c < 0 : c > 0) best = first[i];
      }
      return best;
    }
    case Function::clamp: {
      if (compare_values(args[1], args[2]) > 0)
        throw std::domain_error("clamp: the low bound is above the high bound");
      if (compare_values(args[0], args[1]) < 0) return args[1];
      if (compare_values(args[0], args[2]) > 0) return args[2];
      return args[0];
    }
    case Function::abs: return number(args[0].as_decimal().abs());
    case Function::to_int:
      return number(args[0].as_decimal().round(0, static_cast<RoundingMode>(args[1].enumeration)));
    case Function::round: {
      int64_t places = as_count(args[1]);
      if (places < -12 || places > 6)
        throw std::domain_error("round: places must be between -12 and 6, not " +
                                std::to_string(places));
      return number(args[0].as_decimal().round(static_cast<int>(places),
                                               static_cast<RoundingMode>(args[2].enumeration)));
    }
    case Function::years_between:
      return number(Decimal::from_int(years_between(args[0].as_date(), args[1].as_date())));
    case Function::months_between:
      if (args[0].kind == ValueKind::month)
        return number(Decimal::from_int(months_between(args[0].as_month(), args[1].as_month())));
      return number(Decimal::from_int(months_between(args[0].as_date(), args[1].as_date())));
    case Function::days_between:
      return number(Decimal::from_int(days_between(args[0].as_date(), args[1].as_date())));
    case Function::add_days: return Value::of_date(add_days(args[0].as_date(), as_count(args[1])));
    case Function::add_months:
      if (args[0].kind == ValueKind::month)
        return Value::of_month(add_months(args[0].as_month(), as_count(args[1])));
      return Value::of_date(add_months(args[0].as_date(), as_count(args[1])));
    case Function::add_years:
      if (args[0].kind == ValueKind::month)
        return Value::of_month(add_months(args[0].as_month(), as_count(args[1]) * 12));
      return Value::of_date(add_years(args[0].as_date(), as_count(args[1])));
    case Function::birthday: return Value::of_date(birthday(args[0].as_date(), as_count(args[1])));
    case Function::first_of_month: return Value::of_date(first_of_month(as_day(args[0])));
    case Function::first_of_next_month: return Value::of_date(first_of_next_month(as_day(args[0])));
    case Function::last_of_month: return Value::of_date(last_of_month(as_day(args[0])));
    case Function::year: return number(Decimal::from_int(as_day(args[0]).year()));
    case Function::month: return number(Decimal::from_int(as_day(args[0]).month()));
    case Function::day: return number(Decimal::from_int(args[0].as_date().day()));
    case Function::month_of: return Value::of_month(Month::of(args[0].as_date()));
    case Function::date: {
      int64_t y = as_count(args[0]), m = as_count(args[1]), d = as_count(args[2]);
      if (y < 1400 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
        throw CalendarError("date(" + std::to_string(y) + ", " + std::to_string(m) + ", " +
                            std::to_string(d) + ") is not a real date");
      return Value::of_date(Date::from_ymd(int(y), int(m), int(d)));
    }
    case Function::any_in:
    case Function::all_in: {
      const bool any = f == Function::any_in;
      for (uint32_t i = 0; i < args[0].size; ++i) {
        bool found = contains(args[1], args[0].items[i]);
        if (any && found) return Value::of_bool(true);
        if (!any && !found) return Value::of_bool(false);
      }
      return Value::of_bool(!any);
    }
    default: return Value::missing();
  }
}

}  // namespace entitle::engine
