#include "runner/untested_rules.hpp"

#include <filesystem>
#include <set>

#include "model/model.hpp"
#include "runner/test_file.hpp"

namespace entitle::runner {

namespace fs = std::filesystem;

bool defined_in_folder(const std::string& file, const std::string& dir) {
  std::error_code ec;
  return fs::equivalent(fs::path(file).parent_path(), dir, ec);
}

void warn_untested_rules(const RuleSet& rs, const std::string& dir, Diagnostics& out) {
  std::set<std::string> tested;
  for (const auto& file : find_test_files(dir, {}))
    for (auto& id : rule_ids_in_test_file(file)) tested.insert(std::move(id));
  for (const Rule& rule : rs.model().rules) {
    if (tested.count(rule.id)) continue;
    if (!defined_in_folder(rule.where.file, dir)) continue;
    out.warning(rule.where, "rule '" + rule.id +
                                "' has no test case (name it under expect: "
                                "in a file in " +
                                (fs::path(dir) / "tests").string() + ")");
  }
}

}  // namespace entitle::runner
