#include "server/connection_registry.hpp"

#include <vector>

namespace entitle::server {

uint64_t ConnectionRegistry::add(std::weak_ptr<Drainable> connection, std::string client) {
  std::lock_guard lock(mutex_);
  const uint64_t id = next_id_++;
  ++per_client_[client];
  open_.emplace(id, Open{std::move(connection), std::move(client)});
  return id;
}

void ConnectionRegistry::remove(uint64_t id) {
  std::lock_guard lock(mutex_);
  auto it = open_.find(id);
  if (it == open_.end()) return;
  auto c = per_client_.find(it->second.client);
  if (c != per_client_.end() && --c->second == 0) per_client_.erase(c);
  open_.erase(it);
}

size_t ConnectionRegistry::count() const {
  std::lock_guard lock(mutex_);
  return open_.size();
}

size_t ConnectionRegistry::from(const std::string& client) const {
  std::lock_guard lock(mutex_);
  auto it = per_client_.find(client);
  return it == per_client_.end() ? 0 : it->second;
}

void ConnectionRegistry::drain_all() {
  std::vector<std::shared_ptr<Drainable>> alive;
  {
    std::lock_guard lock(mutex_);
    for (auto& [id, open] : open_)
      if (auto c = open.connection.lock()) alive.push_back(std::move(c));
  }
  // Outside the lock: a connection that closes at once removes itself.
  for (auto& c : alive) c->drain();
}

}  // namespace entitle::server
