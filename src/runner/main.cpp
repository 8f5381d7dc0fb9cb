// `entitle`: check, test and run rule sets. One file per subcommand.
#include <CLI/CLI.hpp>
#include <iostream>

#include "entitle/version.h"
#include "runner/common.hpp"
#include "runner/subcommands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"entitle — social-insurance eligibility rules: check, test and evaluate rule sets",
               "entitle"};
  app.set_version_flag("--version", "entitle " ENTITLE_VERSION_STRING);
  app.require_subcommand(1);
  app.footer("Run `entitle SUBCOMMAND --help` for a worked example of each.");
  int exit_code = entitle::runner::kExitOk;
  entitle::runner::add_check(app, exit_code);
  entitle::runner::add_eval(app, exit_code);
  entitle::runner::add_batch(app, exit_code);
  entitle::runner::add_diff(app, exit_code);
  entitle::runner::add_test(app, exit_code);
  entitle::runner::add_schema(app, exit_code);
  entitle::runner::add_serve(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : entitle::runner::kExitUsage;
  } catch (const std::invalid_argument& e) {
    std::cerr << "entitle: " << e.what() << '\n';
    return entitle::runner::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "entitle: " << e.what() << '\n';
    return entitle::runner::kExitFindings;
  }
  return exit_code;
}
