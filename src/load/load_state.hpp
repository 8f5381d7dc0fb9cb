// What the loader's passes share: the documents in load order and the model being built.
//
// Passes, each over every document (bases first):
//   1. declarations: ruleset header, enums, records, entities, parameters
//   2. definitions: derived values, rules and tables are registered by name, so any
//      expression may refer to any of them regardless of file order
//   3. link: every expression is parsed, checked and compiled; cycles and cross-checks
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "entitle/diagnostics.hpp"
#include "load/yaml_tree.hpp"
#include "model/model.hpp"

namespace entitle::load {

struct SourceDoc {
  std::string path;  // as the load reached it (rules/city/../national/x.yaml): diagnostics use it
  std::shared_ptr<const yaml::Document> parsed;  // may be shared with the parsed-file cache
  uint32_t layer = 0;  // 0 = the deepest base; the rule set being loaded has the highest

  const yaml::Node& root() const { return parsed->root; }
};

struct Pending {
  uint32_t slot = 0;                 // derived or rule slot
  const yaml::Node* node = nullptr;  // the derived expression, or the rule's map
  const SourceDoc* source = nullptr;
};

// Where and in which layer a named thing was defined, to allow only explicit overrides.
struct Definition {
  uint32_t layer = 0;
  SourceLocation where;
};

struct LoadState {
  Model& model;
  Diagnostics& diagnostics;
  std::deque<SourceDoc> docs;  // a deque: pointers into it stay valid
  std::vector<Pending> derived;
  std::vector<Pending> rules;
  std::unordered_map<std::string, Definition> definitions;  // "kind:name" -> first definition
  int64_t header_layer = -1;  // the last layer whose ruleset header was read

  // Records a definition of `kind` `name`. Returns false (after reporting) when it clashes:
  // defined twice in one layer, or redefined by a later layer without `override: true`.
  // Sets `replaces` when a later layer overrides an earlier definition.
  bool define(const std::string& kind, const std::string& name, const SourceDoc& doc,
              const yaml::Node& at, bool override_flag, bool& replaces);
};

void read_declarations(LoadState& state);
void read_definitions(LoadState& state);
void link(LoadState& state);

}  // namespace entitle::load
