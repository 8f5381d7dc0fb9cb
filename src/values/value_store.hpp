// Owns the strings and element arrays that Values point into. Addresses are stable: a
// value kept here stays valid for the store's lifetime. clear() keeps the memory for reuse,
// so a store reused per record stops allocating once warm.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include "entitle/value.hpp"

namespace entitle {

class ValueStore {
 public:
  ValueStore() = default;
  ValueStore(const ValueStore&) = delete;
  ValueStore& operator=(const ValueStore&) = delete;
  ValueStore(ValueStore&&) noexcept = default;
  ValueStore& operator=(ValueStore&&) noexcept = default;

  Value string(std::string_view text);
  // Room for n values; the caller fills them before handing out a Value that points there.
  Value* values(size_t n);
  Value list(const Value* items, size_t n);
  // A deep copy of v whose strings and lists live in this store.
  Value copy(const Value& v);
  void clear();

 private:
  void* allocate(size_t bytes, size_t align);

  struct Block {
    std::unique_ptr<std::byte[]> data;
    size_t size = 0;
  };
  std::vector<Block> blocks_;
  size_t current_ = 0;  // block being filled
  size_t used_ = 0;     // bytes used in it
};

}  // namespace entitle
