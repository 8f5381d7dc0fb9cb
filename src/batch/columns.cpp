#include "batch/columns.hpp"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <unordered_set>

#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"
#include "batch/csv_write.hpp"

namespace entitle::batch {

namespace {

std::string_view trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const size_t e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

// The entity's rules in slot order.
std::vector<uint32_t> entity_rules(const Model& m, uint32_t entity) {
  std::vector<uint32_t> out;
  for (uint32_t r = 0; r < m.rules.size(); ++r)
    if (m.rules[r].entity == entity) out.push_back(r);
  return out;
}

Column make(std::string path, Column::Kind kind, uint32_t slot, Type type, uint32_t output = 0) {
  Column c;
  c.name = path;
  c.path = std::move(path);
  c.kind = kind;
  c.slot = slot;
  c.output = output;
  c.type = type;
  return c;
}

[[noreturn]] void unknown(const Model& m, uint32_t entity, std::string_view path, const char* flag,
                          const std::string& why) {
  throw std::invalid_argument(std::string(flag) + ": " + why +
                              did_you_mean(path, known_paths(m, entity)));
}

}  // namespace

std::vector<std::string> known_paths(const Model& m, uint32_t entity) {
  std::vector<std::string> out;
  for (const FieldDef& f : m.schemas.at(entity).fields) out.push_back(f.name);
  for (const Derived& d : m.derived)
    if (d.entity == entity) out.push_back(d.name);
  for (const uint32_t r : entity_rules(m, entity)) {
    const Rule& rule = m.rules[r];
    out.push_back(rule.id + ".status");
    out.push_back(rule.id + ".eligible");
    for (const OutputDef& o : rule.outputs) out.push_back(rule.id + "." + o.name);
  }
  return out;
}

Column resolve_path(const Model& m, uint32_t entity, std::string_view path, const char* flag) {
  const RecordSchema& schema = m.schemas.at(entity);
  const std::string p(path);
  if (const auto slot = schema.slot_of(p))
    return make(p, Column::Kind::field, *slot, schema.fields[*slot].type);
  if (const auto slot = m.find_derived(entity, p))
    return make(p, Column::Kind::derived, *slot, m.derived[*slot].type);
  const size_t dot = p.rfind('.');
  const auto rule = dot == std::string::npos ? std::nullopt : m.find_rule(p.substr(0, dot));
  if (!rule) unknown(m, entity, path, flag, "unknown path '" + echo(p) + "'");
  const Rule& r = m.rules[*rule];
  if (r.entity != entity)
    throw std::invalid_argument(std::string(flag) + ": rule '" + r.id + "' applies to " +
                                m.schemas.at(r.entity).name + ", not " + schema.name);
  const std::string leaf = p.substr(dot + 1);
  if (leaf == "status") return make(p, Column::Kind::status, *rule, Type::of(TypeKind::string));
  if (leaf == "eligible")
    return make(p, Column::Kind::eligible, *rule, Type::of(TypeKind::boolean));
  for (uint32_t o = 0; o < r.outputs.size(); ++o)
    if (r.outputs[o].name == leaf)
      return make(p, Column::Kind::output, *rule, r.outputs[o].type, o);
  std::string outputs;
  for (const OutputDef& o : r.outputs) outputs += ", " + o.name;
  throw std::invalid_argument(std::string(flag) + ": rule '" + r.id + "' has no output '" +
                              echo(leaf) + "' (it has status, eligible" + outputs + ")");
}

std::vector<Column> parse_columns(const Model& m, uint32_t entity, std::string_view spec) {
  std::vector<Column> out;
  std::string items;
  // Comments out, newlines become separators.
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] == '#') {
      while (i < spec.size() && spec[i] != '\n') ++i;
      items += ',';
    } else {
      items += spec[i] == '\n' ? ',' : spec[i];
    }
  }
  std::unordered_set<std::string> names;  // a set: a spec of many columns stays linear
  std::string_view rest = items;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    if (item.empty()) continue;
    const size_t eq = item.find('=');
    const std::string_view path = trim(eq == std::string_view::npos ? item : item.substr(eq + 1));
    Column c = resolve_path(m, entity, path);
    if (eq != std::string_view::npos) {
      c.name = std::string(trim(item.substr(0, eq)));
      if (c.name.empty())
        throw std::invalid_argument("--columns: '" + echo(item) + "' has an empty name");
    }
    if (!names.insert(c.name).second)
      throw std::invalid_argument("--columns: two columns are named '" + echo(c.name) + "'");
    out.push_back(std::move(c));
  }
  if (out.empty()) throw std::invalid_argument("--columns: the spec names no columns");
  return out;
}

std::vector<Column> default_columns(const Model& m, uint32_t entity) {
  std::vector<Column> out;
  const RecordSchema& schema = m.schemas.at(entity);
  const uint32_t key = key_field(m, entity);
  out.push_back(make(schema.fields[key].name, Column::Kind::field, key, schema.fields[key].type));
  for (const uint32_t r : entity_rules(m, entity)) {
    const Rule& rule = m.rules[r];
    out.push_back(make(rule.id + ".status", Column::Kind::status, r, Type::of(TypeKind::string)));
    for (uint32_t o = 0; o < rule.outputs.size(); ++o)
      out.push_back(make(rule.id + "." + rule.outputs[o].name, Column::Kind::output, r,
                         rule.outputs[o].type, o));
  }
  return out;
}

std::string columns_spec_arg(const std::string& arg) {
  if (!arg.starts_with('@')) return arg;
  std::ifstream in(arg.substr(1), std::ios::binary);
  if (!in) throw std::invalid_argument("--columns: cannot read '" + arg.substr(1) + "'");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

uint32_t key_field(const Model& m, uint32_t entity) {
  return m.schemas.at(entity).slot_of("id").value_or(0);
}

DecisionIndex::DecisionIndex(const Model& m, uint32_t entity, const std::vector<std::string>& rules)
    : item_(m.rules.size(), 0) {
  if (rules.empty()) {
    uint32_t i = 0;
    for (const uint32_t r : entity_rules(m, entity)) item_[r] = i++;
    return;
  }
  for (uint32_t i = 0; i < rules.size(); ++i) item_[*m.find_rule(rules[i])] = i;
}

namespace {

std::vector<std::string> rules_read(const Model& m, uint32_t entity,
                                    const std::vector<Column>& columns, bool every_rule) {
  if (every_rule) return {};
  std::vector<uint32_t> slots;
  for (const Column& c : columns)
    if (c.kind != Column::Kind::field && c.kind != Column::Kind::derived) slots.push_back(c.slot);
  std::sort(slots.begin(), slots.end());
  slots.erase(std::unique(slots.begin(), slots.end()), slots.end());
  // Naming every rule costs a lookup per rule and record; "all" costs nothing.
  if (slots.size() == entity_rules(m, entity).size()) return {};
  std::vector<std::string> ids;
  for (const uint32_t r : slots) ids.push_back(m.rules[r].id);
  return ids;
}

}  // namespace

RowWriter::RowWriter(const Model& m, uint32_t entity, std::vector<Column> columns, Format format,
                     bool every_rule)
    : model_(m), columns_(std::move(columns)), format_(format),
      rules_(rules_read(m, entity, columns_, every_rule)), index_(m, entity, rules_), cells_(m) {
  for (size_t i = 0; i < columns_.size(); ++i) {
    std::string key = i == 0 ? "{" : ",";
    append_json_string(key, columns_[i].name);
    key += ':';
    longest_key_ = std::max(longest_key_, format_ == Format::csv ? 1 : key.size());
    keys_.push_back(std::move(key));
  }
}

std::string RowWriter::header() const {
  if (format_ != Format::csv) return {};
  std::string out;
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i > 0) out += ',';
    append_csv_cell(out, columns_[i].name);
  }
  out += '\n';
  return out;
}

Value RowWriter::value(const Column& c, const Record& record, Evaluator& ev,
                       const Decisions& d) const {
  switch (c.kind) {
    case Column::Kind::field: return record.values()[c.slot];
    case Column::Kind::derived: return ev.derived(c.slot);
    case Column::Kind::status: return Value::of_string(status_name(index_.of(d, c.slot).status));
    case Column::Kind::eligible: {
      const Status s = index_.of(d, c.slot).status;
      return s == Status::undetermined ? Value::missing() : Value::of_bool(s == Status::eligible);
    }
    case Column::Kind::output: return index_.of(d, c.slot).outputs[c.output];
  }
  return Value::missing();
}

void RowWriter::append(std::string& out, const Record& record, Evaluator& ev,
                       const Decisions& d) const {
  // One pass: each value is written into a per-thread scratch buffer as soon as it is known,
  // and the row is appended at the end, so a derived value that throws leaves `out`
  // unchanged. A list or record sends the whole row to the general path.
  thread_local std::unique_ptr<char[]> scratch;
  thread_local size_t scratch_size = 0;
  char* start = scratch.get();
  char* p = start;
  // Before each cell: room for its longest form, its key or separator and the line end.
  const auto reserve = [&](size_t cell) {
    const size_t used = static_cast<size_t>(p - start);
    const size_t need = used + cell + longest_key_ + 2;
    if (need <= scratch_size) return;
    const size_t size = std::max(need, 2 * scratch_size);
    auto bigger = std::make_unique_for_overwrite<char[]>(size);
    if (used > 0) std::memcpy(bigger.get(), start, used);
    scratch = std::move(bigger);
    scratch_size = size;
    start = scratch.get();
    p = start + used;
  };
  const size_t n = columns_.size();
  if (format_ == Format::csv) {
    for (size_t i = 0; i < n; ++i) {
      const Value v = value(columns_[i], record, ev, d);
      if (!CellFormat::handles(v)) return append_general(out, record, ev, d);
      reserve(cells_.room(v));
      if (i > 0) *p++ = ',';
      p = cells_.put_csv(p, v, columns_[i].type);
    }
    *p++ = '\n';
  } else {
    for (size_t i = 0; i < n; ++i) {
      const Value v = value(columns_[i], record, ev, d);
      if (!CellFormat::handles(v)) return append_general(out, record, ev, d);
      reserve(cells_.room(v));
      std::memcpy(p, keys_[i].data(), keys_[i].size());
      p += keys_[i].size();
      p = cells_.put_json(p, v, columns_[i].type);
    }
    *p++ = '}';
    *p++ = '\n';
  }
  out.append(start, static_cast<size_t>(p - start));
}

void RowWriter::append_general(std::string& out, const Record& record, Evaluator& ev,
                               const Decisions& d) const {
  const size_t before = out.size();
  try {
    for (size_t i = 0; i < columns_.size(); ++i) {
      const Column& c = columns_[i];
      const Value v = value(c, record, ev, d);
      if (format_ == Format::csv) {
        if (i > 0) out += ',';
        append_csv_value(out, v, c.type, model_);
      } else {
        out += keys_[i];
        append_json(out, v, c.type, model_);
      }
    }
    out += format_ == Format::csv ? "\n" : "}\n";
  } catch (...) {
    out.resize(before);
    throw;
  }
}

}  // namespace entitle::batch
