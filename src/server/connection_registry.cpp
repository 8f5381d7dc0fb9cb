#include "server/connection_registry.hpp"

#include <vector>

namespace entitle::server {

uint64_t ConnectionRegistry::add(std::weak_ptr<Drainable> connection) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  open_.emplace(id, std::move(connection));
  return id;
}

void ConnectionRegistry::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  open_.erase(id);
}

size_t ConnectionRegistry::count() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

void ConnectionRegistry::drain_all() {
  std::vector<std::shared_ptr<Drainable>> alive;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, weak] : open_)
      if (auto c = weak.lock()) alive.push_back(std::move(c));
  }
  // Outside the lock: a connection that closes at once removes itself.
  for (auto& c : alive) c->drain();
}

}  // namespace entitle::server
