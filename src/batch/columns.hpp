// What each batch output row holds: a --columns spec resolved once against the model, and
// the row written from one evaluated record.
//
// A path names an input field (`birth_date`), a derived value (`age`), a rule's status
// (`<rule id>.status`: eligible, not_eligible, not_applicable, undetermined), whether it holds
// (`<rule id>.eligible`: true, false, or missing when undetermined) or one of its outputs
// (`<rule id>.<output>`).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "entitle/ruleset.hpp"
#include "batch/cell_format.hpp"
#include "batch/input.hpp"
#include "values/type.hpp"

namespace entitle::batch {

struct Column {
  enum class Kind : uint8_t { field, derived, status, eligible, output };
  std::string name;  // the output column's name
  std::string path;
  Kind kind = Kind::field;
  uint32_t slot = 0;    // field, derived or rule slot
  uint32_t output = 0;  // Kind::output: the rule's output index
  Type type;            // the value's type (status: string)
};

// Every path of the entity, for suggestions.
std::vector<std::string> known_paths(const Model& m, uint32_t entity);

// One path; throws std::invalid_argument "--columns: unknown path 'agee' (did you mean
// 'age'?)" (`flag` names the option in messages).
Column resolve_path(const Model& m, uint32_t entity, std::string_view path,
                    const char* flag = "--columns");

// SPEC: comma- or newline-separated items `name=path` or `path`; spaces around items are
// ignored and `#` starts a comment to the end of the line (for spec files).
std::vector<Column> parse_columns(const Model& m, uint32_t entity, std::string_view spec);
// Without --columns: the key field, then for each rule its status and outputs.
std::vector<Column> default_columns(const Model& m, uint32_t entity);
// "@FILE" -> FILE's text; anything else is the spec itself.
std::string columns_spec_arg(const std::string& arg);
// `id` when the entity has such a field, else its first field.
uint32_t key_field(const Model& m, uint32_t entity);

// Where each rule's decision sits in Decisions::items, for the rules evaluated.
class DecisionIndex {
 public:
  // `rules` as passed in EvalOptions::rules (empty: every rule of the entity).
  DecisionIndex(const Model& m, uint32_t entity, const std::vector<std::string>& rules);
  const Decision& of(const Decisions& d, uint32_t rule) const { return d.items[item_[rule]]; }

 private:
  std::vector<uint32_t> item_;
};

class RowWriter {
 public:
  // `every_rule`: evaluate every rule of the entity (a summary needs them), not just the
  // ones the columns read.
  RowWriter(const Model& m, uint32_t entity, std::vector<Column> columns, Format format,
            bool every_rule);

  // Rule ids to put in EvalOptions::rules (empty: all).
  const std::vector<std::string>& rules() const { return rules_; }
  const DecisionIndex& index() const { return index_; }
  const std::vector<Column>& columns() const { return columns_; }

  // CSV: the header line; JSON Lines: nothing.
  std::string header() const;
  // Appends one row (with its line end) for `record`, just evaluated into `d`. Derived values
  // are computed here, so this may throw EvaluationError; `out` is then left unchanged.
  void append(std::string& out, const Record& record, Evaluator& ev, const Decisions& d) const;
  // The same row through the general formatting functions, value by value: what append
  // writes, kept for lists and records and for tests to compare against.
  void append_general(std::string& out, const Record& record, Evaluator& ev,
                      const Decisions& d) const;

 private:
  Value value(const Column& c, const Record& record, Evaluator& ev, const Decisions& d) const;

  const Model& model_;
  std::vector<Column> columns_;
  Format format_;
  std::vector<std::string> rules_;
  DecisionIndex index_;
  std::vector<std::string> keys_;  // JSON Lines: `{"name":` / `,"name":`
  CellFormat cells_;
  size_t longest_key_ = 0;  // the longest separator (CSV) or key (JSON Lines)
};

}  // namespace entitle::batch
