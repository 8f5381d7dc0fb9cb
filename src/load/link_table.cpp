// Decision tables: input columns are expressions; each row has one cell test per input
// (`-`, a value, `< x`, `[a, b)`, or `[a, b]` listing values for enums and strings) and one
// expression per output. Rows that an earlier row always pre-empts are errors.
#include <string>

#include "base/echo.hpp"
#include "load/expr_checker.hpp"
#include "model/table_match.hpp"
#include "load/linker.hpp"
#include "load/node_reader.hpp"
#include "load/typed_values.hpp"
#include "model/table_match.hpp"
#include "values/compare.hpp"

namespace entitle::load {

namespace {

std::string trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t");
  return b == std::string_view::npos ? std::string() : std::string(s.substr(b, e - b + 1));
}

std::string unquote(std::string s) {
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    return s.substr(1, s.size() - 2);
  return s;
}

bool is_ordered(Type t) {
  return t.is_numeric() || t.kind == TypeKind::date || t.kind == TypeKind::month;
}

std::optional<Value> literal(const std::string& text, Type type, Model& m, std::string& error) {
  std::string t = trim(text);
  bool quoted = t.size() >= 2 && (t.front() == '"' || t.front() == '\'');
  return parse_scalar(unquote(t), quoted, type, m, error);
}

// Parses one input cell against its column's type; sets `error` on failure.
std::optional<CellTest> parse_cell(const yaml::Node& n, Type type, Model& m, std::string& error) {
  using K = CellTest::Kind;
  CellTest cell;
  if (n.is_null()) return cell;
  if (!n.is_scalar()) {
    error = "a cell must be a single value such as -, 60, \"< 60\" or \"[50, 55)\"";
    return std::nullopt;
  }
  std::string t = trim(n.text);
  cell.text = t;
  if (t == "-" || t.empty()) return cell;
  const char open = t.front(), close = t.back();
  if ((open == '[' || open == '(') && (close == ']' || close == ')')) {
    std::string inner = t.substr(1, t.size() - 2);
    if (!is_ordered(type)) {
      if (open != '[' || close != ']') {
        error = "intervals need numbers, dates or months; list values as [a, b]";
        return std::nullopt;
      }
      cell.kind = K::one_of;
      size_t start = 0;
      while (start <= inner.size()) {
        size_t comma = inner.find(',', start);
        std::string part =
            inner.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        auto v = literal(part, type, m, error);
        if (!v) return std::nullopt;
        cell.options.push_back(*v);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      return cell;
    }
    size_t comma = inner.find(',');
    if (comma == std::string::npos || inner.find(',', comma + 1) != std::string::npos) {
      error = "an interval has two bounds: [low, high), [low, high], (low, high] or (low, high)";
      return std::nullopt;
    }
    auto lo = literal(inner.substr(0, comma), type, m, error);
    if (!lo) return std::nullopt;
    auto hi = literal(inner.substr(comma + 1), type, m, error);
    if (!hi) return std::nullopt;
    cell.kind = K::interval;
    cell.low = *lo;
    cell.high = *hi;
    cell.low_inclusive = open == '[';
    cell.high_inclusive = close == ']';
    if (compare_values(*lo, *hi) > 0 ||
        (compare_values(*lo, *hi) == 0 && !(cell.low_inclusive && cell.high_inclusive))) {
      error = "the interval " + t + " is empty";
      return std::nullopt;
    }
    return cell;
  }
  static const std::pair<const char*, K> kOperators[] = {
      {"<=", K::less_equal}, {">=", K::greater_equal}, {"!=", K::not_equal},
      {"==", K::equal},      {"<", K::less},           {">", K::greater}};
  for (const auto& [op, kind] : kOperators) {
    if (t.rfind(op, 0) == 0) {
      if (kind != K::equal && kind != K::not_equal && !is_ordered(type)) {
        error = std::string("'") + op + "' needs numbers, dates or months";
        return std::nullopt;
      }
      auto v = literal(t.substr(std::string_view(op).size()), type, m, error);
      if (!v) return std::nullopt;
      cell.kind = kind;
      cell.low = *v;
      return cell;
    }
  }
  auto v = parse_scalar(n.text, n.quoted, type, m, error);
  if (!v) return std::nullopt;
  cell.kind = K::equal;
  cell.low = *v;
  return cell;
}

// True when every input that matches `b` also matches `a` (where that can be seen).
bool covers(const CellTest& a, const CellTest& b) {
  using K = CellTest::Kind;
  if (a.kind == K::any) return true;
  if (b.kind == K::any) return false;
  if (b.kind == K::equal) return cell_matches(a, b.low) == Truth::yes;
  if (b.kind == K::one_of) {
    for (const auto& o : b.options)
      if (cell_matches(a, o) != Truth::yes) return false;
    return true;
  }
  if (a.kind == K::interval && b.kind == K::interval) {
    int lo = compare_values(a.low, b.low), hi = compare_values(a.high, b.high);
    bool low_ok = lo < 0 || (lo == 0 && (a.low_inclusive || !b.low_inclusive));
    bool high_ok = hi > 0 || (hi == 0 && (a.high_inclusive || !b.high_inclusive));
    return low_ok && high_ok;
  }
  return false;
}

bool row_covers(const TableRow& a, const TableRow& b) {
  for (size_t i = 0; i < a.tests.size(); ++i)
    if (!covers(a.tests[i], b.tests[i])) return false;
  return true;
}

std::optional<HitPolicy> hit_policy(const std::string& s) {
  if (s == "first") return HitPolicy::first;
  if (s == "unique") return HitPolicy::unique;
  if (s == "collect") return HitPolicy::collect;
  if (s == "sum") return HitPolicy::sum;
  return std::nullopt;
}

}  // namespace

bool link_table(Linker& linker, LoadState& s, uint32_t rule_slot, const yaml::Node& node,
                const SourceDoc& doc) {
  Rule& rule = s.model.rules[rule_slot];
  DecisionTable& table = *rule.table;
  NodeReader r(s.diagnostics, doc.path);
  const std::string what = "table '" + rule.id + "'";
  bool ok = true;
  if (const yaml::Node* hit = node.find("hit")) {
    auto policy = hit_policy(hit->text);
    if (!policy) {
      r.error(*hit, what + ": hit policy '" + echo(hit->text) +
                        "' is not one of first, unique, "
                        "collect, sum");
      ok = false;
    } else {
      table.hit = *policy;
    }
  }
  const yaml::Node* inputs = r.require(node, "inputs", what);
  if (!inputs || !r.expect_map(*inputs, "inputs of " + what)) return false;
  for (const auto& [key, value] : inputs->entries) {
    TableInput input;
    input.name = key.text;
    auto program = linker.compile_expression(value, doc, rule.entity, input.reads, std::nullopt);
    if (!program) {
      ok = false;
      continue;
    }
    input.program = *program;
    input.type = s.model.programs[*program].result;
    table.inputs.push_back(std::move(input));
  }
  if (!ok) return false;

  // Declared output types, from the map form `outputs: {name: {type: money}}`.
  const yaml::Node* outputs_node = node.find("outputs");
  std::vector<std::optional<Type>> declared(rule.outputs.size());
  if (outputs_node && outputs_node->is_map()) {
    for (size_t o = 0; o < rule.outputs.size(); ++o) {
      const yaml::Node* spec = outputs_node->find(rule.outputs[o].name);
      if (!spec || !spec->is_map() || !spec->find("type")) continue;
      std::string error;
      declared[o] = parse_type(spec->find("type")->text, s.model, error);
      if (!declared[o]) {
        r.error(*spec->find("type"), error);
        ok = false;
      }
    }
  }
  std::vector<std::optional<Type>> found(rule.outputs.size());
  const yaml::Node* rows = r.require(node, "rows", what);
  if (!rows || !r.expect_sequence(*rows, "rows of " + what)) return false;
  const size_t width = table.inputs.size() + rule.outputs.size();
  for (size_t ri = 0; ri < rows->items.size(); ++ri) {
    const yaml::Node& row_node = rows->items[ri];
    TableRow row;
    row.where = r.at(row_node);
    std::vector<const yaml::Node*> cells(width, nullptr);
    static const yaml::Node kAny;
    if (row_node.is_sequence()) {
      if (row_node.items.size() != width) {
        r.error(row_node, what + " row " + std::to_string(ri + 1) + " has " +
                              std::to_string(row_node.items.size()) + " cells; it needs " +
                              std::to_string(width) + " (" + std::to_string(table.inputs.size()) +
                              " inputs, then " + std::to_string(rule.outputs.size()) + " outputs)");
        ok = false;
        continue;
      }
      for (size_t c = 0; c < width; ++c) cells[c] = &row_node.items[c];
    } else if (row_node.is_map()) {
      for (const auto& [key, value] : row_node.entries) {
        size_t c = width;
        for (size_t i = 0; i < table.inputs.size(); ++i)
          if (table.inputs[i].name == key.text) c = i;
        if (auto o = rule.output_index(key.text)) c = table.inputs.size() + *o;
        if (c == width) {
          r.error(key, what + " has no input or output '" + echo(key.text) + "'");
          ok = false;
          continue;
        }
        cells[c] = &value;
      }
      for (size_t c = 0; c < table.inputs.size(); ++c)
        if (!cells[c]) cells[c] = &kAny;
    } else {
      r.error(row_node, what + ": a row is a list of cells or a map of column: cell");
      ok = false;
      continue;
    }
    for (size_t c = 0; c < table.inputs.size(); ++c) {
      std::string error;
      auto cell = parse_cell(*cells[c], table.inputs[c].type, s.model, error);
      if (!cell) {
        r.error(*cells[c], what + " row " + std::to_string(ri + 1) + ", input " +
                               table.inputs[c].name + ": " + error);
        ok = false;
        continue;
      }
      row.tests.push_back(std::move(*cell));
    }
    for (size_t o = 0; o < rule.outputs.size(); ++o) {
      const yaml::Node* cell = cells[table.inputs.size() + o];
      if (!cell) {
        r.error(row_node, what + " row " + std::to_string(ri + 1) + " has no value for output " +
                              rule.outputs[o].name);
        ok = false;
        continue;
      }
      Reads reads;
      auto program = linker.compile_expression(*cell, doc, rule.entity, reads, declared[o]);
      if (!program) {
        ok = false;
        continue;
      }
      rule.outputs[o].reads.merge(reads);
      Type t = s.model.programs[*program].result;
      if (!found[o])
        found[o] = t;
      else if (found[o]->is_numeric() && t.is_numeric())
        found[o] = expr::unify_numeric(*found[o], t);
      else if (!(*found[o] == t)) {
        r.error(*cell, what + " output " + rule.outputs[o].name + " is " + s.model.describe(t) +
                           " here but " + s.model.describe(*found[o]) + " in an earlier row");
        ok = false;
      }
      row.outputs.push_back(*program);
    }
    if (row.tests.size() != table.inputs.size() || row.outputs.size() != rule.outputs.size())
      continue;
    for (size_t earlier = 0; earlier < table.rows.size(); ++earlier) {
      if (!row_covers(table.rows[earlier], row)) continue;
      bool pre_empted = table.hit == HitPolicy::first || table.hit == HitPolicy::unique;
      if (!pre_empted) break;
      const std::string earlier_row = "row " + std::to_string(earlier + 1) + " (line " +
                                      std::to_string(table.rows[earlier].where.line) + ")";
      r.error(row_node,
              what + " row " + std::to_string(ri + 1) +
                  (table.hit == HitPolicy::first
                       ? " can never be hit: " + earlier_row + " matches every input it matches"
                       : " overlaps " + earlier_row +
                             ", which matches every input it matches (hit policy unique)"));
      ok = false;
      break;
    }
    table.rows.push_back(std::move(row));
  }
  if (rows->items.empty()) {
    r.error(*rows, what + " has no rows");
    ok = false;
  }
  for (size_t o = 0; o < rule.outputs.size(); ++o) {
    OutputDef& out = rule.outputs[o];
    Type t = declared[o].value_or(found[o].value_or(Type::of(TypeKind::error)));
    if (table.hit == HitPolicy::sum && !t.is_error() && !t.is_numeric()) {
      r.error(node, what + ": hit policy sum adds outputs, but " + out.name + " is " +
                        s.model.describe(t));
      ok = false;
    }
    out.type = table.hit == HitPolicy::collect ? Type::list_of(t) : t;
    out.declared_type = declared[o].has_value();
  }
  return ok;
}

}  // namespace entitle::load
