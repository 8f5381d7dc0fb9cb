#include "entitle/calendar.hpp"
#include "values/years_to.hpp"

#include <boost/date_time/gregorian/gregorian.hpp>

#include <algorithm>

namespace entitle {

namespace {

namespace bg = boost::gregorian;
using Ymd = bg::gregorian_calendar::ymd_type;

constexpr int kMinYear = 1400;
constexpr int kMaxYear = 9999;
// Boost's day_number() of 1970-01-01 (its Julian Day Number), and the day counts of the first
// and last supported days; calendar tests pin all three through from_ymd.
constexpr int64_t kEpochDayNumber = 2'440'588;
constexpr int64_t kMinDays = -208'188;   // 1400-01-01
constexpr int64_t kMaxDays = 2'932'896;  // 9999-12-31
constexpr int32_t kMinMonth = kMinYear * 12;
constexpr int32_t kMaxMonth = kMaxYear * 12 + 11;

Ymd ymd_of(Date d) {
  return bg::gregorian_calendar::from_day_number(
      static_cast<bg::gregorian_calendar::date_int_type>(d.days + kEpochDayNumber));
}

// Only for (year, month, day) already checked to be a supported date, so Boost never throws.
Date make_date(int year, int month, int day) {
  const Ymd ymd(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                static_cast<unsigned short>(day));
  return Date{static_cast<int32_t>(bg::gregorian_calendar::day_number(ymd) - kEpochDayNumber)};
}

bool is_valid_ymd(int year, int month, int day) {
  return year >= kMinYear && year <= kMaxYear && month >= 1 && month <= 12 && day >= 1 &&
         day <= days_in_month(year, month);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads `count` digits at text[pos]; -1 if any of them is not a digit.
int read_digits(std::string_view text, size_t pos, size_t count) {
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (!is_digit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

void write_digits(char* buf, int value, int count) {
  for (int i = count - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
}

[[noreturn]] void throw_out_of_range(const std::string& what, int64_t n, const char* unit) {
  throw CalendarError(what + " + " + std::to_string(n) + " " + unit +
                      " is outside the supported years 1400..9999");
}

// The month n months after m, or nullopt outside 1400..9999; overflow-safe for any n.
std::optional<Month> shifted(Month m, int64_t n) {
  if (n < kMinMonth - int64_t{m.index} || n > kMaxMonth - int64_t{m.index}) return std::nullopt;
  return Month{static_cast<int32_t>(m.index + n)};
}

// The day `day` of month m, or that month's last day when it is shorter (art. 202).
Date clamped_day(Month m, int day) {
  return make_date(m.year(), m.month(), std::min(day, days_in_month(m.year(), m.month())));
}

}  // namespace

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    throw CalendarError("days_in_month: month " + std::to_string(month) + " is not 1..12");
  }
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

Date Date::from_ymd(int year, int month, int day) {
  if (!is_valid_ymd(year, month, day)) {
    throw CalendarError("invalid date: year " + std::to_string(year) + ", month " +
                        std::to_string(month) + ", day " + std::to_string(day) +
                        " (supported years 1400..9999)");
  }
  return make_date(year, month, day);
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  const int day = read_digits(text, 8, 2);
  if (!is_valid_ymd(year, month, day)) return std::nullopt;
  return make_date(year, month, day);
}

int Date::year() const { return ymd_of(*this).year; }
int Date::month() const { return ymd_of(*this).month; }
int Date::day() const { return ymd_of(*this).day; }

std::string Date::to_string() const {
  char buf[10];
  return std::string(buf, write(buf));
}

char* Date::write(char* buf) const {
  const Ymd ymd = ymd_of(*this);
  write_digits(buf, ymd.year, 4);
  buf[4] = '-';
  write_digits(buf + 5, ymd.month, 2);
  buf[7] = '-';
  write_digits(buf + 8, ymd.day, 2);
  return buf + 10;
}

Month Month::from_ym(int year, int month) {
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) {
    throw CalendarError("invalid month: year " + std::to_string(year) + ", month " +
                        std::to_string(month) + " (supported years 1400..9999)");
  }
  return Month{year * 12 + month - 1};
}

std::optional<Month> Month::parse(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  const int year = read_digits(text, 0, 4);
  const int month = read_digits(text, 5, 2);
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) return std::nullopt;
  return Month{year * 12 + month - 1};
}

Month Month::of(Date d) {
  const Ymd ymd = ymd_of(d);
  return Month{ymd.year * 12 + ymd.month - 1};
}

Date Month::first_day() const { return Date::from_ymd(year(), month(), 1); }

Date Month::last_day() const {
  return Date::from_ymd(year(), month(), days_in_month(year(), month()));
}

std::string Month::to_string() const {
  char buf[7];
  return std::string(buf, write(buf));
}

char* Month::write(char* buf) const {
  write_digits(buf, year(), 4);
  buf[4] = '-';
  write_digits(buf + 5, month(), 2);
  return buf + 7;
}

Date add_days(Date d, int64_t n) {
  if (n < kMinDays - d.days || n > kMaxDays - d.days) throw_out_of_range(d.to_string(), n, "days");
  return Date{static_cast<int32_t>(d.days + n)};
}

// One day-number conversion each way: these run per record in most rule sets.
Date add_months(Date d, int64_t n) {
  const Ymd ymd = ymd_of(d);
  const auto target = shifted(Month{ymd.year * 12 + ymd.month - 1}, n);
  if (!target) throw_out_of_range(d.to_string(), n, "months");
  return clamped_day(*target, ymd.day);
}

Date add_years(Date d, int64_t n) {
  // Checked in years first so that n * 12 cannot overflow.
  const Ymd ymd = ymd_of(d);
  const int year = ymd.year;
  if (n < kMinYear - year || n > kMaxYear - year) throw_out_of_range(d.to_string(), n, "years");
  const int target = static_cast<int>(year + n);
  return make_date(target, ymd.month, std::min<int>(ymd.day, days_in_month(target, ymd.month)));
}

Month add_months(Month m, int64_t n) {
  const auto target = shifted(m, n);
  if (!target) throw_out_of_range(m.to_string(), n, "months");
  return *target;
}

Date birthday(Date birth, int64_t age) { return add_years(birth, age); }

int64_t years_between(Date from, Date to) {
  if (to < from) return -years_between(to, from);
  // add_years(from, n) lands in year to.year() on from's month and day (a 29 February
  // clamped to the 28th): n completed years unless that day is after `to`. Compared in
  // (month, day) so each date is converted once.
  const Ymd f = ymd_of(from), t = ymd_of(to);
  int64_t n = t.year - f.year;
  const int day = std::min<int>(f.day, days_in_month(t.year, f.month));
  if (f.month > t.month || (f.month == t.month && day > t.day)) --n;
  return n;
}

YearsTo::YearsTo(Date to) : to_(to) {
  const Ymd t = ymd_of(to);
  year_ = t.year;
  month_ = t.month;
  day_ = t.day;
}

int64_t YearsTo::from(Date from) const {
  if (to_ < from) return years_between(from, to_);
  // As years_between, with `to` converted once.
  const Ymd f = ymd_of(from);
  int64_t n = year_ - f.year;
  const int day = std::min<int>(f.day, days_in_month(year_, f.month));
  if (f.month > month_ || (f.month == month_ && day > day_)) --n;
  return n;
}

int64_t months_between(Date from, Date to) {
  if (to < from) return -months_between(to, from);
  int64_t n = months_between(Month::of(from), Month::of(to));
  if (add_months(from, n) > to) --n;
  return n;
}

int64_t days_between(Date from, Date to) { return int64_t{to.days} - from.days; }

int64_t months_between(Month from, Month to) { return int64_t{to.index} - from.index; }

Date first_of_month(Date d) {
  const Ymd ymd = ymd_of(d);
  return make_date(ymd.year, ymd.month, 1);
}

Date first_of_next_month(Date d) {
  const Month next = add_months(Month::of(d), 1);
  return make_date(next.year(), next.month(), 1);
}

Date last_of_month(Date d) { return Month::of(d).last_day(); }

}  // namespace entitle
