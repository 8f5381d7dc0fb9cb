// Problems found while loading or checking a rule set or input, each with file:line:col.
// Loading collects every problem (it does not stop at the first), the way a compiler does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace entitle {

// A position in a source file. Lines and columns count from 1; 0 means "unknown".
struct SourceLocation {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class Severity { error, warning, note };

struct Diagnostic {
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;
};

// "path:line:col: error: message" (GCC style). Omits line and column when unknown.
std::string format_diagnostic(const Diagnostic& d);

class Diagnostics {
 public:
  void error(SourceLocation where, std::string message);
  void warning(SourceLocation where, std::string message);
  void note(SourceLocation where, std::string message);
  void add(Diagnostic d);
  void append(const Diagnostics& other);

  bool has_errors() const { return error_count_ > 0; }
  size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& items() const { return items_; }
  // Sorted by file, line, column; one per line in GCC style.
  std::string to_string() const;
  void sort();

 private:
  std::vector<Diagnostic> items_;
  size_t error_count_ = 0;
};

}  // namespace entitle
