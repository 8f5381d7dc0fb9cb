// Reading one input row into a record of a rule set's entity, from CSV or JSON Lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "io/csv_record.hpp"
#include "io/json_flat_record.hpp"
#include "entitle/record.hpp"
#include "batch/input.hpp"

namespace entitle {
struct Model;
}

namespace entitle::batch {

class RecordSource {
 public:
  // For CSV, checks the reader's header row against the entity. Throws HeaderError
  // "path:line:col: error: unknown column 'x' (did you mean 'y'?)".
  RecordSource(const Model& m, uint32_t entity, const InputReader& reader);
  // Throws RecordError; positions are those of add_record_error (rejects.hpp).
  void read(std::string_view text, const InputRow& row, Record& out) const;

 private:
  const Model& model_;
  uint32_t entity_;
  Format format_;
  std::optional<CsvLayout> layout_;
  std::optional<JsonFlatLayout> json_layout_;
};

}  // namespace entitle::batch
