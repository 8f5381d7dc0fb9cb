// The public C++ API over the model and the evaluation engine.
#include "entitle/ruleset.hpp"

#include <stdexcept>

#include "engine/evaluation.hpp"
#include "engine/explain.hpp"
#include "io/json_record.hpp"
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
  explicit State(const Model& m) : evaluation(m), entity_rules(m.schemas.size()) {
    for (uint32_t r = 0; r < m.rules.size(); ++r) entity_rules[m.rules[r].entity].push_back(r);
  }
  engine::Evaluation evaluation;
  Decisions decisions;
  std::vector<uint32_t> selected;  // rule slots from options.rules, of the record's entity
  std::vector<std::vector<uint32_t>> entity_rules;  // each entity's rule slots, in order
  // Per item of decisions.items: 1 when it holds missing inputs, a problem or an
  // explanation, which the next record must clear. Most decisions hold none of them.
  std::vector<uint8_t> dirty;
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
  const std::vector<uint32_t>* slots = &s.entity_rules[record.entity()];
  if (!options.rules.empty()) {
    s.selected.clear();
    for (const auto& id : options.rules) {
      auto slot = model.find_rule(id);
      if (!slot) throw std::invalid_argument("unknown rule '" + id + "'");
      if (model.rules[*slot].entity == record.entity()) s.selected.push_back(*slot);
    }
    slots = &s.selected;
  }
  for (const auto& [slot, value] : options.parameter_overrides)
    if (slot >= model.parameters.size())
      throw std::invalid_argument("parameter override for an unknown parameter slot");
  Decisions& out = s.decisions;
  ValueStore& store = out.store();
  store.clear();
  out.as_of = as_of;
  out.entity = record.entity();
  engine::Evaluation& ev = s.evaluation;
  ev.start(record, as_of, options.parameter_overrides);

  // Decision objects (and their vectors) are reused from the previous record, so a warm
  // evaluator does not allocate.
  const size_t count = slots->size();
  if (out.items.size() != count) {
    out.items.resize(count);
    s.dirty.resize(count, 1);
  }
  Decision* items = out.items.data();
  uint8_t* dirty = s.dirty.data();
  const uint32_t* slot_ids = slots->data();
  for (size_t i = 0; i < count; ++i) {
    const uint32_t slot = slot_ids[i];
    Decision& d = items[i];
    d.rule = slot;
    const Status status = ev.status(slot);
    d.status = status;
    if (dirty[i]) {
      d.missing_fields.clear();
      d.missing_parameters.clear();
      d.problem.clear();
      // explain() refills the previous explanation in place, without allocating.
      if (!options.explain) d.explanation.reset();
      dirty[i] = 0;
    }
    const Value* values = ev.decided_outputs(slot);
    const uint32_t n = ev.output_count(slot);
    if (d.outputs.size() != n) d.outputs.resize(n);
    Value* outputs = d.outputs.data();
    // Copied as they are, noting their kinds; only strings, lists and records point into
    // the evaluation's memory and are copied again, into the decisions' store.
    uint32_t kinds = 0;
    for (uint32_t o = 0; o < n; ++o) {
      outputs[o] = values[o];
      kinds |= 1u << static_cast<uint32_t>(values[o].kind);
    }
    constexpr uint32_t kPointing = 1u << static_cast<uint32_t>(ValueKind::string) |
                                   1u << static_cast<uint32_t>(ValueKind::list) |
                                   1u << static_cast<uint32_t>(ValueKind::record);
    if (kinds & kPointing) {
      for (uint32_t o = 0; o < n; ++o)
        if ((kPointing >> static_cast<uint32_t>(values[o].kind)) & 1u)
          outputs[o] = store.copy(values[o]);
    }
    const bool some_missing = kinds & 1u << static_cast<uint32_t>(ValueKind::missing);
    if (const std::string& problem = ev.decided_problem(slot); !problem.empty()) {
      dirty[i] = 1;
      d.problem = problem;
    }
    if (status == Status::not_applicable) {  // nothing missing, nothing to explain
      if (d.explanation) d.explanation.reset();
      continue;
    }
    const Rule& rule = model.rules[slot];
    bool output_gap = false;  // an output that should have a value has none
    for (uint32_t o = 0; some_missing && !output_gap && o < n; ++o)
      output_gap = outputs[o].is_missing() && engine::output_expected(rule, o, status);
    if (status == Status::undetermined || output_gap) {
      dirty[i] = 1;
      engine::collect_missing(ev, rule, d);
    }
    if (options.explain) {
      dirty[i] = 1;
      engine::explain(ev, rule, d, store);
    }
  }
  return out;
}

}  // namespace entitle
