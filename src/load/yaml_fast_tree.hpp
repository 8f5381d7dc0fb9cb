// The fast reader of rule files: libyaml's event parser building the same entitle::yaml::Node
// tree as the general reader (yaml-cpp, yaml_tree.cpp).
//
// yaml-cpp's regex-driven scanner costs ~1,300 instructions a byte and was three quarters of
// loading every rule set in rules/; libyaml's costs a few dozen. The fast reader only takes
// the plain subset of YAML that rule files are written in and declines everything else
// (anchors, aliases, tags, directives, a second document, explicit or null keys, empty
// sequence items, broken limits or rules, any libyaml error, ...); parse() then reads the text
// again with yaml-cpp, which gives every diagnostic exactly as before. A tree the fast reader
// returns is identical, field for field, to yaml-cpp's (tests/unit/load/
// yaml_fast_tree_test.cpp compares them over every YAML file in the repository and a set of
// tricky snippets).
#pragma once

#include <optional>
#include <string_view>

#include "load/yaml_tree.hpp"

namespace entitle::yaml {

// The tree of `body` (UTF-8 already checked, any BOM removed), or nullopt when the fast
// reader declines. Never reports anything: declining is not an error.
std::optional<Node> parse_fast(std::string_view body, const Limits& limits);

}  // namespace entitle::yaml
