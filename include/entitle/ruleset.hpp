// The C++ API: load a rule set, read records, evaluate them at a date.
//
// Thread safety: a RuleSet is immutable once loaded and may be shared by any number of
// threads (hold it through the shared_ptr). An Evaluator holds per-evaluation scratch and
// belongs to one thread at a time; make one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "entitle/calendar.hpp"
#include "entitle/decision.hpp"
#include "entitle/diagnostics.hpp"
#include "entitle/record.hpp"
#include "entitle/value.hpp"

namespace entitle {

struct Model;
class RuleSet;

struct LoadResult {
  std::shared_ptr<const RuleSet> ruleset;  // null when there were errors
  Diagnostics diagnostics;                 // errors and warnings, every one of them
  explicit operator bool() const { return ruleset != nullptr; }
};

class RuleSet {
 public:
  // Loads every *.yaml / *.yml file in `dir` (not its tests/ folder), and the rule sets it
  // builds on (`extends:`), checks and compiles them.
  static LoadResult load(const std::string& dir);
  // The same from in-memory documents: (name used in diagnostics, YAML text) pairs. A
  // document set cannot use `extends:`.
  static LoadResult load_documents(const std::vector<std::pair<std::string, std::string>>& docs);

  const std::string& name() const;
  const std::string& version() const;
  // sha256 (hex) of the content of every file loaded, bases included, in load order.
  const std::string& content_hash() const;

  // Entity schema index by name ("person"), if the rule set has one.
  std::optional<uint32_t> entity(std::string_view name) const;
  // The only entity, or nullopt when there are several (callers must then name one).
  std::optional<uint32_t> default_entity() const;
  // Parameter slot by name, for EvalOptions::parameter_overrides.
  std::optional<uint32_t> parameter(std::string_view name) const;

  // Reads one JSON object into a record of `entity`. Throws RecordError (field, reason and
  // position) when it does not fit the schema.
  Record parse_record(std::string_view json, uint32_t entity) const;

  // Evaluates every rule (or options.rules) for the record at `as_of`.
  // Throws EvaluationError when an expression fails at run time (overflow, a date out of
  // range); user-data gaps are never errors, they make decisions `undetermined`.
  Decisions evaluate(const Record& record, Date as_of, const EvalOptions& options = {}) const;

  const Model& model() const { return *model_; }
  explicit RuleSet(std::unique_ptr<Model> model);
  ~RuleSet();

 private:
  std::unique_ptr<Model> model_;
};

// Evaluates records against one rule set, reusing its buffers: after the first few records
// it does not allocate (unless explanations are on). One thread at a time.
class Evaluator {
 public:
  explicit Evaluator(std::shared_ptr<const RuleSet> ruleset);
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;

  // The result stays valid until the next call.
  const Decisions& evaluate(const Record& record, Date as_of, const EvalOptions& options = {});
  // A derived value (slot from Model::find_derived) of the record last evaluated, computed on
  // first use. Valid until the next evaluate(), while that record is alive.
  Value derived(uint32_t slot);

  const RuleSet& ruleset() const { return *ruleset_; }

 private:
  std::shared_ptr<const RuleSet> ruleset_;
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace entitle
