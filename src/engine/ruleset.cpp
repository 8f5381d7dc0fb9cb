// The public C++ API over the model and the evaluation engine.
#include "entitle/ruleset.hpp"

#include <stdexcept>

#include "engine/evaluation.hpp"
#include "engine/explain.hpp"
#include "engine/json_record.hpp"
#include "load/ruleset_loader.hpp"
#include "model/model.hpp"

namespace entitle {

RuleSet::RuleSet(std::unique_ptr<Model> model) : model_(std::move(model)) {}
RuleSet::~RuleSet() = default;

LoadResult RuleSet::load(const std::string& dir) { return load::load_directory(dir); }

LoadResult RuleSet::load_documents(const std::vector<std::pair<std::string, std::string>>& docs) {
  return load::load_documents(docs);
}

const std::string& RuleSet::name() const { return model_->name; }
const std::string& RuleSet::version() const { return model_->version; }
const std::string& RuleSet::content_hash() const { return model_->content_hash; }

std::optional<uint32_t> RuleSet::entity(std::string_view name) const {
  auto i = model_->find_schema(name);
  if (i && model_->schemas[*i].is_entity) return i;
  return std::nullopt;
}

std::optional<uint32_t> RuleSet::default_entity() const {
  std::optional<uint32_t> found;
  for (uint32_t i = 0; i < model_->schemas.size(); ++i) {
    if (!model_->schemas[i].is_entity) continue;
    if (found) return std::nullopt;
    found = i;
  }
  return found;
}

std::optional<uint32_t> RuleSet::parameter(std::string_view name) const {
  return model_->find_parameter(name);
}

Record RuleSet::parse_record(std::string_view json, uint32_t entity) const {
  Record r;
  read_json_record(*model_, entity, json, r);
  return r;
}

Decisions RuleSet::evaluate(const Record& record, Date as_of, const EvalOptions& options) const {
  // A shared_ptr that does not own: the Evaluator lives only for this call.
  Evaluator evaluator(std::shared_ptr<const RuleSet>(std::shared_ptr<const RuleSet>(), this));
  const Decisions& decisions = evaluator.evaluate(record, as_of, options);
  // The evaluator dies here, so its decisions can be moved out.
  return std::move(const_cast<Decisions&>(decisions));
}

struct Evaluator::State {
  explicit State(const Model& m) : evaluation(m) {}
  engine::Evaluation evaluation;
  Decisions decisions;
  std::vector<uint32_t> selected;  // rule slots from options.rules
};

Evaluator::Evaluator(std::shared_ptr<const RuleSet> ruleset)
    : ruleset_(std::move(ruleset)), state_(std::make_unique<State>(ruleset_->model())) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;

Value Evaluator::derived(uint32_t slot) {
  if (slot >= ruleset_->model().derived.size()) throw std::out_of_range("no derived value slot");
  return state_->evaluation.derived(slot);
}

const Decisions& Evaluator::evaluate(const Record& record, Date as_of, const EvalOptions& options) {
  const Model& model = ruleset_->model();
  if (record.entity() >= model.schemas.size() ||
      record.values().size() != model.schemas[record.entity()].fields.size())
    throw std::invalid_argument("the record was not read for this rule set");
  State& s = *state_;
  s.selected.clear();
  for (const auto& id : options.rules) {
    auto slot = model.find_rule(id);
    if (!slot) throw std::invalid_argument("unknown rule '" + id + "'");
    s.selected.push_back(*slot);
  }
  for (const auto& [slot, value] : options.parameter_overrides)
    if (slot >= model.parameters.size())
      throw std::invalid_argument("parameter override for an unknown parameter slot");
  Decisions& out = s.decisions;
  out.store().clear();
  out.as_of = as_of;
  out.entity = record.entity();
  engine::Evaluation& ev = s.evaluation;
  ev.start(record, as_of, options.parameter_overrides);

  // Decision objects (and their vectors) are reused from the previous record, so a warm
  // evaluator does not allocate.
  size_t count = 0;
  auto decide = [&](uint32_t slot) {
    const Rule& rule = model.rules[slot];
    if (rule.entity != record.entity()) return;
    if (count == out.items.size()) out.items.emplace_back();
    Decision& d = out.items[count++];
    d.rule = slot;
    d.status = ev.status(slot);
    const Value* values = ev.decided_outputs(slot);
    const uint32_t n = static_cast<uint32_t>(rule.outputs.size());
    d.outputs.resize(n);
    bool output_gap = false;  // an output that should have a value has none
    for (uint32_t o = 0; o < n; ++o) {
      const Value v = values[o];
      // Only strings, lists and records point into the evaluation's memory.
      const bool scalar = v.kind != ValueKind::string && v.kind != ValueKind::list &&
                          v.kind != ValueKind::record;
      d.outputs[o] = scalar ? v : out.store().copy(v);
      output_gap |= v.is_missing() && engine::output_expected(rule, o, d.status);
    }
    // Most decisions have no missing inputs and no problem: skip the clears then.
    if (!d.missing_fields.empty()) d.missing_fields.clear();
    if (!d.missing_parameters.empty()) d.missing_parameters.clear();
    if (const std::string& problem = ev.decided_problem(slot); !problem.empty())
      d.problem = problem;
    else if (!d.problem.empty())
      d.problem.clear();
    if (d.status == Status::undetermined || output_gap) engine::collect_missing(ev, rule, d);
    // A rule not in force has nothing to explain beyond its status.
    if (options.explain && d.status != Status::not_applicable)
      engine::explain(ev, rule, d, out.store());
    else if (d.explanation)
      d.explanation.reset();
  };
  if (s.selected.empty()) {
    for (uint32_t slot = 0; slot < model.rules.size(); ++slot) decide(slot);
  } else {
    for (uint32_t slot : s.selected) decide(slot);
  }
  out.items.resize(count);
  return out;
}

}  // namespace entitle
