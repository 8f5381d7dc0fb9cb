// Reading one input record from JSON, straight into typed values.
//
// The text is streamed through nlohmann::json's SAX parser; no JSON tree is built, and
// numbers are converted from their source text, so decimals are exact (binary floating
// point is never involved).
//
// What a record may hold:
// - The input is exactly one JSON object whose keys are the schema's field names. Anything
//   else is rejected: "a record must be a JSON object".
// - An unknown key is an error ("unknown field 'x'", with a did-you-mean suggestion), and so
//   is a key given twice ("field given twice").
// - An absent key or JSON null gives the field's default when it has one, otherwise
//   Value::missing() (a missing input makes the decisions that need it undetermined). A
//   field with required == true and no default must be present and not null.
// - By field type:
//     bool     true or false only;
//     int      a JSON integer, or a number or string with an integral value ("12", 12.0);
//     decimal  a JSON number (read exactly from its text; exponents allowed) or a string
//     money    holding a plain decimal ("4321.07"); at most 6 decimal places, range about
//              ±9.2 × 10^12;
//     date     a string "YYYY-MM-DD" naming a real day;
//     month    a string "YYYY-MM";
//     string   a JSON string;
//     enum     a string naming one of the enum's values;
//     list<T>  a JSON array of T (null elements are not allowed);
//     list<R>  (R a record type) an array of objects read against R's schema, by the same
//              rules, stored as Value::of_record with fields in schema order.
// - Nesting deeper than 64 arrays/objects is rejected.
//
// Every problem throws RecordError naming the field as a path ("age", "groups[2]",
// "history[3].months"), the offending value as written, the reason, and the line and column
// (1-based; columns count characters, not bytes) where the value or key starts. Malformed
// JSON reports the parser's message at the position where parsing failed.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "entitle/record.hpp"

namespace entitle {

struct Model;

// Reads `json` into `out` as a record of entity schema `entity` (an index into
// model.schemas). `out` is reset first; its values follow the schema's field order, and
// its strings, lists and nested records live in out.store(). On error `out` is left reset
// (every value missing). Throws std::out_of_range when `entity` is not a schema index.
void read_json_record(const Model& model, uint32_t entity, std::string_view json, Record& out);

// What the reader reuses from record to record, so a warm read does not allocate. The
// overload above keeps one in a thread_local; a library thread must not, because glibc
// aborts the process when it cannot allocate the registration of a thread_local's
// destructor (out of memory on a fresh thread). The C API keeps one per scratch instead.
struct JsonReadWorkspace {
  JsonReadWorkspace();
  ~JsonReadWorkspace();
  struct Buffers;
  std::unique_ptr<Buffers> buffers;
};

void read_json_record(const Model& model, uint32_t entity, std::string_view json, Record& out,
                      JsonReadWorkspace& work);

// The first overload, for many rows of one entity: `layout` (json_flat_record.hpp) holds
// what would otherwise be worked out again for each row. The same record or error.
struct JsonFlatLayout;
void read_json_record(const Model& model, uint32_t entity, std::string_view json, Record& out,
                      const JsonFlatLayout& layout);

}  // namespace entitle
