// The impact of a policy change: both rule-set versions evaluate every record of a file;
// records whose decisions differ are written with both results (diff_compare.hpp), and a
// report counts status transitions and the change in totals per rule. What `entitle diff`
// runs; like run.hpp it prints nothing and installs no signal handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"

namespace entitle::batch {

struct DiffJob {
  std::string in_path;   // .csv or .jsonl
  std::string out_path;  // .jsonl: one line per changed record
  // Empty: OUT-STEM.rejects.csv, written only when rows are rejected; named: always.
  std::string rejects_path;
  Date as_of;
  std::string entity;  // of the old version (empty: its only one); the new one's of that name
  unsigned threads = 1;
  size_t block_bytes = size_t{1} << 20;  // input read per block, at most (input.hpp)
  bool show_progress = false;
};

struct DiffCounts {
  uint64_t rows_in = 0;
  uint64_t rows_compared = 0;
  uint64_t rows_changed = 0;
  uint64_t rows_rejected = 0;
  std::vector<std::string> notes;  // the first reject messages
  std::string rejects_path;
  bool rejects_written = false;
  std::string report;  // per rule transitions and totals, for people
};

// Throws as batch::run does (std::invalid_argument, FileError, HeaderError,
// OutputError, std::runtime_error); after a throw the files under the output names are
// the previous ones, byte for byte.
DiffCounts diff(std::shared_ptr<const RuleSet> old_version,
                std::shared_ptr<const RuleSet> new_version, const DiffJob& job);

}  // namespace entitle::batch
