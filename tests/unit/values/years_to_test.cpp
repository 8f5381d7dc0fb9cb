// YearsTo (values/years_to.hpp) converts its fixed date once; it must count exactly the
// years years_between() counts, for every pair around month ends, 29 February and either
// order of the dates.
#include <gtest/gtest.h>

#include "entitle/calendar.hpp"
#include "values/years_to.hpp"

namespace entitle {
namespace {

TEST(YearsTo, CountsAsYearsBetweenForEveryDayAgainstDatesAroundLeapDaysAndMonthEnds) {
  const Date tos[] = {Date::from_ymd(2024, 2, 28),  Date::from_ymd(2024, 2, 29),
                      Date::from_ymd(2024, 3, 1),   Date::from_ymd(2023, 2, 28),
                      Date::from_ymd(2023, 3, 1),   Date::from_ymd(2024, 7, 1),
                      Date::from_ymd(2024, 12, 31), Date::from_ymd(2000, 1, 1),
                      Date::from_ymd(1400, 1, 1),   Date::from_ymd(9999, 12, 31)};
  size_t negative = 0, positive = 0;
  for (const Date to : tos) {
    const YearsTo years(to);
    EXPECT_EQ(years.to(), to);
    // Every day of 1955-1964 and of 2019-2028 (leap years 1956, 1960, 1964, 2020, 2024,
    // 2028), plus both ends of the supported range.
    for (const int first : {1955, 2019}) {
      const Date start = Date::from_ymd(first, 1, 1);
      for (int32_t d = 0; d < 3653; ++d) {
        const Date from{start.days + d};
        const int64_t expected = years_between(from, to);
        ASSERT_EQ(years.from(from), expected) << from.to_string() << " to " << to.to_string();
        (expected < 0 ? negative : positive) += 1;
      }
    }
    for (const Date from : {Date::from_ymd(1400, 1, 1), Date::from_ymd(9999, 12, 31)})
      EXPECT_EQ(years.from(from), years_between(from, to)) << from.to_string();
  }
  EXPECT_GT(negative, 0u);  // `to` before `from` goes the other way round
  EXPECT_GT(positive, 0u);
}

}  // namespace
}  // namespace entitle
