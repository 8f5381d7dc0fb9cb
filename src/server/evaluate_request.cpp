#include "server/evaluate_request.hpp"

#include <algorithm>
#include <optional>

#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "model/model.hpp"
#include "server/api_error.hpp"
#include "server/json_body.hpp"

namespace entitle::server {

namespace {

ApiError invalid(const JsonMember& m, std::string message) {
  return std::move(ApiError(422, "invalid_request", std::move(message), m.key)
                       .at(m.value_at.line, m.value_at.column));
}

Date as_of_of(const JsonMember& m) {
  const std::string text = member_string(m, "a date YYYY-MM-DD");
  auto d = Date::parse(text);
  if (!d)
    throw invalid(m,
                  "as_of: '" + echo(text) + "' is not a date; write YYYY-MM-DD, e.g. 2024-07-01");
  return *d;
}

Language language_of(const JsonMember& m) {
  const std::string text = member_string(m, "\"zh\" or \"en\"");
  if (text == "zh") return Language::zh;
  if (text == "en") return Language::en;
  throw invalid(m, "lang: '" + echo(text) + "' is not zh or en");
}

std::vector<std::string> rules_of(const JsonMember& m, const RuleSet& rs) {
  std::vector<std::string> ids = member_string_list(m);
  std::vector<std::string> known;
  for (const auto& r : rs.model().rules) known.push_back(r.id);
  for (size_t i = 0; i < ids.size(); ++i) {
    if (rs.model().find_rule(ids[i])) continue;
    ApiError e = invalid(
        m, "rules: the rule set has no rule '" + echo(ids[i]) + "'" + did_you_mean(ids[i], known));
    e.field = "rules[" + std::to_string(i) + "]";
    throw e;
  }
  return ids;
}

std::string joined(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  return list;
}

uint32_t entity_of(const std::optional<JsonMember>& m, const RuleSet& rs) {
  std::vector<std::string> names;
  for (const auto& s : rs.model().schemas)
    if (s.is_entity) names.push_back(s.name);
  if (!m) {
    if (auto e = rs.default_entity()) return *e;
    throw ApiError(422, "invalid_request",
                   "entity: required, the rule set has several entities (" + joined(names) + ")",
                   "entity");
  }
  const std::string name = member_string(*m, "an entity name (string)");
  if (auto e = rs.entity(name)) return *e;
  throw invalid(
      *m, "entity: the rule set has no entity '" + echo(name) + "'" + did_you_mean(name, names));
}

capi::RecordSpan span_of(const JsonMember& m) {
  return capi::RecordSpan{m.value, m.value_at.line, m.value_at.column};
}

// The records of a batch, with their positions moved from the array's text to the body.
std::vector<capi::RecordSpan> records_of(const JsonMember& m, size_t max_records) {
  if (m.value.empty() || m.value.front() != '[')
    throw invalid(m, "records: expected an array of records");
  std::vector<capi::RecordSpan> spans = capi::split_json_array(m.value);
  if (spans.size() > max_records)
    throw std::move(ApiError(413, "too_many_records",
                             "records: " + std::to_string(spans.size()) + " records; at most " +
                                 std::to_string(max_records) + " per request",
                             "records")
                        .at(m.value_at.line, m.value_at.column));
  for (auto& s : spans) {
    const TextPosition at = in_body(m.value_at, s.line, s.column);
    s.line = at.line;
    s.column = at.column;
  }
  return spans;
}

}  // namespace

EvaluateRequest read_evaluate_request(std::string_view body, const RuleSet& rs, bool batch,
                                      size_t max_depth, size_t max_records) {
  check_json(body, max_depth);
  const std::string_view record_key = batch ? "records" : "record";
  const std::vector<std::string> keys = {"as_of", "entity",  std::string(record_key),
                                         "rules", "explain", "lang"};
  std::optional<JsonMember> as_of, entity, records, rules, explain, lang;
  // Each member is placed as it is read, so the first unknown or repeated one ends the walk.
  for_each_member(body, [&](JsonMember& m) {
    std::optional<JsonMember>* slot = m.key == "as_of"      ? &as_of
                                      : m.key == "entity"   ? &entity
                                      : m.key == record_key ? &records
                                      : m.key == "rules"    ? &rules
                                      : m.key == "explain"  ? &explain
                                      : m.key == "lang"     ? &lang
                                                            : nullptr;
    if (!slot)
      throw std::move(ApiError(422, "invalid_request",
                               "unknown member '" + echo(m.key) + "'" + did_you_mean(m.key, keys) +
                                   "; expected one of as_of, entity, " + std::string(record_key) +
                                   ", rules, explain, lang",
                               echo(m.key))
                          .at(m.key_at.line, m.key_at.column));
    if (*slot)
      throw std::move(ApiError(422, "invalid_request", "member '" + m.key + "' given twice", m.key)
                          .at(m.key_at.line, m.key_at.column));
    *slot = std::move(m);
  });
  if (!as_of) throw ApiError(422, "invalid_request", "as_of: required (YYYY-MM-DD)", "as_of");
  if (!records)
    throw ApiError(422, "invalid_request", std::string(record_key) + ": required",
                   std::string(record_key));

  EvaluateRequest r;
  r.as_of = as_of_of(*as_of);
  r.entity = entity_of(entity, rs);
  if (rules) r.options.rules = rules_of(*rules, rs);
  if (explain) r.options.explain = member_bool(*explain);
  if (lang) r.options.language = language_of(*lang);
  if (batch) {
    r.records = records_of(*records, max_records);
  } else {
    r.records.push_back(span_of(*records));
  }
  return r;
}

}  // namespace entitle::server
