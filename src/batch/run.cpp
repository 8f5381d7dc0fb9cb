// batch::run: screen a whole population, file to file (run.hpp).
//
// Every input row becomes one output row or one reject row; nothing is dropped. Output files
// replace the previous ones only when complete (output_file.hpp); memory stays bounded
// (pipeline.hpp).
#include "batch/run.hpp"
#include "batch/thread_count.hpp"

#include <memory>
#include <optional>
#include <sstream>

#include "batch/columns.hpp"
#include "batch/files.hpp"
#include "batch/output_file.hpp"
#include "batch/pipeline.hpp"
#include "batch/record.hpp"
#include "batch/rejects.hpp"
#include "batch/summary.hpp"
#include "model/model.hpp"

namespace entitle::batch {

namespace {

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

class ScreenJob : public RowJob {
 public:
  explicit ScreenJob(const Setup& s) : s_(s), ev_(s.ruleset) {
    if (s.summary_by)
      summary_ =
          std::make_unique<GroupSummary>(*s.model, s.entity, *s.summary_by, s.writer->index());
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

uint32_t entity_of(const RuleSet& rs, const std::string& name) {
  if (!name.empty()) {
    if (auto e = rs.entity(name)) return *e;
    throw std::invalid_argument("--entity: the rule set has no entity '" + name + "'");
  }
  if (auto e = rs.default_entity()) return *e;
  throw std::invalid_argument("the rule set has several entities; name one with --entity");
}

}  // namespace

BatchCounts run(std::shared_ptr<const RuleSet> ruleset, const BatchJob& job) {
  if (!ruleset) throw std::invalid_argument("no rule set");
  Setup s;
  BatchCounts result;
  s.as_of = job.as_of;
  s.in_format = format_arg(job.in_path, "--in");
  const Format out_format = format_arg(job.out_path, "--out");
  const std::string rejects_path =
      job.rejects_path.empty() ? sibling_path(job.out_path, ".rejects.csv") : job.rejects_path;
  s.rejects_format = format_arg(rejects_path, "--rejects");
  const std::string summary_path = sibling_path(job.out_path, ".summary.csv");
  if (job.threads < 1 || job.threads > kMaxThreads)
    throw std::invalid_argument("--threads: give 1 to 256");
  for (const std::string& p : {job.out_path, rejects_path})
    if (same_file(job.in_path, p)) throw std::invalid_argument(p + ": that is the input file");
  if (rejects_path == job.out_path)
    throw std::invalid_argument("--rejects: that is the --out file");

  s.ruleset = std::move(ruleset);
  s.model = &s.ruleset->model();
  s.entity = entity_of(*s.ruleset, job.entity);
  std::vector<Column> columns =
      job.columns.empty() ? default_columns(*s.model, s.entity)
                          : parse_columns(*s.model, s.entity, columns_spec_arg(job.columns));
  if (!job.summary_by.empty()) {
    Column c = resolve_path(*s.model, s.entity, job.summary_by, "--summary-by");
    if (c.kind != Column::Kind::field && c.kind != Column::Kind::derived)
      throw std::invalid_argument("--summary-by: name an input field or a derived value");
    s.summary_by = std::move(c);
  }
  s.writer = std::make_unique<RowWriter>(*s.model, s.entity, std::move(columns), out_format,
                                         s.summary_by.has_value());
  s.options.rules = s.writer->rules();
  s.in_path = job.in_path;

  std::optional<InputReader> opened;
  try {
    opened.emplace(job.in_path, s.in_format, job.block_bytes);
  } catch (const std::invalid_argument& e) {
    throw FileError(job.in_path, e.what());
  }
  InputReader& reader = *opened;
  s.source = std::make_unique<RecordSource>(*s.model, s.entity, reader);

  // Nothing under an output name changes until files.commit(): a failed run keeps the last
  // good output.
  AtomicOutput files;
  AtomicFile& out = files.open(job.out_path);
  AtomicFile& rejects = files.open(rejects_path);
  out.write(s.writer->header());
  rejects.write(rejects_header(s.rejects_format));

  std::vector<std::unique_ptr<ScreenJob>> jobs;
  std::vector<RowJob*> job_ptrs;
  for (unsigned t = 0; t < job.threads; ++t) {
    jobs.push_back(std::make_unique<ScreenJob>(s));
    job_ptrs.push_back(jobs.back().get());
  }
  const PipelineCounts counts =
      run_to_files(reader, job_ptrs, out, rejects, result.notes, job.show_progress);

  // The rejects file exists when asked for by name, or when there are rejects; a default-
  // named one of an earlier run goes when this run succeeds without rejects.
  if (!job.rejects_path.empty() || counts.rows_rejected > 0)
    result.rejects_written = true;
  else
    files.remove_at_commit(rejects_path);
  if (s.summary_by) {
    GroupSummary& all = *jobs[0]->summary();
    for (size_t t = 1; t < jobs.size(); ++t) all.merge(*jobs[t]->summary());
    files.open(summary_path).write(all.csv());
    std::ostringstream table;
    all.print(table);
    result.summary_path = summary_path;
    result.summary_name = s.summary_by->name;
    result.summary_table = table.str();
  }
  files.commit();
  result.rows_in = counts.rows_in;
  result.rows_out = counts.rows_out;
  result.rows_rejected = counts.rows_rejected;
  result.rejects_path = rejects_path;
  return result;
}

}  // namespace entitle::batch
