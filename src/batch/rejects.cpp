#include "batch/rejects.hpp"

#include "io/value_format.hpp"
#include "batch/csv_write.hpp"

namespace entitle::batch {

namespace {

// The reason with the value and, when known, where in the row the problem is.
std::string full_reason(const Reject& r) {
  std::string s(r.reason);
  if (!r.value.empty()) {
    s += " (value: ";
    s += r.value;
    s += ')';
  }
  if (r.error_line != 0 && r.error_line != r.line) {
    s += " at line " + std::to_string(r.error_line);
    if (r.column) s += ", column " + std::to_string(r.column);
  } else if (r.column) {
    s += " at column " + std::to_string(r.column);
  }
  return s;
}

}  // namespace

std::string rejects_header(Format format) {
  return format == Format::csv ? "line,field,reason,record\n" : "";
}

void add_reject(Part& part, Format format, const std::string& input_path, const Reject& r,
                std::string_view record) {
  const std::string reason = full_reason(r);
  std::string& out = part.rejects;
  const std::string line = std::to_string(r.line);
  if (format == Format::csv) {
    out += line;
    out += ',';
    append_csv_cell(out, r.field);
    out += ',';
    append_csv_cell(out, reason);
    out += ',';
    append_csv_cell(out, record);
    out += '\n';
  } else {
    out += "{\"line\":" + line + ",\"field\":";
    append_json_string(out, r.field);
    out += ",\"reason\":";
    append_json_string(out, reason);
    out += ",\"record\":";
    append_json_string(out, record);
    out += "}\n";
  }
  ++part.rows_rejected;
  if (part.notes.size() >= kNotesShown) return;
  std::string note = input_path + ":" + std::to_string(r.error_line ? r.error_line : r.line);
  if (r.column) note += ":" + std::to_string(r.column);
  note += ": error: ";
  if (!r.field.empty()) note += "field '" + std::string(r.field) + "': ";
  note += r.reason;
  if (!r.value.empty()) note += " (value: " + std::string(r.value) + ")";
  part.notes.push_back(std::move(note));
}

void add_record_error(Part& part, Format rejects_format, const std::string& input_path,
                      Format input_format, const InputRow& row, std::string_view text,
                      const RecordError& e) {
  Reject r;
  r.line = row.line;
  r.column = e.column;
  r.error_line = e.line == 0                     ? row.line
                 : input_format == Format::jsonl ? row.line + e.line - 1
                                                 : e.line;
  r.field = e.field;
  r.reason = e.reason;
  r.value = e.value;
  add_reject(part, rejects_format, input_path, r, text);
}

}  // namespace entitle::batch
