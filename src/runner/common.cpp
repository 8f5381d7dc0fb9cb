#include "runner/common.hpp"

#include "base/echo.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>
#include <vector>

#include "base/utf8.hpp"

namespace entitle::runner {

namespace {
// The lines of the file last asked for: a file with many diagnostics is read once, not once
// per diagnostic.
class SourceLines {
 public:
  // The text of line `n` (1-based) of `path`, or nullopt.
  const std::string* line(const std::string& path, uint32_t n) {
    if (path != path_) {
      path_ = path;
      lines_.clear();
      std::ifstream in(path, std::ios::binary);
      for (std::string l; std::getline(in, l);) {
        if (!l.empty() && l.back() == '\r') l.pop_back();
        lines_.push_back(std::move(l));
      }
    }
    if (n == 0 || n > lines_.size()) return nullptr;
    return &lines_[n - 1];
  }

 private:
  std::string path_;
  std::vector<std::string> lines_;
};

// Columns count characters; the caret line copies tabs so it lines up under the source.
std::string caret_line(const std::string& line, uint32_t column) {
  std::string out;
  uint32_t chars = 1;
  for (size_t i = 0; i < line.size() && chars < column; ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    if (is_utf8_continuation(c)) continue;
    // CJK characters take two terminal cells.
    bool wide = c >= 0xE3 && c <= 0xEF;
    out += line[i] == '\t' ? "\t" : wide ? "  " : " ";
    ++chars;
  }
  return out + "^";
}

// A long source line is shown as a window around the column, cut with "…" (a rule file may
// hold a 64 KiB scalar on one line). `column` is moved to count within the window.
std::string window(const std::string& line, uint32_t& column) {
  constexpr size_t kBefore = 60, kWidth = 120;
  if (line.size() <= kWidth) return line;
  size_t at = 0;  // the byte where the column's character starts
  for (uint32_t chars = 1; at < line.size() && chars < column; ++chars) {
    ++at;
    while (at < line.size() && (static_cast<unsigned char>(line[at]) & 0xC0) == 0x80) ++at;
  }
  const size_t from = at > kBefore ? utf8_boundary(line, at - kBefore) : 0;
  const size_t to = utf8_boundary(line, std::min(line.size(), from + kWidth));
  std::string shown = from > 0 ? "\xE2\x80\xA6" : "";
  shown += line.substr(from, to - from);
  if (to < line.size()) shown += "\xE2\x80\xA6";
  if (column > 0) {
    uint32_t chars = from > 0 ? 2 : 1;
    for (size_t i = from; i < at; ++i)
      if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++chars;
    column = chars;
  }
  return shown;
}

void print_one(std::ostream& out, const Diagnostic& d, SourceLines& sources) {
  out << format_diagnostic(d) << '\n';
  if (d.where.line == 0) return;
  const std::string* line = sources.line(d.where.file, d.where.line);
  if (!line) return;
  uint32_t column = d.where.column;
  const std::string shown = window(*line, column);
  out << "  " << shown << '\n';
  if (column > 0) out << "  " << caret_line(shown, column) << '\n';
}
}  // namespace

void print_diagnostic(std::ostream& out, const Diagnostic& d) {
  SourceLines sources;
  print_one(out, d, sources);
}

void print_diagnostics(std::ostream& out, const Diagnostics& ds) {
  SourceLines sources;
  for (const auto& d : ds.items()) print_one(out, d, sources);
}

std::shared_ptr<const RuleSet> load_or_report(const std::string& dir, std::ostream& err) {
  LoadResult r = RuleSet::load(dir);
  print_diagnostics(err, r.diagnostics);
  return r.ruleset;
}

Date parse_date_arg(const std::string& text, const char* flag) {
  auto d = Date::parse(text);
  if (!d)
    throw std::invalid_argument(std::string(flag) + ": '" + text +
                                "' is not a date; write YYYY-MM-DD, e.g. 2024-07-01");
  return *d;
}

Language parse_language(const std::string& text) {
  if (text == "zh") return Language::zh;
  if (text == "en") return Language::en;
  throw std::invalid_argument("--lang: '" + text + "' is not zh or en");
}

uint32_t entity_arg(const RuleSet& rs, const std::string& name) {
  if (!name.empty()) {
    if (auto e = rs.entity(name)) return *e;
    throw std::invalid_argument("--entity: the rule set has no entity '" + name + "'");
  }
  if (auto e = rs.default_entity()) return *e;
  throw std::invalid_argument("the rule set has several entities; name one with --entity");
}

}  // namespace entitle::runner
