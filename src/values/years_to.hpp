// years_between() to one fixed date, converted to year, month and day once: an evaluation's
// ages all count to its as_of, so each then converts only the birth date.
#pragma once

#include <cstdint>

#include "entitle/calendar.hpp"

namespace entitle {

class YearsTo {
 public:
  explicit YearsTo(Date to = Date{});
  Date to() const { return to_; }
  // years_between(from, to()), exactly.
  int64_t from(Date from) const;

 private:
  Date to_;
  int year_ = 0;
  int month_ = 0;
  int day_ = 0;
};

}  // namespace entitle
