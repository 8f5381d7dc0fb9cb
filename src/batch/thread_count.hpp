// How many threads a whole-file run uses when the caller does not say: the core count,
// capped at the most a run accepts, so a default never fails on a big host.
#pragma once

#include <algorithm>
#include <thread>

namespace entitle::batch {

// The most threads one run accepts (run, diff, the C API's batch calls).
constexpr unsigned kMaxThreads = 256;

// `cores` is std::thread::hardware_concurrency()'s answer (0 when unknown).
constexpr unsigned default_thread_count(unsigned cores) {
  return std::clamp(cores, 1u, kMaxThreads);
}

inline unsigned default_thread_count() {
  return default_thread_count(std::thread::hardware_concurrency());
}

}  // namespace entitle::batch
