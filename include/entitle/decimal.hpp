// Exact decimal numbers for money, rates and counts.
//
// A Decimal is a 64-bit integer scaled by 10^6: six fractional digits, range about
// ±9.2 × 10^12. Every product and quotient goes through a checked 128-bit intermediate, and
// any result outside the range throws DecimalOverflow: an amount is either exact or an
// error, never silently wrong. Binary floating point is never involved.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace entitle {

// The six rounding modes policies use. "half_up" rounds ties away from zero (四舍五入).
enum class RoundingMode { half_up, half_even, down, up, floor, ceiling };

// Parses "half_up", "half_even", "down", "up", "floor", "ceiling".
std::optional<RoundingMode> parse_rounding_mode(std::string_view name);
const char* rounding_mode_name(RoundingMode mode);

class DecimalOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

class DivisionByZero : public std::domain_error {
 public:
  using std::domain_error::domain_error;
};

class Decimal {
 public:
  static constexpr int kScale = 6;
  static constexpr int64_t kOne = 1'000'000;

  constexpr Decimal() = default;
  static constexpr Decimal from_raw(int64_t scaled) { return Decimal(scaled); }
  // Throws DecimalOverflow when |n| > max() / 10^6.
  static Decimal from_int(int64_t n);
  static constexpr Decimal max() { return Decimal(INT64_MAX); }
  static constexpr Decimal min() { return Decimal(INT64_MIN + 1); }

  // Parses a plain decimal: optional sign, digits, optional '.' and digits ("-12.5", "0.05",
  // "1000", ".5" and "5." rejected). No exponent, no spaces, no thousands separators.
  // Fails (nullopt) on any other text, on more than 6 significant fractional digits
  // (trailing zeros beyond the sixth are allowed), and on values out of range.
  static std::optional<Decimal> parse(std::string_view text);

  constexpr int64_t raw() const { return scaled_; }
  bool is_integer() const { return scaled_ % kOne == 0; }
  // The integer part, truncated toward zero.
  int64_t to_int_truncated() const { return scaled_ / kOne; }
  bool is_zero() const { return scaled_ == 0; }
  bool is_negative() const { return scaled_ < 0; }

  // Shortest exact text: "4200", "0.2", "-3.141593". No exponent.
  std::string to_string() const;
  // Exactly `places` fractional digits (0..6), rounding with `mode` when digits are dropped:
  // to_string_places(2) of 4200 is "4200.00".
  std::string to_string_places(int places, RoundingMode mode = RoundingMode::half_up) const;
  // Writes to_string_places into buf (at least 32 bytes); returns one past the last char.
  char* write_places(char* buf, int places, RoundingMode mode = RoundingMode::half_up) const;

  // Rounds to `places` fractional digits (0..6; negative places round to tens, hundreds:
  // -2 rounds to a multiple of 100). Throws DecimalOverflow if the result is out of range.
  Decimal round(int places, RoundingMode mode) const;

  // Checked arithmetic: throws DecimalOverflow on a result out of range.
  friend Decimal operator+(Decimal a, Decimal b);
  friend Decimal operator-(Decimal a, Decimal b);
  Decimal operator-() const;
  // Exact when the product has at most 6 fractional digits; otherwise rounded half_even to
  // 6 places (the engine's internal-precision rule, documented in docs/language.md).
  friend Decimal operator*(Decimal a, Decimal b);
  // The quotient rounded to 6 places with `mode`. Throws DivisionByZero when b == 0.
  static Decimal divide(Decimal a, Decimal b, RoundingMode mode = RoundingMode::half_even);
  friend Decimal operator/(Decimal a, Decimal b) { return divide(a, b); }
  Decimal abs() const;

  friend constexpr bool operator==(Decimal a, Decimal b) = default;
  friend constexpr std::strong_ordering operator<=>(Decimal a, Decimal b) {
    return a.scaled_ <=> b.scaled_;
  }

 private:
  constexpr explicit Decimal(int64_t scaled) : scaled_(scaled) {}
  int64_t scaled_ = 0;
};

}  // namespace entitle
