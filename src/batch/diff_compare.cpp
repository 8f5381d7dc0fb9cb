#include "batch/diff_compare.hpp"

#include <ostream>

#include "io/value_format.hpp"
#include "model/model.hpp"
#include "batch/csv_write.hpp"

namespace entitle::batch {

namespace {

std::vector<uint32_t> numeric_outputs(const Rule& r) {
  std::vector<uint32_t> out;
  for (uint32_t o = 0; o < r.outputs.size(); ++o)
    if (r.outputs[o].type.is_numeric()) out.push_back(o);
  return out;
}

void add_to(Decimal& sum, const Value& v) {
  if (v.kind == ValueKind::number) sum = sum + v.as_decimal();
}

std::string money_text(Decimal d, const Type& t, const Model& m) {
  std::string s;
  append_plain_text(s, Value::of_decimal(d), t, m);
  return s;
}

std::string signed_text(Decimal d, const Type& t, const Model& m) {
  return (d.is_negative() ? "" : "+") + money_text(d, t, m);
}

}  // namespace

RuleMatch::RuleMatch(const Model& om, uint32_t oe, const Model& nm, uint32_t ne) {
  for (uint32_t r = 0; r < nm.rules.size(); ++r) {
    const Rule& rule = nm.rules[r];
    if (rule.entity != ne) continue;
    const auto old = om.find_rule(rule.id);
    if (!old || om.rules[*old].entity != oe) {
      added.push_back({rule.id, r, numeric_outputs(rule)});
      continue;
    }
    Pair p;
    p.id = rule.id;
    p.old_rule = *old;
    p.new_rule = r;
    const Rule& o = om.rules[*old];
    for (uint32_t j = 0; j < rule.outputs.size(); ++j) {
      const auto i = o.output_index(rule.outputs[j].name);
      if (!i) continue;
      if (rule.outputs[j].type.is_numeric() && o.outputs[*i].type.is_numeric())
        p.sums.push_back(static_cast<uint32_t>(p.outputs.size()));
      p.outputs.push_back({*i, j});
    }
    pairs.push_back(std::move(p));
  }
  for (uint32_t r = 0; r < om.rules.size(); ++r) {
    const Rule& rule = om.rules[r];
    if (rule.entity != oe) continue;
    const auto now = nm.find_rule(rule.id);
    if (!now || nm.rules[*now].entity != ne) removed.push_back({rule.id, r, numeric_outputs(rule)});
  }
}

DiffStats::DiffStats(const RuleMatch& match) {
  for (const auto& p : match.pairs) {
    PairStats s;
    s.old_sums.assign(p.sums.size(), Decimal());
    s.new_sums.assign(p.sums.size(), Decimal());
    pairs.push_back(std::move(s));
  }
  for (const auto& r : match.removed) removed.push_back({{}, std::vector<Decimal>(r.sums.size())});
  for (const auto& r : match.added) added.push_back({{}, std::vector<Decimal>(r.sums.size())});
}

void DiffStats::merge(const DiffStats& other) {
  rows_changed += other.rows_changed;
  for (size_t i = 0; i < pairs.size(); ++i) {
    PairStats& a = pairs[i];
    const PairStats& b = other.pairs[i];
    for (size_t x = 0; x < 4; ++x)
      for (size_t y = 0; y < 4; ++y) a.transitions[x][y] += b.transitions[x][y];
    a.changed += b.changed;
    a.outputs_only += b.outputs_only;
    for (size_t k = 0; k < a.old_sums.size(); ++k) {
      a.old_sums[k] = a.old_sums[k] + b.old_sums[k];
      a.new_sums[k] = a.new_sums[k] + b.new_sums[k];
    }
  }
  const auto merge_singles = [](std::vector<SingleStats>& a, const std::vector<SingleStats>& b) {
    for (size_t i = 0; i < a.size(); ++i) {
      for (size_t s = 0; s < 4; ++s) a[i].status[s] += b[i].status[s];
      for (size_t k = 0; k < a[i].sums.size(); ++k) a[i].sums[k] = a[i].sums[k] + b[i].sums[k];
    }
  };
  merge_singles(removed, other.removed);
  merge_singles(added, other.added);
}

RecordComparer::RecordComparer(const Model& old_model, const Model& new_model,
                               const RuleMatch& match, const DecisionIndex& old_index,
                               const DecisionIndex& new_index, uint32_t key_field)
    : old_model_(old_model), new_model_(new_model), match_(match), old_index_(old_index),
      new_index_(new_index), key_field_(key_field) {}

void RecordComparer::append_side(std::string& out, const Model& m, const Decision& d) const {
  const Rule& rule = m.rules[d.rule];
  out += "{\"status\":\"";
  out += status_name(d.status);
  out += "\",\"outputs\":{";
  for (size_t o = 0; o < rule.outputs.size(); ++o) {
    if (o > 0) out += ',';
    append_json_string(out, rule.outputs[o].name);
    out += ':';
    append_json(out, d.outputs[o], rule.outputs[o].type, m);
  }
  out += "}}";
}

void RecordComparer::compare(uint32_t line, const Record& old_record, const Decisions& old_d,
                             const Decisions& new_d, DiffStats& stats, std::string& out) {
  changes_.clear();
  for (size_t i = 0; i < match_.pairs.size(); ++i) {
    const RuleMatch::Pair& p = match_.pairs[i];
    DiffStats::PairStats& s = stats.pairs[i];
    const Decision& a = old_index_.of(old_d, p.old_rule);
    const Decision& b = new_index_.of(new_d, p.new_rule);
    ++s.transitions[static_cast<size_t>(a.status)][static_cast<size_t>(b.status)];
    for (size_t k = 0; k < p.sums.size(); ++k) {
      const auto [o, n] = p.outputs[p.sums[k]];
      add_to(s.old_sums[k], a.outputs[o]);
      add_to(s.new_sums[k], b.outputs[n]);
    }
    bool outputs_differ = false;
    for (const auto& [o, n] : p.outputs) {
      a_.clear();
      b_.clear();
      append_json(a_, a.outputs[o], old_model_.rules[p.old_rule].outputs[o].type, old_model_);
      append_json(b_, b.outputs[n], new_model_.rules[p.new_rule].outputs[n].type, new_model_);
      if (a_ != b_) {
        outputs_differ = true;
        break;
      }
    }
    if (a.status == b.status && !outputs_differ) continue;
    ++s.changed;
    if (a.status == b.status) ++s.outputs_only;
    changes_ += changes_.empty() ? "" : ",";
    changes_ += "{\"rule\":";
    append_json_string(changes_, p.id);
    changes_ += ",\"old\":";
    append_side(changes_, old_model_, a);
    changes_ += ",\"new\":";
    append_side(changes_, new_model_, b);
    changes_ += '}';
  }
  const auto count_singles = [](const std::vector<RuleMatch::Single>& rules,
                                std::vector<DiffStats::SingleStats>& st, const DecisionIndex& index,
                                const Decisions& d) {
    for (size_t i = 0; i < rules.size(); ++i) {
      const Decision& dec = index.of(d, rules[i].rule);
      ++st[i].status[static_cast<size_t>(dec.status)];
      for (size_t k = 0; k < rules[i].sums.size(); ++k)
        add_to(st[i].sums[k], dec.outputs[rules[i].sums[k]]);
    }
  };
  count_singles(match_.removed, stats.removed, old_index_, old_d);
  count_singles(match_.added, stats.added, new_index_, new_d);
  if (changes_.empty()) return;
  ++stats.rows_changed;
  out += "{\"line\":" + std::to_string(line) + ",\"id\":";
  const FieldDef& key = old_model_.schemas.at(old_record.entity()).fields[key_field_];
  append_json(out, old_record.values()[key_field_], key.type, old_model_);
  out += ",\"changes\":[";
  out += changes_;
  out += "]}\n";
}

void print_diff_report(std::ostream& out, const Model& old_model, const Model& new_model,
                       const RuleMatch& match, const DiffStats& stats) {
  const auto status_counts = [](const std::array<uint64_t, 4>& c) {
    std::string s;
    for (size_t i = 0; i < 4; ++i) {
      if (c[i] == 0) continue;
      if (!s.empty()) s += ", ";
      s += std::string(status_name(static_cast<Status>(i))) + " " + std::to_string(c[i]);
    }
    return s.empty() ? std::string("no rows") : s;
  };
  std::vector<std::string> unchanged;
  for (size_t i = 0; i < match.pairs.size(); ++i) {
    const RuleMatch::Pair& p = match.pairs[i];
    const DiffStats::PairStats& s = stats.pairs[i];
    bool totals_differ = false;
    for (size_t k = 0; k < p.sums.size(); ++k) totals_differ |= s.old_sums[k] != s.new_sums[k];
    if (s.changed == 0 && !totals_differ) {
      unchanged.push_back(p.id);
      continue;
    }
    out << p.id << ": " << s.changed << " rows changed\n";
    for (size_t x = 0; x < 4; ++x)
      for (size_t y = 0; y < 4; ++y) {
        if (x == y || s.transitions[x][y] == 0) continue;
        out << "  " << status_name(static_cast<Status>(x)) << " → "
            << status_name(static_cast<Status>(y)) << "  " << s.transitions[x][y] << '\n';
      }
    if (s.outputs_only > 0) out << "  same status, other outputs  " << s.outputs_only << '\n';
    for (size_t k = 0; k < p.sums.size(); ++k) {
      const auto [o, n] = p.outputs[p.sums[k]];
      const Type& t = new_model.rules[p.new_rule].outputs[n].type;
      (void)o;
      out << "  total " << new_model.rules[p.new_rule].outputs[n].name << "  "
          << money_text(s.old_sums[k], t, new_model) << " → "
          << money_text(s.new_sums[k], t, new_model) << "  ("
          << signed_text(s.new_sums[k] - s.old_sums[k], t, new_model) << ")\n";
    }
  }
  if (!unchanged.empty()) {
    out << "unchanged:";
    for (const auto& id : unchanged) out << ' ' << id;
    out << '\n';
  }
  const auto singles = [&](const char* what, const Model& m,
                           const std::vector<RuleMatch::Single>& rules,
                           const std::vector<DiffStats::SingleStats>& st) {
    for (size_t i = 0; i < rules.size(); ++i) {
      out << what << ' ' << rules[i].id << ": " << status_counts(st[i].status) << '\n';
      for (size_t k = 0; k < rules[i].sums.size(); ++k) {
        const OutputDef& o = m.rules[rules[i].rule].outputs[rules[i].sums[k]];
        out << "  total " << o.name << "  " << money_text(st[i].sums[k], o.type, m) << '\n';
      }
    }
  };
  singles("removed rule", old_model, match.removed, stats.removed);
  singles("added rule", new_model, match.added, stats.added);
}

}  // namespace entitle::batch
