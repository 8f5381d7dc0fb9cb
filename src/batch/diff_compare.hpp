// Comparing two versions of a rule set on one record: which rules' decisions differ, the
// JSON line describing the changes, and counts for the report.
//
// Rules are matched by id, outputs by name. A decision differs when its status or any
// output both versions have differs (values compared as written in JSON, so an enum is
// compared by name). Rules only one version has are counted separately (added/removed),
// not listed per record.
#pragma once

#include <array>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"
#include "batch/columns.hpp"

namespace entitle::batch {

// How the rules of the two versions correspond; built once.
struct RuleMatch {
  struct Pair {
    std::string id;
    uint32_t old_rule = 0, new_rule = 0;
    std::vector<std::array<uint32_t, 2>> outputs;  // (old, new) index of outputs both have
    std::vector<uint32_t> sums;                    // entries of `outputs` numeric in both, to total
  };
  struct Single {
    std::string id;
    uint32_t rule = 0;
    std::vector<uint32_t> sums;  // numeric outputs
  };
  std::vector<Pair> pairs;      // in the new version's order
  std::vector<Single> removed;  // only in the old version
  std::vector<Single> added;    // only in the new version

  RuleMatch(const Model& old_model, uint32_t old_entity, const Model& new_model,
            uint32_t new_entity);
};

// Counts over the records compared; one per thread, merged at the end.
struct DiffStats {
  struct PairStats {
    std::array<std::array<uint64_t, 4>, 4> transitions{};  // [old status][new status]
    uint64_t changed = 0;                                  // rows whose decision differs
    uint64_t outputs_only = 0;                             // … with the same status
    std::vector<Decimal> old_sums, new_sums;
  };
  struct SingleStats {
    std::array<uint64_t, 4> status{};
    std::vector<Decimal> sums;
  };
  std::vector<PairStats> pairs;
  std::vector<SingleStats> removed, added;
  uint64_t rows_changed = 0;

  explicit DiffStats(const RuleMatch& match);
  void merge(const DiffStats& other);
};

class RecordComparer {
 public:
  RecordComparer(const Model& old_model, const Model& new_model, const RuleMatch& match,
                 const DecisionIndex& old_index, const DecisionIndex& new_index,
                 uint32_t key_field);

  // Compares the decisions of one record, adds to `stats`, and when any differ appends
  // {"line":…,"id":…,"changes":[{"rule":…,"old":{"status":…,"outputs":{…}},"new":{…}}]}
  // (one line).
  // Throws DecimalOverflow when a total leaves the Decimal range.
  void compare(uint32_t line, const Record& old_record, const Decisions& old_d,
               const Decisions& new_d, DiffStats& stats, std::string& out);

 private:
  void append_side(std::string& out, const Model& m, const Decision& d) const;

  const Model& old_model_;
  const Model& new_model_;
  const RuleMatch& match_;
  const DecisionIndex& old_index_;
  const DecisionIndex& new_index_;
  uint32_t key_field_;
  std::string a_, b_, changes_;  // scratch
};

// The report: per rule the status transitions and the change in totals, then added and
// removed rules.
void print_diff_report(std::ostream& out, const Model& old_model, const Model& new_model,
                       const RuleMatch& match, const DiffStats& stats);

}  // namespace entitle::batch
