// Runs a per-row job over a whole input file on N threads in bounded memory.
//
// The file is read in chunks of whole rows. Each of the N threads loops: it takes the next
// chunk from the reader (reading and splitting it itself, one thread at a time), runs its job
// over the chunk's rows, and hands the result on; whichever thread finds the oldest unwritten
// chunk ready writes it and every ready one after it. So no thread waits for a block barrier
// or for a reader or writer thread, and the output is written in input order: the same bytes
// for any thread count and chunk size.
//
// Chunks grow from 64 KiB (the work starts as soon as the first bytes are read) to the
// reader's block_bytes (1 MiB unless set), shrink again near the end of a regular file (the
// last rows are shared out, not left to one thread), and at most 2N+2 exist at once, each
// of at most 32 MiB / (2N+2): the input held is at most about 32 MiB plus the rows longer
// than a chunk, whatever N and the file's size, plus each chunk's output.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "batch/input.hpp"

namespace entitle::batch {

// What one thread made of one chunk.
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

// `write` runs once per part, in input order, one call at a time (on whichever thread found
// the part next in line). Exceptions from jobs, `write` or the reader stop the run and are
// rethrown here after every thread has stopped; of several, the one from the earliest chunk.
// `show_progress`: a progress line on stderr when it is a terminal (progress.hpp); a library
// host says no. Each job is used by one thread only, never the calling thread.
PipelineCounts run_pipeline(InputReader& reader, const std::vector<RowJob*>& jobs,
                            const std::function<void(const Part&)>& write,
                            bool show_progress = false);

class AtomicFile;

// run_pipeline for batch and diff alike: each part's output and rejects go to their files in
// input order, the first reject messages are kept in `notes`, and a row neither written nor
// rejected is an error (std::logic_error), never a silent loss.
PipelineCounts run_to_files(InputReader& reader, const std::vector<RowJob*>& jobs, AtomicFile& out,
                            AtomicFile& rejects, std::vector<std::string>& notes,
                            bool show_progress = false);

}  // namespace entitle::batch
