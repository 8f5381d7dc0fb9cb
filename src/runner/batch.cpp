// `entitle batch RULESET_DIR --as-of DATE --in FILE --out FILE`: screen a whole population.
//
// Every input row becomes one output row or one reject row; nothing is dropped. Output files
// appear only when complete (batch_files.hpp); memory stays bounded (batch_pipeline.hpp).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "model/model.hpp"
#include "runner/batch_columns.hpp"
#include "runner/batch_files.hpp"
#include "runner/batch_pipeline.hpp"
#include "runner/batch_record.hpp"
#include "runner/batch_rejects.hpp"
#include "runner/batch_summary.hpp"
#include "runner/common.hpp"
#include "runner/subcommands.hpp"

namespace entitle::runner {

namespace {

struct BatchArgs {
  std::string dir;
  std::string as_of;
  std::string in;
  std::string out;
  std::string rejects;
  std::string entity;
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::string columns;
  std::string summary_by;
  bool allow_rejects = false;
  size_t block_bytes = size_t{8} << 20;
};

// Everything the threads share, fixed before the run starts.
struct Setup {
  std::shared_ptr<const RuleSet> ruleset;
  const Model* model = nullptr;
  uint32_t entity = 0;
  Date as_of;
  Format in_format = Format::csv;
  Format rejects_format = Format::csv;
  std::string in_path;
  std::unique_ptr<RecordSource> source;
  std::unique_ptr<RowWriter> writer;
  std::optional<Column> summary_by;
  EvalOptions options;
};

class BatchJob : public RowJob {
 public:
  explicit BatchJob(const Setup& s) : s_(s), ev_(s.ruleset) {
    if (s.summary_by)
      summary_ = std::make_unique<GroupSummary>(*s.model, s.entity, *s.summary_by,
                                                s.writer->index());
  }

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
      s_.source->read(text, row, record_);
      const Decisions& d = ev_.evaluate(record_, s_.as_of, s_.options);
      s_.writer->append(part.out, record_, ev_, d);
      if (summary_) summary_->add(summary_->group_of(record_, ev_), d);
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

  GroupSummary* summary() { return summary_.get(); }

 private:
  const Setup& s_;
  Evaluator ev_;
  Record record_;
  std::unique_ptr<GroupSummary> summary_;
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

int run_batch(const BatchArgs& a) {
  Setup s;
  s.as_of = parse_date_arg(a.as_of, "--as-of");
  s.in_format = format_arg(a.in, "--in");
  const Format out_format = format_arg(a.out, "--out");
  const std::string rejects_path =
      a.rejects.empty() ? sibling_path(a.out, ".rejects.csv") : a.rejects;
  s.rejects_format = format_arg(rejects_path, "--rejects");
  const std::string summary_path = sibling_path(a.out, ".summary.csv");
  if (a.threads < 1 || a.threads > 256)
    throw std::invalid_argument("--threads: give 1 to 256");
  for (const std::string& p : {a.out, rejects_path})
    if (same_file(a.in, p)) throw std::invalid_argument(p + ": that is the input file");
  if (rejects_path == a.out) throw std::invalid_argument("--rejects: that is the --out file");

  s.ruleset = load_or_report(a.dir, std::cerr);
  if (!s.ruleset) return kExitFindings;
  s.model = &s.ruleset->model();
  s.entity = entity_arg(*s.ruleset, a.entity);
  std::vector<Column> columns =
      a.columns.empty() ? default_columns(*s.model, s.entity)
                        : parse_columns(*s.model, s.entity, columns_spec_arg(a.columns));
  if (!a.summary_by.empty()) {
    Column c = resolve_path(*s.model, s.entity, a.summary_by, "--summary-by");
    if (c.kind != Column::Kind::field && c.kind != Column::Kind::derived)
      throw std::invalid_argument("--summary-by: name an input field or a derived value");
    s.summary_by = std::move(c);
  }
  s.writer = std::make_unique<RowWriter>(*s.model, s.entity, std::move(columns), out_format,
                                         s.summary_by.has_value());
  s.options.rules = s.writer->rules();
  s.in_path = a.in;

  InputReader reader(a.in, s.in_format, a.block_bytes);
  try {
    s.source = std::make_unique<RecordSource>(*s.model, s.entity, reader);
  } catch (const std::runtime_error& e) {
    std::cerr << e.what() << '\n';
    return kExitFindings;
  }

  // From here on a file under an output name is this run's, complete.
  remove_stale(a.out);
  remove_stale(rejects_path);
  if (s.summary_by) remove_stale(summary_path);
  AtomicFile out(a.out);
  AtomicFile rejects(rejects_path);
  out.write(s.writer->header());
  rejects.write(rejects_header(s.rejects_format));

  std::vector<std::unique_ptr<BatchJob>> jobs;
  std::vector<RowJob*> job_ptrs;
  for (unsigned t = 0; t < a.threads; ++t) {
    jobs.push_back(std::make_unique<BatchJob>(s));
    job_ptrs.push_back(jobs.back().get());
  }
  std::vector<std::string> notes;
  const PipelineCounts counts = run_to_files(reader, job_ptrs, out, rejects, notes);

  out.commit();
  // The rejects file exists when asked for by name, or when there are rejects.
  if (!a.rejects.empty() || counts.rows_rejected > 0) rejects.commit();
  print_notes(notes, counts.rows_rejected, rejects_path);
  if (s.summary_by) {
    GroupSummary& all = *jobs[0]->summary();
    for (size_t t = 1; t < jobs.size(); ++t) all.merge(*jobs[t]->summary());
    AtomicFile summary(summary_path);
    summary.write(all.csv());
    summary.commit();
    std::cout << "summary by " << s.summary_by->name << " (" << summary_path << ")\n";
    all.print(std::cout);
  }
  std::cout << "rows_in=" << counts.rows_in << " rows_out=" << counts.rows_out
            << " rows_rejected=" << counts.rows_rejected << std::endl;
  return counts.rows_rejected > 0 && !a.allow_rejects ? kExitFindings : kExitOk;
}

}  // namespace

void add_batch(CLI::App& app, int& exit_code) {
  auto a = std::make_shared<BatchArgs>();
  auto* cmd = app.add_subcommand("batch", "Evaluate every record of a CSV or JSON Lines file");
  cmd->add_option("RULESET_DIR", a->dir, "Rule-set folder")->required();
  cmd->add_option("--as-of", a->as_of, "Evaluation date, YYYY-MM-DD")->required();
  cmd->add_option("--in", a->in, "Input: .csv (header row) or .jsonl (one object per line)")
      ->required();
  cmd->add_option("--out", a->out, "Output: .csv or .jsonl; written whole or not at all")
      ->required();
  cmd->add_option("--rejects", a->rejects,
                  "Rejected rows (.csv: line,field,reason,record; or .jsonl); default "
                  "OUT-STEM.rejects.csv, written only when rows are rejected");
  cmd->add_option("--entity", a->entity, "Entity of the records (default: the only one)");
  cmd->add_option("--threads", a->threads, "Evaluation threads (default: one per core)");
  cmd->add_option("--columns", a->columns,
                  "Output columns: name=path or path, comma-separated, or @FILE. Paths: a "
                  "field, a derived value, RULE.status, RULE.eligible, RULE.OUTPUT");
  cmd->add_option("--summary-by", a->summary_by,
                  "Count statuses and sum numeric outputs per value of this field; written to "
                  "OUT-STEM.summary.csv and printed");
  cmd->add_flag("--allow-rejects", a->allow_rejects, "Exit 0 even when rows were rejected");
  cmd->add_option("--block-bytes", a->block_bytes, "Input read per block (testing)")
      ->group("");
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
