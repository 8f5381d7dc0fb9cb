#include "entitle/calendar.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace entitle {
namespace {

Date ymd(int y, int m, int d) { return Date::from_ymd(y, m, d); }

// --- Date parse / from_ymd ------------------------------------------------------------------

TEST(DateParse, AcceptsRealDatesInStrictIsoForm) {
  EXPECT_EQ(Date::parse("2024-02-29"), ymd(2024, 2, 29));
  EXPECT_EQ(Date::parse("2024-07-01"), ymd(2024, 7, 1));
  EXPECT_EQ(Date::parse("1400-01-01"), ymd(1400, 1, 1));
  EXPECT_EQ(Date::parse("9999-12-31"), ymd(9999, 12, 31));
  EXPECT_EQ(Date::parse("1970-01-01")->days, 0);
}

TEST(DateParse, RejectsNonDatesAndAnyOtherShape) {
  for (const char* text : {"2023-02-29",  "1900-02-29",  "2024-04-31",
                           "2024-13-01",  "2024-00-10",  "2024-01-00",
                           "2024-01-32",  "1399-12-31",  "0000-01-01",
                           "2024-7-1",    "2024-07-1",   "2024-07-01x",
                           " 2024-07-01", "20240701",    "2024/07/01",
                           "2024-07_01",  "+024-07-01",  "2024-0a-01",
                           "2024-07",     "10000-01-01", ""}) {
    EXPECT_FALSE(Date::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(DateFromYmd, ThrowsCalendarErrorOnNonDatesAndUnsupportedYears) {
  EXPECT_THROW(ymd(2023, 2, 29), CalendarError);
  EXPECT_THROW(ymd(2024, 4, 31), CalendarError);
  EXPECT_THROW(ymd(2024, 0, 1), CalendarError);
  EXPECT_THROW(ymd(2024, 13, 1), CalendarError);
  EXPECT_THROW(ymd(2024, 1, 0), CalendarError);
  EXPECT_THROW(ymd(1399, 12, 31), CalendarError);
  EXPECT_THROW(ymd(10000, 1, 1), CalendarError);
}

TEST(DateFromYmd, CountsDaysFromTheUnixEpoch) {
  EXPECT_EQ(ymd(1970, 1, 1).days, 0);
  EXPECT_EQ(ymd(1969, 12, 31).days, -1);
  EXPECT_EQ(ymd(2000, 1, 1).days, 10'957);
  EXPECT_EQ(ymd(2024, 2, 29).days, 19'782);
}

TEST(DateFromYmd, EveryDayOfTheSupportedRangeHasTheNextDayCount) {
  // Walks 1400-01-01..9999-12-31 in calendar order: consecutive dates must be consecutive
  // day counts and read back as the same year, month and day.
  int32_t expected = ymd(1400, 1, 1).days;
  for (int y = 1400; y <= 9999; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= days_in_month(y, m); ++d, ++expected) {
        const Date date = ymd(y, m, d);
        ASSERT_EQ(date.days, expected) << y << "-" << m << "-" << d;
        ASSERT_EQ(date.year(), y);
        ASSERT_EQ(date.month(), m);
        ASSERT_EQ(date.day(), d);
      }
    }
  }
  EXPECT_EQ(expected - 1, ymd(9999, 12, 31).days);
}

// --- formatting -----------------------------------------------------------------------------

TEST(DateFormat, ToStringIsZeroPaddedIso) {
  EXPECT_EQ(ymd(2024, 7, 1).to_string(), "2024-07-01");
  EXPECT_EQ(ymd(1400, 1, 1).to_string(), "1400-01-01");
  EXPECT_EQ(ymd(9999, 12, 31).to_string(), "9999-12-31");
}

TEST(DateFormat, WriteEmitsExactlyTenCharacters) {
  char buf[16];
  std::memset(buf, '#', sizeof buf);
  char* end = ymd(1987, 11, 5).write(buf);
  EXPECT_EQ(end, buf + 10);
  EXPECT_EQ(std::string(buf, end), "1987-11-05");
  EXPECT_EQ(*end, '#');
}

TEST(DateFormat, ToStringRoundTripsThroughParseForEveryDayOfThreeDecades) {
  std::string previous;
  for (Date d = ymd(1995, 1, 1); d <= ymd(2025, 12, 31); d = add_days(d, 1)) {
    const std::string text = d.to_string();
    ASSERT_EQ(Date::parse(text), d) << text;
    ASSERT_LT(previous, text);  // ISO text sorts like the dates it names
    previous = text;
  }
}

// --- leap years and month lengths -----------------------------------------------------------

TEST(Calendar, LeapYearsFollowTheGregorianRule) {
  EXPECT_FALSE(is_leap_year(1900));
  EXPECT_FALSE(is_leap_year(2100));
  EXPECT_FALSE(is_leap_year(2023));
  EXPECT_TRUE(is_leap_year(2000));
  EXPECT_TRUE(is_leap_year(1600));
  EXPECT_TRUE(is_leap_year(2024));
}

TEST(Calendar, DaysInMonth) {
  EXPECT_EQ(days_in_month(2023, 2), 28);
  EXPECT_EQ(days_in_month(2024, 2), 29);
  EXPECT_EQ(days_in_month(1900, 2), 28);
  EXPECT_EQ(days_in_month(2000, 2), 29);
  EXPECT_EQ(days_in_month(2024, 1), 31);
  EXPECT_EQ(days_in_month(2024, 4), 30);
  EXPECT_EQ(days_in_month(2024, 9), 30);
  EXPECT_EQ(days_in_month(2024, 12), 31);
  EXPECT_THROW(days_in_month(2024, 0), CalendarError);
  EXPECT_THROW(days_in_month(2024, 13), CalendarError);
}

// --- add_days / add_months / add_years ------------------------------------------------------

TEST(AddDays, CrossesMonthAndYearEndsInBothDirections) {
  EXPECT_EQ(add_days(ymd(2024, 2, 28), 1), ymd(2024, 2, 29));
  EXPECT_EQ(add_days(ymd(2023, 2, 28), 1), ymd(2023, 3, 1));
  EXPECT_EQ(add_days(ymd(2024, 12, 31), 1), ymd(2025, 1, 1));
  EXPECT_EQ(add_days(ymd(2025, 1, 1), -1), ymd(2024, 12, 31));
  EXPECT_EQ(add_days(ymd(2024, 1, 1), 366), ymd(2025, 1, 1));
  EXPECT_EQ(days_between(ymd(2024, 1, 1), ymd(2025, 1, 1)), 366);
  EXPECT_EQ(days_between(ymd(2025, 1, 1), ymd(2024, 1, 1)), -366);
}

TEST(AddDays, LeavingTheSupportedYearsThrows) {
  EXPECT_THROW(add_days(ymd(9999, 12, 31), 1), CalendarError);
  EXPECT_THROW(add_days(ymd(1400, 1, 1), -1), CalendarError);
  EXPECT_THROW(add_days(ymd(2024, 1, 1), INT64_MAX), CalendarError);
  EXPECT_THROW(add_days(ymd(2024, 1, 1), INT64_MIN), CalendarError);
  EXPECT_EQ(add_days(ymd(9999, 12, 30), 1), ymd(9999, 12, 31));
  EXPECT_EQ(add_days(ymd(1400, 1, 2), -1), ymd(1400, 1, 1));
}

TEST(AddMonths, KeepsTheDayOfMonthWhenTheTargetMonthHasIt) {
  EXPECT_EQ(add_months(ymd(2024, 1, 15), 1), ymd(2024, 2, 15));
  EXPECT_EQ(add_months(ymd(2024, 1, 31), 2), ymd(2024, 3, 31));
  EXPECT_EQ(add_months(ymd(2024, 5, 20), 0), ymd(2024, 5, 20));
  EXPECT_EQ(add_months(ymd(2024, 5, 20), 120), ymd(2034, 5, 20));
}

TEST(AddMonths, EndsOnTheLastDayWhenTheTargetMonthIsShorter) {
  EXPECT_EQ(add_months(ymd(2024, 1, 31), 1), ymd(2024, 2, 29));  // leap year
  EXPECT_EQ(add_months(ymd(2023, 1, 31), 1), ymd(2023, 2, 28));  // common year
  EXPECT_EQ(add_months(ymd(2024, 3, 31), 1), ymd(2024, 4, 30));
  EXPECT_EQ(add_months(ymd(2024, 3, 31), -1), ymd(2024, 2, 29));
  EXPECT_EQ(add_months(ymd(2023, 3, 31), -1), ymd(2023, 2, 28));
  EXPECT_EQ(add_months(ymd(2024, 8, 31), -6), ymd(2024, 2, 29));
}

TEST(AddMonths, ClampingIsNotUndoneBySteppingOnAMonthAtATime) {
  EXPECT_EQ(add_months(add_months(ymd(2024, 1, 31), 1), 1), ymd(2024, 3, 29));
  EXPECT_EQ(add_months(ymd(2024, 1, 31), 2), ymd(2024, 3, 31));
}

TEST(AddMonths, CrossesYearBoundariesBothWays) {
  EXPECT_EQ(add_months(ymd(2023, 12, 15), 1), ymd(2024, 1, 15));
  EXPECT_EQ(add_months(ymd(2024, 1, 15), -1), ymd(2023, 12, 15));
  EXPECT_EQ(add_months(ymd(2024, 2, 10), -13), ymd(2023, 1, 10));
  EXPECT_EQ(add_months(ymd(2023, 11, 30), 3), ymd(2024, 2, 29));
}

TEST(AddMonths, LeavingTheSupportedYearsThrows) {
  EXPECT_THROW(add_months(ymd(9999, 12, 1), 1), CalendarError);
  EXPECT_THROW(add_months(ymd(1400, 1, 31), -1), CalendarError);
  EXPECT_THROW(add_months(ymd(2024, 1, 1), INT64_MAX), CalendarError);
  EXPECT_THROW(add_months(ymd(2024, 1, 1), INT64_MIN), CalendarError);
  EXPECT_EQ(add_months(ymd(9999, 11, 30), 1), ymd(9999, 12, 30));
}

TEST(AddYears, FromFebruary29EndsOnFebruary28InCommonYears) {
  EXPECT_EQ(add_years(ymd(2024, 2, 29), 1), ymd(2025, 2, 28));
  EXPECT_EQ(add_years(ymd(2024, 2, 29), -1), ymd(2023, 2, 28));
  EXPECT_EQ(add_years(ymd(2024, 2, 29), 4), ymd(2028, 2, 29));
  EXPECT_EQ(add_years(ymd(2096, 2, 29), 4), ymd(2100, 2, 28));  // 2100 is not a leap year
  EXPECT_EQ(add_years(ymd(2023, 7, 31), 10), ymd(2033, 7, 31));
}

TEST(AddYears, LeavingTheSupportedYearsThrows) {
  EXPECT_THROW(add_years(ymd(9999, 1, 1), 1), CalendarError);
  EXPECT_THROW(add_years(ymd(1400, 12, 31), -1), CalendarError);
  EXPECT_THROW(add_years(ymd(2024, 1, 1), INT64_MAX), CalendarError);
  EXPECT_THROW(add_years(ymd(2024, 1, 1), INT64_MIN), CalendarError);
  EXPECT_EQ(add_years(ymd(2024, 1, 1), 9999 - 2024), ymd(9999, 1, 1));
}

TEST(Birthday, IsTheBirthDateAddedAgeYears) {
  EXPECT_EQ(birthday(ymd(1963, 5, 10), 60), ymd(2023, 5, 10));
  EXPECT_EQ(birthday(ymd(1963, 5, 10), 0), ymd(1963, 5, 10));
}

TEST(Birthday, OfAFebruary29BirthFallsOnFebruary28InCommonYears) {
  EXPECT_EQ(birthday(ymd(1960, 2, 29), 61), ymd(2021, 2, 28));
  EXPECT_EQ(birthday(ymd(1960, 2, 29), 64), ymd(2024, 2, 29));
}

// --- years_between / months_between ---------------------------------------------------------

TEST(YearsBetween, CompletesAYearOnTheBirthdayItself) {
  const Date birth = ymd(1963, 5, 10);
  EXPECT_EQ(years_between(birth, ymd(2023, 5, 9)), 59);
  EXPECT_EQ(years_between(birth, ymd(2023, 5, 10)), 60);
  EXPECT_EQ(years_between(birth, ymd(2023, 5, 11)), 60);
  EXPECT_EQ(years_between(birth, birth), 0);
  EXPECT_EQ(years_between(birth, ymd(1964, 5, 9)), 0);
}

TEST(YearsBetween, AFebruary29BirthReachesTheAgeOnFebruary28OfACommonYear) {
  const Date birth = ymd(1960, 2, 29);
  EXPECT_EQ(years_between(birth, ymd(2021, 2, 27)), 60);
  EXPECT_EQ(years_between(birth, ymd(2021, 2, 28)), 61);
  EXPECT_EQ(years_between(birth, ymd(2024, 2, 28)), 63);  // leap year: not yet
  EXPECT_EQ(years_between(birth, ymd(2024, 2, 29)), 64);
}

TEST(YearsBetween, IsNegatedWhenTheEndPrecedesTheStart) {
  EXPECT_EQ(years_between(ymd(2023, 5, 10), ymd(1963, 5, 10)), -60);
  EXPECT_EQ(years_between(ymd(2023, 5, 9), ymd(1963, 5, 10)), -59);
  EXPECT_EQ(years_between(ymd(2025, 2, 28), ymd(2024, 2, 29)), -1);
  for (const auto& [a, b] : {std::pair{ymd(1960, 2, 29), ymd(2021, 2, 28)},
                             std::pair{ymd(2000, 12, 31), ymd(2003, 1, 1)},
                             std::pair{ymd(2024, 3, 1), ymd(2023, 2, 28)}}) {
    EXPECT_EQ(years_between(a, b), -years_between(b, a));
  }
}

TEST(MonthsBetween, CompletesAMonthOnTheCorrespondingOrLastDay) {
  EXPECT_EQ(months_between(ymd(2024, 1, 31), ymd(2024, 2, 29)), 1);
  EXPECT_EQ(months_between(ymd(2024, 1, 31), ymd(2024, 2, 28)), 0);
  EXPECT_EQ(months_between(ymd(2023, 1, 31), ymd(2023, 2, 28)), 1);
  EXPECT_EQ(months_between(ymd(2024, 1, 15), ymd(2024, 2, 14)), 0);
  EXPECT_EQ(months_between(ymd(2024, 1, 15), ymd(2024, 2, 15)), 1);
  EXPECT_EQ(months_between(ymd(2024, 2, 29), ymd(2024, 3, 28)), 0);
  EXPECT_EQ(months_between(ymd(2024, 2, 29), ymd(2024, 3, 29)), 1);
  EXPECT_EQ(months_between(ymd(2023, 12, 15), ymd(2024, 1, 15)), 1);
  EXPECT_EQ(months_between(ymd(2020, 6, 30), ymd(2024, 6, 29)), 47);
  EXPECT_EQ(months_between(ymd(2024, 5, 5), ymd(2024, 5, 5)), 0);
}

TEST(MonthsBetween, IsNegatedWhenTheEndPrecedesTheStart) {
  EXPECT_EQ(months_between(ymd(2024, 2, 29), ymd(2024, 1, 31)), -1);
  EXPECT_EQ(months_between(ymd(2024, 2, 28), ymd(2024, 1, 31)), 0);
  EXPECT_EQ(months_between(ymd(2024, 1, 15), ymd(2023, 12, 15)), -1);
  EXPECT_EQ(months_between(ymd(2024, 6, 29), ymd(2020, 6, 30)), -47);
}

// --- Month ----------------------------------------------------------------------------------

TEST(MonthValue, FromYmIndexesYearTimesTwelvePlusMonth) {
  const Month m = Month::from_ym(2024, 7);
  EXPECT_EQ(m.index, 2024 * 12 + 6);
  EXPECT_EQ(m.year(), 2024);
  EXPECT_EQ(m.month(), 7);
  EXPECT_THROW(Month::from_ym(2024, 0), CalendarError);
  EXPECT_THROW(Month::from_ym(2024, 13), CalendarError);
  EXPECT_THROW(Month::from_ym(1399, 12), CalendarError);
  EXPECT_THROW(Month::from_ym(10000, 1), CalendarError);
}

TEST(MonthValue, ParseIsStrictYearDashMonth) {
  EXPECT_EQ(Month::parse("2024-07"), Month::from_ym(2024, 7));
  EXPECT_EQ(Month::parse("1400-01"), Month::from_ym(1400, 1));
  EXPECT_EQ(Month::parse("9999-12"), Month::from_ym(9999, 12));
  for (const char* text : {"2024-7", "2024-13", "2024-00", "1399-12", "2024-07-01", "202407",
                           "2024/07", " 2024-07", "2024-07 ", "2024-0x", ""}) {
    EXPECT_FALSE(Month::parse(text).has_value()) << '"' << text << '"';
  }
}

TEST(MonthValue, FormatsAsYearDashMonth) {
  EXPECT_EQ(Month::from_ym(2024, 7).to_string(), "2024-07");
  EXPECT_EQ(Month::from_ym(1999, 12).to_string(), "1999-12");
  char buf[10];
  std::memset(buf, '#', sizeof buf);
  char* end = Month::from_ym(2024, 1).write(buf);
  EXPECT_EQ(std::string(buf, end), "2024-01");
  EXPECT_EQ(*end, '#');
}

TEST(MonthValue, OfADateIsItsCalendarMonth) {
  EXPECT_EQ(Month::of(ymd(2024, 2, 29)), Month::from_ym(2024, 2));
  EXPECT_EQ(Month::of(ymd(2023, 12, 31)), Month::from_ym(2023, 12));
  EXPECT_EQ(Month::of(ymd(2024, 1, 1)), Month::from_ym(2024, 1));
}

TEST(MonthValue, ArithmeticCarriesIntoTheYear) {
  EXPECT_EQ(add_months(Month::from_ym(2023, 12), 1), Month::from_ym(2024, 1));
  EXPECT_EQ(add_months(Month::from_ym(2024, 1), -1), Month::from_ym(2023, 12));
  EXPECT_EQ(add_months(Month::from_ym(2024, 3), -27), Month::from_ym(2021, 12));
  EXPECT_EQ(months_between(Month::from_ym(2023, 11), Month::from_ym(2024, 2)), 3);
  EXPECT_EQ(months_between(Month::from_ym(2024, 2), Month::from_ym(2023, 11)), -3);
  EXPECT_THROW(add_months(Month::from_ym(9999, 12), 1), CalendarError);
  EXPECT_THROW(add_months(Month::from_ym(1400, 1), -1), CalendarError);
  EXPECT_THROW(add_months(Month::from_ym(2024, 1), INT64_MIN), CalendarError);
}

TEST(MonthValue, FirstAndLastDays) {
  EXPECT_EQ(Month::from_ym(2024, 2).first_day(), ymd(2024, 2, 1));
  EXPECT_EQ(Month::from_ym(2024, 2).last_day(), ymd(2024, 2, 29));
  EXPECT_EQ(Month::from_ym(2023, 2).last_day(), ymd(2023, 2, 28));
  EXPECT_EQ(Month::from_ym(2024, 12).last_day(), ymd(2024, 12, 31));
  EXPECT_THROW(Month{}.first_day(), CalendarError);  // year 0 is unsupported
}

// --- month boundaries of a date -------------------------------------------------------------

TEST(MonthBoundaries, FirstOfMonthAndLastOfMonth) {
  EXPECT_EQ(first_of_month(ymd(2024, 2, 15)), ymd(2024, 2, 1));
  EXPECT_EQ(first_of_month(ymd(2024, 2, 1)), ymd(2024, 2, 1));
  EXPECT_EQ(last_of_month(ymd(2024, 2, 15)), ymd(2024, 2, 29));
  EXPECT_EQ(last_of_month(ymd(2023, 2, 15)), ymd(2023, 2, 28));
  EXPECT_EQ(last_of_month(ymd(2024, 4, 30)), ymd(2024, 4, 30));
}

TEST(MonthBoundaries, FirstOfNextMonthRollsDecemberIntoJanuary) {
  EXPECT_EQ(first_of_next_month(ymd(2024, 2, 15)), ymd(2024, 3, 1));
  EXPECT_EQ(first_of_next_month(ymd(2024, 12, 31)), ymd(2025, 1, 1));
  EXPECT_EQ(first_of_next_month(ymd(2024, 12, 1)), ymd(2025, 1, 1));
  EXPECT_THROW(first_of_next_month(ymd(9999, 12, 15)), CalendarError);
}

TEST(CalendarErrors, MessagesNameTheOffendingInput) {
  try {
    add_months(ymd(9999, 12, 15), 1);
    FAIL() << "expected CalendarError";
  } catch (const CalendarError& e) {
    EXPECT_NE(std::string(e.what()).find("9999-12-15 + 1 months"), std::string::npos) << e.what();
  }
  try {
    Date::from_ymd(2023, 2, 29);
    FAIL() << "expected CalendarError";
  } catch (const CalendarError& e) {
    EXPECT_NE(std::string(e.what()).find("2023"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace entitle
