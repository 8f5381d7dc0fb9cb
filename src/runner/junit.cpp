#include "runner/junit.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "base/utf8.hpp"

namespace entitle::runner {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] that XML allows, or 0: what
// base/utf8.hpp refuses, and U+FFFE/U+FFFF.
size_t xml_char_length(std::string_view s, size_t i) {
  const size_t n = utf8_sequence_length(s, i);
  if (n == 3 && static_cast<unsigned char>(s[i]) == 0xEF &&
      static_cast<unsigned char>(s[i + 1]) == 0xBF && static_cast<unsigned char>(s[i + 2]) >= 0xBE)
    return 0;
  return n;
}

struct Totals {
  size_t tests = 0, failures = 0, errors = 0, skipped = 0;
  double seconds = 0;
  void add(const JUnitCase& c) {
    ++tests;
    failures += c.result == JUnitCase::Result::failed;
    errors += c.result == JUnitCase::Result::error;
    skipped += c.result == JUnitCase::Result::skipped;
    seconds += c.seconds;
  }
  std::string attributes() const {
    char time[32];
    std::snprintf(time, sizeof time, "%.3f", seconds);
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
           "\" errors=\"" + std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) +
           "\" time=\"" + time + "\"";
  }
};

void write_case(std::string& out, const JUnitCase& c) {
  char time[32];
  std::snprintf(time, sizeof time, "%.3f", c.seconds);
  out += "    <testcase name=\"" + xml_escaped(c.name) + "\" classname=\"" +
         xml_escaped(c.classname) + "\" file=\"" + xml_escaped(c.suite) + "\" line=\"" +
         std::to_string(c.line) + "\" time=\"" + time + "\"";
  const char* element = c.result == JUnitCase::Result::failed    ? "failure"
                        : c.result == JUnitCase::Result::error   ? "error"
                        : c.result == JUnitCase::Result::skipped ? "skipped"
                                                                 : nullptr;
  if (!element) {
    out += "/>\n";
    return;
  }
  out += ">\n      <" + std::string(element) + " message=\"" + xml_escaped(c.message) + "\"";
  if (c.text.empty()) {
    out += "/>\n";
  } else {
    out += ">" + xml_escaped(c.text) + "</" + element + ">\n";
  }
  out += "    </testcase>\n";
}

}  // namespace

std::string xml_escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const char c = s[i];
    const size_t n = xml_char_length(s, i);
    const auto u = static_cast<unsigned char>(c);
    if (n == 0 || (n == 1 && u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F) {
      out += "\xEF\xBF\xBD";  // U+FFFD: XML 1.0 cannot carry it, even escaped
      i += n ? n : 1;
      continue;
    }
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      default: out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

void write_junit(const std::string& path, const std::vector<JUnitCase>& cases) {
  std::vector<std::string> suites;
  for (const auto& c : cases)
    if (std::find(suites.begin(), suites.end(), c.suite) == suites.end()) suites.push_back(c.suite);
  Totals all;
  for (const auto& c : cases) all.add(c);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"entitle test\"" + all.attributes() + ">\n";
  for (const auto& suite : suites) {
    Totals totals;
    std::string body;
    for (const auto& c : cases) {
      if (c.suite != suite) continue;
      totals.add(c);
      write_case(body, c);
    }
    out += "  <testsuite name=\"" + xml_escaped(suite) + "\"" + totals.attributes() + ">\n" + body +
           "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file || !(file << out) || !file.flush())
    throw std::runtime_error(path + ": cannot write the JUnit report");
}

}  // namespace entitle::runner
