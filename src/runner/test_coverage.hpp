// `entitle test --coverage`: what no test case reached. A rule counts when some case expects
// something of it; its named conditions when seen both true and false in such cases; a
// decision-table row when it hit; a parameter period (timeline entry) when it was in force
// at the as_of of a case checking a rule that reads the parameter (directly, or through
// derived values and other rules' outputs), unless the case overrode that parameter.
// Only what the rule-set folder itself defines is counted: the rules, tables and parameters
// of a rule set it extends are covered by that rule set's own tests.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "entitle/decision.hpp"
#include "model/model.hpp"

namespace entitle::runner {

class Coverage {
 public:
  // `dir` is the rule-set folder under test.
  Coverage(const Model& m, const std::string& dir);

  // One decision a case checked, evaluated with its explanation.
  void add(const Decision& d, Date as_of, const std::vector<std::pair<uint32_t, Value>>& overrides);

  // What was not reached, in `lang`; every figure as "reached of total".
  std::string report(Language lang) const;

 private:
  struct Seen {
    const Condition* condition = nullptr;  // null for unnamed groups, which do not count
    bool yes = false;
    bool no = false;
  };

  const Model& m_;
  std::vector<bool> own_rules_;       // per rule: defined in the folder under test
  std::vector<bool> own_parameters_;  // per parameter: likewise
  std::vector<bool> rules_;
  std::vector<std::vector<Seen>> conditions_;  // per rule, the condition tree in pre-order
  std::vector<std::vector<bool>> rows_;        // per rule, per table row
  std::vector<std::vector<uint32_t>> reads_;   // per rule, the parameters it reads
  // per rule, the parameters it reads with at(parameter, <date literal>), and the date
  std::vector<std::vector<std::pair<uint32_t, Date>>> fixed_reads_;
  std::vector<bool> computed_only_;  // per parameter: read only through at(p, <computed date>)
  std::vector<std::vector<bool>> periods_;  // per parameter, per timeline entry
};

}  // namespace entitle::runner
