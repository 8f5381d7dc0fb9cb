#include "batch/summary.hpp"

#include <algorithm>
#include <ostream>

#include "base/echo.hpp"
#include "base/utf8.hpp"
#include "model/model.hpp"
#include "batch/csv_write.hpp"

namespace entitle::batch {

namespace {

constexpr Status kStatuses[] = {Status::eligible, Status::not_eligible, Status::not_applicable,
                                Status::undetermined};

std::string sum_name(const Model& m, uint32_t rule, uint32_t output) {
  return m.rules[rule].id + "." + m.rules[rule].outputs[output].name;
}

std::string pad_left(const std::string& s, size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

// Display width: CJK characters take two cells.
size_t width_of(const std::string& s) {
  size_t w = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (is_utf8_continuation(c)) continue;
    w += c >= 0xE3 && c <= 0xEF ? 2 : 1;
  }
  return w;
}

std::string pad_right(const std::string& s, size_t width) {
  const size_t w = width_of(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

}  // namespace

GroupSummary::GroupSummary(const Model& m, uint32_t entity, Column group,
                           const DecisionIndex& index)
    : model_(m), group_(std::move(group)), index_(index) {
  for (uint32_t r = 0; r < m.rules.size(); ++r) {
    if (m.rules[r].entity != entity) continue;
    for (uint32_t o = 0; o < m.rules[r].outputs.size(); ++o)
      if (m.rules[r].outputs[o].type.is_numeric())
        sums_.push_back({static_cast<uint32_t>(rules_.size()), o, m.rules[r].outputs[o].type});
    rules_.push_back(r);
  }
}

Value GroupSummary::group_of(const Record& record, Evaluator& ev) const {
  return group_.kind == Column::Kind::derived ? ev.derived(group_.slot)
                                              : record.values()[group_.slot];
}

GroupSummary::Group& GroupSummary::group(std::string_view key) {
  if (auto it = groups_.find(key); it != groups_.end()) return it->second;
  Group g;
  g.status.assign(rules_.size() * 4, 0);
  g.sums.assign(sums_.size(), Decimal());
  return groups_.emplace(std::string(key), std::move(g)).first->second;
}

void GroupSummary::add(const Value& group_value, const Decisions& d) {
  key_.clear();
  append_plain_text(key_, group_value, group_.type, model_);
  Group& g = group(key_);
  ++g.rows;
  for (size_t i = 0; i < rules_.size(); ++i)
    ++g.status[i * 4 + static_cast<size_t>(index_.of(d, rules_[i]).status)];
  for (size_t i = 0; i < sums_.size(); ++i) {
    const Value v = index_.of(d, rules_[sums_[i].rule]).outputs[sums_[i].output];
    if (v.kind == ValueKind::number) g.sums[i] = g.sums[i] + v.as_decimal();
  }
}

void GroupSummary::merge(const GroupSummary& other) {
  for (const auto& [key, theirs] : other.groups_) {
    Group& g = group(key);
    g.rows += theirs.rows;
    for (size_t i = 0; i < g.status.size(); ++i) g.status[i] += theirs.status[i];
    for (size_t i = 0; i < g.sums.size(); ++i) g.sums[i] = g.sums[i] + theirs.sums[i];
  }
}

GroupSummary::Group GroupSummary::total() const {
  Group t;
  t.status.assign(rules_.size() * 4, 0);
  t.sums.assign(sums_.size(), Decimal());
  for (const auto& [key, g] : groups_) {
    t.rows += g.rows;
    for (size_t i = 0; i < g.status.size(); ++i) t.status[i] += g.status[i];
    for (size_t i = 0; i < g.sums.size(); ++i) t.sums[i] = t.sums[i] + g.sums[i];
  }
  return t;
}

std::string GroupSummary::sum_text(const Group& g, size_t i) const {
  std::string s;
  append_plain_text(s, Value::of_decimal(g.sums[i]), sums_[i].type, model_);
  return s;
}

std::string GroupSummary::csv() const {
  std::string out;
  append_csv_cell(out, group_.name);
  out += ",rows";
  for (const uint32_t r : rules_)
    for (const Status s : kStatuses) {
      out += ',';
      append_csv_cell(out, model_.rules[r].id + "." + status_name(s));
    }
  for (const Sum& s : sums_) {
    out += ',';
    append_csv_cell(out, sum_name(model_, rules_[s.rule], s.output) + ".sum");
  }
  out += '\n';
  const auto row = [&](const std::string& key, const Group& g) {
    append_csv_cell(out, key);
    out += ',' + std::to_string(g.rows);
    for (const uint64_t n : g.status) out += ',' + std::to_string(n);
    for (size_t i = 0; i < sums_.size(); ++i) out += ',' + sum_text(g, i);
    out += '\n';
  };
  for (const auto& [key, g] : groups_) row(key, g);
  row("(all)", total());
  return out;
}

void GroupSummary::print(std::ostream& out) const {
  out << "eligible per rule:";
  for (size_t i = 0; i < rules_.size(); ++i)
    out << (i % 3 == 0 ? "\n  " : "  ") << "[" << i + 1 << "] " << model_.rules[rules_[i]].id;
  out << '\n';
  // Cells: the group, rows, the eligible count per rule, the sums.
  std::vector<std::string> head{group_.name, "rows"};
  for (size_t i = 0; i < rules_.size(); ++i) head.push_back("[" + std::to_string(i + 1) + "]");
  for (const Sum& s : sums_)
    head.push_back("[" + std::to_string(s.rule + 1) + "] " +
                   model_.rules[rules_[s.rule]].outputs[s.output].name);
  std::vector<std::vector<std::string>> table{head};
  const auto add = [&](const std::string& key, const Group& g) {
    // A long group value is cut for the table: every line is padded to the widest, so one
    // megabyte-long value among many groups would make the table groups × a megabyte.
    // (The CSV keeps it whole.)
    std::vector<std::string> cells{key.empty() ? "(missing)" : echo(key), std::to_string(g.rows)};
    for (size_t i = 0; i < rules_.size(); ++i) cells.push_back(std::to_string(g.status[i * 4]));
    for (size_t i = 0; i < sums_.size(); ++i) cells.push_back(sum_text(g, i));
    table.push_back(std::move(cells));
  };
  for (const auto& [key, g] : groups_) add(key, g);
  add("(all)", total());
  std::vector<size_t> widths(head.size(), 0);
  for (const auto& cells : table)
    for (size_t i = 0; i < cells.size(); ++i) widths[i] = std::max(widths[i], width_of(cells[i]));
  for (const auto& cells : table) {
    std::string line = pad_right(cells[0], widths[0]);
    for (size_t i = 1; i < cells.size(); ++i) line += "  " + pad_left(cells[i], widths[i]);
    out << line << '\n';
  }
}

}  // namespace entitle::batch
