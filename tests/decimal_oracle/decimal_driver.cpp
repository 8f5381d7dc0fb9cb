// Reads Decimal operations on stdin, one per line, and prints entitle's answer for each, so
// that decimal_oracle_test.py can check them against Python's decimal module.
//
// Operands are raw scaled values (the integer x * 10^6), so the driver tests arithmetic and
// rounding, not parsing. Lines:
//   add A B | sub A B | mul A B | neg A
//   div A B MODE          quotient rounded to 6 places with MODE
//   round A PLACES MODE   Decimal::round
//   fmt A PLACES MODE     Decimal::to_string_places (places 0..6)
// Output per line: the raw result, the formatted text for fmt, "overflow" (DecimalOverflow)
// or "divzero" (DivisionByZero).
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>

#include "entitle/decimal.hpp"

using entitle::Decimal;

namespace {

entitle::RoundingMode mode_of(const std::string& name) {
  if (auto m = entitle::parse_rounding_mode(name)) return *m;
  std::cerr << "unknown rounding mode " << name << "\n";
  std::exit(2);
}

std::string run(const std::string& line) {
  std::istringstream in(line);
  std::string op, mode;
  int64_t a = 0, b = 0;
  in >> op >> a;
  const Decimal x = Decimal::from_raw(a);
  try {
    if (op == "neg") return std::to_string((-x).raw());
    in >> b;
    const Decimal y = Decimal::from_raw(b);
    if (op == "add") return std::to_string((x + y).raw());
    if (op == "sub") return std::to_string((x - y).raw());
    if (op == "mul") return std::to_string((x * y).raw());
    in >> mode;
    if (op == "div") return std::to_string(Decimal::divide(x, y, mode_of(mode)).raw());
    if (op == "round") return std::to_string(x.round(static_cast<int>(b), mode_of(mode)).raw());
    if (op == "fmt") return x.to_string_places(static_cast<int>(b), mode_of(mode));
  } catch (const entitle::DecimalOverflow&) {
    return "overflow";
  } catch (const entitle::DivisionByZero&) {
    return "divzero";
  }
  std::cerr << "bad line: " << line << "\n";
  std::exit(2);
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line, out;
  while (std::getline(std::cin, line)) {
    out += run(line);
    out += '\n';
    if (out.size() > (1 << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out;
  return std::cout.good() ? 0 : 1;
}
