#include "model/model.hpp"

#include <algorithm>

namespace entitle {

namespace {
template <typename Map>
std::optional<uint32_t> lookup(const Map& m, std::string_view key) {
  auto it = m.find(std::string(key));
  if (it == m.end()) return std::nullopt;
  return it->second;
}
}  // namespace

std::optional<uint32_t> EnumDef::index_of(std::string_view value) const {
  for (uint32_t i = 0; i < values.size(); ++i)
    if (values[i] == value) return i;
  return std::nullopt;
}

const FieldDef* RecordSchema::find(std::string_view field) const {
  auto slot = slot_of(field);
  return slot ? &fields[*slot] : nullptr;
}

std::optional<uint32_t> RecordSchema::slot_of(std::string_view field) const {
  return lookup(field_index, field);
}

const ParameterValue* Parameter::at(Date day) const {
  auto it = std::upper_bound(timeline.begin(), timeline.end(), day,
                             [](Date d, const ParameterValue& v) { return d < v.from; });
  if (it == timeline.begin()) return nullptr;
  return &*(it - 1);
}

namespace {
template <typename T>
void add_missing(std::vector<T>& into, const std::vector<T>& from) {
  for (const auto& x : from)
    if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
}
}  // namespace

void Reads::merge(const Reads& other) {
  add_missing(fields, other.fields);
  add_missing(derived, other.derived);
  add_missing(parameters, other.parameters);
  add_missing(rules, other.rules);
  add_missing(outputs, other.outputs);
}

std::optional<uint32_t> Rule::output_index(const std::string& output) const {
  for (uint32_t i = 0; i < outputs.size(); ++i)
    if (outputs[i].name == output) return i;
  return std::nullopt;
}

std::optional<uint32_t> Model::find_schema(std::string_view n) const {
  return lookup(schema_index, n);
}
std::optional<uint32_t> Model::find_parameter(std::string_view n) const {
  return lookup(parameter_index, n);
}
std::optional<uint32_t> Model::find_rule(std::string_view id) const {
  return lookup(rule_index, id);
}
std::optional<uint32_t> Model::find_derived(uint32_t entity, std::string_view n) const {
  return lookup(derived_index, schemas[entity].name + "/" + std::string(n));
}

std::string Model::describe(const Type& t) const {
  auto scalar = [&](TypeKind k, uint32_t ref) -> std::string {
    if (k == TypeKind::enumeration) return ref < enums.size() ? enums[ref].name : "enum";
    if (k == TypeKind::record) return ref < schemas.size() ? schemas[ref].name : "record";
    return type_kind_name(k);
  };
  if (t.kind == TypeKind::list) return "list<" + scalar(t.element, t.ref) + ">";
  return scalar(t.kind, t.ref);
}

}  // namespace entitle
