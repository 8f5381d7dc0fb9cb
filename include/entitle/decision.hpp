// Decisions: the result of each rule for one record at one date, with explanations.
//
// See docs/decisions.md for the JSON shape. Outputs and explanation values are Values whose
// strings and lists live in the Decisions object.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "entitle/calendar.hpp"
#include "entitle/value.hpp"

namespace entitle {

class RuleSet;
class ValueStore;

enum class Status : uint8_t { eligible, not_eligible, not_applicable, undetermined };
const char* status_name(Status s);  // "eligible", "not_eligible", …

// Language of titles and explanations.
enum class Language : uint8_t { zh, en };

struct EvalOptions {
  bool explain = false;
  Language language = Language::zh;
  // Rule ids to evaluate; empty means every rule for the record's entity.
  std::vector<std::string> rules;
  // Values that replace parameters for this evaluation only (test cases, what-if runs):
  // (slot from RuleSet::parameter(name), a value of the parameter's type). Strings and lists
  // it points to must outlive the call. Explanations show no effective date for them.
  std::vector<std::pair<uint32_t, Value>> parameter_overrides;
};

// Three-valued truth of a condition: an input it needs may be missing.
enum class Truth : uint8_t { no, yes, unknown };

// A value a condition read: a field, a derived value, a parameter (with the date its value
// took effect) or another rule's output.
struct ReadValue {
  enum class Kind : uint8_t { field, derived, parameter, output };
  Kind kind;
  uint32_t index;    // field slot, derived slot, parameter slot or rule slot
  uint32_t sub = 0;  // output index for outputs
  Value value;
  std::optional<Date> effective_from;  // parameters
};

struct ConditionTrace {
  uint32_t depth = 0;  // 0 for the rule's top-level group
  std::string kind;    // "all", "any", "not", "condition"
  std::string name;    // condition name (may be empty for unnamed groups)
  Truth value = Truth::unknown;
  const void* condition = nullptr;  // the model's Condition, for titles and text
  std::vector<ReadValue> reads;
};

struct TableTrace {
  std::vector<uint32_t> matched_rows;  // 0-based row indexes that hit
  std::vector<Value> inputs;           // the evaluated input columns
};

struct Explanation {
  std::vector<ConditionTrace> conditions;  // the condition tree in pre-order
  std::optional<TableTrace> table;
};

struct Decision {
  uint32_t rule = 0;  // rule slot in the rule set
  Status status = Status::not_applicable;
  std::vector<Value> outputs;                // one per rule output, Value::missing() when none
  std::vector<uint32_t> missing_fields;      // field slots still needed when undetermined
  std::vector<uint32_t> missing_parameters;  // parameters without a value at as_of
  std::string problem;                       // e.g. "rows 3 and 5 both match (hit policy unique)"
  std::optional<Explanation> explanation;
};

class Decisions {
 public:
  Decisions();
  ~Decisions();
  Decisions(Decisions&&) noexcept;
  Decisions& operator=(Decisions&&) noexcept;

  Date as_of;
  uint32_t entity = 0;
  std::vector<Decision> items;

  ValueStore& store() { return *store_; }
  void clear();

 private:
  std::unique_ptr<ValueStore> store_;
};

class EvaluationError : public std::runtime_error {
 public:
  EvaluationError(std::string message, std::string file, uint32_t line, uint32_t column);
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

}  // namespace entitle
