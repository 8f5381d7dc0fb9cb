// Running one test case: evaluate its record at its date (with its parameter overrides),
// compare each expected decision, and describe every difference with the explanation.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "entitle/ruleset.hpp"
#include "runner/test_file.hpp"

namespace entitle::runner {

class Coverage;

// The outputs --update writes over an expectation's `outputs:`: (name, YAML text) pairs.
struct OutputsUpdate {
  OutputsPlace place;
  std::vector<std::pair<std::string, std::string>> outputs;
};

struct CaseOutcome {
  bool passed = true;
  std::string summary;  // the first difference, one line (JUnit's failure message)
  std::string details;  // every difference and the explanations, indented lines
  std::vector<OutputsUpdate> updates;
};

struct RunOptions {
  Language language = Language::zh;
  bool update = false;           // --update: cases marked update: true take actual outputs
  Coverage* coverage = nullptr;  // --coverage
};

CaseOutcome run_case(Evaluator& evaluator, const TestCase& c, const RunOptions& options);

}  // namespace entitle::runner
