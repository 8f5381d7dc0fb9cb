// batch::diff: both versions of a rule set on the same records (diff.hpp).
#include "batch/diff.hpp"

#include "batch/thread_count.hpp"

#include <memory>
#include <optional>
#include <sstream>

#include "batch/columns.hpp"
#include "batch/diff_compare.hpp"
#include "batch/files.hpp"
#include "batch/output_file.hpp"
#include "batch/pipeline.hpp"
#include "batch/record.hpp"
#include "batch/rejects.hpp"
#include "batch/run.hpp"
#include "model/model.hpp"

namespace entitle::batch {

namespace {

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

class CompareJob : public RowJob {
 public:
  explicit CompareJob(const Setup& s)
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

uint32_t entity_of(const RuleSet& rs, const std::string& name) {
  if (!name.empty()) {
    if (auto e = rs.entity(name)) return *e;
    throw std::invalid_argument("--entity: the rule set has no entity '" + name + "'");
  }
  if (auto e = rs.default_entity()) return *e;
  throw std::invalid_argument("the rule set has several entities; name one with --entity");
}

void set_version(Version& v, std::shared_ptr<const RuleSet> rs, const std::string& entity) {
  if (!rs) throw std::invalid_argument("no rule set");
  v.ruleset = std::move(rs);
  v.model = &v.ruleset->model();
  v.entity = entity_of(*v.ruleset, entity);
  v.index = std::make_unique<DecisionIndex>(*v.model, v.entity, std::vector<std::string>{});
}

}  // namespace

DiffCounts diff(std::shared_ptr<const RuleSet> old_version,
                std::shared_ptr<const RuleSet> new_version, const DiffJob& job) {
  Setup s;
  DiffCounts result;
  s.as_of = job.as_of;
  s.in_format = format_arg(job.in_path, "--in");
  if (format_arg(job.out_path, "--out") != Format::jsonl)
    throw std::invalid_argument("--out: diff writes JSON Lines; name a .jsonl file");
  const std::string rejects_path =
      job.rejects_path.empty() ? sibling_path(job.out_path, ".rejects.csv") : job.rejects_path;
  s.rejects_format = format_arg(rejects_path, "--rejects");
  if (job.threads < 1 || job.threads > kMaxThreads)
    throw std::invalid_argument("--threads: give 1 to 256");
  for (const std::string& p : {job.out_path, rejects_path})
    if (same_file(job.in_path, p)) throw std::invalid_argument(p + ": that is the input file");
  if (rejects_path == job.out_path)
    throw std::invalid_argument("--rejects: that is the --out file");

  set_version(s.old_version, std::move(old_version), job.entity);
  // The new version's entity is the one named like the old one's.
  set_version(s.new_version, std::move(new_version),
              s.old_version.model->schemas[s.old_version.entity].name);
  s.match = std::make_unique<RuleMatch>(*s.old_version.model, s.old_version.entity,
                                        *s.new_version.model, s.new_version.entity);
  s.in_path = job.in_path;

  std::optional<InputReader> opened;
  try {
    opened.emplace(job.in_path, s.in_format, job.block_bytes);
  } catch (const std::invalid_argument& e) {
    throw FileError(job.in_path, e.what());
  }
  InputReader& reader = *opened;
  s.old_version.source =
      std::make_unique<RecordSource>(*s.old_version.model, s.old_version.entity, reader);
  s.new_version.source =
      std::make_unique<RecordSource>(*s.new_version.model, s.new_version.entity, reader);

  // Nothing under an output name changes until files.commit() (output_file.hpp).
  AtomicOutput files;
  AtomicFile& out = files.open(job.out_path);
  AtomicFile& rejects = files.open(rejects_path);
  rejects.write(rejects_header(s.rejects_format));

  std::vector<std::unique_ptr<CompareJob>> jobs;
  std::vector<RowJob*> job_ptrs;
  for (unsigned t = 0; t < job.threads; ++t) {
    jobs.push_back(std::make_unique<CompareJob>(s));
    job_ptrs.push_back(jobs.back().get());
  }
  const PipelineCounts counts =
      run_to_files(reader, job_ptrs, out, rejects, result.notes, job.show_progress);
  if (!job.rejects_path.empty() || counts.rows_rejected > 0)
    result.rejects_written = true;
  else
    files.remove_at_commit(rejects_path);

  DiffStats& stats = jobs[0]->stats();
  for (size_t t = 1; t < jobs.size(); ++t) stats.merge(jobs[t]->stats());
  std::ostringstream report;
  print_diff_report(report, *s.old_version.model, *s.new_version.model, *s.match, stats);
  result.report = report.str();
  result.rows_in = counts.rows_in;
  result.rows_compared = counts.rows_out;
  result.rows_changed = stats.rows_changed;
  result.rows_rejected = counts.rows_rejected;
  result.rejects_path = rejects_path;
  files.commit();
  return result;
}

}  // namespace entitle::batch
