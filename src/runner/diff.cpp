// `entitle diff OLD NEW --as-of DATE --in FILE --out FILE`: the impact of a policy change.
//
// Both versions evaluate every record; records whose decisions differ are written with both
// results, and the report counts status transitions and the change in totals per rule.
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <thread>

#include "model/model.hpp"
#include "batch/columns.hpp"
#include "batch/files.hpp"
#include "batch/pipeline.hpp"
#include "batch/record.hpp"
#include "batch/rejects.hpp"
#include "runner/common.hpp"
#include "runner/diff_compare.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

namespace {

using namespace entitle::batch;

struct DiffArgs {
  std::string old_dir;
  std::string new_dir;
  std::string as_of;
  std::string in;
  std::string out;
  std::string rejects;
  std::string entity;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool allow_rejects = false;
  size_t block_bytes = size_t{8} << 20;
};

// One rule-set version: what reading and evaluating a record against it needs.
struct Version {
  std::shared_ptr<const RuleSet> ruleset;
  const Model* model = nullptr;
  uint32_t entity = 0;
  std::unique_ptr<RecordSource> source;
  std::unique_ptr<DecisionIndex> index;
};

struct Setup {
  Version old_version, new_version;
  std::unique_ptr<RuleMatch> match;
  Date as_of;
  Format in_format = Format::csv;
  Format rejects_format = Format::csv;
  std::string in_path;
};

class DiffJob : public RowJob {
 public:
  explicit DiffJob(const Setup& s)
      : s_(s), old_ev_(s.old_version.ruleset), new_ev_(s.new_version.ruleset),
        comparer_(*s.old_version.model, *s.new_version.model, *s.match, *s.old_version.index,
                  *s.new_version.index, key_field(*s.old_version.model, s.old_version.entity)),
        stats_(*s.match) {}

  void process(const Block& block, const InputRow& row, Part& part) override {
    const std::string_view text = block.row_text(row);
    if (row.problem >= 0) {
      const RowProblem& p = block.problems[static_cast<size_t>(row.problem)];
      Reject r;
      r.line = row.line;
      r.column = p.column;
      r.reason = p.reason;
      add_reject(part, s_.rejects_format, s_.in_path, r, text);
      return;
    }
    try {
      s_.old_version.source->read(text, row, old_record_);
      s_.new_version.source->read(text, row, new_record_);
      const Decisions& a = old_ev_.evaluate(old_record_, s_.as_of);
      const Decisions& b = new_ev_.evaluate(new_record_, s_.as_of);
      comparer_.compare(row.line, old_record_, a, b, stats_, part.out);
      ++part.rows_out;
    } catch (const RecordError& e) {
      add_record_error(part, s_.rejects_format, s_.in_path, s_.in_format, row, text, e);
    } catch (const EvaluationError& e) {
      Reject r;
      r.line = row.line;
      r.reason = e.what();
      add_reject(part, s_.rejects_format, s_.in_path, r, text);
    }
  }

  DiffStats& stats() { return stats_; }

 private:
  const Setup& s_;
  Evaluator old_ev_, new_ev_;
  Record old_record_, new_record_;
  RecordComparer comparer_;
  DiffStats stats_;
};

// Loads a version; false (diagnostics printed) when it has errors.
bool load_version(Version& v, const std::string& dir, const std::string& entity) {
  v.ruleset = load_or_report(dir, std::cerr);
  if (!v.ruleset) return false;
  v.model = &v.ruleset->model();
  v.entity = entity_arg(*v.ruleset, entity);
  v.index = std::make_unique<DecisionIndex>(*v.model, v.entity, std::vector<std::string>{});
  return true;
}

int run_diff(const DiffArgs& a) {
  Setup s;
  s.as_of = parse_date_arg(a.as_of, "--as-of");
  s.in_format = format_arg(a.in, "--in");
  if (format_arg(a.out, "--out") != Format::jsonl)
    throw std::invalid_argument("--out: diff writes JSON Lines; name a .jsonl file");
  const std::string rejects_path =
      a.rejects.empty() ? sibling_path(a.out, ".rejects.csv") : a.rejects;
  s.rejects_format = format_arg(rejects_path, "--rejects");
  if (a.threads < 1 || a.threads > 256) throw std::invalid_argument("--threads: give 1 to 256");
  for (const std::string& p : {a.out, rejects_path})
    if (same_file(a.in, p)) throw std::invalid_argument(p + ": that is the input file");
  if (rejects_path == a.out) throw std::invalid_argument("--rejects: that is the --out file");

  if (!load_version(s.old_version, a.old_dir, a.entity)) return kExitFindings;
  // The new version's entity is the one named like the old one's.
  const std::string entity_name = s.old_version.model->schemas[s.old_version.entity].name;
  if (!load_version(s.new_version, a.new_dir, entity_name)) return kExitFindings;
  s.match = std::make_unique<RuleMatch>(*s.old_version.model, s.old_version.entity,
                                        *s.new_version.model, s.new_version.entity);
  s.in_path = a.in;

  InputReader reader(a.in, s.in_format, a.block_bytes);
  try {
    s.old_version.source = std::make_unique<RecordSource>(*s.old_version.model,
                                                          s.old_version.entity, reader);
    s.new_version.source = std::make_unique<RecordSource>(*s.new_version.model,
                                                          s.new_version.entity, reader);
  } catch (const std::runtime_error& e) {
    std::cerr << e.what() << '\n';
    return kExitFindings;
  }

  install_signal_cleanup();
  remove_stale(a.out);
  remove_stale(rejects_path);
  AtomicFile out(a.out);
  AtomicFile rejects(rejects_path);
  rejects.write(rejects_header(s.rejects_format));

  std::vector<std::unique_ptr<DiffJob>> jobs;
  std::vector<RowJob*> job_ptrs;
  for (unsigned t = 0; t < a.threads; ++t) {
    jobs.push_back(std::make_unique<DiffJob>(s));
    job_ptrs.push_back(jobs.back().get());
  }
  std::vector<std::string> notes;
  const PipelineCounts counts = run_to_files(reader, job_ptrs, out, rejects, notes, true);
  out.commit();
  if (!a.rejects.empty() || counts.rows_rejected > 0) rejects.commit();

  DiffStats& stats = jobs[0]->stats();
  for (size_t t = 1; t < jobs.size(); ++t) stats.merge(jobs[t]->stats());
  for (const auto& n : notes) std::cerr << n << '\n';
  if (counts.rows_rejected > 0)
    std::cerr << counts.rows_rejected << " rejected rows (all listed in " << rejects_path
              << ")\n";
  std::cout << "old " << a.old_dir << " (" << s.old_version.ruleset->name() << " "
            << s.old_version.ruleset->version() << "), new " << a.new_dir << " ("
            << s.new_version.ruleset->name() << " " << s.new_version.ruleset->version()
            << "), as of " << a.as_of << '\n';
  print_diff_report(std::cout, *s.old_version.model, *s.new_version.model, *s.match, stats);
  std::cout << "rows_in=" << counts.rows_in << " rows_compared=" << counts.rows_out
            << " rows_changed=" << stats.rows_changed << " rows_rejected=" << counts.rows_rejected
            << std::endl;
  return counts.rows_rejected > 0 && !a.allow_rejects ? kExitFindings : kExitOk;
}

}  // namespace

void add_diff(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<DiffArgs>();
  auto* cmd = app.add_subcommand("diff", "Compare two rule-set versions on the same records");
  cmd->add_option("OLD_RULESET", a->old_dir, "The rule set in force")->required();
  cmd->add_option("NEW_RULESET", a->new_dir, "The proposed rule set")->required();
  cmd->add_option("--as-of", a->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--in", a->in, "Input: .csv (header row) or .jsonl")->required();
  cmd->add_option("--out", a->out, "Changed records, .jsonl; written whole or not at all")
      ->required();
  cmd->add_option("--rejects", a->rejects,
                  "Rejected rows (.csv or .jsonl); default OUT-STEM.rejects.csv, written only "
                  "when rows are rejected");
  cmd->add_option("--entity", a->entity, "Entity of the records (default: the only one)");
  cmd->add_option("--threads", a->threads, "Evaluation threads (default: one per core)");
  cmd->add_flag("--allow-rejects", a->allow_rejects, "Exit 0 even when rows were rejected");
  cmd->add_option("--block-bytes", a->block_bytes, "Input read per block (testing)")->group("");
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
