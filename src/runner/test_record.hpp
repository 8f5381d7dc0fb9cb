// The record of a test case: a YAML map, merged over the file's defaults, read by the same
// JSON reader `entitle eval` uses, so a test record is held to exactly the same schema rules.
// Its errors are placed back on the YAML line that gave the offending field.
#pragma once

#include <optional>
#include <string_view>

#include "entitle/record.hpp"
#include "entitle/ruleset.hpp"
#include "load/node_reader.hpp"

namespace entitle::runner {

// `base` entries overridden key by key by `over` (either may be null). Nodes keep their
// positions, so errors point at whichever line supplied a value.
yaml::Node merge_maps(const yaml::Node* base, const yaml::Node* over);

// Reads `map` as a record of `entity`. Reports a problem through `reader` and returns
// nullopt when it does not fit the schema.
std::optional<Record> read_yaml_record(const RuleSet& rs, uint32_t entity, const yaml::Node& map,
                                       load::NodeReader& reader, std::string_view what);

}  // namespace entitle::runner
