// The linker of pass 3 (see load_state.hpp): compiles expressions on demand and implements
// the checker's Resolver, so types of derived values and rule outputs are known when read.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "load/expr_checker.hpp"
#include "load/load_state.hpp"

namespace entitle::load {

class Linker : public expr::Resolver {
 public:
  explicit Linker(LoadState& state);

  void run();

  std::optional<Type> derived_type(uint32_t slot, const SourceLocation& use) override;
  std::optional<Type> output_type(uint32_t rule, uint32_t output,
                                  const SourceLocation& use) override;

  // Parses, checks and compiles one expression scalar; nullopt after reporting errors.
  std::optional<uint32_t> compile_expression(const yaml::Node& n, const SourceDoc& doc,
                                             uint32_t entity, Reads& reads,
                                             std::optional<Type> expected);

 private:
  enum class State : uint8_t { pending, compiling, done, failed };

  // A derived value (slot) or a rule's output (slot, output) to compile.
  struct Item {
    bool derived;
    uint32_t slot;
    uint32_t output;
  };
  // Derived values and outputs, each after those its expression names (see link_order.cpp).
  std::vector<Item> compile_order() const;

  bool enter(const std::string& name, const SourceLocation& use);
  bool compile_output(uint32_t rule, uint32_t output);
  bool compile_table(uint32_t rule);
  void compile_rule(uint32_t rule);
  bool read_condition(const yaml::Node& n, const SourceDoc& doc, uint32_t entity, Condition& out);

  LoadState& s_;
  std::vector<State> derived_state_;
  std::vector<std::vector<State>> outputs_state_;
  std::unordered_map<uint32_t, const Pending*> derived_pending_;
  std::unordered_map<uint32_t, const Pending*> rule_pending_;
  std::vector<std::string> compiling_;  // names being compiled, innermost last
};

// Decision tables: inputs, rows of cell tests and output expressions, hit policy checks.
bool link_table(Linker& linker, LoadState& state, uint32_t rule_slot, const yaml::Node& node,
                const SourceDoc& doc);

// After everything compiled: transitive reads, parameters in force over each rule's
// effective period, unused parameters.
void check_cross_references(LoadState& state);

// Evaluation nests once for each derived value or rule it reads on the way: chains longer
// than kMaxReadDepth are load errors at the value that goes past it (read_depth.cpp).
inline constexpr uint32_t kMaxReadDepth = 256;
bool check_read_depth(LoadState& state);

}  // namespace entitle::load
