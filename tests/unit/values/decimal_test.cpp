#include "entitle/decimal.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstring>
#include <string>
#include <vector>

namespace entitle {
namespace {

using RM = RoundingMode;

// Test literals go through parse; a typo fails loudly instead of becoming zero.
Decimal dec(std::string_view text) {
  const auto d = Decimal::parse(text);
  if (!d) throw std::invalid_argument("bad test literal: " + std::string(text));
  return *d;
}

constexpr std::array<RM, 6> kAllModes = {RM::half_up, RM::half_even, RM::down,
                                         RM::up,      RM::floor,     RM::ceiling};

// --- parse ----------------------------------------------------------------------------------

TEST(DecimalParse, AcceptsPlainDecimalsWithOptionalSign) {
  const struct {
    const char* text;
    int64_t raw;
  } cases[] = {
      {"0", 0},
      {"-0", 0},
      {"42", 42'000'000},
      {"+7", 7'000'000},
      {"-12.5", -12'500'000},
      {"0.05", 50'000},
      {"-0.000001", -1},
      {"007.10", 7'100'000},
      {"1.50000000", 1'500'000},  // zeros past the sixth place carry no information
      {"9223372036854.775807", INT64_MAX},
      {"-9223372036854.775807", -INT64_MAX},
  };
  for (const auto& c : cases) {
    const auto d = Decimal::parse(c.text);
    ASSERT_TRUE(d.has_value()) << c.text;
    EXPECT_EQ(d->raw(), c.raw) << c.text;
  }
}

TEST(DecimalParse, RejectsAnythingButAPlainDecimal) {
  for (const char* text :
       {"",      "-",   "+",   ".5",    "-.5",  "5.",  "-5.", "1e3",  "1E3", " 1", "1 ",  "1,000",
        "1_000", "--1", "+-1", "1.2.3", "0x10", "NaN", "inf", "1.5-", "12a", ".",  "1..2"}) {
    EXPECT_FALSE(Decimal::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(DecimalParse, RejectsASeventhSignificantFractionalDigit) {
  EXPECT_FALSE(Decimal::parse("0.0000001").has_value());
  EXPECT_FALSE(Decimal::parse("1.0000001").has_value());
  EXPECT_FALSE(Decimal::parse("1.00000010").has_value());
  EXPECT_EQ(Decimal::parse("1.000001000")->raw(), 1'000'001);
}

TEST(DecimalParse, RejectsValuesOutOfRange) {
  for (const char* text :
       {"9223372036854.775808", "-9223372036854.775808", "9223372036855", "-9223372036855",
        "99999999999999999999999", "100000000000000000000000000000000000000.0"}) {
    EXPECT_FALSE(Decimal::parse(text).has_value()) << text;
  }
}

// --- formatting -----------------------------------------------------------------------------

TEST(DecimalFormat, ToStringIsTheShortestExactText) {
  EXPECT_EQ(Decimal::from_int(4200).to_string(), "4200");
  EXPECT_EQ(dec("0.2").to_string(), "0.2");
  EXPECT_EQ(dec("-0.000001").to_string(), "-0.000001");
  EXPECT_EQ(dec("-3.141593").to_string(), "-3.141593");
  EXPECT_EQ(dec("100.010").to_string(), "100.01");
  EXPECT_EQ(Decimal().to_string(), "0");
  EXPECT_EQ(dec("-10").to_string(), "-10");
  EXPECT_EQ(Decimal::max().to_string(), "9223372036854.775807");
  EXPECT_EQ(Decimal::min().to_string(), "-9223372036854.775807");
}

TEST(DecimalFormat, ToStringRoundTripsThroughParse) {
  for (int64_t raw : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{999'999}, int64_t{1'000'000},
                      int64_t{-1'000'001}, int64_t{123'456'789'012}, INT64_MAX, -INT64_MAX}) {
    const Decimal d = Decimal::from_raw(raw);
    const auto back = Decimal::parse(d.to_string());
    ASSERT_TRUE(back.has_value()) << d.to_string();
    EXPECT_EQ(*back, d) << d.to_string();
  }
}

TEST(DecimalFormat, ToStringPlacesPrintsExactlyThatManyDigits) {
  EXPECT_EQ(Decimal::from_int(4200).to_string_places(2), "4200.00");
  EXPECT_EQ(dec("1.5").to_string_places(6), "1.500000");
  EXPECT_EQ(dec("-1.5").to_string_places(3), "-1.500");
  EXPECT_EQ(dec("12.34").to_string_places(0, RM::down), "12");
  EXPECT_EQ(dec("0.000001").to_string_places(6), "0.000001");
}

TEST(DecimalFormat, ToStringPlacesRoundsWithCarryIntoTheIntegerPart) {
  EXPECT_EQ(dec("9.995").to_string_places(2), "10.00");
  EXPECT_EQ(dec("-9.995").to_string_places(2), "-10.00");
  EXPECT_EQ(dec("99.999995").to_string_places(5), "100.00000");
  EXPECT_EQ(dec("0.5").to_string_places(0), "1");
}

TEST(DecimalFormat, ToStringPlacesUsesTheGivenMode) {
  EXPECT_EQ(dec("2.345").to_string_places(2, RM::half_up), "2.35");
  EXPECT_EQ(dec("2.345").to_string_places(2, RM::half_even), "2.34");
  EXPECT_EQ(dec("2.345").to_string_places(2, RM::down), "2.34");
  EXPECT_EQ(dec("2.341").to_string_places(2, RM::up), "2.35");
  EXPECT_EQ(dec("-2.341").to_string_places(2, RM::floor), "-2.35");
  EXPECT_EQ(dec("-2.349").to_string_places(2, RM::ceiling), "-2.34");
}

TEST(DecimalFormat, ToStringPlacesNeverPrintsNegativeZero) {
  EXPECT_EQ(dec("-0.001").to_string_places(2), "0.00");
  EXPECT_EQ(dec("-0.4").to_string_places(0), "0");
  EXPECT_EQ(dec("-0.001").to_string_places(2, RM::floor), "-0.01");
}

TEST(DecimalFormat, ToStringPlacesOfTheExtremesRoundsBeyondTheRangeWithoutThrowing) {
  EXPECT_EQ(Decimal::max().to_string_places(0), "9223372036855");
  EXPECT_EQ(Decimal::min().to_string_places(2), "-9223372036854.78");
}

TEST(DecimalFormat, ToStringPlacesRejectsPlacesOutsideZeroToSix) {
  EXPECT_THROW(dec("1").to_string_places(-1), std::invalid_argument);
  EXPECT_THROW(dec("1").to_string_places(7), std::invalid_argument);
}

TEST(DecimalFormat, WritePlacesWritesTheSameTextAndStopsAtTheReturnedEnd) {
  for (const char* text : {"0", "-9.995", "4200", "9223372036854.775807", "-0.000001"}) {
    const Decimal d = dec(text);
    for (int places = 0; places <= 6; ++places) {
      char buf[40];
      std::memset(buf, '#', sizeof buf);
      char* end = d.write_places(buf, places, RM::half_even);
      EXPECT_EQ(std::string(buf, end), d.to_string_places(places, RM::half_even));
      EXPECT_EQ(*end, '#');
    }
  }
}

// --- exactness ------------------------------------------------------------------------------

TEST(DecimalArithmetic, DecimalFractionsAddExactly) {
  EXPECT_EQ(dec("0.1") + dec("0.2"), dec("0.3"));
  EXPECT_EQ(dec("0.3") - dec("0.1"), dec("0.2"));
  Decimal sum;
  for (int i = 0; i < 10; ++i) sum = sum + dec("0.1");
  EXPECT_EQ(sum, Decimal::from_int(1));
}

TEST(DecimalArithmetic, ExactProductsAndQuotientsAreExact) {
  EXPECT_EQ(Decimal::from_int(15) / Decimal::from_int(3), Decimal::from_int(5));
  EXPECT_EQ(dec("1.1") * dec("1.1"), dec("1.21"));
  EXPECT_EQ(dec("-2.5") * dec("4"), dec("-10"));
  EXPECT_EQ(dec("1234567.891") * Decimal::from_int(1000), Decimal::from_int(1'234'567'891));
  EXPECT_EQ(dec("4860.75") / dec("0.15"), dec("32405"));
  EXPECT_EQ(dec("-7") / dec("-0.5"), Decimal::from_int(14));
}

TEST(DecimalArithmetic, MultiplicationRoundsHalfEvenToSixPlaces) {
  EXPECT_EQ(dec("0.000001") * dec("0.5"), Decimal());        // 0.0000005 -> even 0
  EXPECT_EQ(dec("0.000003") * dec("0.5"), dec("0.000002"));  // 0.0000015 -> even 2
  EXPECT_EQ(dec("-0.000003") * dec("0.5"), dec("-0.000002"));
  EXPECT_EQ(dec("0.123456") * dec("0.1"), dec("0.012346"));    // 0.0123456, above the tie
  EXPECT_EQ(dec("0.123454") * dec("-0.1"), dec("-0.012345"));  // 0.0123454, below the tie
}

TEST(DecimalArithmetic, LargeProductsGoThroughTheWideIntermediateExactly) {
  // Raw products here exceed 64 bits although the results are in range.
  EXPECT_EQ(dec("2000000.000001") * dec("2000000.000001"), dec("4000000000004"));
  EXPECT_EQ(dec("2000000.000001") * dec("1000000.5"), dec("2000001000001"));
  EXPECT_EQ(dec("2000000.000003") * dec("1000000.5"), dec("2000001000003.000002"));
  EXPECT_EQ(dec("-2000000.000003") * dec("1000000.5"), dec("-2000001000003.000002"));
  EXPECT_EQ(dec("3037000.499") * dec("3037000.499"), dec("9223372030926.249001"));
  EXPECT_EQ(dec("-1234567.891011") * dec("-7654.321"), dec("9449778934.091209"));
}

TEST(DecimalArithmetic, LargeDividendsGoThroughTheWideIntermediate) {
  EXPECT_EQ(Decimal::max() / Decimal::from_int(7), dec("1317624576693.539401"));
  EXPECT_EQ(Decimal::max() / Decimal::max(), Decimal::from_int(1));
  EXPECT_EQ(Decimal::min() / Decimal::from_int(-1), Decimal::max());
}

// --- division rounding ----------------------------------------------------------------------

struct ModeCase {
  RM mode;
  const char* expected;
};

TEST(DecimalDivide, OneThirdRoundsPerMode) {
  const Decimal one = Decimal::from_int(1);
  const Decimal three = Decimal::from_int(3);
  for (const auto& c : {ModeCase{RM::half_up, "0.333333"}, ModeCase{RM::half_even, "0.333333"},
                        ModeCase{RM::down, "0.333333"}, ModeCase{RM::up, "0.333334"},
                        ModeCase{RM::floor, "0.333333"}, ModeCase{RM::ceiling, "0.333334"}}) {
    EXPECT_EQ(Decimal::divide(one, three, c.mode), dec(c.expected)) << rounding_mode_name(c.mode);
  }
  for (const auto& c : {ModeCase{RM::half_up, "-0.333333"}, ModeCase{RM::half_even, "-0.333333"},
                        ModeCase{RM::down, "-0.333333"}, ModeCase{RM::up, "-0.333334"},
                        ModeCase{RM::floor, "-0.333334"}, ModeCase{RM::ceiling, "-0.333333"}}) {
    EXPECT_EQ(Decimal::divide(-one, three, c.mode), dec(c.expected)) << rounding_mode_name(c.mode);
  }
}

TEST(DecimalDivide, TwoThirdsRoundsPerMode) {
  const Decimal two = Decimal::from_int(2);
  const Decimal three = Decimal::from_int(3);
  for (const auto& c : {ModeCase{RM::half_up, "0.666667"}, ModeCase{RM::half_even, "0.666667"},
                        ModeCase{RM::down, "0.666666"}, ModeCase{RM::up, "0.666667"},
                        ModeCase{RM::floor, "0.666666"}, ModeCase{RM::ceiling, "0.666667"}}) {
    EXPECT_EQ(Decimal::divide(two, three, c.mode), dec(c.expected)) << rounding_mode_name(c.mode);
  }
  for (const auto& c : {ModeCase{RM::half_up, "-0.666667"}, ModeCase{RM::half_even, "-0.666667"},
                        ModeCase{RM::down, "-0.666666"}, ModeCase{RM::up, "-0.666667"},
                        ModeCase{RM::floor, "-0.666667"}, ModeCase{RM::ceiling, "-0.666666"}}) {
    EXPECT_EQ(Decimal::divide(two, -three, c.mode), dec(c.expected)) << rounding_mode_name(c.mode);
  }
}

TEST(DecimalDivide, LargeDividendsRoundPerModeToo) {
  // 20000000 scaled twice exceeds 64 bits, so these quotients take the wide path.
  const Decimal a = Decimal::from_int(20'000'000);
  const Decimal b = dec("0.000003");  // a / b = 6666666666666.666666|67
  const char* low = "6666666666666.666666";
  const char* high = "6666666666666.666667";
  for (const auto& c :
       {ModeCase{RM::half_up, high}, ModeCase{RM::half_even, high}, ModeCase{RM::down, low},
        ModeCase{RM::up, high}, ModeCase{RM::floor, low}, ModeCase{RM::ceiling, high}}) {
    EXPECT_EQ(Decimal::divide(a, b, c.mode), dec(c.expected)) << rounding_mode_name(c.mode);
  }
  for (const auto& c :
       {ModeCase{RM::half_up, high}, ModeCase{RM::half_even, high}, ModeCase{RM::down, low},
        ModeCase{RM::up, high}, ModeCase{RM::floor, high}, ModeCase{RM::ceiling, low}}) {
    EXPECT_EQ(Decimal::divide(-a, b, c.mode), -dec(c.expected)) << rounding_mode_name(c.mode);
  }
  const Decimal three = Decimal::from_int(3);  // max / 3 = 3074457345618.258602|333...
  EXPECT_EQ(Decimal::divide(Decimal::max(), three, RM::down), dec("3074457345618.258602"));
  EXPECT_EQ(Decimal::divide(Decimal::max(), three, RM::up), dec("3074457345618.258603"));
}

TEST(DecimalDivide, OperatorSlashRoundsHalfEven) {
  EXPECT_EQ(Decimal::from_int(2) / Decimal::from_int(3), dec("0.666667"));
  EXPECT_EQ(dec("0.000001") / Decimal::from_int(2), Decimal());          // tie -> even 0
  EXPECT_EQ(dec("0.000003") / Decimal::from_int(2), dec("0.000002"));    // tie -> even 2
  EXPECT_EQ(dec("-0.000005") / Decimal::from_int(2), dec("-0.000002"));  // tie -> even 2
}

TEST(DecimalDivide, TiesInTheQuotientFollowTheMode) {
  const Decimal tiny = dec("0.000001");
  const Decimal two = Decimal::from_int(2);
  EXPECT_EQ(Decimal::divide(tiny, two, RM::half_up), tiny);
  EXPECT_EQ(Decimal::divide(-tiny, two, RM::half_up), -tiny);
  EXPECT_EQ(Decimal::divide(-tiny, two, RM::floor), -tiny);
  EXPECT_EQ(Decimal::divide(-tiny, two, RM::ceiling), Decimal());
  EXPECT_EQ(Decimal::divide(tiny, two, RM::down), Decimal());
}

TEST(DecimalDivide, ByZeroThrowsDivisionByZero) {
  try {
    (void)(Decimal::from_int(1) / Decimal());
    FAIL() << "expected DivisionByZero";
  } catch (const DivisionByZero& e) {
    EXPECT_STREQ(e.what(), "division by zero");
  }
  EXPECT_THROW(Decimal::divide(Decimal(), Decimal(), RM::down), DivisionByZero);
}

// --- rounding modes -------------------------------------------------------------------------

TEST(DecimalRound, EveryModeOnTiesAndNonTiesToZeroPlaces) {
  const struct {
    const char* value;
    std::array<const char*, 6> expected;  // in kAllModes order
  } cases[] = {
      // value      half_up half_even down  up    floor ceiling
      {"2.5", {"3", "2", "2", "3", "2", "3"}},
      {"-2.5", {"-3", "-2", "-2", "-3", "-3", "-2"}},
      {"3.5", {"4", "4", "3", "4", "3", "4"}},
      {"-3.5", {"-4", "-4", "-3", "-4", "-4", "-3"}},
      {"2.4999", {"2", "2", "2", "3", "2", "3"}},
      {"-2.4999", {"-2", "-2", "-2", "-3", "-3", "-2"}},
      {"2.5001", {"3", "3", "2", "3", "2", "3"}},
      {"-2.5001", {"-3", "-3", "-2", "-3", "-3", "-2"}},
      {"0.000001", {"0", "0", "0", "1", "0", "1"}},
      {"-0.000001", {"0", "0", "0", "-1", "-1", "0"}},
      {"7", {"7", "7", "7", "7", "7", "7"}},
  };
  for (const auto& c : cases) {
    for (size_t i = 0; i < kAllModes.size(); ++i) {
      EXPECT_EQ(dec(c.value).round(0, kAllModes[i]), dec(c.expected[i]))
          << c.value << " " << rounding_mode_name(kAllModes[i]);
    }
  }
}

TEST(DecimalRound, EveryModeOnTiesToTwoPlaces) {
  const struct {
    const char* value;
    std::array<const char*, 6> expected;  // in kAllModes order
  } cases[] = {
      {"0.125", {"0.13", "0.12", "0.12", "0.13", "0.12", "0.13"}},
      {"-0.125", {"-0.13", "-0.12", "-0.12", "-0.13", "-0.13", "-0.12"}},
      {"0.135", {"0.14", "0.14", "0.13", "0.14", "0.13", "0.14"}},
      {"1.004999", {"1", "1", "1", "1.01", "1", "1.01"}},
  };
  for (const auto& c : cases) {
    for (size_t i = 0; i < kAllModes.size(); ++i) {
      EXPECT_EQ(dec(c.value).round(2, kAllModes[i]), dec(c.expected[i]))
          << c.value << " " << rounding_mode_name(kAllModes[i]);
    }
  }
}

TEST(DecimalRound, NegativePlacesRoundToTensAndHundreds) {
  EXPECT_EQ(dec("1250").round(-2, RM::half_up), dec("1300"));
  EXPECT_EQ(dec("1250").round(-2, RM::half_even), dec("1200"));
  EXPECT_EQ(dec("1350").round(-2, RM::half_even), dec("1400"));
  EXPECT_EQ(dec("1249.99").round(-2, RM::half_up), dec("1200"));
  EXPECT_EQ(dec("-1250").round(-2, RM::half_up), dec("-1300"));
  EXPECT_EQ(dec("1201").round(-2, RM::floor), dec("1200"));
  EXPECT_EQ(dec("1201").round(-2, RM::ceiling), dec("1300"));
  EXPECT_EQ(dec("-1201").round(-2, RM::ceiling), dec("-1200"));
  EXPECT_EQ(dec("15").round(-1, RM::half_even), dec("20"));
  EXPECT_EQ(dec("500000000000").round(-12, RM::half_up), dec("1000000000000"));
  EXPECT_EQ(dec("499999999999.999999").round(-12, RM::half_up), Decimal());
}

TEST(DecimalRound, PlacesOfSixOrMoreKeepTheValue) {
  const Decimal d = dec("-1.234567");
  for (int places : {6, 7, 100}) {
    for (RM mode : kAllModes) EXPECT_EQ(d.round(places, mode), d);
  }
}

TEST(DecimalRound, OverflowsWhenTheRoundedValueLeavesTheRange) {
  EXPECT_THROW(Decimal::max().round(0, RM::half_up), DecimalOverflow);
  EXPECT_THROW(Decimal::min().round(0, RM::floor), DecimalOverflow);
  EXPECT_EQ(Decimal::max().round(0, RM::down), Decimal::from_int(9'223'372'036'854));
  EXPECT_THROW(Decimal::max().round(-13, RM::half_up), DecimalOverflow);  // -> 10^13
  EXPECT_EQ(Decimal::max().round(-13, RM::down), Decimal());
}

TEST(DecimalRound, PlacesFarBelowTheRangeRoundToZeroOrOverflow) {
  EXPECT_EQ(Decimal::max().round(-20, RM::half_up), Decimal());
  EXPECT_EQ(dec("-5").round(-100, RM::ceiling), Decimal());
  EXPECT_EQ(Decimal().round(-100, RM::up), Decimal());
  EXPECT_THROW(dec("0.000001").round(-20, RM::up), DecimalOverflow);
  EXPECT_THROW(dec("-5").round(-100, RM::floor), DecimalOverflow);
  EXPECT_EQ(dec("5").round(INT32_MIN, RM::down), Decimal());
}

// --- overflow -------------------------------------------------------------------------------

template <class F>
std::string overflow_message(F f) {
  try {
    f();
  } catch (const DecimalOverflow& e) {
    return e.what();
  }
  return "no DecimalOverflow thrown";
}

TEST(DecimalOverflowTest, AdditionAndSubtractionBeyondTheRangeThrow) {
  const Decimal tick = Decimal::from_raw(1);
  EXPECT_EQ(overflow_message([&] { (void)(Decimal::max() + tick); }),
            "decimal overflow in 9223372036854.775807 + 0.000001");
  EXPECT_EQ(overflow_message([&] { (void)(Decimal::min() - tick); }),
            "decimal overflow in -9223372036854.775807 - 0.000001");
  EXPECT_THROW((void)(Decimal::min() + -tick), DecimalOverflow);
  EXPECT_THROW((void)(Decimal::max() - -tick), DecimalOverflow);
  EXPECT_THROW((void)(Decimal::max() + Decimal::max()), DecimalOverflow);
  EXPECT_EQ(Decimal::max() + Decimal::min(), Decimal());
  EXPECT_EQ(Decimal::max() - Decimal::max(), Decimal());
}

TEST(DecimalOverflowTest, MultiplicationBeyondTheRangeThrowsNamingTheOperands) {
  EXPECT_EQ(overflow_message([] { (void)(dec("9000000000000") * dec("2")); }),
            "decimal overflow in 9000000000000 * 2");
  EXPECT_THROW((void)(dec("3037000.5") * dec("3037000.5")), DecimalOverflow);
  EXPECT_THROW((void)(dec("-3037000.5") * dec("3037000.5")), DecimalOverflow);
  EXPECT_THROW((void)(Decimal::max() * Decimal::max()), DecimalOverflow);
  EXPECT_EQ(Decimal::max() * Decimal::from_int(-1), Decimal::min());
}

TEST(DecimalOverflowTest, DivisionBeyondTheRangeThrows) {
  EXPECT_EQ(overflow_message([] { (void)(Decimal::max() / dec("0.5")); }),
            "decimal overflow in 9223372036854.775807 / 0.5");
  EXPECT_THROW((void)(Decimal::from_int(9'223'372'036'854) / dec("0.000001")), DecimalOverflow);
  EXPECT_EQ(Decimal::from_int(1) / dec("0.000001"), Decimal::from_int(1'000'000));
}

TEST(DecimalOverflowTest, FromIntAcceptsOnlyWholeNumbersInRange) {
  EXPECT_EQ(Decimal::from_int(9'223'372'036'854).raw(), 9'223'372'036'854'000'000);
  EXPECT_EQ(Decimal::from_int(-9'223'372'036'854).raw(), -9'223'372'036'854'000'000);
  EXPECT_EQ(overflow_message([] { (void)Decimal::from_int(9'223'372'036'855); }),
            "decimal overflow in from_int(9223372036855)");
  EXPECT_THROW((void)Decimal::from_int(-9'223'372'036'855), DecimalOverflow);
  EXPECT_THROW((void)Decimal::from_int(INT64_MIN), DecimalOverflow);
}

TEST(DecimalOverflowTest, NegationIsSafeForEveryValueInRange) {
  EXPECT_EQ(-Decimal::max(), Decimal::min());
  EXPECT_EQ(-Decimal::min(), Decimal::max());
  EXPECT_EQ(Decimal::min().abs(), Decimal::max());
  EXPECT_EQ(Decimal::min().raw(), INT64_MIN + 1);
  // INT64_MIN is only reachable through from_raw and is outside the range.
  EXPECT_THROW((void)-Decimal::from_raw(INT64_MIN), DecimalOverflow);
  EXPECT_THROW((void)Decimal::from_raw(INT64_MIN).abs(), DecimalOverflow);
}

// --- accessors and names --------------------------------------------------------------------

TEST(DecimalAccessors, IntegerPartTruncatesTowardZero) {
  EXPECT_EQ(dec("2.7").to_int_truncated(), 2);
  EXPECT_EQ(dec("-2.7").to_int_truncated(), -2);
  EXPECT_TRUE(dec("-3").is_integer());
  EXPECT_FALSE(dec("3.000001").is_integer());
  EXPECT_TRUE(dec("-0.000001").is_negative());
  EXPECT_FALSE(dec("-0").is_negative());
  EXPECT_TRUE(dec("-0.000000").is_zero());
  EXPECT_EQ(dec("-1.5").abs(), dec("1.5"));
}

TEST(DecimalAccessors, OrderingFollowsTheNumericValue) {
  EXPECT_LT(dec("-0.5"), dec("0.25"));
  EXPECT_LT(dec("0.1"), dec("0.100001"));
  EXPECT_GT(dec("10"), dec("9.999999"));
}

TEST(RoundingModeNames, ParseAndNameRoundTrip) {
  const std::vector<std::pair<RM, std::string>> names = {
      {RM::half_up, "half_up"}, {RM::half_even, "half_even"}, {RM::down, "down"},
      {RM::up, "up"},           {RM::floor, "floor"},         {RM::ceiling, "ceiling"}};
  for (const auto& [mode, name] : names) {
    EXPECT_EQ(rounding_mode_name(mode), name);
    EXPECT_EQ(parse_rounding_mode(name), mode);
  }
}

TEST(RoundingModeNames, ParseRejectsUnknownSpellings) {
  for (const char* name : {"", "HALF_UP", "half-up", "halfup", "round", "half_up "}) {
    EXPECT_FALSE(parse_rounding_mode(name).has_value()) << name;
  }
}

}  // namespace
}  // namespace entitle
