// Rejected rows: one line each in the rejects file, and a note for the terminal.
//
// Rejects file: CSV with columns line,field,reason,record, or JSON Lines objects with the
// same keys. `record` is the row exactly as read, so a fixed file can be fed back in.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "entitle/record.hpp"
#include "batch/input.hpp"
#include "batch/pipeline.hpp"

namespace entitle::batch {

constexpr size_t kNotesShown = 10;

std::string rejects_header(Format format);

struct Reject {
  uint32_t line = 0;        // where the row starts
  uint32_t column = 0;      // 0 unknown
  uint32_t error_line = 0;  // where the problem is, when not on the first line
  std::string_view field;
  std::string_view reason;
  std::string_view value;
};

// Appends the reject to part.rejects in `format`, keeps a note "path:line:col: error: …".
void add_reject(Part& part, Format format, const std::string& input_path, const Reject& r,
                std::string_view record);

// A RecordError from reading the row's text. JSON positions count from the row's own first
// line; CSV positions are already file lines.
void add_record_error(Part& part, Format rejects_format, const std::string& input_path,
                      Format input_format, const InputRow& row, std::string_view text,
                      const RecordError& e);

}  // namespace entitle::batch
