#include "runner/test_coverage.hpp"

#include <algorithm>
#include <set>

#include "runner/untested_rules.hpp"

namespace entitle::runner {

namespace {

// The parameters a rule reads, found in the compiled programs themselves (conditions,
// outputs, table inputs and rows), following derived values, lambdas and other rules.
class ParameterReads {
 public:
  explicit ParameterReads(const Model& m) : m_(m) {}

  std::vector<uint32_t> of_rule(uint32_t rule) {
    params_.clear();
    fixed_dates_.clear();
    programs_.clear();
    rules_.clear();
    visit_rule(rule);
    return {params_.begin(), params_.end()};
  }
  // The (parameter, date) pairs of `at(parameter, <date literal>)` met by the last of_rule.
  std::vector<std::pair<uint32_t, Date>> fixed_dates() const {
    return {fixed_dates_.begin(), fixed_dates_.end()};
  }
  // The parameters of `at(parameter, <computed date>)` met by any of_rule so far.
  const std::set<uint32_t>& computed_dates() const { return computed_; }

 private:
  void visit_rule(uint32_t r) {
    if (!rules_.insert(r).second) return;
    const Rule& rule = m_.rules[r];
    visit_condition(rule.when);
    for (const auto& o : rule.outputs) {
      visit_program(o.program);
      if (o.otherwise) visit_program(*o.otherwise);
    }
    if (!rule.table) return;
    for (const auto& input : rule.table->inputs) visit_program(input.program);
    for (const auto& row : rule.table->rows)
      for (uint32_t p : row.outputs) visit_program(p);
  }

  void visit_condition(const Condition& c) {
    if (c.kind == Condition::Kind::leaf) visit_program(c.program);
    for (const auto& child : c.children) visit_condition(child);
  }

  void visit_program(uint32_t p) {
    if (p >= m_.programs.size() || !programs_.insert(p).second) return;
    const expr::Program& program = m_.programs[p];
    for (size_t i = 0; i < program.code.size(); ++i) {
      const expr::Instruction& in = program.code[i];
      switch (in.op) {
        case expr::OpCode::load_param: params_.insert(in.a); break;
        case expr::OpCode::load_derived: visit_program(m_.derived[in.a].program); break;
        case expr::OpCode::load_output:
        case expr::OpCode::load_status:
        case expr::OpCode::rule_at: visit_rule(in.a); break;
        // at(parameter, date) reads a period chosen by the date, not by as_of. With a date
        // written in the rule (at(rate, 2011-06-30)) that period is known here; a computed
        // date reads a period this report cannot see.
        case expr::OpCode::param_at:
          if (i > 0 && program.code[i - 1].op == expr::OpCode::push_const) {
            const Value& day = program.constants[program.code[i - 1].a];
            if (day.kind == ValueKind::date) {
              fixed_dates_.insert({in.a, day.as_date()});
              break;
            }
          }
          computed_.insert(in.a);
          break;
        case expr::OpCode::aggregate:
          if (in.a != UINT32_MAX) visit_program(in.a);
          break;
        default: break;
      }
    }
  }

  const Model& m_;
  std::set<uint32_t> params_, programs_, rules_;
  std::set<std::pair<uint32_t, Date>> fixed_dates_;
  std::set<uint32_t> computed_;
};

void preorder(const Condition& c, std::vector<const Condition*>& out) {
  out.push_back(&c);
  for (const auto& child : c.children) preorder(child, out);
}

struct Words {
  const char* heading;
  const char* rules;
  const char* conditions;
  const char* rows;
  const char* periods;
  const char* of;
  const char* never_checked;
  const char* never_true;
  const char* never_false;
  const char* never_either;
  const char* row;
  const char* never_hit;
  const char* from;
  const char* never_in_force;
  const char* computed_only;
};

const Words kEn{"coverage:",
                "rules checked by some case",
                "named conditions seen both true and false",
                "decision-table rows hit",
                "parameter periods in force in some case",
                " of ",
                "no case checks it",
                "never true",
                "never false",
                "never true or false",
                "row ",
                "never hit",
                "from ",
                "never in force",
                "not counted: read only through at() at a computed date, which this report "
                "cannot see: "};
const Words kZh{"覆盖情况：",
                "有测试用例检查的规则",
                "取值为真、为假都出现过的命名条件",
                "命中过的决策表行",
                "在某个用例中生效过的参数时段",
                " / ",
                "没有用例检查",
                "从未为真",
                "从未为假",
                "从未为真也从未为假",
                "第 ",
                "从未命中",
                "自 ",
                "从未生效",
                "未计入（仅经 at() 按计算所得日期读取，本报告看不到读取的时段）："};

std::string place(const SourceLocation& where) {
  if (where.file.empty()) return "";
  return " (" + where.file + ":" + std::to_string(where.line) + ")";
}

}  // namespace

Coverage::Coverage(const Model& m, const std::string& dir)
    : m_(m), own_rules_(m.rules.size()), own_parameters_(m.parameters.size()),
      rules_(m.rules.size()), conditions_(m.rules.size()), rows_(m.rules.size()),
      reads_(m.rules.size()), fixed_reads_(m.rules.size()), periods_(m.parameters.size()) {
  ParameterReads reads(m);
  for (uint32_t r = 0; r < m.rules.size(); ++r) {
    const Rule& rule = m.rules[r];
    own_rules_[r] = defined_in_folder(rule.where.file, dir);
    if (rule.table) {
      rows_[r].resize(rule.table->rows.size());
    } else {
      std::vector<const Condition*> tree;
      preorder(rule.when, tree);
      for (const Condition* c : tree) conditions_[r].push_back({c->name.empty() ? nullptr : c});
    }
    reads_[r] = reads.of_rule(r);
    fixed_reads_[r] = reads.fixed_dates();
  }
  for (uint32_t p = 0; p < m.parameters.size(); ++p) {
    own_parameters_[p] = defined_in_folder(m.parameters[p].where.file, dir);
    periods_[p].resize(m.parameters[p].timeline.size());
  }
  // A parameter that rules read only through at() at a computed date: which of its periods
  // a case reads is not known here, so its periods are left out of the count, by name.
  computed_only_.resize(m.parameters.size());
  for (uint32_t p : reads.computed_dates()) computed_only_[p] = true;
  for (uint32_t r = 0; r < m.rules.size(); ++r) {
    for (uint32_t p : reads_[r]) computed_only_[p] = false;
    for (const auto& [p, day] : fixed_reads_[r]) computed_only_[p] = false;
  }
}

void Coverage::add(const Decision& d, Date as_of,
                   const std::vector<std::pair<uint32_t, Value>>& overrides) {
  rules_[d.rule] = true;
  if (d.status == Status::not_applicable) return;  // out of force: it read nothing
  if (d.explanation) {
    auto& seen = conditions_[d.rule];
    const auto& traces = d.explanation->conditions;
    for (size_t i = 0; i < traces.size() && i < seen.size(); ++i) {
      if (!seen[i].condition || traces[i].condition != seen[i].condition) continue;
      seen[i].yes = seen[i].yes || traces[i].value == Truth::yes;
      seen[i].no = seen[i].no || traces[i].value == Truth::no;
    }
    if (d.explanation->table && d.status == Status::eligible) {
      const auto& matched = d.explanation->table->matched_rows;
      const HitPolicy hit = m_.rules[d.rule].table->hit;
      // With hit policy first only the first matching row decides.
      size_t count = hit == HitPolicy::first ? std::min<size_t>(1, matched.size()) : matched.size();
      for (size_t i = 0; i < count; ++i)
        if (matched[i] < rows_[d.rule].size()) rows_[d.rule][matched[i]] = true;
    }
  }
  for (uint32_t p : reads_[d.rule]) {
    bool overridden = std::any_of(overrides.begin(), overrides.end(),
                                  [p](const auto& o) { return o.first == p; });
    if (overridden) continue;
    const Parameter& param = m_.parameters[p];
    if (const ParameterValue* entry = param.at(as_of))
      periods_[p][static_cast<size_t>(entry - param.timeline.data())] = true;
  }
  for (const auto& [p, day] : fixed_reads_[d.rule]) {
    const Parameter& param = m_.parameters[p];
    if (const ParameterValue* entry = param.at(day))
      periods_[p][static_cast<size_t>(entry - param.timeline.data())] = true;
  }
}

std::string Coverage::report(Language lang) const {
  const Words& w = lang == Language::zh ? kZh : kEn;
  const std::string sep = lang == Language::zh ? "：" : ": ";
  std::string out = std::string(w.heading) + "\n";
  auto section = [&](const char* title, size_t reached, size_t total, const std::string& gaps) {
    out += "  " + std::string(title) + sep + std::to_string(reached) + w.of +
           std::to_string(total) + "\n" + gaps;
  };

  size_t total = 0, reached = 0;
  std::string gaps;
  for (uint32_t r = 0; r < m_.rules.size(); ++r) {
    if (!own_rules_[r]) continue;
    ++total;
    if (rules_[r])
      ++reached;
    else
      gaps += "    " + m_.rules[r].id + sep + w.never_checked + place(m_.rules[r].where) + "\n";
  }
  section(w.rules, reached, total, gaps);

  total = reached = 0;
  gaps.clear();
  for (uint32_t r = 0; r < m_.rules.size(); ++r) {
    if (!own_rules_[r]) continue;
    for (const Seen& s : conditions_[r]) {
      if (!s.condition) continue;
      ++total;
      if (s.yes && s.no) {
        ++reached;
        continue;
      }
      const char* what = !s.yes && !s.no ? w.never_either : !s.yes ? w.never_true : w.never_false;
      gaps += "    " + m_.rules[r].id + " " + s.condition->name + sep + what +
              place(s.condition->where) + "\n";
    }
  }
  section(w.conditions, reached, total, gaps);

  total = reached = 0;
  gaps.clear();
  for (uint32_t r = 0; r < m_.rules.size(); ++r) {
    if (!own_rules_[r]) continue;
    for (size_t i = 0; i < rows_[r].size(); ++i) {
      ++total;
      if (rows_[r][i]) {
        ++reached;
        continue;
      }
      gaps += "    " + m_.rules[r].id + " " + w.row + std::to_string(i + 1) +
              (lang == Language::zh ? " 行" : "") + sep + w.never_hit +
              place(m_.rules[r].table->rows[i].where) + "\n";
    }
  }
  section(w.rows, reached, total, gaps);

  total = reached = 0;
  gaps.clear();
  std::string not_counted;
  for (uint32_t p = 0; p < m_.parameters.size(); ++p) {
    if (!own_parameters_[p]) continue;
    const Parameter& param = m_.parameters[p];
    if (computed_only_[p]) {
      not_counted += (not_counted.empty() ? "" : ", ") + param.name;
      continue;
    }
    for (size_t i = 0; i < periods_[p].size(); ++i) {
      ++total;
      if (periods_[p][i]) {
        ++reached;
        continue;
      }
      gaps += "    " + param.name + " " + w.from + param.timeline[i].from.to_string() + sep +
              w.never_in_force + place(param.timeline[i].where) + "\n";
    }
  }
  section(w.periods, reached, total, gaps);
  if (!not_counted.empty()) out += "  (" + std::string(w.computed_only) + not_counted + ")\n";
  return out;
}

}  // namespace entitle::runner
