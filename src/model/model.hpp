// A checked, compiled rule set: everything evaluation needs, immutable once built.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expr/program.hpp"
#include "model/parameter.hpp"
#include "model/rule.hpp"
#include "model/schema.hpp"
#include "model/text.hpp"
#include "values/value_store.hpp"

namespace entitle {

struct Model {
  std::string name;
  std::string version;
  LocalizedText title;
  std::string content_hash;        // sha256 of every rule file, bases included
  std::vector<std::string> files;  // every file loaded, bases first

  std::vector<EnumDef> enums;
  std::vector<RecordSchema> schemas;  // entities and record types
  std::vector<Parameter> parameters;
  std::vector<Derived> derived;
  std::vector<Rule> rules;
  std::vector<expr::Program> programs;

  std::unordered_map<std::string, uint32_t> enum_index;
  std::unordered_map<std::string, uint32_t> schema_index;
  std::unordered_map<std::string, uint32_t> parameter_index;
  std::unordered_map<std::string, uint32_t> rule_index;
  // "entity/name" -> derived slot
  std::unordered_map<std::string, uint32_t> derived_index;

  ValueStore storage;  // strings and lists of defaults, parameter values and constants

  std::optional<uint32_t> find_schema(std::string_view name) const;
  std::optional<uint32_t> find_parameter(std::string_view name) const;
  std::optional<uint32_t> find_rule(std::string_view id) const;
  std::optional<uint32_t> find_derived(uint32_t entity, std::string_view name) const;

  // "list<group>", "enum sex", "money": a type as rule files write it.
  std::string describe(const Type& t) const;
};

}  // namespace entitle
