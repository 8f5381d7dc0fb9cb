// Runs a per-row job over a whole input file on N threads in bounded memory.
//
// The file is read in blocks of whole rows. While the workers evaluate block k (each thread
// a contiguous share of its rows), the main thread reads block k+1 and a writer thread
// writes block k-1, so at most three blocks are in memory. Parts are written in input
// order, so the output is the same bytes for any thread count.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "batch/input.hpp"

namespace entitle::batch {

// What one thread made of its share of a block.
struct Part {
  std::string out;
  std::string rejects;
  uint64_t rows_out = 0;
  uint64_t rows_rejected = 0;
  std::vector<std::string> notes;  // the first few reject messages, for the terminal

  void clear();
};

// The job for one row; one instance per thread, so it may keep its own evaluator.
class RowJob {
 public:
  virtual ~RowJob() = default;
  // Every row must end up either as output (rows_out) or rejected (rows_rejected).
  virtual void process(const Block& block, const InputRow& row, Part& part) = 0;
};

struct PipelineCounts {
  uint64_t rows_in = 0;
  uint64_t rows_out = 0;
  uint64_t rows_rejected = 0;
};

// `write` runs on the writer thread, once per part, in input order. Exceptions from jobs,
// `write` or the reader are rethrown here after every thread has stopped. `show_progress`:
// a progress line on stderr when it is a terminal (progress.hpp); a library host says no.
PipelineCounts run_pipeline(InputReader& reader, const std::vector<RowJob*>& jobs,
                            const std::function<void(const Part&)>& write,
                            bool show_progress = false);

class AtomicFile;

// run_pipeline for batch and diff alike: each part's output and rejects go to their files in
// input order, the first reject messages are kept in `notes`, and a row neither written nor
// rejected is an error (std::logic_error), never a silent loss.
PipelineCounts run_to_files(InputReader& reader, const std::vector<RowJob*>& jobs,
                            AtomicFile& out, AtomicFile& rejects, std::vector<std::string>& notes,
                            bool show_progress = false);

}  // namespace entitle::batch
