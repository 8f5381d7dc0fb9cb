// The batch engine's one entry point: screen a whole file against a rule set, file to file.
//
// `entitle batch`, the C API (entitle_batch_run) and through it the Python binding and the
// Dask driver all call batch::run, so they write the same bytes. Nothing here prints: the
// counts, the first reject messages and the summary table come back for the caller to show.
//
// Every input row becomes one output row or one reject row; nothing is dropped. Output files
// replace the previous ones only when the run has succeeded, all together
// (output_file.hpp); memory stays bounded (pipeline.hpp).
//
// Signals: run() installs no signal handler (a library must not take over a host's
// signals). A program that owns its process, like the runner, calls
// install_signal_cleanup() (files.hpp) once so that SIGINT/SIGTERM/SIGHUP also remove the
// temporaries; without it a killed run leaves a temporary that the next run writing into
// that folder removes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "entitle/ruleset.hpp"

namespace entitle::batch {

struct BatchJob {
  std::string in_path;   // .csv (header row) or .jsonl
  std::string out_path;  // .csv or .jsonl
  // Empty: OUT-STEM.rejects.csv beside the output, written only when rows are rejected.
  // Named: always written (with just its header when nothing was rejected).
  std::string rejects_path;
  Date as_of;
  std::string entity;  // empty: the rule set's only entity
  // As `--columns`: "name=path, path, …" or "@FILE"; empty: the default columns.
  std::string columns;
  // A field or derived value: per-group counts to OUT-STEM.summary.csv. Empty: none.
  std::string summary_by;
  unsigned threads = 1;                  // 1 to 256
  size_t block_bytes = size_t{1} << 20;  // input read per block, at most (input.hpp)
  bool show_progress = false;            // a progress line on stderr when it is a terminal
};

struct BatchCounts {
  uint64_t rows_in = 0;
  uint64_t rows_out = 0;
  uint64_t rows_rejected = 0;
  std::vector<std::string> notes;  // the first reject messages, "path:line:col: error: …"
  std::string rejects_path;        // as resolved
  bool rejects_written = false;
  std::string summary_path;   // empty without summary_by
  std::string summary_name;   // the --summary-by column's name
  std::string summary_table;  // the summary for people (GroupSummary::print)
};

// Throws std::invalid_argument for a bad job (messages name the option as the runner spells
// it: "--columns: unknown path 'agee' (did you mean 'age'?)"), FileError when the input
// cannot be opened or an output cannot be created, HeaderError (record.hpp) when the CSV
// header does not fit the entity, OutputError (files.hpp) when writing an output fails
// midway, std::runtime_error when reading fails midway. On any throw the files under the
// output names are the previous ones, byte for byte (or none, if there were none).
BatchCounts run(std::shared_ptr<const RuleSet> ruleset, const BatchJob& job);

// An input or output file that cannot be opened or created. A std::invalid_argument, as
// the runner has always reported it (exit 2).
struct FileError : std::invalid_argument {
  FileError(std::string path, const std::string& message)
      : std::invalid_argument(message), path(std::move(path)) {}
  std::string path;  // the file that failed
};

}  // namespace entitle::batch
