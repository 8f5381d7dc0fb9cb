#include "values/value_store.hpp"

#include <algorithm>
#include <cstring>

namespace entitle {

namespace {
constexpr size_t kBlockBytes = 4096;
}

void* ValueStore::allocate(size_t bytes, size_t align) {
  while (current_ < blocks_.size()) {
    Block& b = blocks_[current_];
    size_t start = (used_ + align - 1) & ~(align - 1);
    if (start + bytes <= b.size) {
      used_ = start + bytes;
      return b.data.get() + start;
    }
    ++current_;
    used_ = 0;
  }
  size_t size = std::max(kBlockBytes, bytes + align);
  blocks_.push_back(Block{std::make_unique<std::byte[]>(size), size});
  current_ = blocks_.size() - 1;
  used_ = bytes;
  return blocks_.back().data.get();  // new[] storage is aligned for any fundamental type
}

Value ValueStore::string(std::string_view text) {
  char* p = static_cast<char*>(allocate(text.size() + 1, 1));
  if (!text.empty()) std::memcpy(p, text.data(), text.size());
  p[text.size()] = '\0';
  return Value::of_string(std::string_view(p, text.size()));
}

Value* ValueStore::values(size_t n) {
  return static_cast<Value*>(allocate(std::max<size_t>(n, 1) * sizeof(Value), alignof(Value)));
}

Value ValueStore::list(const Value* items, size_t n) {
  Value* p = values(n);
  if (n) std::memcpy(static_cast<void*>(p), items, n * sizeof(Value));
  return Value::of_list(p, static_cast<uint32_t>(n));
}

Value ValueStore::copy(const Value& v) {
  switch (v.kind) {
    case ValueKind::string: return string(v.as_string());
    case ValueKind::list:
    case ValueKind::record: {
      Value* p = values(v.size);
      for (uint32_t i = 0; i < v.size; ++i) p[i] = copy(v.items[i]);
      return v.kind == ValueKind::list ? Value::of_list(p, v.size) : Value::of_record(p, v.size);
    }
    default: return v;
  }
}

void ValueStore::clear() {
  current_ = 0;
  used_ = 0;
}

}  // namespace entitle
