// A progress line on stderr (rows, rows/s, ETA), shown only when the host asks for it and
// stderr is a terminal, so logs, pipes and library hosts stay clean.
#pragma once

#include <chrono>
#include <cstdint>

namespace entitle::batch {

class Progress {
 public:
  explicit Progress(bool wanted);
  ~Progress() { finish(); }
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  // At most a few times a second; `done_bytes` of `total_bytes` (0 = unknown) gives the ETA.
  void update(uint64_t rows, unsigned long long done_bytes, unsigned long long total_bytes);
  // Erases the line.
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_ = false;
  bool shown_ = false;
  Clock::time_point start_;
  Clock::time_point last_;
};

}  // namespace entitle::batch
