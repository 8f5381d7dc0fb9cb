// Reading records from CSV text (RFC 4180), straight into typed values.
//
// - The header row names the columns: each a field of the entity, in any order, each once.
//   Fields without a column read as absent. An unknown or repeated name, a required field
//   without a column, or a field CSV cannot hold (a list of records) is an error.
// - Every row has exactly the header's number of cells.
// - A cell is text, parsed by the field's type exactly as a JSON string is (field_text.hpp);
//   a list<scalar> cell joins its elements with ';' ("dibao;tekun").
// - An empty cell is absent: the field's default, else missing; a required field must not be
//   empty. A quoted empty cell ("") in a string field is the empty string.
// - Quoting: a cell may be wrapped in double quotes, and must be if it holds ',', '"', a
//   line break; a quote inside is doubled (""). Rows end with LF or CRLF.
//
// Every problem throws RecordError with the field, the value as written, the reason, and
// the line and column (1-based, columns in characters) where the cell starts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "io/cell_parse.hpp"
#include "entitle/record.hpp"

namespace entitle {

struct Model;

// Which field each column fills, read from the header row.
struct CsvLayout {
  uint32_t entity = 0;
  std::vector<std::string> names;   // as written in the header
  std::vector<uint32_t> slots;      // column -> field slot
  std::vector<uint32_t> absent;     // fields with no column
  std::vector<CellParser> parsers;  // column -> by its field's type, for the fast path
};

// Reads the header row (the record's text without its line end; `line` is its line in the
// file). Throws RecordError naming the column.
CsvLayout read_csv_header(const Model& model, uint32_t entity, std::string_view text,
                          uint32_t line = 1);

// Reads one row (its text without the line end; quoted cells may span lines) into `out`,
// which is reset first. `line` is the file line the row starts on. On error `out` is left
// reset.
void read_csv_record(const Model& model, const CsvLayout& layout, std::string_view text,
                     uint32_t line, Record& out);

// read_csv_record without its fast path: every cell through parse_field_text. The same
// record or error as read_csv_record, kept for tests to compare the two.
void read_csv_record_general(const Model& model, const CsvLayout& layout, std::string_view text,
                             uint32_t line, Record& out);

// Splits one row off the front of `buffer`, for reading a file in blocks.
struct CsvScan {
  enum class Kind : uint8_t {
    row,        // a complete row: buffer[0, length) is its text
    need_more,  // the row may go on past the buffer; read more (or pass at_eof)
    malformed,  // a quoting error: buffer[0, length) is the row's first line, rejected
  };
  Kind kind = Kind::need_more;
  size_t length = 0;    // the row's text, without its line end
  size_t consumed = 0;  // bytes to skip to the next row (line end included)
  uint32_t lines = 0;   // physical lines consumed
  std::string reason;   // malformed: why
  uint32_t column = 0;  // malformed: 1-based character column of the problem
};

// A quoted cell may span lines; when a quote opened on a row's first line has not closed
// within `max_quoted_bytes`, or the text after the lines it swallowed is not CSV, the row is
// taken to be its first line alone, with an unterminated quote, and the next row starts on
// the line after it. So one stray quote rejects one line, not the rest of the file.
CsvScan scan_csv_record(std::string_view buffer, bool at_eof,
                        size_t max_quoted_bytes = size_t{1} << 20);

}  // namespace entitle
