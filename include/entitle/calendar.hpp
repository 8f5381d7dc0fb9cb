// Dates and months, and the legal date arithmetic policies use.
//
// Date is a civil (proleptic Gregorian) day held as a day count; Month is a year and month.
// Both are trivially copyable so records and values stay allocation-free. Conversions and
// validation go through Boost.Gregorian. Supported years: 1400..9999.
//
// Periods follow 民法典 (Civil Code) art. 202: a period counted in months or years ends on
// the corresponding day of the final month, and where that month has no such day, on its
// last day. So add_months(2024-01-31, 1) = 2024-02-29, and a person born on 29 February
// reaches an age in a common year on 28 February.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace entitle {

class CalendarError : public std::out_of_range {
 public:
  using std::out_of_range::out_of_range;
};

struct Date {
  int32_t days = 0;  // days since 1970-01-01 (negative before)

  // Throws CalendarError when (y, m, d) is not a real date in 1400..9999.
  static Date from_ymd(int year, int month, int day);
  // Strict "YYYY-MM-DD" (exactly 10 characters); nullopt for anything else or a non-date.
  static std::optional<Date> parse(std::string_view text);

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // "YYYY-MM-DD"
  std::string to_string() const;
  // Writes the 10 characters of to_string() into buf; returns buf + 10.
  char* write(char* buf) const;

  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr std::strong_ordering operator<=>(Date a, Date b) { return a.days <=> b.days; }
};

struct Month {
  int32_t index = 0;  // year * 12 + (month - 1)

  static Month from_ym(int year, int month);  // throws CalendarError outside 1400..9999 or 1..12
  // Strict "YYYY-MM"; nullopt otherwise.
  static std::optional<Month> parse(std::string_view text);
  static Month of(Date d);

  int year() const { return index / 12; }
  int month() const { return index % 12 + 1; }
  Date first_day() const;
  Date last_day() const;
  std::string to_string() const;  // "YYYY-MM"
  char* write(char* buf) const;   // 7 characters

  friend constexpr bool operator==(Month, Month) = default;
  friend constexpr std::strong_ordering operator<=>(Month a, Month b) {
    return a.index <=> b.index;
  }
};

bool is_leap_year(int year);
int days_in_month(int year, int month);

// Civil Code art. 202 arithmetic (see above). Throw CalendarError when leaving 1400..9999.
Date add_days(Date d, int64_t n);
Date add_months(Date d, int64_t n);
Date add_years(Date d, int64_t n);
Month add_months(Month m, int64_t n);
// The day a person born on `birth` reaches `age` full years: add_years(birth, age).
Date birthday(Date birth, int64_t age);

// Completed periods from `from` to `to`: the largest n with add_years(from, n) <= to
// (negative when to < from, symmetric: years_between(a, b) == -years_between(b, a)).
int64_t years_between(Date from, Date to);
int64_t months_between(Date from, Date to);
int64_t days_between(Date from, Date to);      // to - from in days
int64_t months_between(Month from, Month to);  // to - from in months

Date first_of_month(Date d);
Date first_of_next_month(Date d);
Date last_of_month(Date d);

}  // namespace entitle
