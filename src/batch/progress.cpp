#include "batch/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace entitle::batch {

Progress::Progress(bool wanted)
    : enabled_(wanted && ::isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_(start_) {}

void Progress::update(uint64_t rows, unsigned long long done_bytes,
                      unsigned long long total_bytes) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  char eta[32] = "";
  if (total_bytes > 0 && done_bytes > 0 && done_bytes <= total_bytes) {
    const double left =
        seconds * static_cast<double>(total_bytes - done_bytes) / static_cast<double>(done_bytes);
    std::snprintf(eta, sizeof eta, "  ETA %.0fs", left);
  }
  std::fprintf(stderr, "\r\033[K%llu rows  %.0f rows/s%s", static_cast<unsigned long long>(rows),
               rate, eta);
  std::fflush(stderr);
  shown_ = true;
}

void Progress::finish() {
  if (!shown_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  shown_ = false;
}

}  // namespace entitle::batch
