// Test files for policy staff (docs/testing.md): cases of a date, a record and the decisions
// expected of it. They are read against the loaded rule set, so a misspelt rule id, output,
// condition or field is reported at file:line:col with a suggestion, before anything runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "entitle/diagnostics.hpp"
#include "entitle/record.hpp"
#include "entitle/ruleset.hpp"
#include "values/value_store.hpp"

namespace entitle::runner {

struct ExpectedOutput {
  uint32_t index = 0;  // the rule's output index
  Value value;         // Value::missing() when the file says null
};

// Where an expectation's `outputs:` sits in the file, so --update can rewrite just it.
struct OutputsPlace {
  enum class Style : uint8_t { block, flow, empty };
  Style style = Style::block;
  uint32_t key_line = 0;
  uint32_t value_line = 0;
};

struct Expectation {
  uint32_t rule = 0;
  uint32_t line = 0;  // of the rule id in the file
  std::optional<Status> status;
  std::vector<ExpectedOutput> outputs;
  std::optional<std::vector<std::string>> failing;  // names of the leaf conditions not true
  std::optional<std::vector<std::string>> missing;  // entity fields still needed
  std::optional<OutputsPlace> outputs_place;
};

struct TestCase {
  std::string name;
  uint32_t line = 0;
  Date as_of;
  Record record;
  std::vector<std::pair<uint32_t, Value>> overrides;  // parameter slot, value
  std::vector<Expectation> expectations;
  bool update = false;              // `update: true`: --update rewrites its outputs
  std::optional<std::string> skip;  // `skip: reason`
  Diagnostics problems;             // found while reading it (defaults' included)
  bool valid = true;                // false when `problems` has errors: the case fails
};

struct TestFile {
  std::string path;
  std::vector<TestCase> cases;
  Diagnostics diagnostics;  // problems outside any case (the cases keep their own)
  bool readable = true;     // false when the YAML itself could not be read
  ValueStore store;         // strings and lists of expected values and overrides
};

// Reads one test file against the rule set. A case with a problem is kept with valid ==
// false so that it is counted as failed (and -k shows only the problems of cases it runs).
TestFile read_test_file(const RuleSet& rs, const std::string& path);

// The test files to run: each path (a file, or a folder searched recursively for *.yaml and
// *.yml), or every such file under RULESET_DIR/tests when no path is given. Sorted.
std::vector<std::string> find_test_files(const std::string& ruleset_dir,
                                         const std::vector<std::string>& paths);

// Rule ids named under `expect:` in any case of the file; empty when it cannot be read.
std::vector<std::string> rule_ids_in_test_file(const std::string& path);

}  // namespace entitle::runner
