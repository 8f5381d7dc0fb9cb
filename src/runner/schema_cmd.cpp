// `entitle schema [--tests]`: print the JSON Schema of rule files (or of test files), for
// editors. The text is schemas/*.schema.json, embedded at build time by schemas/embed.cmake.
#include <CLI/CLI.hpp>
#include <iostream>

#include "runner/common.hpp"
#include "runner/schemas.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

void add_schema(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema of rule files (or of test files) for editors");
  auto tests = std::make_shared<bool>(false);
  cmd->add_flag("--tests", *tests, "Print the schema of test files (rules/*/tests/*.yaml)");
  cmd->footer(
      "Example:\n"
      "  entitle schema > rule-file.schema.json\n"
      "  entitle schema --tests > test-file.schema.json\n"
      "The same files are in schemas/ of the source tree. In VS Code, with the YAML extension\n"
      "(redhat.vscode-yaml), add to .vscode/settings.json:\n"
      "  \"yaml.schemas\": {\"./schemas/rule-file.schema.json\": [\"rules/*/*.yaml\"],\n"
      "                   \"./schemas/test-file.schema.json\": [\"rules/*/tests/*.yaml\"]}\n"
      "Exit status: 0.");
  cmd->callback([tests, &exit_code] {
    std::cout << (*tests ? schemas::test_file : schemas::rule_file);
    std::cout.flush();
    exit_code = std::cout ? kExitOk : kExitFindings;
  });
}

}  // namespace entitle::runner
