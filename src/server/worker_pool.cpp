#include "server/worker_pool.hpp"

namespace entitle::server {

WorkerPool::WorkerPool(unsigned threads, size_t max_queued) : max_queued_(max_queued) {
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::try_submit(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    // Room for one job per worker not running one, and max_queued more.
    if (stopping_ || busy_ + queue_.size() >= threads_.size() + max_queued_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void WorkerPool::stop() {
  std::deque<std::function<void()>> unrun;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    unrun.swap(queue_);
  }
  wake_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  // Destroyed here, outside the lock: a job may own what it would have answered.
  unrun.clear();
}

void WorkerPool::work() {
  for (;;) {
    std::function<void()> job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left to take
      job = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
    }
    job();
    job = nullptr;  // what it owns goes before the worker counts as free
    std::lock_guard lock(mutex_);
    --busy_;
  }
}

}  // namespace entitle::server
