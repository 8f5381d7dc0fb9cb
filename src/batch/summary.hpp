// --summary-by FIELD: per group (each value of FIELD), how many rows each rule found
// eligible, not eligible, not applicable and undetermined, and the sum of each numeric
// output (money, decimal, int). One instance per thread, merged at the end.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"
#include "batch/columns.hpp"

namespace entitle::batch {

class GroupSummary {
 public:
  // `group` is a field or derived value of the entity; `index` must cover every rule.
  GroupSummary(const Model& m, uint32_t entity, Column group, const DecisionIndex& index);

  // The group's value for the record just evaluated.
  Value group_of(const Record& record, Evaluator& ev) const;
  // Throws DecimalOverflow when a sum leaves the Decimal range.
  void add(const Value& group, const Decisions& d);
  void merge(const GroupSummary& other);

  // One row per group, then "(all)"; columns FIELD,rows, per rule its four status counts,
  // then "<rule>.<output>.sum" per numeric output.
  std::string csv() const;
  // The same as a table for people: eligible counts per rule and the sums.
  void print(std::ostream& out) const;

 private:
  struct Group {
    uint64_t rows = 0;
    std::vector<uint64_t> status;  // 4 per rule
    std::vector<Decimal> sums;
  };
  struct Sum {
    uint32_t rule = 0;  // index into rules_
    uint32_t output = 0;
    Type type;
  };
  Group& group(std::string_view key);
  Group total() const;
  std::string sum_text(const Group& g, size_t i) const;

  const Model& model_;
  Column group_;
  const DecisionIndex& index_;
  std::vector<uint32_t> rules_;  // rule slots, in slot order
  std::vector<Sum> sums_;
  std::map<std::string, Group, std::less<>> groups_;
  std::string key_;  // scratch
};

}  // namespace entitle::batch
