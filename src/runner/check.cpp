// `entitle check RULESET_DIR...`: load and check rule sets, print every problem.
#include <CLI/CLI.hpp>
#include <iostream>

#include "model/model.hpp"
#include "runner/common.hpp"
#include "runner/subcommands.hpp"
#include "runner/untested_rules.hpp"

namespace entitle::runner {

void add_check(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("check", "Load and check rule sets; print every problem");
  auto dirs = std::make_shared<std::vector<std::string>>();
  cmd->add_option("RULESET_DIR", *dirs, "Rule-set folders")
      ->required()
      ->check(CLI::ExistingDirectory);
  cmd->footer(
      "Example:\n"
      "  entitle check rules/screening-2024\n"
      "  rules/screening-2024/rules.yaml:12:30: error: unknown name 'hardshp_groups' (did you "
      "mean 'hardship_60_groups'?)\n"
      "Exit status: 0 clean (warnings allowed), 1 errors found.");
  cmd->callback([dirs, &exit_code] {
    size_t errors = 0, warnings = 0;
    for (const auto& dir : *dirs) {
      LoadResult r = RuleSet::load(dir);
      if (r) warn_untested_rules(*r.ruleset, dir, r.diagnostics);
      print_diagnostics(std::cout, r.diagnostics);
      errors += r.diagnostics.error_count();
      for (const auto& d : r.diagnostics.items()) warnings += d.severity == Severity::warning;
      if (r)
        std::cout << dir << ": " << r.ruleset->name() << " " << r.ruleset->version() << ", "
                  << r.ruleset->model().rules.size() << " rules, sha256 "
                  << r.ruleset->content_hash().substr(0, 12) << "\n";
    }
    std::cout << errors << " errors, " << warnings << " warnings\n";
    exit_code = errors > 0 ? kExitFindings : kExitOk;
  });
}

}  // namespace entitle::runner
