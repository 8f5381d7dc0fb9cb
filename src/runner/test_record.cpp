#include "runner/test_record.hpp"

#include <map>
#include <string>

#include "io/value_format.hpp"

namespace entitle::runner {

namespace {

// Where each field path the JSON reader may name ("groups[2]", "history[1].months") came
// from in the YAML: the key (for unknown fields) and the value.
struct Origin {
  const yaml::Node* key = nullptr;
  const yaml::Node* value = nullptr;
};
using Origins = std::map<std::string, Origin>;

// YAML → JSON text. Plain true/false are booleans and plain null is null; every other
// scalar becomes a JSON string, which the record reader accepts for numbers, money, dates
// and enums alike, so `4200.00`, `"4200.00"` and `2024-07-01` all read exactly.
void to_json(const yaml::Node& n, const std::string& path, std::string& out, Origins& origins) {
  switch (n.kind) {
    case yaml::Node::Kind::null: out += "null"; return;
    case yaml::Node::Kind::scalar:
      if (!n.quoted && (n.text == "true" || n.text == "false"))
        out += n.text;
      else
        append_json_string(out, n.text);
      return;
    case yaml::Node::Kind::sequence:
      out += '[';
      for (size_t i = 0; i < n.items.size(); ++i) {
        std::string p = path + "[" + std::to_string(i) + "]";
        origins[p] = {&n.items[i], &n.items[i]};
        if (i) out += ',';
        to_json(n.items[i], p, out, origins);
      }
      out += ']';
      return;
    case yaml::Node::Kind::map:
      out += '{';
      for (size_t i = 0; i < n.entries.size(); ++i) {
        const auto& [key, value] = n.entries[i];
        std::string p = path.empty() ? key.text : path + "." + key.text;
        origins[p] = {&key, &value};
        if (i) out += ',';
        append_json_string(out, key.text);
        out += ':';
        to_json(value, p, out, origins);
      }
      out += '}';
      return;
  }
}

}  // namespace

yaml::Node merge_maps(const yaml::Node* base, const yaml::Node* over) {
  if (!base || !base->is_map()) return over ? *over : yaml::Node{};
  if (!over || !over->is_map()) return *base;
  yaml::Node merged = *over;
  merged.entries.clear();
  for (const auto& entry : base->entries)
    if (!over->find(entry.key.text)) merged.entries.push_back(entry);
  for (const auto& entry : over->entries) merged.entries.push_back(entry);
  return merged;
}

std::optional<Record> read_yaml_record(const RuleSet& rs, uint32_t entity, const yaml::Node& map,
                                       load::NodeReader& reader, std::string_view what) {
  if (!reader.expect_map(map, what)) return std::nullopt;
  std::string json;
  Origins origins;
  to_json(map, "", json, origins);
  try {
    return rs.parse_record(json, entity);
  } catch (const RecordError& e) {
    const yaml::Node* at = &map;  // a required field that is absent: the record itself
    if (auto it = origins.find(e.field); it != origins.end())
      at = e.reason.starts_with("unknown field") ? it->second.key : it->second.value;
    std::string message = std::string(what);
    if (!e.field.empty() && !e.reason.starts_with("unknown field")) message += "." + e.field;
    message += ": " + e.reason;
    if (!e.value.empty()) message += " (value: " + e.value + ")";
    reader.error(*at, message);
    return std::nullopt;
  }
}

}  // namespace entitle::runner
