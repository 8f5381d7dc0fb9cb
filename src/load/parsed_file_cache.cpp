#include "load/parsed_file_cache.hpp"

namespace entitle::load {

namespace {

size_t count_nodes(const yaml::Node& n) {
  size_t count = 1;
  for (const auto& item : n.items) count += count_nodes(item);
  for (const auto& [key, value] : n.entries) count += 1 + count_nodes(value);
  return count;
}

}  // namespace

std::shared_ptr<const yaml::Document> ParsedFileCache::find(const std::string& key,
                                                            std::string_view text) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.text != text) return nullptr;
  it->second.last_use = ++clock_;
  return it->second.doc;
}

void ParsedFileCache::insert(const std::string& key, std::string_view text,
                             std::shared_ptr<const yaml::Document> doc) {
  if (text.size() > kMaxTextBytes / 4) return;
  const size_t nodes = count_nodes(doc->root);  // depth is capped by the parser's limits
  if (nodes > kMaxNodes / 4) return;
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) {
    text_bytes_ -= it->second.text.size();
    nodes_ -= it->second.nodes;
    entries_.erase(it);
  }
  while (!entries_.empty() &&
         (entries_.size() >= kMaxEntries || text_bytes_ + text.size() > kMaxTextBytes ||
          nodes_ + nodes > kMaxNodes))
    evict_one();
  text_bytes_ += text.size();
  nodes_ += nodes;
  entries_[key] = Entry{std::string(text), std::move(doc), nodes, ++clock_};
}

// A linear scan: the cache holds at most kMaxEntries, and evicting is rare.
void ParsedFileCache::evict_one() {
  auto oldest = entries_.begin();
  for (auto it = entries_.begin(); it != entries_.end(); ++it)
    if (it->second.last_use < oldest->second.last_use) oldest = it;
  text_bytes_ -= oldest->second.text.size();
  nodes_ -= oldest->second.nodes;
  entries_.erase(oldest);
}

void ParsedFileCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
  text_bytes_ = 0;
  nodes_ = 0;
}

size_t ParsedFileCache::size() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

ParsedFileCache& ParsedFileCache::process() {
  static ParsedFileCache cache;
  return cache;
}

}  // namespace entitle::load
