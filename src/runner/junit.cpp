#include "runner/junit.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace entitle::runner {

namespace {

// Length of the well-formed UTF-8 sequence at s[i] that XML allows, or 0 (overlong forms,
// surrogates, past U+10FFFF, and U+FFFE/U+FFFF are refused).
size_t utf8_length(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  if (c == 0xEF && byte(i + 1) == 0xBF && byte(i + 2) >= 0xBE) return 0;
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
  const char* element = c.result == JUnitCase::Result::failed  ? "failure"
                        : c.result == JUnitCase::Result::error ? "error"
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
    const size_t n = utf8_length(s, i);
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
    out += "  <testsuite name=\"" + xml_escaped(suite) + "\"" + totals.attributes() + ">\n" +
           body + "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file || !(file << out) || !file.flush())
    throw std::runtime_error(path + ": cannot write the JUnit report");
}

}  // namespace entitle::runner
