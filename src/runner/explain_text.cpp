#include "runner/explain_text.hpp"

#include "io/value_format.hpp"
#include "expr/lexer.hpp"
#include "model/model.hpp"

namespace entitle::runner {

namespace {

struct Words {
  const char* eligible;
  const char* not_eligible;
  const char* not_applicable;
  const char* undetermined;
  const char* fails;
  const char* unknown;
  const char* missing;
  const char* dash;
  const char* open;
  const char* close;
};

const Words kZh{"符合", "不符合",     "不适用", "无法判定", "不符合",
                "待定", "缺少输入：", " — ",    "（",       "）"};
const Words kEn{"eligible",
                "not eligible",
                "not applicable",
                "undetermined",
                "fails",
                "unknown",
                "missing input: ",
                " — ",
                " (",
                ")"};

const Words& words(Language lang) { return lang == Language::zh ? kZh : kEn; }

const char* status_text(Status s, Language lang) {
  const Words& w = words(lang);
  switch (s) {
    case Status::eligible: return w.eligible;
    case Status::not_eligible: return w.not_eligible;
    case Status::not_applicable: return w.not_applicable;
    case Status::undetermined: return w.undetermined;
  }
  return "";
}

std::string citation_text(const Citation& c) {
  return c.section.empty() ? c.document : c.document + " " + c.section;
}

// The read's name as the rule file spells it, its title in `lang` and its type.
struct ReadInfo {
  std::string name;
  std::string title;
  Type type;
};

ReadInfo describe_read(const Model& m, uint32_t entity, const ReadValue& r, Language lang) {
  switch (r.kind) {
    case ReadValue::Kind::field: {
      const FieldDef& f = m.schemas[entity].fields[r.index];
      return {f.name, f.title.in(lang), f.type};
    }
    case ReadValue::Kind::derived: {
      const Derived& d = m.derived[r.index];
      return {d.name, d.title.in(lang), d.type};
    }
    case ReadValue::Kind::parameter: {
      const Parameter& p = m.parameters[r.index];
      return {p.name, p.title.in(lang), p.type};
    }
    case ReadValue::Kind::output: {
      const Rule& rule = m.rules[r.index];
      const OutputDef& o = rule.outputs[r.sub];
      return {rule.id + "." + o.name, o.title.in(lang), o.type};
    }
  }
  return {};
}

const char* flipped(const std::string& op) {
  if (op == ">=") return "<";
  if (op == ">") return "<=";
  if (op == "<=") return ">";
  if (op == "<") return ">=";
  if (op == "==") return "!=";
  if (op == "!=") return "==";
  return nullptr;
}

// The condition's expression with each name read replaced by "title value"; a single false
// comparison is shown the way it fails ("年龄 59 < 60" for `age >= 60`).
std::string with_values(const Model& m, uint32_t entity, const ConditionTrace& t,
                        const std::string& text, Language lang) {
  auto tokens = expr::tokenize(text);
  int comparisons = 0;
  bool logic = false;
  for (const auto& tok : tokens) {
    if (tok.kind == expr::TokenKind::symbol && flipped(tok.text)) ++comparisons;
    if (tok.kind == expr::TokenKind::identifier &&
        (tok.text == "and" || tok.text == "or" || tok.text == "not"))
      logic = true;
  }
  const bool flip = t.value == Truth::no && comparisons == 1 && !logic;
  std::string out;
  size_t last = 0;
  for (const auto& tok : tokens) {
    if (tok.kind == expr::TokenKind::end || tok.kind == expr::TokenKind::error) break;
    out += text.substr(last, tok.offset - last);
    last = tok.offset + tok.length;
    std::string piece = text.substr(tok.offset, tok.length);
    if (tok.kind == expr::TokenKind::symbol && flip && flipped(tok.text)) {
      piece = flipped(tok.text);
    } else if (tok.kind == expr::TokenKind::identifier) {
      for (const auto& r : t.reads) {
        ReadInfo info = describe_read(m, entity, r, lang);
        if (info.name != tok.text) continue;
        std::string value;
        append_text(value, r.value, info.type, m, lang);
        piece = (info.title.empty() ? info.name : info.title) + " " + value;
        break;
      }
    }
    out += piece;
  }
  out += text.substr(std::min(last, text.size()));
  return out;
}

}  // namespace

std::string failing_conditions_text(const RuleSet& rs, const Decision& d, Language lang,
                                    const std::string& indent) {
  const Model& m = rs.model();
  const Rule& rule = m.rules[d.rule];
  const Words& w = words(lang);
  std::string out;
  if (d.explanation) {
    for (const auto& t : d.explanation->conditions) {
      if (t.kind != "condition" || t.value == Truth::yes) continue;
      const auto* c = static_cast<const Condition*>(t.condition);
      std::string title = c->title.in(lang);
      if (title.empty()) title = c->name;
      out += indent + (t.value == Truth::no ? w.fails : w.unknown) +
             std::string(lang == Language::zh ? "：" : ": ") + title + w.dash +
             with_values(m, rule.entity, t, m.programs[c->program].text, lang) + w.open +
             citation_text(rule.citation) + w.close + "\n";
    }
  }
  if (!d.missing_fields.empty()) {
    out += indent + w.missing;
    for (size_t i = 0; i < d.missing_fields.size(); ++i) {
      const FieldDef& f = m.schemas[rule.entity].fields[d.missing_fields[i]];
      out += (i ? ", " : "") + f.name;
      if (!f.title.empty()) out += " (" + f.title.in(lang) + ")";
    }
    out += "\n";
  }
  if (!d.problem.empty()) out += indent + d.problem + "\n";
  return out;
}

std::string decisions_to_text(const RuleSet& rs, const Decisions& ds, Language lang) {
  const Model& m = rs.model();
  std::string out;
  for (const auto& d : ds.items) {
    const Rule& rule = m.rules[d.rule];
    const Words& w = words(lang);
    out += std::string("【") + status_text(d.status, lang) + "】" + rule.title.in(lang) + w.open +
           citation_text(rule.citation) + w.close + "\n";
    out += "  " + rule.id + "\n";
    if (d.status == Status::eligible || d.status == Status::not_eligible) {
      for (size_t o = 0; o < rule.outputs.size(); ++o) {
        if (d.outputs[o].is_missing()) continue;
        const OutputDef& def = rule.outputs[o];
        std::string value;
        append_text(value, d.outputs[o], def.type, m, lang);
        std::string name = def.title.empty() ? def.name : def.title.in(lang);
        out += "  " + name + " = " + value + "\n";
      }
    }
    if (d.status == Status::not_eligible || d.status == Status::undetermined)
      out += failing_conditions_text(rs, d, lang, "  ");
  }
  return out;
}

}  // namespace entitle::runner
