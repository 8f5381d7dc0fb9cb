#include "batch/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
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

constexpr size_t kInFlightBytes = size_t{32} << 20;
constexpr size_t kFirstChunkBytes = size_t{64} << 10;

// Rows read together, and what one job made of them.
struct Chunk {
  uint64_t seq = 0;  // position in the input, in chunks
  Block block;
  Part part;
  unsigned long long bytes_read = 0;  // the reader's position after this chunk, for progress
};

// Joins on destruction, so an exception never leaves a joinable thread behind.
class Joiner {
 public:
  std::thread& operator*() { return t_; }
  ~Joiner() {
    if (t_.joinable()) t_.join();
  }

 private:
  std::thread t_;
};

class Pipeline {
 public:
  Pipeline(InputReader& reader, size_t threads, const std::function<void(const Part&)>& write,
           bool show_progress)
      : reader_(reader), threads_(threads), write_(write), progress_(show_progress),
        chunks_(2 * threads + 2), ready_(chunks_.size(), nullptr) {
    max_read_ = std::min(reader.block_bytes(), kInFlightBytes / chunks_.size());
    next_read_ = threads == 1 ? max_read_ : std::min(max_read_, kFirstChunkBytes);
    for (Chunk& c : chunks_) free_.push_back(&c);
  }

  // One thread's loop: take a chunk, run the job over it, hand it on to be written.
  void work(RowJob& job) {
    while (Chunk* c = take()) {
      try {
        c->part.clear();
        for (const InputRow& row : c->block.rows) job.process(c->block, row, c->part);
      } catch (...) {
        fail(c->seq, std::current_exception());
        release(c);
        return;
      }
      finish(c);
    }
  }

  // Stops the run with an error that comes before any chunk's (a thread that could not start).
  void fail_first(std::exception_ptr e) { fail(0, std::move(e)); }

  // After every thread has returned from work().
  PipelineCounts result() {
    progress_.finish();
    if (error_) std::rethrow_exception(error_);
    if (next_write_ != next_seq_) throw std::logic_error("a chunk was read but not written");
    return counts_;
  }

 private:
  // The next chunk of rows, or null at the end of the input or once the run has failed.
  Chunk* take() {
    Chunk* c = nullptr;
    {
      std::unique_lock lock(mutex_);
      chunk_freed_.wait(lock, [&] { return stop_ || !free_.empty(); });
      if (stop_) return nullptr;
      c = free_.back();
      free_.pop_back();
    }
    bool more = false;
    {
      std::lock_guard lock(read_mutex_);
      if (!eof_ && !stopped()) {
        c->seq = next_seq_;
        try {
          more = reader_.next(c->block, read_size());
        } catch (...) {
          fail(c->seq, std::current_exception());
        }
        if (more)
          ++next_seq_;
        else
          eof_ = true;
        c->bytes_read = reader_.bytes_read();
      }
    }
    if (!more) {
      release(c);
      return nullptr;
    }
    return c;
  }

  // Under read_mutex_: how much to read next. Chunks double from the first small one, so
  // every thread has rows soon; near the end of a file of known size they shrink, so the
  // last rows are shared out rather than left to one thread.
  size_t read_size() {
    size_t want = next_read_;
    next_read_ = std::min(max_read_, next_read_ * 2);
    const unsigned long long size = reader_.size(), done = reader_.bytes_read();
    if (threads_ > 1 && size > done) {
      const unsigned long long share = (size - done) / (4 * threads_);
      want = std::min<size_t>(want, std::max<unsigned long long>(share, kFirstChunkBytes));
    }
    return want;
  }

  // A processed chunk: park it, and write it and any ready after it if it is next in line
  // and no other thread is writing (that thread then writes it).
  void finish(Chunk* c) {
    std::unique_lock lock(mutex_);
    ready_[c->seq % ready_.size()] = c;
    if (writing_) return;
    writing_ = true;
    while (!stop_) {
      Chunk*& slot = ready_[next_write_ % ready_.size()];
      Chunk* next = slot;
      if (!next) break;
      slot = nullptr;
      lock.unlock();
      std::exception_ptr error;
      try {
        write_(next->part);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error) {
        fail_locked(next->seq, error);
        release_locked(next);
        break;
      }
      counts_.rows_in += next->block.rows.size();
      counts_.rows_out += next->part.rows_out;
      counts_.rows_rejected += next->part.rows_rejected;
      ++next_write_;
      const uint64_t rows = counts_.rows_in;
      const unsigned long long bytes = next->bytes_read;
      release_locked(next);
      // Only the writing thread updates the progress line.
      lock.unlock();
      progress_.update(rows, bytes, reader_.size());
      lock.lock();
    }
    writing_ = false;
  }

  void release(Chunk* c) {
    std::lock_guard lock(mutex_);
    release_locked(c);
  }

  void release_locked(Chunk* c) {
    free_.push_back(c);
    chunk_freed_.notify_one();
  }

  // Keeps the error of the earliest chunk and stops every thread at its next chunk.
  void fail(uint64_t seq, std::exception_ptr e) {
    std::lock_guard lock(mutex_);
    fail_locked(seq, std::move(e));
  }

  void fail_locked(uint64_t seq, std::exception_ptr e) {
    if (!error_ || seq < error_seq_) {
      error_ = std::move(e);
      error_seq_ = seq;
    }
    stop_ = true;
    stopped_.store(true, std::memory_order_relaxed);
    chunk_freed_.notify_all();
  }

  bool stopped() const { return stopped_.load(std::memory_order_relaxed); }

  InputReader& reader_;
  const size_t threads_;
  const std::function<void(const Part&)>& write_;
  Progress progress_;

  // Reading, under read_mutex_.
  std::mutex read_mutex_;
  uint64_t next_seq_ = 0;
  bool eof_ = false;
  size_t max_read_ = 0;
  size_t next_read_ = 0;

  // Everything else, under mutex_.
  std::mutex mutex_;
  std::condition_variable chunk_freed_;
  std::vector<Chunk> chunks_;
  std::vector<Chunk*> free_;
  // Read chunks are numbered consecutively and freed only once written, in order, so the
  // unwritten ones are at most chunks_.size() consecutive numbers: seq % size is a slot.
  std::vector<Chunk*> ready_;
  uint64_t next_write_ = 0;
  bool writing_ = false;
  bool stop_ = false;
  std::atomic<bool> stopped_{false};  // stop_, readable without mutex_
  std::exception_ptr error_;
  uint64_t error_seq_ = 0;
  PipelineCounts counts_;
};

}  // namespace

PipelineCounts run_pipeline(InputReader& reader, const std::vector<RowJob*>& jobs,
                            const std::function<void(const Part&)>& write, bool show_progress) {
  if (jobs.empty()) throw std::invalid_argument("run_pipeline: no jobs");
  Pipeline pipeline(reader, jobs.size(), write, show_progress);
  {
    // The caller only waits: the jobs' thread_local buffers never land on a host's thread
    // (the C API and Dask call this from theirs).
    std::vector<Joiner> threads(jobs.size());
    try {
      for (size_t t = 0; t < jobs.size(); ++t)
        *threads[t] = std::thread([&pipeline, job = jobs[t]] { pipeline.work(*job); });
    } catch (...) {
      pipeline.fail_first(std::current_exception());  // the started threads stop at once
    }
  }
  return pipeline.result();
}

PipelineCounts run_to_files(InputReader& reader, const std::vector<RowJob*>& jobs, AtomicFile& out,
                            AtomicFile& rejects, std::vector<std::string>& notes,
                            bool show_progress) {
  const PipelineCounts counts = run_pipeline(
      reader, jobs,
      [&](const Part& p) {
        out.write(p.out);
        rejects.write(p.rejects);
        for (const auto& n : p.notes)
          if (notes.size() < kNotesShown) notes.push_back(n);
      },
      show_progress);
  if (counts.rows_in != counts.rows_out + counts.rows_rejected)
    throw std::logic_error("rows were lost between input and output");
  return counts;
}

}  // namespace entitle::batch
