// Pass 1: the ruleset header, enums, record types, entities and parameters.
#include <algorithm>
#include <unordered_map>

#include "base/echo.hpp"
#include "load/load_state.hpp"
#include "load/node_reader.hpp"
#include "load/typed_values.hpp"

namespace entitle::load {

bool LoadState::define(const std::string& kind, const std::string& name, const SourceDoc& doc,
                       const yaml::Node& at, bool override_flag, bool& replaces) {
  replaces = false;
  const std::string key = kind + ":" + name;
  SourceLocation here{doc.path, at.line, at.column};
  auto it = definitions.find(key);
  if (it == definitions.end()) {
    if (override_flag)
      diagnostics.error(here, kind + " '" + name +
                                  "' says override: true, but no rule set it "
                                  "builds on defines it");
    definitions.emplace(key, Definition{doc.layer, here});
    return !override_flag;
  }
  const Definition& first = it->second;
  std::string first_at = first.where.file + ":" + std::to_string(first.where.line);
  if (first.layer == doc.layer) {
    diagnostics.error(here, kind + " '" + name + "' is defined twice (first at " + first_at + ")");
    return false;
  }
  if (!override_flag) {
    diagnostics.error(here, kind + " '" + name +
                                "' is already defined by a rule set this one "
                                "builds on (" +
                                first_at + "); add override: true to replace it");
    return false;
  }
  it->second = Definition{doc.layer, here};
  replaces = true;
  return true;
}

namespace {

bool override_of(NodeReader& r, const yaml::Node& map) {
  const yaml::Node* o = map.find("override");
  return o && r.boolean(*o, "override").value_or(false);
}

void read_header(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n) {
  if (!r.expect_map(n, "ruleset")) return;
  r.check_keys(n, {"name", "version", "title", "extends", "description"}, "ruleset");
  // A base's header is read too, but the rule set being loaded names the result.
  if (s.header_layer == static_cast<int64_t>(doc.layer)) {
    r.error(n, "the ruleset header appears in more than one file");
    return;
  }
  s.header_layer = doc.layer;
  if (auto* name = r.require(n, "name", "ruleset"))
    s.model.name = r.text(*name, "name").value_or("");
  if (auto* v = r.require(n, "version", "ruleset"))
    s.model.version = r.text(*v, "version").value_or("");
  if (auto* t = n.find("title")) s.model.title = r.localized(*t, "title");
}

uint32_t add_enum(Model& m, EnumDef e) {
  auto index = static_cast<uint32_t>(m.enums.size());
  m.enum_index[e.name] = index;
  m.enums.push_back(std::move(e));
  return index;
}

// `values: [a, b]` or a list of `{value: a, title: {zh, en}}`, or the list itself.
std::optional<EnumDef> read_enum_values(NodeReader& r, const yaml::Node& n, std::string name) {
  EnumDef e;
  e.name = std::move(name);
  e.where = r.at(n);
  const yaml::Node* values = &n;
  const yaml::Node* titles = nullptr;
  if (n.is_map()) {
    r.check_keys(n, {"values", "titles", "override", "title"}, "enum " + e.name);
    values = r.require(n, "values", "enum " + e.name);
    titles = n.find("titles");
    if (!values) return std::nullopt;
  }
  if (!r.expect_sequence(*values, "the values of enum " + e.name)) return std::nullopt;
  // Looked up by hash: an enum may list as many values as a file holds.
  std::unordered_map<std::string, uint32_t> index;
  for (const auto& v : values->items) {
    auto text = r.text(v, "an enum value");
    if (!text) continue;
    if (!index.try_emplace(*text, static_cast<uint32_t>(e.values.size())).second) {
      r.error(v, "enum " + e.name + " lists '" + echo(*text) + "' twice");
      continue;
    }
    e.values.push_back(*text);
  }
  if (e.values.empty()) r.error(*values, "enum " + e.name + " needs at least one value");
  e.titles.resize(e.values.size());
  if (titles && r.expect_map(*titles, "titles of enum " + e.name)) {
    for (const auto& [key, value] : titles->entries) {
      auto found = index.find(key.text);
      auto i = found == index.end() ? std::nullopt : std::optional<uint32_t>(found->second);
      if (!i) {
        r.error(key, "'" + echo(key.text) + "' is not a value of enum " + e.name);
        continue;
      }
      e.titles[*i] = r.localized(value, "title of " + key.text);
    }
  }
  return e;
}

void read_enums(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n) {
  if (!r.expect_map(n, "enums")) return;
  for (const auto& [key, value] : n.entries) {
    bool replaces = false;
    bool flag = value.is_map() && override_of(r, value);
    if (!s.define("enum", key.text, doc, key, flag, replaces)) continue;
    auto e = read_enum_values(r, value, key.text);
    if (!e) continue;
    if (replaces)
      s.model.enums[s.model.enum_index[key.text]] = std::move(*e);
    else
      add_enum(s.model, std::move(*e));
  }
}

std::optional<FieldDef> read_field(LoadState& s, NodeReader& r, const std::string& owner,
                                   const yaml::Node& key, const yaml::Node& n) {
  FieldDef f;
  f.name = key.text;
  f.where = r.at(key);
  f.required = false;  // a missing input makes decisions undetermined unless marked required
  const std::string what = "field " + owner + "." + f.name;
  const yaml::Node* type_node = &n;
  if (n.is_map()) {
    r.check_keys(n, {"type", "values", "required", "default", "title", "note"}, what);
    type_node = r.require(n, "type", what);
    if (!type_node) return std::nullopt;
    if (auto* req = n.find("required")) f.required = r.boolean(*req, "required").value_or(false);
    if (auto* t = n.find("title")) f.title = r.localized(*t, "title");
  }
  auto type_text = r.text(*type_node, "the type of " + what);
  if (!type_text) return std::nullopt;
  if (*type_text == "enum" || *type_text == "list<enum>") {
    const yaml::Node* values = n.is_map() ? n.find("values") : nullptr;
    if (!values) {
      r.error(*type_node, what +
                              " is an enum: list its values (values: [a, b]) or name an enum "
                              "declared under enums:");
      return std::nullopt;
    }
    auto e = read_enum_values(r, *values, owner + "." + f.name);
    if (!e) return std::nullopt;
    Type t = Type::of(TypeKind::enumeration, add_enum(s.model, std::move(*e)));
    f.type = *type_text == "enum" ? t : Type::list_of(t);
  } else {
    std::string error;
    auto t = parse_type(*type_text, s.model, error);
    if (!t) {
      r.error(*type_node, what + ": " + error);
      return std::nullopt;
    }
    f.type = *t;
    if (n.is_map() && n.find("values"))
      r.error(*n.find("values"), what + ": values: belongs to enum fields only");
  }
  if (const yaml::Node* d = n.is_map() ? n.find("default") : nullptr) {
    auto v = read_value(*d, f.type, s.model, r, "the default of " + what);
    if (!v) return std::nullopt;
    f.has_default = true;
    f.default_value = *v;
    if (f.required) r.error(*d, what + " is required, so a default would never be used");
  }
  return f;
}

void read_schema_fields(LoadState& s, NodeReader& r, RecordSchema& schema,
                        const yaml::Node& fields) {
  if (!r.expect_map(fields, "fields of " + schema.name)) return;
  for (const auto& [key, value] : fields.entries) {
    if (schema.slot_of(key.text)) {
      const FieldDef* first = schema.find(key.text);
      r.error(key, schema.name + " already has a field '" + echo(key.text) + "' (" +
                       first->where.file + ":" + std::to_string(first->where.line) + ")");
      continue;
    }
    auto f = read_field(s, r, schema.name, key, value);
    if (!f) continue;
    schema.field_index[f->name] = static_cast<uint32_t>(schema.fields.size());
    schema.fields.push_back(std::move(*f));
  }
}

void read_schemas(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n,
                  bool entities) {
  const char* section = entities ? "entities" : "records";
  if (!r.expect_map(n, section)) return;
  for (const auto& [key, value] : n.entries) {
    const std::string what = std::string(entities ? "entity " : "record ") + key.text;
    if (!r.expect_map(value, what)) continue;
    r.check_keys(value, {"title", "fields", "note"}, what);
    auto existing = s.model.find_schema(key.text);
    if (existing && s.model.schemas[*existing].is_entity != entities) {
      r.error(key, "'" + echo(key.text) + "' is already declared as " +
                       (entities ? "a record type" : "an entity"));
      continue;
    }
    if (existing) {
      // A later layer may add fields to a base entity; redefining one is an error.
      auto def = s.definitions.find(std::string(section) + ":" + key.text);
      if (def != s.definitions.end() && def->second.layer == doc.layer) {
        r.error(key, what + " is declared twice (first at " + def->second.where.file + ":" +
                         std::to_string(def->second.where.line) + ")");
        continue;
      }
    } else {
      RecordSchema schema;
      schema.name = key.text;
      schema.is_entity = entities;
      schema.where = r.at(key);
      s.model.schema_index[schema.name] = static_cast<uint32_t>(s.model.schemas.size());
      s.model.schemas.push_back(std::move(schema));
      existing = static_cast<uint32_t>(s.model.schemas.size() - 1);
    }
    s.definitions[std::string(section) + ":" + key.text] = Definition{doc.layer, r.at(key)};
    RecordSchema& schema = s.model.schemas[*existing];
    if (auto* t = value.find("title")) schema.title = r.localized(*t, "title");
    if (auto* fields = r.require(value, "fields", what)) read_schema_fields(s, r, schema, *fields);
  }
}

void read_parameter(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& key,
                    const yaml::Node& n) {
  const std::string what = "parameter " + key.text;
  if (!r.expect_map(n, what)) return;
  r.check_keys(n, {"type", "title", "note", "example", "override", "values"}, what);
  bool replaces = false;
  if (!s.define("parameter", key.text, doc, key, override_of(r, n), replaces)) return;
  Parameter p;
  p.name = key.text;
  p.where = r.at(key);
  if (auto* t = n.find("title")) p.title = r.localized(*t, "title");
  if (auto* note = n.find("note")) p.note = r.text(*note, "note").value_or("");
  if (auto* ex = n.find("example")) p.example = r.boolean(*ex, "example").value_or(false);
  const yaml::Node* type_node = r.require(n, "type", what);
  if (!type_node) return;
  std::string error;
  auto type = parse_type(type_node->text, s.model, error);
  if (!type) {
    r.error(*type_node, what + ": " + error);
    return;
  }
  p.type = *type;
  const yaml::Node* values = r.require(n, "values", what);
  if (!values || !r.expect_sequence(*values, "values of " + what)) return;
  for (const auto& entry : values->items) {
    if (!r.expect_map(entry, "a value of " + what)) continue;
    r.check_keys(entry, {"from", "value", "source", "note"}, "a value of " + what);
    const yaml::Node* from = r.require(entry, "from", "a value of " + what);
    const yaml::Node* value = entry.find("value");
    if (!value) {
      r.error(entry, "a value of " + what + " needs 'value'");
      continue;
    }
    if (!from) continue;
    auto day = r.date(*from, "from");
    auto v = read_value(*value, p.type, s.model, r, what);
    if (!day || !v) continue;
    if (!p.timeline.empty() && *day <= p.timeline.back().from) {
      r.error(*from, what + ": 'from' dates must increase; " + from->text + " is not after " +
                         p.timeline.back().from.to_string() +
                         (*day == p.timeline.back().from ? " (a duplicate date)" : ""));
      continue;
    }
    ParameterValue pv;
    pv.from = *day;
    pv.value = *v;
    pv.where = r.at(entry);
    if (auto* src = entry.find("source")) pv.source = r.citation(*src, "source");
    p.timeline.push_back(std::move(pv));
  }
  if (p.timeline.empty() && values->items.empty())
    r.error(*values, what + " needs at least one value");
  if (replaces) {
    s.model.parameters[s.model.parameter_index[p.name]] = std::move(p);
  } else {
    s.model.parameter_index[p.name] = static_cast<uint32_t>(s.model.parameters.size());
    s.model.parameters.push_back(std::move(p));
  }
}

void read_parameters(LoadState& s, const SourceDoc& doc, NodeReader& r, const yaml::Node& n) {
  if (!r.expect_map(n, "parameters")) return;
  for (const auto& [key, value] : n.entries) read_parameter(s, doc, r, key, value);
}

}  // namespace

void read_declarations(LoadState& s) {
  static const std::initializer_list<std::string_view> kSections = {
      "ruleset", "enums", "records", "entities", "parameters", "derived", "rules", "tables"};
  for (const auto& doc : s.docs) {
    NodeReader r(s.diagnostics, doc.path);
    const yaml::Node& root = doc.root();
    if (root.is_null()) continue;
    if (!r.expect_map(root, "a rule file")) continue;
    r.check_keys(root, kSections, "a rule file");
    if (auto* h = root.find("ruleset")) read_header(s, doc, r, *h);
  }
  // Section by section across all files, so a type may be used in a file before the one
  // that declares it.
  for (const char* section : {"enums", "records", "entities", "parameters"}) {
    for (const auto& doc : s.docs) {
      if (!doc.root().is_map()) continue;
      const yaml::Node* n = doc.root().find(section);
      if (!n) continue;
      NodeReader r(s.diagnostics, doc.path);
      std::string_view name(section);
      if (name == "enums")
        read_enums(s, doc, r, *n);
      else if (name == "records")
        read_schemas(s, doc, r, *n, false);
      else if (name == "entities")
        read_schemas(s, doc, r, *n, true);
      else
        read_parameters(s, doc, r, *n);
    }
  }
}

}  // namespace entitle::load
