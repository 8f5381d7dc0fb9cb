// Each subcommand registers itself on the app; its options and run function live in one
// file of its own (check.cpp, eval.cpp, …). `exit_code` receives the subcommand's result.
#pragma once

namespace CLI {
class App;
}

namespace entitle::runner {

void add_check(CLI::App& app, int& exit_code);
void add_eval(CLI::App& app, int& exit_code);
void add_batch(CLI::App& app, int& exit_code);
void add_diff(CLI::App& app, int& exit_code);
void add_test(CLI::App& app, int& exit_code);
void add_schema(CLI::App& app, int& exit_code);
void add_serve(CLI::App& app, int& exit_code);

}  // namespace entitle::runner
