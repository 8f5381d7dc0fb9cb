// Reading a CSV or JSON Lines file in blocks of whole rows, for batch and diff.
//
// Memory stays bounded: a block holds about the bytes asked for (at most `block_bytes`; more
// only when one row is longer), whatever the file's size. Every row keeps the line it starts on, so
// messages and rejects can name it. Blank lines are skipped and are not rows; a UTF-8 byte-order
// mark at the start of the file is skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace entitle::batch {

enum class Format : uint8_t { csv, jsonl };

// By extension: .csv -> csv; .jsonl, .ndjson, .json -> jsonl (one object per line).
std::optional<Format> format_of(std::string_view path);
// The same for a command-line option; throws std::invalid_argument naming `flag`.
Format format_arg(const std::string& path, const char* flag);

// One row of a block.
struct InputRow {
  size_t offset = 0;  // in Block::text
  uint32_t length = 0;
  uint32_t line = 0;     // 1-based line of the file where the row starts
  int32_t problem = -1;  // index into Block::problems when the splitter rejected the row
};

// Why the splitter rejected a row (a CSV quoting error), and where in its first line.
struct RowProblem {
  std::string reason;
  uint32_t column = 0;
};

struct Block {
  std::string text;
  std::vector<InputRow> rows;
  std::vector<RowProblem> problems;

  std::string_view row_text(const InputRow& r) const { return {text.data() + r.offset, r.length}; }
  void clear();
};

// Small enough that a block's rows and their output stay in cache and that one block is a
// short serial step; large enough that reading a block costs little next to its rows' work.
inline constexpr size_t kDefaultBlockBytes = size_t{1} << 20;

class InputReader {
 public:
  // Opens the file; for CSV also reads the header row. Throws std::invalid_argument when the
  // file cannot be read, and std::runtime_error when the header row is malformed.
  InputReader(const std::string& path, Format format, size_t block_bytes = kDefaultBlockBytes);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  Format format() const { return format_; }
  const std::string& path() const { return path_; }
  // CSV: the header row's text and line.
  const std::string& header() const { return header_; }
  uint32_t header_line() const { return header_line_; }

  // The next block of whole rows; false (and an empty block) at the end of the file.
  // Throws std::runtime_error on a read error or a row longer than 256 MiB.
  bool next(Block& block) { return next(block, block_bytes_); }
  // The same, reading about `want` bytes (at least 4,096, at most block_bytes()).
  bool next(Block& block, size_t want);
  size_t block_bytes() const { return block_bytes_; }

  unsigned long long bytes_read() const { return bytes_read_; }
  unsigned long long size() const { return size_; }  // 0 when unknown

 private:
  bool read_block(Block& block, size_t want);
  bool fill(std::string& text, size_t want);
  // Splits rows off text[from, …); returns where the first incomplete row starts.
  size_t split(Block& block, size_t from);

  std::string path_;
  Format format_;
  size_t block_bytes_;
  int fd_ = -1;
  bool eof_ = false;
  bool started_ = false;  // the byte-order mark has been looked for
  std::string carry_;     // the incomplete row at the end of the last block
  Block pending_;         // CSV: rows read along with the header
  uint32_t line_ = 1;     // line of the next row
  std::string header_;
  uint32_t header_line_ = 0;
  unsigned long long bytes_read_ = 0;
  unsigned long long size_ = 0;
};

// The CSV header row does not fit the entity (an unknown or repeated column). what() is
// "path:line:col: error: header row: reason"; the parts are kept for hosts that want them.
struct HeaderError : std::runtime_error {
  HeaderError(const std::string& what, std::string path, uint32_t line, uint32_t column,
              std::string field, std::string reason)
      : std::runtime_error(what), path(std::move(path)), line(line), column(column),
        field(std::move(field)), reason(std::move(reason)) {}
  std::string path;
  uint32_t line = 0, column = 0;
  std::string field;
  std::string reason;
};

}  // namespace entitle::batch
