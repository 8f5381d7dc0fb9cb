// One input record (a person, an employer, a township) with typed field values.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "entitle/value.hpp"

namespace entitle {

class ValueStore;

// A record that does not fit its schema: which field, the value as given, and why.
class RecordError : public std::runtime_error {
 public:
  RecordError(std::string field, std::string value, std::string reason, uint32_t line = 0,
              uint32_t column = 0);
  std::string field;  // "birth_date", or "groups[2]" inside a list
  std::string value;  // the offending text, shortened
  std::string reason;
  uint32_t line = 0;  // position in the JSON/CSV text when known (1-based; 0 unknown)
  uint32_t column = 0;
};

class Record {
 public:
  explicit Record(uint32_t entity = 0, uint32_t field_count = 0);
  ~Record();
  Record(Record&&) noexcept;
  Record& operator=(Record&&) noexcept;

  uint32_t entity() const { return entity_; }
  // One value per schema field, in schema order; missing ones are Value::missing().
  const std::vector<Value>& values() const { return values_; }
  std::vector<Value>& values() { return values_; }
  // Storage for the record's strings and lists.
  ValueStore& store() { return *store_; }
  // Empties the record for reuse with the same entity, keeping its memory.
  void clear();
  void reset(uint32_t entity, uint32_t field_count);

 private:
  uint32_t entity_;
  std::vector<Value> values_;
  std::unique_ptr<ValueStore> store_;
};

}  // namespace entitle
