// Fuzz target: one JSON record from bytes, read against the all-types model (a field of
// every type, a list of records, defaults, a required field) into a reused Record, as the
// batch path does, and against rules/screening-2024's `person`, where a record that fits is
// evaluated. Reading must give a record or a RecordError, nothing else.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "io/json_record.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace entitle;
  std::string_view json(reinterpret_cast<const char*>(data), size);
  static Record reused;
  const RuleSet& all = fuzz::all_types();
  try {
    read_json_record(all.model(), *all.entity("e"), json, reused);
  } catch (const RecordError& e) {
    if (e.reason.empty()) std::abort();  // an error must say why
  }
  fuzz::evaluate_everywhere(fuzz::screening(), json);
  return 0;
}
