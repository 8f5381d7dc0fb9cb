#include "runner/test_run.hpp"

#include <algorithm>

#include "model/model.hpp"
#include "runner/explain_text.hpp"
#include "runner/test_coverage.hpp"
#include "runner/test_values.hpp"

namespace entitle::runner {

namespace {

struct Words {
  const char* status;
  const char* output;
  const char* failing;
  const char* missing;
  const char* expected;
  const char* got;
  const char* why;
  const char* all_hold;
  const char* line;
  const char* line_end;
  const char* colon;
  const char* comma;
  const char* error;
};

const Words kEn{"status", "output ", "failing conditions",      "missing inputs", "expected ",
                "got ",   "why:",    "every condition holds",   " (line ",        ")",
                ": ",     ", ",      "error while evaluating: "};
const Words kZh{"状态",  "输出 ",  "不成立的条件",   "缺少的输入", "期望 ",
                "实际 ", "说明：", "各项条件均成立", "（第 ",      " 行）",
                "：",    "，",     "计算出错："};

const Words& words(Language lang) { return lang == Language::zh ? kZh : kEn; }

std::string list_text(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out + "]";
}

bool same_names(std::vector<std::string> a, std::vector<std::string> b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The leaf conditions that are not true: what the explanation prints as failing.
std::vector<std::string> failing_names(const Decision& d) {
  std::vector<std::string> out;
  if (!d.explanation) return out;
  for (const auto& t : d.explanation->conditions)
    if (t.kind == "condition" && t.value != Truth::yes && !t.name.empty()) out.push_back(t.name);
  return out;
}

std::vector<std::string> missing_names(const Model& m, const Decision& d) {
  std::vector<std::string> out;
  const auto& fields = m.schemas[m.rules[d.rule].entity].fields;
  for (uint32_t f : d.missing_fields) out.push_back(fields[f].name);
  return out;
}

class Checker {
 public:
  Checker(const RuleSet& rs, const TestCase& c, const RunOptions& o, CaseOutcome& out)
      : rs_(rs), m_(rs.model()), c_(c), o_(o), w_(words(o.language)), out_(out) {}

  void check(const Expectation& e, const Decision& d) {
    const Rule& rule = m_.rules[e.rule];
    rule_id_ = &rule.id;
    diffs_.clear();
    if (e.status && *e.status != d.status)
      differ(w_.status, status_name(*e.status), status_name(d.status));
    const bool updating = o_.update && c_.update && e.outputs_place;
    if (!updating) {
      for (const auto& x : e.outputs) {
        const OutputDef& def = rule.outputs[x.index];
        const Value& actual = d.outputs[x.index];
        if (!same_value(x.value, actual))
          differ(w_.output + def.name, yaml_value_text(x.value, def.type, m_),
                 yaml_value_text(actual, def.type, m_));
      }
    } else {
      OutputsUpdate u{*e.outputs_place, {}};
      for (size_t i = 0; i < rule.outputs.size(); ++i)
        u.outputs.emplace_back(rule.outputs[i].name,
                               yaml_value_text(d.outputs[i], rule.outputs[i].type, m_));
      out_.updates.push_back(std::move(u));
    }
    if (e.failing && !same_names(*e.failing, failing_names(d)))
      differ(w_.failing, list_text(*e.failing), list_text(failing_names(d)));
    if (e.missing && !same_names(*e.missing, missing_names(m_, d)))
      differ(w_.missing, list_text(*e.missing), list_text(missing_names(m_, d)));
    if (diffs_.empty()) return;

    out_.passed = false;
    out_.details += "  " + rule.id + w_.line + std::to_string(e.line) + w_.line_end + "\n";
    out_.details += diffs_;
    std::string why = failing_conditions_text(rs_, d, o_.language, "      ");
    if (why.empty()) why = std::string("      ") + w_.all_hold + "\n";
    out_.details += std::string("    ") + w_.why + "\n" + why;
  }

 private:
  void differ(const std::string& what, const std::string& expected, const std::string& got) {
    std::string line = what + w_.colon + w_.expected + expected + w_.comma + w_.got + got;
    if (out_.summary.empty()) out_.summary = *rule_id_ + " " + line;
    diffs_ += "    " + line + "\n";
  }

  const RuleSet& rs_;
  const Model& m_;
  const TestCase& c_;
  const RunOptions& o_;
  const Words& w_;
  CaseOutcome& out_;
  const std::string* rule_id_ = nullptr;
  std::string diffs_;
};

}  // namespace

CaseOutcome run_case(Evaluator& evaluator, const TestCase& c, const RunOptions& options) {
  const RuleSet& rs = evaluator.ruleset();
  const Model& m = rs.model();
  CaseOutcome out;
  EvalOptions eval;
  eval.explain = true;  // failing conditions, coverage and the report all need it
  eval.language = options.language;
  eval.parameter_overrides = c.overrides;
  for (const auto& e : c.expectations) eval.rules.push_back(m.rules[e.rule].id);
  try {
    const Decisions& ds = evaluator.evaluate(c.record, c.as_of, eval);
    Checker checker(rs, c, options, out);
    for (const auto& e : c.expectations) {
      auto d = std::find_if(ds.items.begin(), ds.items.end(),
                            [&](const Decision& x) { return x.rule == e.rule; });
      if (d == ds.items.end()) continue;  // the reader checked each rule's entity
      checker.check(e, *d);
      if (options.coverage) options.coverage->add(*d, c.as_of, c.overrides);
    }
  } catch (const std::exception& e) {
    out.passed = false;
    out.summary = words(options.language).error + std::string(e.what());
    out.details = "  " + out.summary + "\n";
    out.updates.clear();
  }
  return out;
}

}  // namespace entitle::runner
