// `entitle test --junit FILE`: results as JUnit XML, the format CI servers (Jenkins, GitLab,
// GitHub actions) show as test reports. One <testsuite> per test file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace entitle::runner {

struct JUnitCase {
  enum class Result : uint8_t { passed, failed, error, skipped };
  std::string suite;      // the test file's path
  std::string classname;  // rule set and file, dotted: "screening-2024.hardship_60"
  std::string name;
  uint32_t line = 0;
  Result result = Result::passed;
  std::string message;  // one line
  std::string text;     // the full report
  double seconds = 0;
};

// Text safe inside XML attributes and elements: & < > " ' escaped; characters XML 1.0
// forbids (most control characters, invalid UTF-8) replaced by U+FFFD.
std::string xml_escaped(std::string_view s);

// Writes the cases, grouped by suite in first-seen order. Throws std::runtime_error when the
// file cannot be written.
void write_junit(const std::string& path, const std::vector<JUnitCase>& cases);

}  // namespace entitle::runner
