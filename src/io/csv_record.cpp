#include "io/csv_record.hpp"

#include "base/text_position.hpp"

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/echo.hpp"
#include "base/spelling.hpp"
#include "io/field_text.hpp"
#include "io/value_format.hpp"
#include "model/model.hpp"
#include "values/value_store.hpp"

namespace entitle {

namespace {

// The file position of text[offset], for a row that starts on line `line`.
TextPosition position_of(std::string_view text, size_t offset, uint32_t line) {
  return position_in_text(text, offset, TextPosition{line, 1});
}

[[noreturn]] void fail(std::string field, std::string_view value, std::string reason,
                       std::string_view text, size_t offset, uint32_t line) {
  const TextPosition pos = position_of(text, offset, line);
  throw RecordError(std::move(field), std::string(value), std::move(reason), pos.line, pos.column);
}

// Rows must be UTF-8 text, as JSON Lines rows are: an invalid byte would otherwise reach the
// output changed (U+FFFD in JSON) or raw (CSV), and a NUL would end a C string downstream.
// Returns whether the row holds a '"' (most rows do not, and their cells need no unquoting).
bool check_text(std::string_view text, uint32_t line) {
  size_t i = 0;
  bool has_quote = false;
#if defined(__SSE2__)
  // Sixteen bytes at a time while they are all ASCII and not NUL (nearly every row); the
  // last, partial sixteen through a load that ends with the row, so nothing past it is read.
  const char* const p = text.data();
  const size_t n = text.size();
  const auto clean = [](__m128i v) {  // no byte >= 0x80 (its high bit) and no NUL
    return _mm_movemask_epi8(_mm_or_si128(v, _mm_cmpeq_epi8(v, _mm_setzero_si128()))) == 0;
  };
  const auto quotes = [](__m128i v) {
    return _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('"'))) != 0;
  };
  for (; i + 16 <= n; i += 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    if (!clean(v)) break;
    has_quote |= quotes(v);
  }
  if (i < n && n >= 16 && i + 16 > n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
    if (clean(v)) {
      has_quote |= quotes(v);
      i = n;
    }
  }
#else
  // Eight bytes at a time while they are all ASCII and not NUL (nearly every row).
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  constexpr uint64_t kQuotes = kOnes * '"';
  uint64_t quotes = 0;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    if (((w | ((w - kOnes) & ~w)) & kHighs) != 0) break;  // a byte >= 0x80, or a NUL
    const uint64_t q = w ^ kQuotes;                       // a zero byte where w has '"'
    quotes |= (q - kOnes) & ~q & kHighs;
  }
  has_quote = quotes != 0;
#endif
  for (; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const size_t n = utf8_length(text, i);
      if (n == 0) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        fail("", "",
             std::string("invalid UTF-8 byte 0x") + kHex[c >> 4] + kHex[c & 0xF] +
                 "; the file must be UTF-8",
             text, i, line);
      }
      i += n;
      continue;
    }
    if (c == 0) fail("", "", "NUL byte; the file must be UTF-8 text", text, i, line);
    if (c == '"') has_quote = true;
    ++i;
  }
  return has_quote;
}

// Where the first ',' at or after `from` is, or text.size(): eight bytes at a time, since
// cells are short and a memchr call per cell costs more than the search.
size_t find_comma(std::string_view text, size_t from) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHighs = 0x8080808080808080ull;
  constexpr uint64_t kCommas = kOnes * ',';
  size_t i = from;
  for (; i + 8 <= text.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, text.data() + i, 8);
    const uint64_t x = w ^ kCommas;  // a zero byte where w has ','
    // The lowest flagged byte is exact (a false flag can only follow a true one).
    if (const uint64_t hit = (x - kOnes) & ~x & kHighs)
      return i + static_cast<size_t>(__builtin_ctzll(hit) / 8);
  }
  for (; i < text.size(); ++i)
    if (text[i] == ',') return i;
  return text.size();
}

std::string count_cells(size_t n) { return std::to_string(n) + (n == 1 ? " cell" : " cells"); }

// One cell: its text (unquoted), whether it was quoted, and where it starts.
struct Cell {
  std::string_view text;
  bool quoted = false;
  size_t offset = 0;
};

// Walks the cells of one row. Quoted cells are unquoted into `scratch`.
class CellReader {
 public:
  CellReader(std::string_view row, uint32_t line, std::string& scratch, bool has_quotes)
      : row_(row), line_(line), scratch_(scratch), has_quotes_(has_quotes) {}
  CellReader(std::string_view row, uint32_t line, std::string& scratch)
      : CellReader(row, line, scratch, std::memchr(row.data(), '"', row.size()) != nullptr) {}

  bool done() const { return done_; }
  size_t position() const { return pos_; }

  Cell next() {
    Cell cell;
    cell.offset = pos_;
    if (has_quotes_ && pos_ < row_.size() && row_[pos_] == '"') return quoted(cell);
    const size_t end = find_comma(row_, pos_);
    cell.text = row_.substr(pos_, end - pos_);
    if (has_quotes_) {
      if (const size_t q = cell.text.find('"'); q != std::string_view::npos)
        fail("", "", "a quote inside an unquoted cell (quote the whole cell and double the quote)",
             row_, pos_ + q, line_);
    }
    advance(end);
    return cell;
  }

 private:
  Cell quoted(Cell cell) {
    scratch_.clear();
    size_t i = pos_ + 1;
    for (;;) {
      const size_t q = row_.find('"', i);
      if (q == std::string_view::npos)
        fail("", "", "unterminated quoted cell", row_, cell.offset, line_);
      scratch_.append(row_.data() + i, q - i);
      if (q + 1 < row_.size() && row_[q + 1] == '"') {
        scratch_ += '"';
        i = q + 2;
        continue;
      }
      i = q + 1;
      break;
    }
    if (i < row_.size() && row_[i] != ',')
      fail("", "", "text after a closing quote", row_, i, line_);
    cell.text = scratch_;
    cell.quoted = true;
    advance(i);
    return cell;
  }

  // `end` is the ',' after the cell, or the end of the row.
  void advance(size_t end) {
    if (end >= row_.size())
      done_ = true;
    else
      pos_ = end + 1;
  }

  std::string_view row_;
  uint32_t line_;
  std::string& scratch_;
  bool has_quotes_;
  size_t pos_ = 0;
  bool done_ = false;
};

// Per-thread buffers, so that reading a row does not allocate once warm.
struct Workspace {
  std::string cell;
  std::vector<Value> items;
  std::string why;
};

class RowReader {
 public:
  RowReader(const Model& m, const CsvLayout& layout, std::string_view text, uint32_t line,
            Record& out, Workspace& work)
      : model_(m), schema_(m.schemas.at(layout.entity)), layout_(layout), text_(text), line_(line),
        out_(out), store_(out.store()), work_(work) {}

  void read(bool has_quotes) {
    Value* values = out_.values().data();
    CellReader cells(text_, line_, work_.cell, has_quotes);
    size_t column = 0;
    const size_t columns = layout_.slots.size();
    while (!cells.done()) {
      const Cell cell = cells.next();
      if (column >= columns)
        fail("", "", "more cells than the header's " + std::to_string(columns), text_, cell.offset,
             line_);
      const uint32_t slot = layout_.slots[column++];
      values[slot] = read_cell(schema_.fields[slot], cell);
    }
    if (column < columns)
      fail(layout_.names[column], "",
           "the row has " + count_cells(column) + " but the header has " + count_cells(columns),
           text_, text_.size(), line_);
    for (const uint32_t slot : layout_.absent) values[slot] = absent(schema_.fields[slot], 0);
  }

 private:
  Value read_cell(const FieldDef& field, const Cell& cell) {
    if (cell.text.empty() && !(cell.quoted && field.type.kind == TypeKind::string))
      return absent(field, cell.offset);
    if (field.type.is_list()) return read_list(field, cell);
    Value v;
    if (!parse_field_text(model_, field.type, cell.text, store_, v, work_.why))
      fail(field.name, cell.text, work_.why, text_, cell.offset, line_);
    return v;
  }

  Value read_list(const FieldDef& field, const Cell& cell) {
    const Type element = field.type.element_type();
    work_.items.clear();
    std::string_view rest = cell.text;
    for (;;) {
      const size_t semi = rest.find(';');
      const std::string_view item = rest.substr(0, semi);
      if (item.empty())
        fail(element_name(field), cell.text, "empty list element (elements are joined by ';')",
             text_, cell.offset, line_);
      Value v;
      if (!parse_field_text(model_, element, item, store_, v, work_.why))
        fail(element_name(field), item, work_.why, text_, cell.offset, line_);
      work_.items.push_back(v);
      if (semi == std::string_view::npos) break;
      rest.remove_prefix(semi + 1);
    }
    return store_.list(work_.items.data(), work_.items.size());
  }

  std::string element_name(const FieldDef& field) const {
    return field.name + "[" + std::to_string(work_.items.size()) + "]";
  }

  Value absent(const FieldDef& field, size_t offset) {
    if (field.has_default) return store_.copy(field.default_value);
    if (field.required) fail(field.name, "", "required field is missing", text_, offset, line_);
    return Value::missing();
  }

  const Model& model_;
  const RecordSchema& schema_;
  const CsvLayout& layout_;
  std::string_view text_;
  uint32_t line_;
  Record& out_;
  ValueStore& store_;
  Workspace& work_;
};

// A field's value when its cell is empty or it has no column; false when it is required
// (the general path says so).
bool absent_value(const FieldDef& field, ValueStore& store, Value& out) {
  if (field.has_default) {
    out = store.copy(field.default_value);
    return true;
  }
  out = Value::missing();
  return !field.required;
}

// The common row: no quotes, and every cell taken by its column's CellParser, in one pass.
// False when anything is unusual (a cell a parser declines, a required field empty, the
// wrong number of cells); the caller then reads the row through the general path, which
// gives the same record or the error with its position.
//
// `Commas` gives the end of each cell in turn: next(pos) is the first ',' at or after `pos`
// (the end of the previous cell + 1), or the row's size.
template <typename Commas>
bool read_fast(const Model& m, const CsvLayout& layout, std::string_view text, Record& out,
               Workspace& work, Commas commas) {
  const RecordSchema& schema = m.schemas[layout.entity];
  Value* values = out.values().data();
  ValueStore& store = out.store();
  const size_t columns = layout.slots.size();
  const size_t size = text.size();
  size_t pos = 0;
  for (size_t c = 0; c < columns; ++c) {
    if (pos > size) return false;  // fewer cells than the header
    const size_t end = commas.next(pos);
    const std::string_view cell(text.data() + pos, end - pos);
    pos = end + 1;
    const uint32_t slot = layout.slots[c];
    const CellParser& parser = layout.parsers[c];
    Value& v = values[slot];
    if (cell.empty()) {
      if (!absent_value(schema.fields[slot], store, v)) return false;
    } else if (!parser.list()) {
      if (!parser.parse(cell, store, v)) return false;
    } else {
      work.items.clear();
      for (size_t from = 0;;) {
        const size_t semi = cell.find(';', from);
        const size_t to = semi == std::string_view::npos ? cell.size() : semi;
        Value item;
        if (to == from || !parser.parse(cell.substr(from, to - from), store, item)) return false;
        work.items.push_back(item);
        if (semi == std::string_view::npos) break;
        from = semi + 1;
      }
      v = store.list(work.items.data(), work.items.size());
    }
  }
  if (pos != size + 1) return false;  // more cells than the header
  for (const uint32_t slot : layout.absent)
    if (!absent_value(schema.fields[slot], store, values[slot])) return false;
  return true;
}

// Cell ends found by searching from each cell's start.
struct SearchedCommas {
  std::string_view text;
  size_t next(size_t pos) const { return find_comma(text, pos); }
};

#if defined(__SSE2__)
// A short row's commas as bits, found 16 bytes at a time before the cells are read; each
// cell's end is then the lowest bit not yet taken, instead of a search per cell.
class MaskedCommas {
 public:
  static constexpr size_t kMaxBytes = 128;

  explicit MaskedCommas(std::string_view text) : size_(text.size()) {
    const char* p = text.data();
    const size_t n = text.size();
    uint64_t bits[2] = {0, 0};
    size_t i = 0;
    for (; i + 16 <= n; i += 16) bits[i / 64] |= uint64_t{mask16(p + i)} << (i % 64);
    if (i < n) {
      uint32_t last;
      if (n >= 16) {
        // The row's last 16 bytes, less those already counted: nothing is read past the row.
        last = mask16(p + n - 16) >> (16 - (n - i));
      } else {
        char padded[16] = {};
        std::memcpy(padded, p, n);
        last = mask16(padded);
      }
      bits[i / 64] |= uint64_t{last} << (i % 64);  // i is a multiple of 16: within a word
    }
    low_ = bits[0];
    high_ = bits[1];
  }

  size_t next(size_t) {
    if (low_ != 0) {
      const auto at = static_cast<size_t>(__builtin_ctzll(low_));
      low_ &= low_ - 1;
      return at;
    }
    if (high_ != 0) {
      const auto at = 64 + static_cast<size_t>(__builtin_ctzll(high_));
      high_ &= high_ - 1;
      return at;
    }
    return size_;
  }

 private:
  static uint32_t mask16(const char* p) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    return static_cast<uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(','))));
  }

  uint64_t low_ = 0, high_ = 0;
  size_t size_;
};
#endif

bool read_fast_row(const Model& m, const CsvLayout& layout, std::string_view text, Record& out,
                   Workspace& work) {
#if defined(__SSE2__)
  if (text.size() <= MaskedCommas::kMaxBytes)
    return read_fast(m, layout, text, out, work, MaskedCommas(text));
#endif
  return read_fast(m, layout, text, out, work, SearchedCommas{text});
}

bool holds_records(const Type& t) {
  return t.kind == TypeKind::record || (t.is_list() && t.element == TypeKind::record);
}

}  // namespace

CsvLayout read_csv_header(const Model& model, uint32_t entity, std::string_view text,
                          uint32_t line) {
  const RecordSchema& schema = model.schemas.at(entity);
  std::vector<std::string> field_names;
  for (const FieldDef& f : schema.fields) field_names.push_back(f.name);

  CsvLayout layout;
  layout.entity = entity;
  std::string scratch;
  CellReader cells(text, line, scratch);
  std::vector<bool> seen(schema.fields.size());
  while (!cells.done()) {
    const Cell cell = cells.next();
    const std::string name(cell.text);
    const auto slot = schema.slot_of(name);
    if (!slot) {
      const std::string reason =
          name.empty() ? "empty column name"
                       : "unknown column '" + echo(name) + "'" + did_you_mean(name, field_names);
      fail(echo(name), "", reason, text, cell.offset, line);
    }
    if (seen[*slot]) fail(name, "", "column '" + name + "' given twice", text, cell.offset, line);
    if (holds_records(schema.fields[*slot].type))
      fail(name, "", "a list of records cannot be read from CSV; use JSON Lines", text, cell.offset,
           line);
    seen[*slot] = true;
    layout.names.push_back(name);
    layout.slots.push_back(*slot);
    layout.parsers.emplace_back(model, schema.fields[*slot].type);
  }
  for (uint32_t i = 0; i < schema.fields.size(); ++i) {
    if (seen[i]) continue;
    const FieldDef& f = schema.fields[i];
    if (f.required && !f.has_default)
      fail(f.name, "", "required field '" + f.name + "' has no column", text, 0, line);
    layout.absent.push_back(i);
  }
  return layout;
}

namespace {

// Runs `read(field_count)` on an empty record; a record that fails to read is left empty,
// never half read.
template <typename Read>
void read_into(const Model& model, const CsvLayout& layout, Record& out, Read read) {
  const auto field_count = static_cast<uint32_t>(model.schemas.at(layout.entity).fields.size());
  out.reset(layout.entity, field_count);
  try {
    read(field_count);
  } catch (...) {
    out.reset(layout.entity, field_count);
    throw;
  }
}

}  // namespace

void read_csv_record(const Model& model, const CsvLayout& layout, std::string_view text,
                     uint32_t line, Record& out) {
  thread_local Workspace work;
  read_into(model, layout, out, [&](uint32_t field_count) {
    const bool has_quotes = check_text(text, line);
    if (!has_quotes && layout.parsers.size() == layout.slots.size() &&
        read_fast_row(model, layout, text, out, work))
      return;
    // The fast pass may have stored some cells before declining.
    out.reset(layout.entity, field_count);
    RowReader(model, layout, text, line, out, work).read(has_quotes);
  });
}

void read_csv_record_general(const Model& model, const CsvLayout& layout, std::string_view text,
                             uint32_t line, Record& out) {
  thread_local Workspace work;
  read_into(model, layout, out, [&](uint32_t) {
    RowReader(model, layout, text, line, out, work).read(check_text(text, line));
  });
}

// --- splitting rows off a buffer ----------------------------------------------------------

namespace {

size_t strip_cr(std::string_view buffer, size_t end) {
  return end > 0 && buffer[end - 1] == '\r' ? end - 1 : end;
}

uint32_t column_of(std::string_view buffer, size_t offset) {
  return position_of(buffer, offset, 1).column;
}

CsvScan row(std::string_view buffer, size_t end, uint32_t lines) {
  CsvScan s;
  s.kind = CsvScan::Kind::row;
  s.length = strip_cr(buffer, end);
  s.consumed = end < buffer.size() ? end + 1 : end;
  s.lines = lines;
  return s;
}

// The row's first line alone, rejected for `reason` at `offset`.
CsvScan first_line_malformed(std::string_view buffer, size_t first_line_end, std::string reason,
                             size_t offset) {
  CsvScan s = row(buffer, first_line_end, 1);
  s.kind = CsvScan::Kind::malformed;
  s.reason = std::move(reason);
  s.column = column_of(buffer, offset);
  return s;
}

}  // namespace

CsvScan scan_csv_record(std::string_view buffer, bool at_eof, size_t max_quoted_bytes) {
  const char* p = buffer.data();
  const size_t n = buffer.size();
  const auto* newline = static_cast<const char*>(std::memchr(p, '\n', n));
  const size_t first_line_end = newline ? static_cast<size_t>(newline - p) : n;
  if (!newline && !at_eof) return CsvScan{};
  // The common case: a line without quotes is a row.
  if (!std::memchr(p, '"', first_line_end)) return row(buffer, first_line_end, 1);

  enum class State : uint8_t { cell_start, unquoted, quoted, after_quote };
  State state = State::cell_start;
  uint32_t newlines = 0;
  size_t open_quote = 0;  // the quote still open when the first line ended
  const auto unterminated = [&] {
    return first_line_malformed(buffer, first_line_end, "unterminated quoted cell", open_quote);
  };
  for (size_t i = 0; i < n; ++i) {
    const char c = p[i];
    switch (state) {
      case State::cell_start:
        if (c == '"') {
          state = State::quoted;
          if (newlines == 0) open_quote = i;
        } else if (c == '\n') {
          return row(buffer, i, newlines + 1);
        } else if (c != ',') {
          state = State::unquoted;
        }
        break;
      case State::unquoted:
        if (c == '"') {
          if (newlines > 0) return unterminated();
          return first_line_malformed(
              buffer, first_line_end,
              "a quote inside an unquoted cell (quote the whole cell and double the quote)", i);
        }
        if (c == ',') state = State::cell_start;
        if (c == '\n') return row(buffer, i, newlines + 1);
        break;
      case State::quoted:
        if (c == '"') {
          state = State::after_quote;
        } else if (c == '\n') {
          ++newlines;
          if (i > max_quoted_bytes) return unterminated();
        }
        break;
      case State::after_quote:
        if (c == '"') {
          state = State::quoted;
        } else if (c == ',') {
          state = State::cell_start;
        } else if (c == '\n') {
          return row(buffer, i, newlines + 1);
        } else if (c == '\r' && (i + 1 < n ? p[i + 1] == '\n' : at_eof)) {
          // CRLF (or a CR at the very end): the '\n' ends the row next.
        } else if (c == '\r' && i + 1 == n) {
          return CsvScan{};  // need to see what follows the CR
        } else {
          if (newlines > 0) return unterminated();
          return first_line_malformed(buffer, first_line_end, "text after a closing quote", i);
        }
        break;
    }
  }
  if (!at_eof) {
    if (state == State::quoted && newlines > 0 && n > max_quoted_bytes) return unterminated();
    return CsvScan{};
  }
  if (state == State::quoted) return unterminated();
  return row(buffer, n, newlines + 1);
}

}  // namespace entitle
