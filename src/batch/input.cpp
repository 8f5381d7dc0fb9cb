#include "batch/input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "base/utf8.hpp"
#include "io/csv_record.hpp"
#include "batch/files.hpp"

namespace entitle::batch {

namespace {

constexpr size_t kMaxRowBytes = size_t{256} << 20;
constexpr size_t kMinReadBytes = 4096;
// The first read, which also holds the CSV header: small, so the first rows' work can start
// soon (the pipeline asks for more once it runs).
constexpr size_t kFirstReadBytes = size_t{64} << 10;

bool ends_with(std::string_view path, std::string_view ext) {
  if (path.size() < ext.size()) return false;
  return std::equal(
      ext.begin(), ext.end(), path.end() - static_cast<ptrdiff_t>(ext.size()),
      [](char a, char b) { return a == std::tolower(static_cast<unsigned char>(b)); });
}

bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r") == std::string_view::npos; }

}  // namespace

std::optional<Format> format_of(std::string_view path) {
  if (ends_with(path, ".csv")) return Format::csv;
  if (ends_with(path, ".jsonl") || ends_with(path, ".ndjson") || ends_with(path, ".json"))
    return Format::jsonl;
  return std::nullopt;
}

Format format_arg(const std::string& path, const char* flag) {
  if (auto f = format_of(path)) return *f;
  throw std::invalid_argument(std::string(flag) + ": '" + path +
                              "' must end in .csv or .jsonl (JSON Lines)");
}

void Block::clear() {
  text.clear();
  rows.clear();
  problems.clear();
}

InputReader::InputReader(const std::string& path, Format format, size_t block_bytes)
    : path_(path), format_(format), block_bytes_(std::max(block_bytes, kMinReadBytes)) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0)
    throw std::invalid_argument(path + ": cannot read the input file: " + std::strerror(errno));
  try {
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode))
      throw std::invalid_argument(path + ": is a folder, not an input file");
    size_ = file_size(path);
    // The header row comes first; rows read along with it wait in pending_.
    while (format_ == Format::csv && header_line_ == 0) {
      if (eof_ && carry_.empty())
        throw std::runtime_error(path_ + ": the CSV file has no header row");
      read_block(pending_, std::min(block_bytes_, kFirstReadBytes));
    }
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

InputReader::~InputReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool InputReader::fill(std::string& text, size_t want) {
  const size_t start = text.size();
  text.resize(start + want);
  size_t got = 0;
  while (got < want) {
    const ssize_t n = ::read(fd_, text.data() + start + got, want - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      text.resize(start + got);
      throw std::runtime_error(path_ + ": cannot read: " + std::strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    got += static_cast<size_t>(n);
  }
  text.resize(start + got);
  bytes_read_ += got;
  if (!started_ && (text.size() >= 3 || eof_)) {
    started_ = true;
    if (text.compare(0, kUtf8Bom.size(), kUtf8Bom) == 0) text.erase(0, kUtf8Bom.size());
  }
  return got > 0;
}

size_t InputReader::split(Block& block, size_t from) {
  const std::string& text = block.text;
  while (from < text.size()) {
    const std::string_view rest(text.data() + from, text.size() - from);
    size_t length = 0, consumed = 0;
    uint32_t lines = 1;
    int32_t problem = -1;
    if (format_ == Format::csv) {
      CsvScan s = scan_csv_record(rest, eof_);
      if (s.kind == CsvScan::Kind::need_more) return from;
      length = s.length;
      consumed = s.consumed;
      lines = s.lines;
      if (s.kind == CsvScan::Kind::malformed) {
        if (header_line_ == 0)
          throw std::runtime_error(path_ + ":" + std::to_string(line_) + ":" +
                                   std::to_string(s.column) + ": error: header row: " + s.reason);
        problem = static_cast<int32_t>(block.problems.size());
        block.problems.push_back({std::move(s.reason), s.column});
      }
    } else {
      const auto* nl = static_cast<const char*>(std::memchr(rest.data(), '\n', rest.size()));
      if (!nl && !eof_) return from;
      length = nl ? static_cast<size_t>(nl - rest.data()) : rest.size();
      consumed = nl ? length + 1 : length;
      if (length > 0 && rest[length - 1] == '\r') --length;
    }
    const uint32_t line = line_;
    line_ += lines;
    const size_t offset = from;
    from += consumed;
    if (is_blank(rest.substr(0, length)) && problem < 0) continue;
    if (format_ == Format::csv && header_line_ == 0) {
      header_.assign(rest.substr(0, length));
      header_line_ = line;
      continue;
    }
    if (length > UINT32_MAX) throw std::runtime_error(path_ + ": a row longer than 4 GiB");
    block.rows.push_back({offset, static_cast<uint32_t>(length), line, problem});
  }
  return from;
}

bool InputReader::next(Block& block, size_t want) {
  if (!pending_.rows.empty()) {
    std::swap(block, pending_);
    pending_.clear();
    return true;
  }
  return read_block(block, std::clamp(want, kMinReadBytes, block_bytes_));
}

bool InputReader::read_block(Block& block, size_t want) {
  block.clear();
  block.text.swap(carry_);
  size_t from = 0;
  for (;;) {
    if (!eof_) fill(block.text, want);
    from = split(block, from);
    if (from == block.text.size() || !block.rows.empty()) break;
    // A row longer than the read: read as much again as is held, so that a long row is
    // scanned a few times, not once per `want` bytes.
    want = std::max(want, block.text.size());
    if (block.text.size() - from > kMaxRowBytes)
      throw std::runtime_error(path_ + ":" + std::to_string(line_) +
                               ": a row longer than 256 MiB; is this really " +
                               (format_ == Format::csv ? "CSV" : "JSON Lines") + "?");
  }
  carry_.assign(block.text, from);
  block.text.resize(from);
  return !block.rows.empty();
}

}  // namespace entitle::batch
