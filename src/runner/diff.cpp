// `entitle diff OLD NEW --as-of DATE --in FILE --out FILE`: the impact of a policy change.
//
// The options and what is printed; the work is batch::diff (src/batch/diff.hpp).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <thread>

#include "batch/diff.hpp"
#include "batch/files.hpp"
#include "batch/input.hpp"
#include "batch/thread_count.hpp"
#include "runner/common.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

namespace {

struct DiffArgs {
  std::string old_dir;
  std::string new_dir;
  std::string as_of;
  batch::DiffJob job;
  bool allow_rejects = false;
};

int run_diff(DiffArgs& a) {
  a.job.as_of = parse_date_arg(a.as_of, "--as-of");
  auto old_version = load_or_report(a.old_dir, std::cerr);
  if (!old_version) return kExitFindings;
  auto new_version = load_or_report(a.new_dir, std::cerr);
  if (!new_version) return kExitFindings;
  batch::install_signal_cleanup();
  batch::DiffCounts counts;
  try {
    counts = batch::diff(old_version, new_version, a.job);
  } catch (const batch::HeaderError& e) {
    std::cerr << e.what() << '\n';
    return kExitFindings;
  }
  for (const auto& n : counts.notes) std::cerr << n << '\n';
  if (counts.rows_rejected > 0)
    std::cerr << counts.rows_rejected << " rejected rows (all listed in " << counts.rejects_path
              << ")\n";
  std::cout << "old " << a.old_dir << " (" << old_version->name() << " " << old_version->version()
            << "), new " << a.new_dir << " (" << new_version->name() << " "
            << new_version->version() << "), as of " << a.as_of << '\n';
  std::cout << counts.report;
  std::cout << "rows_in=" << counts.rows_in << " rows_compared=" << counts.rows_compared
            << " rows_changed=" << counts.rows_changed << " rows_rejected=" << counts.rows_rejected
            << std::endl;
  return counts.rows_rejected > 0 && !a.allow_rejects ? kExitFindings : kExitOk;
}

}  // namespace

void add_diff(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DiffArgs>();
  a->job.threads = batch::default_thread_count();
  a->job.show_progress = true;
  auto* cmd = app.add_subcommand("diff", "Compare two rule-set versions on the same records");
  cmd->add_option("OLD_RULESET", a->old_dir, "The rule set in force")->required();
  cmd->add_option("NEW_RULESET", a->new_dir, "The proposed rule set")->required();
  cmd->add_option("--as-of", a->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--in", a->job.in_path, "Input: .csv (header row) or .jsonl")->required();
  cmd->add_option("--out", a->job.out_path,
                  "Changed records, .jsonl; replaced only when the run succeeds")
      ->required();
  cmd->add_option("--rejects", a->job.rejects_path,
                  "Rejected rows (.csv or .jsonl); default OUT-STEM.rejects.csv, written only "
                  "when rows are rejected");
  cmd->add_option("--entity", a->job.entity, "Entity of the records (default: the only one)");
  cmd->add_option("--threads", a->job.threads,
                  "Evaluation threads (default: one per core, at most 256)");
  cmd->add_flag("--allow-rejects", a->allow_rejects, "Exit 0 even when rows were rejected");
  cmd->add_option("--block-bytes", a->job.block_bytes, "Input read per block (testing)")->group("");
  cmd->footer(
      "Example (screening-next: rules/screening-2024 with tekun among the hardship groups\n"
      "and a 300.00 minimum grade):\n"
      "  entitle diff rules/screening-2024 screening-next --as-of 2024-07-01 \\\n"
      "      --in persons.csv --out changes.jsonl\n"
      "  resident_pension.hardship_60: 238 rows changed\n"
      "    not_eligible → eligible  238\n"
      "  resident_pension.subsidised_contribution: 4719 rows changed\n"
      "    same status, other outputs  4719\n"
      "    total subsidy_amount  943800.00 → 1415700.00  (+471900.00)\n"
      "  rows_in=100000 rows_compared=100000 rows_changed=4957 rows_rejected=0\n"
      "Each line of OUT: {\"line\":N,\"id\":…,\"changes\":[{\"rule\":…,\"old\":{\"status\":…,"
      "\"outputs\":{…}},\"new\":{…}}]}.\n"
      "Exit status: 0 done (differences are not errors), 1 rows rejected (0 with\n"
      "--allow-rejects) or rule-set errors, 2 usage error. See docs/runner-batch.md.");
  cmd->callback([a, &exit_code] { exit_code = run_diff(*a); });
}

}  // namespace entitle::runner
