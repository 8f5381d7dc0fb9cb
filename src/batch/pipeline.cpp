#include "batch/pipeline.hpp"

#include <array>
#include <exception>
#include <stdexcept>
#include <thread>

#include "batch/files.hpp"
#include "batch/progress.hpp"
#include "batch/rejects.hpp"

namespace entitle::batch {

void Part::clear() {
  out.clear();
  rejects.clear();
  rows_out = 0;
  rows_rejected = 0;
  notes.clear();
}

namespace {

struct Slot {
  Block block;
  std::vector<Part> parts;
};

// Joins on destruction, so an exception never leaves a joinable thread behind.
class Joiner {
 public:
  std::thread& operator*() { return t_; }
  void join() {
    if (t_.joinable()) t_.join();
  }
  ~Joiner() { join(); }

 private:
  std::thread t_;
};

void process_share(RowJob& job, const Block& block, size_t begin, size_t end, Part& part) {
  for (size_t i = begin; i < end; ++i) job.process(block, block.rows[i], part);
}

}  // namespace

PipelineCounts run_pipeline(InputReader& reader, const std::vector<RowJob*>& jobs,
                            const std::function<void(const Part&)>& write,
                            bool show_progress) {
  const size_t n = jobs.size();
  std::array<Slot, 3> slots;
  for (Slot& s : slots) s.parts.resize(n);
  PipelineCounts counts;
  Progress progress(show_progress);

  std::vector<std::exception_ptr> job_errors(n);
  std::exception_ptr write_error;
  Joiner writer;
  bool more = reader.next(slots[0].block);
  for (size_t k = 0; more; ++k) {
    Slot& cur = slots[k % 3];
    const size_t rows = cur.block.rows.size();
    {
      std::vector<Joiner> workers(n);
      for (size_t t = 0; t < n; ++t) {
        cur.parts[t].clear();
        const size_t begin = rows * t / n, end = rows * (t + 1) / n;
        *workers[t] = std::thread([&, t, begin, end] {
          try {
            process_share(*jobs[t], cur.block, begin, end, cur.parts[t]);
          } catch (...) {
            job_errors[t] = std::current_exception();
          }
        });
      }
      // Meanwhile read the next block into the slot written two rounds ago.
      more = reader.next(slots[(k + 1) % 3].block);
    }
    for (auto& e : job_errors)
      if (e) std::rethrow_exception(e);
    writer.join();
    if (write_error) std::rethrow_exception(write_error);

    counts.rows_in += rows;
    for (const Part& p : cur.parts) {
      counts.rows_out += p.rows_out;
      counts.rows_rejected += p.rows_rejected;
    }
    *writer = std::thread([&write, &write_error, &cur] {
      try {
        for (const Part& p : cur.parts) write(p);
      } catch (...) {
        write_error = std::current_exception();
      }
    });
    progress.update(counts.rows_in, reader.bytes_read(), reader.size());
  }
  writer.join();
  progress.finish();
  if (write_error) std::rethrow_exception(write_error);
  return counts;
}

PipelineCounts run_to_files(InputReader& reader, const std::vector<RowJob*>& jobs,
                            AtomicFile& out, AtomicFile& rejects, std::vector<std::string>& notes,
                            bool show_progress) {
  const PipelineCounts counts = run_pipeline(reader, jobs, [&](const Part& p) {
    out.write(p.out);
    rejects.write(p.rejects);
    for (const auto& n : p.notes)
      if (notes.size() < kNotesShown) notes.push_back(n);
  }, show_progress);
  if (counts.rows_in != counts.rows_out + counts.rows_rejected)
    throw std::logic_error("rows were lost between input and output");
  return counts;
}

}  // namespace entitle::batch
