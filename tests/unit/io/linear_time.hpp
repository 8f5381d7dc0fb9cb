// Complexity tests: the same hostile input shape at size n and 4n, timed in one run. Linear
// (or n log n) work takes about 4 times as long at 4n; quadratic takes 16. The bound, 6,
// leaves room for noise without letting quadratic through. Time is the process's CPU time,
// not the wall clock: on a shared machine (2 cores, a dozen compilers) a 40 ms run is
// preempted far more often than a 2 ms one, which skewed wall-clock ratios of linear code
// to 20 and more. Each size's time is the least of three runs. This is never a speed test:
// only the ratio between the two sizes is asserted, so a slow build (sanitizers) passes as
// long as it is slow at both sizes alike.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <ctime>
#include <cstddef>
#include <functional>
#include <string>

namespace entitle::testing_time {

// The least of three runs of run(n), in seconds.
inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

inline double fastest_of_three(const std::function<void(size_t)>& run, size_t n) {
  double best = 1e30;
  for (int i = 0; i < 3; ++i) {
    const double start = cpu_seconds();
    run(n);
    best = std::min(best, cpu_seconds() - start);
  }
  return best;
}

// Asserts that run(4n) takes less than 6 times as long as run(n). `run` builds nothing
// inside the timing that is not the input's own cost: build inputs before, keyed by n.
inline void expect_linear(const std::string& shape, size_t n,
                          const std::function<void(size_t)>& run) {
  // Warm up at both sizes: the allocator then keeps the memory of the larger size (glibc
  // raises its mmap and trim thresholds after the first large free), so neither size pays
  // fresh page faults on every run and the other not.
  run(n);
  run(4 * n);
  const double small = fastest_of_three(run, n);
  const double large = fastest_of_three(run, 4 * n);
  // Below ~20 µs a clock tick is a large share of the time: compare from that floor.
  const double ratio = large / std::max(small, 2e-5);
  EXPECT_LT(ratio, 6.0) << shape << ": n = " << n << " took " << small * 1e3 << " ms, 4n took "
                        << large * 1e3 << " ms (ratio " << ratio
                        << "; linear is about 4, quadratic 16)";
}

}  // namespace entitle::testing_time
