// The evaluation workers: a fixed set of threads taking jobs from a bounded queue. Connections
// are served on their own thread (server.cpp) and hand evaluation here, so however long an
// evaluation takes, /healthz and /metrics are still answered; when every worker is busy and
// the queue is full a job is refused at once (503 overloaded) instead of waiting forever.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace entitle::server {

class WorkerPool {
 public:
  WorkerPool(unsigned threads, size_t max_queued);
  ~WorkerPool();  // stop()
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues the job unless every worker is busy and max_queued jobs are already waiting;
  // false then (the job is not taken). A job must not throw.
  bool try_submit(std::function<void()> job);

  // Lets the jobs running now finish, destroys the ones still waiting (unrun), and joins
  // the threads. Idempotent.
  void stop();

 private:
  void work();

  const size_t max_queued_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  size_t busy_ = 0;  // workers running a job
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace entitle::server
