// `entitle batch RULESET_DIR --as-of DATE --in FILE --out FILE`: screen a whole population.
//
// The options and what is printed; the work is batch::run (src/batch/run.hpp).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <thread>

#include "batch/files.hpp"
#include "batch/record.hpp"
#include "batch/run.hpp"
#include "batch/thread_count.hpp"
#include "runner/common.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

namespace {

struct BatchArgs {
  std::string dir;
  std::string as_of;
  batch::BatchJob job;
  bool allow_rejects = false;
};

void print_notes(const std::vector<std::string>& notes, uint64_t rejected,
                 const std::string& rejects_path) {
  for (const auto& n : notes) std::cerr << n << '\n';
  if (rejected > notes.size())
    std::cerr << "… and " << rejected - notes.size() << " more rejected rows";
  else if (rejected > 0)
    std::cerr << rejected << " rejected rows";
  if (rejected > 0) std::cerr << " (all listed in " << rejects_path << ")\n";
}

int run_batch(BatchArgs& a) {
  a.job.as_of = parse_date_arg(a.as_of, "--as-of");
  auto ruleset = load_or_report(a.dir, std::cerr);
  if (!ruleset) return kExitFindings;
  batch::install_signal_cleanup();
  batch::BatchCounts counts;
  try {
    counts = batch::run(ruleset, a.job);
  } catch (const batch::HeaderError& e) {
    std::cerr << e.what() << '\n';
    return kExitFindings;
  }
  print_notes(counts.notes, counts.rows_rejected, counts.rejects_path);
  if (!counts.summary_path.empty()) {
    std::cout << "summary by " << counts.summary_name << " (" << counts.summary_path << ")\n";
    std::cout << counts.summary_table;
  }
  std::cout << "rows_in=" << counts.rows_in << " rows_out=" << counts.rows_out
            << " rows_rejected=" << counts.rows_rejected << std::endl;
  return counts.rows_rejected > 0 && !a.allow_rejects ? kExitFindings : kExitOk;
}

}  // namespace

void add_batch(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<BatchArgs>();
  a->job.threads = batch::default_thread_count();
  a->job.show_progress = true;
  auto* cmd = app.add_subcommand("batch", "Evaluate every record of a CSV or JSON Lines file");
  cmd->add_option("RULESET_DIR", a->dir, "Rule-set folder")->required();
  cmd->add_option("--as-of", a->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--in", a->job.in_path,
                  "Input: .csv (header row) or .jsonl (one object per line)")
      ->required();
  cmd->add_option("--out", a->job.out_path,
                  "Output: .csv or .jsonl; replaced only when the run succeeds")
      ->required();
  cmd->add_option("--rejects", a->job.rejects_path,
                  "Rejected rows (.csv: line,field,reason,record; or .jsonl); default "
                  "OUT-STEM.rejects.csv, written only when rows are rejected");
  cmd->add_option("--entity", a->job.entity, "Entity of the records (default: the only one)");
  cmd->add_option("--threads", a->job.threads,
                  "Evaluation threads (default: one per core, at most 256)");
  cmd->add_option("--columns", a->job.columns,
                  "Output columns: name=path or path, comma-separated, or @FILE. Paths: a "
                  "field, a derived value, RULE.status, RULE.eligible, RULE.OUTPUT");
  cmd->add_option("--summary-by", a->job.summary_by,
                  "Count statuses and sum numeric outputs per value of this field; written to "
                  "OUT-STEM.summary.csv and printed");
  cmd->add_flag("--allow-rejects", a->allow_rejects, "Exit 0 even when rows were rejected");
  cmd->add_option("--block-bytes", a->job.block_bytes, "Input read per block (testing)")->group("");
  cmd->footer(
      "Example:\n"
      "  entitle batch rules/screening-2024 --as-of 2024-07-01 --in persons.csv \\\n"
      "      --out screened.jsonl --columns @rules/screening-2024/columns.txt --threads 2\n"
      "  rows_in=100000 rows_out=100000 rows_rejected=0\n"
      "After a run the last line of standard output is rows_in=N rows_out=N rows_rejected=N.\n"
      "Exit status: 0 done, 1 rows rejected (0 with --allow-rejects) or rule-set errors,\n"
      "2 usage error. See docs/runner-batch.md.");
  cmd->callback([a, &exit_code] { exit_code = run_batch(*a); });
}

}  // namespace entitle::runner
