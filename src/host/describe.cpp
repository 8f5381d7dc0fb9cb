// What a loaded rule set holds, as JSON, for hosts that build forms, pick rules, or convert
// output values to their own types (entitle_ruleset_describe, GET /v1/rules).
#include "host/describe.hpp"

#include <nlohmann/json.hpp>

#include "host/loaded_ruleset.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"

namespace entitle::host {

namespace {

using Json = nlohmann::ordered_json;

Json text(const LocalizedText& t) { return Json{{"zh", t.zh}, {"en", t.en}}; }

Json date_or_null(std::optional<Date> d) { return d ? Json(d->to_string()) : Json(nullptr); }

// A value as the decisions JSON writes it (money as an exact string, dates as text), so
// a host reads defaults the way it reads outputs.
Json value(const Value& v, const Type& t, const Model& m) {
  std::string out;
  append_json(out, v, t, m);
  return Json::parse(out);
}

Json field(const FieldDef& f, const Model& m) {
  Json j{{"name", f.name},
         {"type", m.describe(f.type)},
         {"required", f.required},
         {"title", text(f.title)}};
  if (f.has_default) j["default"] = value(f.default_value, f.type, m);
  bool is_enum = f.type.kind == TypeKind::enumeration ||
                 (f.type.is_list() && f.type.element == TypeKind::enumeration);
  if (is_enum && f.type.ref < m.enums.size()) j["values"] = m.enums[f.type.ref].values;
  return j;
}

Json schema(const RecordSchema& s, const Model& m) {
  Json fields = Json::array();
  for (const auto& f : s.fields) fields.push_back(field(f, m));
  return Json{{"name", s.name}, {"title", text(s.title)}, {"fields", std::move(fields)}};
}

Json rule(const Rule& r, const Model& m) {
  Json citation{{"document", r.citation.document}, {"section", r.citation.section}};
  if (!r.citation.url.empty()) citation["url"] = r.citation.url;
  // Date{INT32_MIN} is the model's "no start" (rule files always give one today).
  std::optional<Date> from;
  if (r.effective_from.days != INT32_MIN) from = r.effective_from;
  Json outputs = Json::array();
  for (const auto& o : r.outputs) {
    Json out{{"name", o.name}, {"type", m.describe(o.type)}};
    if (o.always) out["always"] = true;  // a value whatever the status (rule files' always:)
    outputs.push_back(std::move(out));
  }
  return Json{
      {"id", r.id},
      {"kind", r.table ? "table" : "rule"},
      {"title", text(r.title)},
      {"citation", std::move(citation)},
      {"entity", r.entity < m.schemas.size() ? m.schemas[r.entity].name : ""},
      {"effective", Json{{"from", date_or_null(from)}, {"until", date_or_null(r.effective_until)}}},
      {"outputs", std::move(outputs)}};
}

}  // namespace

std::string describe_ruleset(const LoadedRuleSet& loaded) {
  const Model& m = loaded.ruleset->model();
  Json entities = Json::array(), records = Json::array(), rules = Json::array(),
       parameters = Json::array(), warnings = Json::array();
  for (const auto& s : m.schemas) (s.is_entity ? entities : records).push_back(schema(s, m));
  for (const auto& r : m.rules) rules.push_back(rule(r, m));
  for (const auto& p : m.parameters)
    parameters.push_back(
        Json{{"name", p.name}, {"type", m.describe(p.type)}, {"title", text(p.title)}});
  for (const auto& d : loaded.warnings.items()) warnings.push_back(format_diagnostic(d));
  Json j{{"name", m.name},
         {"version", m.version},
         {"hash", m.content_hash},
         {"title", text(m.title)},
         {"files", m.files},
         {"entities", std::move(entities)},
         {"records", std::move(records)},
         {"rules", std::move(rules)},
         {"parameters", std::move(parameters)},
         {"warnings", std::move(warnings)}};
  // Rule files are checked as UTF-8 when loaded; replace rather than fail if one slipped by.
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace entitle::host
