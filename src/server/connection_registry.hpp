// The open connections, so that shutdown can close the idle ones and wait for the busy ones,
// and the listener can enforce the connection cap and the cap per client address.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
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
  // `client` is the connection's client address ("127.0.0.1"), as counted by from().
  uint64_t add(std::weak_ptr<Drainable> connection, std::string client);
  void remove(uint64_t id);
  size_t count() const;
  // Open connections from this client address.
  size_t from(const std::string& client) const;
  // Tells every open connection to drain (each does so on its own thread).
  void drain_all();

 private:
  struct Open {
    std::weak_ptr<Drainable> connection;
    std::string client;
  };
  mutable std::mutex mutex_;
  std::unordered_map<uint64_t, Open> open_;
  std::unordered_map<std::string, size_t> per_client_;  // no entry: none open
  uint64_t next_id_ = 1;
};

}  // namespace entitle::server
