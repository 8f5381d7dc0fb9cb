#include "entitle/decimal.hpp"

#include <boost/multiprecision/cpp_int.hpp>

#include <array>
#include <charconv>
#include <utility>

namespace entitle {

namespace {

// Products and scaled dividends of two int64 magnitudes fit in 128 bits; the checked type
// turns any mistake in that reasoning into an exception instead of a wrong amount.
using Wide = boost::multiprecision::checked_int128_t;

constexpr int kMaxPow10 = 19;  // 10^19 is the largest power of ten a uint64_t holds
constexpr auto kPow10 = [] {
  std::array<uint64_t, kMaxPow10 + 1> p{};
  p[0] = 1;
  for (int i = 1; i <= kMaxPow10; ++i) p[i] = p[i - 1] * 10;
  return p;
}();
constexpr uint64_t kOneU = static_cast<uint64_t>(Decimal::kOne);
constexpr uint64_t kMaxMagnitude = static_cast<uint64_t>(INT64_MAX);

constexpr std::pair<RoundingMode, const char*> kModeNames[] = {
    {RoundingMode::half_up, "half_up"}, {RoundingMode::half_even, "half_even"},
    {RoundingMode::down, "down"},       {RoundingMode::up, "up"},
    {RoundingMode::floor, "floor"},     {RoundingMode::ceiling, "ceiling"},
};

// Unsigned so that the magnitude of INT64_MIN (reachable through from_raw) is representable.
uint64_t magnitude(int64_t v) {
  return v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
}

// Whether a quotient truncated toward zero moves one step away from zero. Only asked when
// something non-zero was dropped; `half` compares it with half the divisor (<0, 0 tie, >0).
bool rounds_away(RoundingMode mode, bool negative, bool odd, int half) {
  switch (mode) {
    case RoundingMode::half_up: return half >= 0;
    case RoundingMode::half_even: return half > 0 || (half == 0 && odd);
    case RoundingMode::down: return false;
    case RoundingMode::up: return true;
    case RoundingMode::floor: return negative;
    case RoundingMode::ceiling: return !negative;
  }
  throw std::invalid_argument("invalid rounding mode");
}

// The magnitude of n / d rounded with `mode`, where `negative` is the sign of the exact
// quotient. Working on magnitudes keeps one rounding rule for every operation.
template <class U>
U round_quotient(const U& n, const U& d, bool negative, RoundingMode mode) {
  U q = n / d;
  const U r = n % d;
  if (r != 0) {
    const U rest = d - r;  // compare r with d / 2 without overflowing 2 * r
    const int half = r < rest ? -1 : (r == rest ? 0 : 1);
    if (rounds_away(mode, negative, (q & 1) != 0, half)) ++q;
  }
  return q;
}

// A signed raw value, or nullopt when the magnitude is beyond Decimal::max().
std::optional<int64_t> signed_raw(uint64_t mag, bool negative) {
  if (mag > kMaxMagnitude) return std::nullopt;
  const auto v = static_cast<int64_t>(mag);
  return negative ? -v : v;
}

std::optional<int64_t> signed_raw(const Wide& mag, bool negative) {
  if (mag > kMaxMagnitude) return std::nullopt;
  return signed_raw(static_cast<uint64_t>(mag), negative);
}

[[noreturn]] void throw_overflow(Decimal a, const char* op, Decimal b) {
  throw DecimalOverflow("decimal overflow in " + a.to_string() + " " + op + " " + b.to_string());
}

// Raw values are valid only within [min(), max()]; INT64_MIN is excluded so that negation
// never overflows. Results built by signed_raw() are always inside.
bool in_range(int64_t raw) { return raw != INT64_MIN; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

std::optional<RoundingMode> parse_rounding_mode(std::string_view name) {
  for (const auto& [mode, text] : kModeNames) {
    if (name == text) return mode;
  }
  return std::nullopt;
}

const char* rounding_mode_name(RoundingMode mode) {
  for (const auto& [m, text] : kModeNames) {
    if (m == mode) return text;
  }
  throw std::invalid_argument("invalid rounding mode");
}

Decimal Decimal::from_int(int64_t n) {
  if (n > INT64_MAX / kOne || n < -(INT64_MAX / kOne)) {
    throw DecimalOverflow("decimal overflow in from_int(" + std::to_string(n) + ")");
  }
  return Decimal(n * kOne);
}

std::optional<Decimal> Decimal::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    ++i;
  }
  const size_t int_begin = i;
  uint64_t int_part = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) {
    int_part = int_part * 10 + static_cast<uint64_t>(text[i] - '0');
    // Checked per digit so the accumulator itself can never wrap on long input.
    if (int_part > kMaxMagnitude / kOneU) return std::nullopt;
  }
  if (i == int_begin) return std::nullopt;

  uint64_t frac = 0;
  if (i < text.size() && text[i] == '.') {
    const size_t frac_begin = ++i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      const size_t pos = i - frac_begin;
      if (pos < kScale) {
        frac += static_cast<uint64_t>(text[i] - '0') * kPow10[kScale - 1 - pos];
      } else if (text[i] != '0') {
        return std::nullopt;  // a seventh significant digit cannot be held exactly
      }
    }
    if (i == frac_begin) return std::nullopt;
  }
  if (i != text.size()) return std::nullopt;

  const auto raw = signed_raw(int_part * kOneU + frac, negative);
  if (!raw) return std::nullopt;
  return Decimal(*raw);
}

std::string Decimal::to_string() const {
  char buf[32];
  char* end = write_places(buf, kScale);
  // Six places are exact; the shortest form just drops trailing zeros and a bare point.
  while (end[-1] == '0') --end;
  if (end[-1] == '.') --end;
  return std::string(buf, end);
}

std::string Decimal::to_string_places(int places, RoundingMode mode) const {
  char buf[32];
  return std::string(buf, write_places(buf, places, mode));
}

char* Decimal::write_places(char* buf, int places, RoundingMode mode) const {
  if (places < 0 || places > kScale) {
    throw std::invalid_argument("to_string_places: places must be 0..6, got " +
                                std::to_string(places));
  }
  // Rounded on the unsigned magnitude, so printing max() rounded up cannot overflow.
  const bool negative = scaled_ < 0;
  const uint64_t digits =
      round_quotient(magnitude(scaled_), kPow10[kScale - places], negative, mode);
  char* p = buf;
  if (negative && digits != 0) *p++ = '-';  // no "-0.00"
  p = std::to_chars(p, buf + 32, digits / kPow10[places]).ptr;
  if (places > 0) {
    *p++ = '.';
    uint64_t frac = digits % kPow10[places];
    for (int k = places - 1; k >= 0; --k) {
      p[k] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    p += places;
  }
  return p;
}

Decimal Decimal::round(int places, RoundingMode mode) const {
  if (places >= kScale) return *this;
  const bool negative = scaled_ < 0;
  std::optional<int64_t> raw;
  if (places >= kScale - kMaxPow10) {
    // q * unit <= magnitude + unit <= 2^63 + 10^18, or exactly 10^19 when unit is 10^19
    // (q <= 1 then): it always fits in uint64_t, and signed_raw() rejects what is too big.
    const uint64_t unit = kPow10[kScale - places];
    raw = signed_raw(round_quotient(magnitude(scaled_), unit, negative, mode) * unit, negative);
  } else if (scaled_ == 0 || !rounds_away(mode, negative, false, -1)) {
    // A unit of 10^20 or more exceeds twice any magnitude: everything rounds to zero
    // unless the mode moves away from zero, and that step is out of range.
    raw = 0;
  }
  if (!raw) {
    throw DecimalOverflow("decimal overflow in round(" + to_string() + ", " +
                          std::to_string(places) + ", " + rounding_mode_name(mode) + ")");
  }
  return Decimal(*raw);
}

Decimal operator+(Decimal a, Decimal b) {
  int64_t r = 0;
  if (__builtin_add_overflow(a.scaled_, b.scaled_, &r) || !in_range(r)) throw_overflow(a, "+", b);
  return Decimal(r);
}

Decimal operator-(Decimal a, Decimal b) {
  int64_t r = 0;
  if (__builtin_sub_overflow(a.scaled_, b.scaled_, &r) || !in_range(r)) throw_overflow(a, "-", b);
  return Decimal(r);
}

Decimal Decimal::operator-() const {
  if (!in_range(scaled_)) throw DecimalOverflow("decimal overflow in -" + to_string());
  return Decimal(-scaled_);
}

Decimal Decimal::abs() const {
  if (!in_range(scaled_)) throw DecimalOverflow("decimal overflow in abs(" + to_string() + ")");
  return Decimal(scaled_ < 0 ? -scaled_ : scaled_);
}

Decimal operator*(Decimal a, Decimal b) {
  const bool negative = (a.scaled_ < 0) != (b.scaled_ < 0);
  const uint64_t ma = magnitude(a.scaled_);
  const uint64_t mb = magnitude(b.scaled_);
  // The product of two scaled values carries 12 fractional digits; drop six of them.
  constexpr RoundingMode kMode = RoundingMode::half_even;
  std::optional<int64_t> raw;
  uint64_t product = 0;
  if (!__builtin_mul_overflow(ma, mb, &product)) {
    raw = signed_raw(round_quotient(product, kOneU, negative, kMode), negative);
  } else {
    raw = signed_raw(round_quotient<Wide>(Wide(ma) * mb, Wide(kOneU), negative, kMode), negative);
  }
  if (!raw) throw_overflow(a, "*", b);
  return Decimal(*raw);
}

Decimal Decimal::divide(Decimal a, Decimal b, RoundingMode mode) {
  if (b.scaled_ == 0) throw DivisionByZero("division by zero");
  const bool negative = (a.scaled_ < 0) != (b.scaled_ < 0);
  const uint64_t ma = magnitude(a.scaled_);
  const uint64_t mb = magnitude(b.scaled_);
  // Scaling the dividend by 10^6 keeps six fractional digits in the quotient.
  std::optional<int64_t> raw;
  uint64_t dividend = 0;
  if (!__builtin_mul_overflow(ma, kOneU, &dividend)) {
    raw = signed_raw(round_quotient(dividend, mb, negative, mode), negative);
  } else {
    raw = signed_raw(round_quotient<Wide>(Wide(ma) * kOneU, Wide(mb), negative, mode), negative);
  }
  if (!raw) throw_overflow(a, "/", b);
  return Decimal(*raw);
}

}  // namespace entitle
