#include "runner/common.hpp"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "base/utf8.hpp"

namespace entitle::runner {

namespace {
// The text of line `n` (1-based) of `path`, or nullopt.
std::optional<std::string> source_line(const std::string& path, uint32_t n) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string line;
  for (uint32_t i = 1; std::getline(in, line); ++i) {
    if (i == n) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
  }
  return std::nullopt;
}

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
}  // namespace

void print_diagnostic(std::ostream& out, const Diagnostic& d) {
  out << format_diagnostic(d) << '\n';
  if (d.where.line == 0) return;
  auto line = source_line(d.where.file, d.where.line);
  if (!line) return;
  out << "  " << *line << '\n';
  if (d.where.column > 0) out << "  " << caret_line(*line, d.where.column) << '\n';
}

void print_diagnostics(std::ostream& out, const Diagnostics& ds) {
  for (const auto& d : ds.items()) print_diagnostic(out, d);
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
