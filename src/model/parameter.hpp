// Parameters: named, typed values that change over time, looked up at the evaluation date.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.hpp"
#include "entitle/value.hpp"
#include "model/text.hpp"
#include "values/type.hpp"

namespace entitle {

struct ParameterValue {
  Date from;  // in force from this day until the next entry's `from`
  Value value;
  Citation source;
  SourceLocation where;
};

struct Parameter {
  std::string name;
  Type type;
  LocalizedText title;
  std::string note;
  bool example = false;  // a labelled example figure an agency must replace with its own
  std::vector<ParameterValue> timeline;  // sorted by `from`, strictly increasing
  SourceLocation where;

  // The entry in force on `day`, or nullptr before the first entry.
  const ParameterValue* at(Date day) const;
};

}  // namespace entitle
