#include "io/json_decisions.hpp"

#include <charconv>
#include <exception>
#include <string_view>

#include "io/value_format.hpp"
#include "model/model.hpp"

namespace entitle {

namespace {

// Writes `"key":`, preceded by a comma for every key but an object's first.
class ObjectWriter {
 public:
  explicit ObjectWriter(std::string& out) : out_(out) { out_ += '{'; }
  // Closing the object may allocate, so it may throw (out of memory): not while unwinding
  // (that would terminate; the half-written output is discarded anyway), and only as a
  // destructor allowed to throw.
  ~ObjectWriter() noexcept(false) {
    if (std::uncaught_exceptions() == unwinding_) out_ += '}';
  }
  ObjectWriter(const ObjectWriter&) = delete;
  ObjectWriter& operator=(const ObjectWriter&) = delete;

  std::string& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    append_json_string(out_, k);
    out_ += ':';
    return out_;
  }
  void string(std::string_view k, std::string_view value) { append_json_string(key(k), value); }

 private:
  std::string& out_;
  bool first_ = true;
  int unwinding_ = std::uncaught_exceptions();
};

void append_uint(std::string& out, uint64_t n) {
  char buf[24];
  out.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
}

void append_date_string(std::string& out, Date d) {
  char buf[10];
  out += '"';
  out.append(buf, d.write(buf));
  out += '"';
}

// Name and type of what a read refers to. Out-of-range slots (a model bug) print as
// unnamed, untyped values rather than crash the output.
struct ReadTarget {
  const char* kind = "";
  std::string name;
  Type type;
};

ReadTarget describe_read(const Model& m, uint32_t entity, const ReadValue& r) {
  ReadTarget t;
  switch (r.kind) {
    case ReadValue::Kind::field:
      t.kind = "field";
      if (entity < m.schemas.size() && r.index < m.schemas[entity].fields.size()) {
        t.name = m.schemas[entity].fields[r.index].name;
        t.type = m.schemas[entity].fields[r.index].type;
      }
      break;
    case ReadValue::Kind::derived:
      t.kind = "derived";
      if (r.index < m.derived.size()) {
        t.name = m.derived[r.index].name;
        if (m.derived[r.index].program < m.programs.size())
          t.type = m.programs[m.derived[r.index].program].result;
      }
      break;
    case ReadValue::Kind::parameter:
      t.kind = "parameter";
      if (r.index < m.parameters.size()) {
        t.name = m.parameters[r.index].name;
        t.type = m.parameters[r.index].type;
      }
      break;
    case ReadValue::Kind::output:
      t.kind = "output";
      if (r.index < m.rules.size()) {
        const Rule& rule = m.rules[r.index];
        t.name = rule.id + ".";
        if (r.sub < rule.outputs.size()) {
          t.name += rule.outputs[r.sub].name;
          t.type = rule.outputs[r.sub].type;
        }
      }
      break;
  }
  return t;
}

void append_read(std::string& out, const Model& m, uint32_t entity, const ReadValue& r) {
  const ReadTarget target = describe_read(m, entity, r);
  ObjectWriter o(out);
  o.string("kind", target.kind);
  o.string("name", target.name);
  append_json(o.key("value"), r.value, target.type, m);
  if (r.effective_from) append_date_string(o.key("effective_from"), *r.effective_from);
}

const char* truth_json(Truth t) {
  switch (t) {
    case Truth::yes: return "true";
    case Truth::no: return "false";
    case Truth::unknown: break;
  }
  return "null";
}

void append_condition(std::string& out, const Model& m, uint32_t entity, const ConditionTrace& c,
                      Language lang) {
  const auto* condition = static_cast<const Condition*>(c.condition);
  ObjectWriter o(out);
  append_uint(o.key("depth"), c.depth);
  o.string("kind", c.kind);
  o.string("name", c.name);
  o.key("value") += truth_json(c.value);
  o.string("title", condition ? condition->title.in(lang) : std::string_view());
  // Only leaves have an expression; a group's `program` means nothing.
  if (condition && condition->kind == Condition::Kind::leaf &&
      condition->program < m.programs.size())
    o.string("expression", m.programs[condition->program].text);
  std::string& reads = o.key("reads");
  reads += '[';
  for (size_t i = 0; i < c.reads.size(); ++i) {
    if (i > 0) reads += ',';
    append_read(reads, m, entity, c.reads[i]);
  }
  reads += ']';
}

void append_table(std::string& out, const Model& m, const Rule& rule, const TableTrace& t) {
  ObjectWriter o(out);
  std::string& rows = o.key("matched_rows");
  rows += '[';
  for (size_t i = 0; i < t.matched_rows.size(); ++i) {
    if (i > 0) rows += ',';
    append_uint(rows, t.matched_rows[i]);
  }
  rows += ']';
  std::string& inputs = o.key("inputs");
  inputs += '[';
  for (size_t i = 0; i < t.inputs.size(); ++i) {
    if (i > 0) inputs += ',';
    const bool typed = rule.table && i < rule.table->inputs.size();
    append_json(inputs, t.inputs[i], typed ? rule.table->inputs[i].type : Type{}, m);
  }
  inputs += ']';
}

void append_explanation(std::string& out, const Model& m, uint32_t entity, const Rule& rule,
                        const Explanation& e, Language lang) {
  ObjectWriter o(out);
  std::string& conditions = o.key("conditions");
  conditions += '[';
  for (size_t i = 0; i < e.conditions.size(); ++i) {
    if (i > 0) conditions += ',';
    append_condition(conditions, m, entity, e.conditions[i], lang);
  }
  conditions += ']';
  if (e.table) append_table(o.key("table"), m, rule, *e.table);
}

void append_citation(std::string& out, const Citation& c) {
  ObjectWriter o(out);
  o.string("document", c.document);
  o.string("section", c.section);
  if (!c.url.empty()) o.string("url", c.url);
}

void append_outputs(std::string& out, const Model& m, const Rule& rule, const Decision& d) {
  ObjectWriter o(out);
  for (size_t i = 0; i < rule.outputs.size(); ++i) {
    const Value v = i < d.outputs.size() ? d.outputs[i] : Value::missing();
    append_json(o.key(rule.outputs[i].name), v, rule.outputs[i].type, m);
  }
}

// A JSON array of names looked up by slot.
template <class NameOf>
void append_names(std::string& out, const std::vector<uint32_t>& slots, NameOf name_of) {
  out += '[';
  for (size_t i = 0; i < slots.size(); ++i) {
    if (i > 0) out += ',';
    append_json_string(out, name_of(slots[i]));
  }
  out += ']';
}

void append_decision(std::string& out, const Model& m, uint32_t entity, const Decision& d,
                     Language lang) {
  static const Rule kUnknownRule;
  const Rule& rule = d.rule < m.rules.size() ? m.rules[d.rule] : kUnknownRule;
  const RecordSchema* schema = entity < m.schemas.size() ? &m.schemas[entity] : nullptr;

  ObjectWriter o(out);
  o.string("rule", rule.id);
  o.string("status", status_name(d.status));
  o.string("title", rule.title.in(lang));
  append_citation(o.key("citation"), rule.citation);
  append_outputs(o.key("outputs"), m, rule, d);
  if (!d.missing_fields.empty()) {
    append_names(o.key("missing"), d.missing_fields, [&](uint32_t slot) -> std::string_view {
      if (!schema || slot >= schema->fields.size()) return {};
      return schema->fields[slot].name;
    });
  }
  if (!d.missing_parameters.empty()) {
    append_names(o.key("missing_parameters"), d.missing_parameters,
                 [&](uint32_t slot) -> std::string_view {
                   if (slot >= m.parameters.size()) return {};
                   return m.parameters[slot].name;
                 });
  }
  if (!d.problem.empty()) o.string("problem", d.problem);
  if (d.explanation)
    append_explanation(o.key("explanation"), m, entity, rule, *d.explanation, lang);
}

}  // namespace

void append_decisions_json(std::string& out, const Model& m, const Decisions& d,
                           const EvalOptions& options) {
  ObjectWriter o(out);
  {
    ObjectWriter ruleset(o.key("ruleset"));
    ruleset.string("name", m.name);
    ruleset.string("version", m.version);
    ruleset.string("hash", m.content_hash);
  }
  append_date_string(o.key("as_of"), d.as_of);
  o.string("entity", d.entity < m.schemas.size() ? std::string_view(m.schemas[d.entity].name)
                                                 : std::string_view());
  std::string& items = o.key("decisions");
  items += '[';
  for (size_t i = 0; i < d.items.size(); ++i) {
    if (i > 0) items += ',';
    append_decision(items, m, d.entity, d.items[i], options.language);
  }
  items += ']';
}

std::string decisions_to_json(const Model& m, const Decisions& d, const EvalOptions& options) {
  std::string out;
  out.reserve(256 + 256 * d.items.size());
  append_decisions_json(out, m, d, options);
  return out;
}

}  // namespace entitle
