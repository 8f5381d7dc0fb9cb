// Parsed rule files kept for reuse within one process.
//
// Four of the rule sets in rules/ extend cn-national; without reuse a process that loads
// them all parses cn-national's seven files five times, most of the loading time. An entry
// is used only when the file's bytes are exactly the bytes it was parsed from (compared in
// full, so an edited file is always parsed again and no hash collision can mix files up);
// only clean parses (no diagnostic at all) are kept, so a reused file can add no message and
// lose none. The trees are immutable and shared, safe to read from several loads at once.
// Bounded by entries, bytes of text and tree nodes (a node is ~140 bytes plus its text, so
// the trees stay under ~20 MiB); the least recently used entry goes first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "load/yaml_tree.hpp"

namespace entitle::load {

class ParsedFileCache {
 public:
  static constexpr size_t kMaxEntries = 64;
  static constexpr size_t kMaxTextBytes = 2 * 1024 * 1024;
  static constexpr size_t kMaxNodes = 120'000;

  // The tree parsed earlier from exactly `text` under `key` (the file's canonical path),
  // or null.
  std::shared_ptr<const yaml::Document> find(const std::string& key, std::string_view text);
  // Keeps `doc`, parsed cleanly from `text`; evicts the least recently used entries to stay
  // within the bounds. A file over a quarter of a bound (text or nodes) is not kept.
  void insert(const std::string& key, std::string_view text,
              std::shared_ptr<const yaml::Document> doc);
  void clear();
  size_t size() const;

  // The one cache of the process, shared by every load_directory().
  static ParsedFileCache& process();

 private:
  struct Entry {
    std::string text;
    std::shared_ptr<const yaml::Document> doc;
    size_t nodes = 0;
    uint64_t last_use = 0;
  };
  void evict_one();

  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  size_t text_bytes_ = 0;
  size_t nodes_ = 0;
  uint64_t clock_ = 0;
};

}  // namespace entitle::load
