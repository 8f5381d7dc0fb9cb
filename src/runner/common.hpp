// What every subcommand of the `entitle` runner shares: loading rule sets with printed
// diagnostics, reading dates and languages from the command line, and exit codes.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include "entitle/ruleset.hpp"

namespace entitle::runner {

// Exit codes: 0 success, 1 a finding (errors in rule files, failed tests, rejected rows),
// 2 a usage error (bad flag, missing file).
constexpr int kExitOk = 0;
constexpr int kExitFindings = 1;
constexpr int kExitUsage = 2;

// Prints one diagnostic as `path:line:col: error: message`, then the source line and a
// caret under the column (when the file and line can be read).
void print_diagnostic(std::ostream& out, const Diagnostic& d);
void print_diagnostics(std::ostream& out, const Diagnostics& ds);

// Loads a rule set, printing every diagnostic to `err`. Null when it has errors.
std::shared_ptr<const RuleSet> load_or_report(const std::string& dir, std::ostream& err);

// "2024-07-01" → Date; throws CLI::ValidationError-friendly std::invalid_argument otherwise.
Date parse_date_arg(const std::string& text, const char* flag);
Language parse_language(const std::string& text);

// The entity named by --entity, or the rule set's only entity.
uint32_t entity_arg(const RuleSet& rs, const std::string& name);

}  // namespace entitle::runner
