// Fuzz target: CSV text from bytes, split into rows by scan_csv_record as `entitle batch`
// does, the first row read as the header and every other row as a record, against the
// all-types model (list<contribution> cannot be a column) and rules/screening-2024's
// `person`. Scanning must make progress on every row (no hang), and reading must give a
// record or a RecordError. The whole text is also scanned in small blocks, growing the block
// on need_more as a streaming reader does, and must split into the same rows.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "io/csv_record.hpp"
#include "fuzz_support.hpp"

namespace {

using entitle::CsvScan;

constexpr size_t kMaxQuoted = 256;  // small, so the unterminated-quote recovery is reached

struct Row {
  size_t offset, length;
  uint32_t lines;
  CsvScan::Kind kind;
  bool operator==(const Row&) const = default;
};

// Rows of `text`, scanning the whole rest at once (at_eof) or through a window that
// starts at `block` bytes and doubles on need_more.
std::vector<Row> split(std::string_view text, size_t block) {
  std::vector<Row> rows;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t window = block;
    CsvScan s;
    for (;;) {
      size_t n = std::min(window, text.size() - pos);
      bool eof = pos + n == text.size();
      s = entitle::scan_csv_record(text.substr(pos, n), eof, kMaxQuoted);
      if (s.kind != CsvScan::Kind::need_more) break;
      if (eof) std::abort();  // at the end of input every row is complete or malformed
      window *= 2;
    }
    if (s.consumed == 0 || s.consumed > text.size() - pos || s.length > s.consumed)
      std::abort();  // no progress, or past the end
    rows.push_back({pos, s.length, s.lines, s.kind});
    pos += s.consumed;
  }
  return rows;
}

void read_rows(const entitle::RuleSet& rs, uint32_t entity, std::string_view text,
               const std::vector<Row>& rows) {
  using namespace entitle;
  std::optional<CsvLayout> layout;
  entitle::Record record;
  uint32_t line = 1;
  for (const Row& r : rows) {
    std::string_view row = text.substr(r.offset, r.length);
    if (r.kind == CsvScan::Kind::row) {
      try {
        if (!layout)
          layout = read_csv_header(rs.model(), entity, row, line);
        else
          read_csv_record(rs.model(), *layout, row, line, record);
      } catch (const RecordError& e) {
        if (e.reason.empty()) std::abort();  // an error must say why
        if (!layout) return;                 // no header, no rows
      }
    }
    line += r.lines;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Row> rows = split(text, text.size() + 1);
  if (split(text, 16) != rows) std::abort();  // blocks must not change where rows end
  const entitle::RuleSet& all = entitle::fuzz::all_types();
  read_rows(all, *all.entity("e"), text, rows);
  const entitle::RuleSet& screening = entitle::fuzz::screening();
  read_rows(screening, *screening.entity("person"), text, rows);
  return 0;
}
