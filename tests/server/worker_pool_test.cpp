// Unit tests of what keeps one client or one request from holding the service: the bounded
// worker pool, the request budget, and the per-client count of open connections. Held
// workers wait on a gate the test opens, never on time.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "server/api_error.hpp"
#include "server/budget.hpp"
#include "server/connection_registry.hpp"
#include "server/worker_pool.hpp"

namespace entitle::server {
namespace {

// Jobs wait here until the test opens it.
class Gate {
 public:
  void wait() {
    std::unique_lock lock(mutex_);
    ++waiting_;
    changed_.notify_all();
    changed_.wait(lock, [this] { return open_; });
  }
  void wait_for_waiters(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return waiting_ >= n; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool open_ = false;
};

TEST(WorkerPool, RefusesOnlyWhenEveryWorkerIsBusyAndTheQueueIsFull) {
  Gate gate;
  std::atomic<int> ran{0};
  WorkerPool pool(2, 1);
  auto held = [&] {
    gate.wait();
    ++ran;
  };
  EXPECT_TRUE(pool.try_submit(held));
  EXPECT_TRUE(pool.try_submit(held));
  gate.wait_for_waiters(2);             // both workers busy
  EXPECT_TRUE(pool.try_submit(held));   // the one queue place
  EXPECT_FALSE(pool.try_submit(held));  // full: refused, not queued
  EXPECT_FALSE(pool.try_submit(held));
  gate.open();
  // The queued one runs too (stop() would drop it if it came first).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (ran.load() < 3 && std::chrono::steady_clock::now() < deadline) std::this_thread::yield();
  EXPECT_EQ(ran.load(), 3);
  EXPECT_TRUE(pool.try_submit([] {}));  // room again
  pool.stop();
}

TEST(WorkerPool, WithNoQueueAnIdleWorkerStillTakesAJob) {
  Gate gate;
  WorkerPool pool(1, 0);
  EXPECT_TRUE(pool.try_submit([&] { gate.wait(); }));
  gate.wait_for_waiters(1);
  EXPECT_FALSE(pool.try_submit([] {}));
  gate.open();
  pool.stop();
}

TEST(WorkerPool, StopRunsOrDestroysEveryJobAndRefusesNewOnes) {
  Gate gate;
  auto token = std::make_shared<int>(0);
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 8);
    EXPECT_TRUE(pool.try_submit([&, token] {
      gate.wait();
      ++ran;
    }));
    gate.wait_for_waiters(1);
    for (int i = 0; i < 5; ++i) EXPECT_TRUE(pool.try_submit([&, token] { ++ran; }));
    EXPECT_EQ(token.use_count(), 7);
    std::thread opener([&] { gate.open(); });
    pool.stop();
    opener.join();
    EXPECT_FALSE(pool.try_submit([] {}));
  }
  // The held job ran; each queued one ran or was destroyed unrun: none is kept.
  EXPECT_GE(ran.load(), 1);
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Budget, PassesBeforeTheDeadlineIs503BudgetExceededAfter) {
  Request r;
  r.budget = std::chrono::milliseconds(250);
  r.deadline = std::chrono::steady_clock::now() + std::chrono::hours(1);
  EXPECT_NO_THROW(check_budget(r, "before records[3] of 9"));
  r.deadline = std::chrono::steady_clock::now() - std::chrono::milliseconds(1);
  try {
    check_budget(r, "before records[3] of 9");
    FAIL() << "no error past the deadline";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status, 503u);
    EXPECT_EQ(e.code, "budget_exceeded");
    EXPECT_NE(e.message.find("250 ms"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("records[3] of 9"), std::string::npos) << e.message;
    EXPECT_EQ(error_response(e).error_code, "budget_exceeded");
  }
  Request unbudgeted;  // routes on the connection thread: no deadline
  EXPECT_NO_THROW(check_budget(unbudgeted, "anywhere"));
}

class Nothing : public Drainable {
 public:
  void drain() override {}
};

TEST(ConnectionRegistry, CountsOpenConnectionsPerClientAddress) {
  ConnectionRegistry registry;
  auto c = std::make_shared<Nothing>();
  const uint64_t a1 = registry.add(c, "127.0.0.1");
  const uint64_t a2 = registry.add(c, "127.0.0.1");
  const uint64_t b1 = registry.add(c, "::1");
  EXPECT_EQ(registry.count(), 3u);
  EXPECT_EQ(registry.from("127.0.0.1"), 2u);
  EXPECT_EQ(registry.from("::1"), 1u);
  EXPECT_EQ(registry.from("127.0.0.2"), 0u);
  registry.remove(a1);
  EXPECT_EQ(registry.from("127.0.0.1"), 1u);
  registry.remove(a1);  // twice: no effect
  EXPECT_EQ(registry.from("127.0.0.1"), 1u);
  registry.remove(a2);
  registry.remove(b1);
  EXPECT_EQ(registry.from("127.0.0.1"), 0u);
  EXPECT_EQ(registry.count(), 0u);
}

}  // namespace
}  // namespace entitle::server
