// Rules and decision tables: the decisions a rule set makes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostics.hpp"
#include "entitle/value.hpp"
#include "model/text.hpp"
#include "values/type.hpp"

namespace entitle {

// What a compiled expression reads directly; used for explanations and for naming the
// inputs an undetermined decision still needs.
struct Reads {
  std::vector<uint32_t> fields;
  std::vector<uint32_t> derived;
  std::vector<uint32_t> parameters;
  std::vector<uint32_t> rules;                         // rules whose outputs it reads
  std::vector<std::pair<uint32_t, uint32_t>> outputs;  // (rule, output) pairs it reads
  // Fields read directly or through derived values and other rules' outputs.
  std::vector<uint32_t> fields_transitive;

  // Adds what `other` reads (each name once).
  void merge(const Reads& other);
};

struct Condition {
  enum class Kind : uint8_t { leaf, all, any, negation };
  Kind kind = Kind::leaf;
  std::string name;  // leaves (and optionally groups) are named: `aged_60`
  LocalizedText title;
  uint32_t program = 0;  // leaves: the boolean expression
  std::vector<Condition> children;
  Reads reads;
  SourceLocation where;
};

struct OutputDef {
  std::string name;
  Type type;
  uint32_t program = 0;
  std::optional<uint32_t> otherwise;  // value when the rule does not hold
  bool declared_type = false;         // `type:` given in the rule file
  // Listed under `always:`: computed whenever the rule is in force, whatever its status.
  // Such outputs come before the rule's `outputs:`, which may read them.
  bool always = false;
  LocalizedText title;
  Reads reads;
  SourceLocation where;
};

enum class HitPolicy : uint8_t { first, unique, collect, sum };

// One cell of a decision table's input column: `-`, a value, a comparison or an interval.
struct CellTest {
  enum class Kind : uint8_t {
    any,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    interval,
    one_of
  };
  Kind kind = Kind::any;
  Value low;   // equal/comparisons: the operand; interval: lower bound
  Value high;  // interval: upper bound
  bool low_inclusive = true;
  bool high_inclusive = false;
  std::vector<Value> options;  // one_of
  std::string text;            // as written, for explanations
};

struct TableRow {
  std::vector<CellTest> tests;    // one per input column
  std::vector<uint32_t> outputs;  // one program per output column
  SourceLocation where;
};

struct TableInput {
  std::string name;
  uint32_t program = 0;
  Type type;
  Reads reads;
};

struct DecisionTable {
  HitPolicy hit = HitPolicy::first;
  std::vector<TableInput> inputs;
  std::vector<TableRow> rows;
};

struct Rule {
  std::string id;
  LocalizedText title;
  Citation citation;
  std::string notes;
  Date effective_from{INT32_MIN};
  std::optional<Date> effective_until;  // inclusive last day
  uint32_t entity = 0;
  Condition when;  // an `all` group; empty for tables
  std::vector<OutputDef> outputs;
  std::optional<DecisionTable> table;
  SourceLocation where;

  bool in_force(Date day) const {
    return day >= effective_from && (!effective_until || day <= *effective_until);
  }
  std::optional<uint32_t> output_index(const std::string& name) const;
};

struct Derived {
  std::string name;
  uint32_t entity = 0;
  uint32_t program = 0;
  Type type;
  LocalizedText title;
  Reads reads;
  SourceLocation where;
};

}  // namespace entitle
