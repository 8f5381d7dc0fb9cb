// The open connections, so that shutdown can close the idle ones and wait for the busy ones,
// and the listener can enforce the connection cap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace entitle::server {

// A connection that can be told the server is draining: close now if idle, otherwise after
// answering the request in progress.
class Drainable {
 public:
  virtual ~Drainable() = default;
  virtual void drain() = 0;
};

class ConnectionRegistry {
 public:
  uint64_t add(std::weak_ptr<Drainable> connection);
  void remove(uint64_t id);
  size_t count() const;
  // Tells every open connection to drain (each does so on its own thread).
  void drain_all();

 private:
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, std::weak_ptr<Drainable>> open_;
  uint64_t next_id_ = 1;
};

}  // namespace entitle::server
