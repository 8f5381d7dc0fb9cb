// Pass 2: derived values, rules and decision tables are registered by name (their
// expressions are compiled in pass 3, once every name is known).
#include "base/echo.hpp"
#include "load/load_state.hpp"
#include "load/node_reader.hpp"
#include "load/typed_values.hpp"

namespace entitle::load {

namespace {

bool override_of(NodeReader& r, const yaml::Node& map) {
  const yaml::Node* o = map.is_map() ? map.find("override") : nullptr;
  return o && r.boolean(*o, "override").value_or(false);
}

std::optional<uint32_t> entity_of(LoadState& s, NodeReader& r, const yaml::Node& n) {
  auto name = r.text(n, "entity");
  if (!name) return std::nullopt;
  auto slot = s.model.find_schema(*name);
  if (!slot || !s.model.schemas[*slot].is_entity) {
    std::vector<std::string> names;
    for (const auto& schema : s.model.schemas)
      if (schema.is_entity) names.push_back(schema.name);
    std::string list;
    for (const auto& e : names) list += (list.empty() ? "" : ", ") + e;
    r.error(n, "unknown entity '" + echo(*name) + "'" +
                   (list.empty() ? "; declare it under entities:" : "; entities: " + list));
    return std::nullopt;
  }
  return slot;
}

void read_derived(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n) {
  if (!r.expect_map(n, "derived")) return;
  for (const auto& [entity_key, values] : n.entries) {
    auto entity = entity_of(s, r, entity_key);
    if (!entity || !r.expect_map(values, "derived values of " + entity_key.text)) continue;
    for (const auto& [key, value] : values.entries) {
      const std::string what = "derived value " + key.text;
      if (value.is_map())
        r.check_keys(value, {"expr", "type", "title", "note", "override"}, what);
      else if (!r.expect_scalar(value, what))
        continue;
      if (s.model.schemas[*entity].slot_of(key.text)) {
        r.error(key, what + " has the name of a field of " + entity_key.text);
        continue;
      }
      bool replaces = false;
      if (!s.define("derived value", entity_key.text + "." + key.text, doc, key,
                    override_of(r, value), replaces))
        continue;
      const yaml::Node* expr = value.is_map() ? r.require(value, "expr", what) : &value;
      if (!expr) continue;
      Derived d;
      d.name = key.text;
      d.entity = *entity;
      d.where = r.at(key);
      if (value.is_map())
        if (auto* t = value.find("title")) d.title = r.localized(*t, "title");
      uint32_t slot;
      if (replaces) {
        slot = *s.model.find_derived(*entity, key.text);
        s.model.derived[slot] = std::move(d);
        for (auto& p : s.derived)
          if (p.slot == slot) p = Pending{slot, &value, &doc};
      } else {
        slot = static_cast<uint32_t>(s.model.derived.size());
        s.model.derived_index[entity_key.text + "/" + key.text] = slot;
        s.model.derived.push_back(std::move(d));
        s.derived.push_back(Pending{slot, &value, &doc});
      }
    }
  }
}

// The fields rules and tables share: id, title, citation, notes, entity, effective.
bool read_rule_header(LoadState& s, NodeReader& r, const yaml::Node& n, Rule& rule,
                      const std::string& what) {
  bool ok = true;
  if (auto* id = r.require(n, "id", what))
    rule.id = r.text(*id, "id").value_or("");
  else
    ok = false;
  const std::string named = rule.id.empty() ? what : what + " '" + rule.id + "'";
  if (auto* t = r.require(n, "title", named)) rule.title = r.localized(*t, "title");
  if (auto* c = r.require(n, "citation", named)) rule.citation = r.citation(*c, "citation");
  if (auto* notes = n.find("notes")) rule.notes = r.text(*notes, "notes").value_or("");
  if (auto* e = r.require(n, "entity", named)) {
    auto entity = entity_of(s, r, *e);
    if (entity)
      rule.entity = *entity;
    else
      ok = false;
  } else {
    ok = false;
  }
  if (auto* eff = r.require(n, "effective", named)) {
    if (r.expect_map(*eff, "effective")) {
      r.check_keys(*eff, {"from", "until"}, "effective");
      if (auto* from = r.require(*eff, "from", "effective")) {
        if (auto d = r.date(*from, "effective.from")) rule.effective_from = *d;
      }
      if (auto* until = eff->find("until")) {
        rule.effective_until = r.date(*until, "effective.until");
        if (rule.effective_until && *rule.effective_until < rule.effective_from)
          r.error(*until, "effective.until is before effective.from");
      }
    }
  }
  rule.where = r.at(n);
  return ok && !rule.id.empty();
}

// Output names (types come from their expressions when compiled).
// `block` is the key the outputs are listed under: `outputs` (a table's, or a rule's computed
// when it holds) or `always` (a rule's computed whatever its status).
void read_output_names(NodeReader& r, const yaml::Node& outputs, Rule& rule,
                       std::string_view block = "outputs") {
  if (!r.expect_map(outputs, std::string(block))) return;
  const bool always = block == "always";
  for (const auto& [key, value] : outputs.entries) {
    if (auto earlier = rule.output_index(key.text)) {
      const OutputDef& first = rule.outputs[*earlier];
      if (first.always != always)
        r.error(key, "output '" + key.text + "' is listed under both always: (line " +
                         std::to_string(first.where.line) +
                         ") and outputs:; an output is "
                         "computed either whatever the rule's status or only when it holds");
      else
        r.error(key, "output '" + key.text + "' is listed twice");
      continue;
    }
    OutputDef o;
    o.name = key.text;
    o.where = r.at(key);
    o.always = always;
    if (value.is_map()) {
      r.check_keys(value, {"expr", "type", "title"}, "output " + key.text);
      if (auto* t = value.find("title")) o.title = r.localized(*t, "title");
    }
    rule.outputs.push_back(std::move(o));
  }
}

void register_rule(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n,
                   bool is_table) {
  const std::string what = is_table ? "a table" : "a rule";
  if (!r.expect_map(n, what)) return;
  if (is_table)
    r.check_keys(n,
                 {"id", "title", "citation", "notes", "entity", "effective", "override", "hit",
                  "inputs", "outputs", "rows"},
                 what);
  else
    r.check_keys(n,
                 {"id", "title", "citation", "notes", "entity", "effective", "override", "when",
                  "always", "outputs", "otherwise"},
                 what);
  Rule rule;
  if (!read_rule_header(s, r, n, rule, what)) return;
  bool replaces = false;
  if (!s.define("rule", rule.id, doc, *n.find("id"), override_of(r, n), replaces)) return;
  if (is_table) {
    rule.table.emplace();
    if (auto* outputs = r.require(n, "outputs", "table '" + rule.id + "'")) {
      // A list of names, or a map of name: {type, title}.
      if (outputs->is_sequence()) {
        for (const auto& o : outputs->items) {
          OutputDef def;
          def.name = r.text(o, "an output name").value_or("");
          def.where = r.at(o);
          if (def.name.empty()) continue;
          if (rule.output_index(def.name)) {
            r.error(o, "output '" + def.name + "' is listed twice");
            continue;
          }
          rule.outputs.push_back(std::move(def));
        }
      } else {
        read_output_names(r, *outputs, rule);
      }
    }
  } else {
    if (!r.require(n, "when", "rule '" + rule.id + "'")) return;
    // `always:` first: its outputs are computed first, so `outputs:` may read them.
    if (auto* always = n.find("always")) read_output_names(r, *always, rule, "always");
    if (auto* outputs = n.find("outputs")) read_output_names(r, *outputs, rule);
  }
  uint32_t slot;
  if (replaces) {
    slot = *s.model.find_rule(rule.id);
    s.model.rules[slot] = std::move(rule);
    for (auto& p : s.rules)
      if (p.slot == slot) p = Pending{slot, &n, &doc};
  } else {
    slot = static_cast<uint32_t>(s.model.rules.size());
    s.model.rule_index[rule.id] = slot;
    s.model.rules.push_back(std::move(rule));
    s.rules.push_back(Pending{slot, &n, &doc});
  }
}

}  // namespace

void read_definitions(LoadState& s) {
  for (const auto& doc : s.docs) {
    if (!doc.root().is_map()) continue;
    NodeReader r(s.diagnostics, doc.path);
    if (auto* d = doc.root().find("derived")) read_derived(s, doc, r, *d);
    for (const char* section : {"rules", "tables"}) {
      const yaml::Node* list = doc.root().find(section);
      if (!list || !r.expect_sequence(*list, section)) continue;
      for (const auto& n : list->items)
        register_rule(s, doc, r, n, std::string_view(section) == "tables");
    }
  }
}

}  // namespace entitle::load
