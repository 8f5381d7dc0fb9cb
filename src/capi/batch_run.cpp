// entitle_batch_run: `entitle batch` as a library call (batch::run), with its failures turned
// into statuses whose error detail says which job field or file is at fault.
#include <algorithm>
#include <cstring>
#include <string>
#include <thread>

#include "batch/files.hpp"
#include "batch/input.hpp"
#include "batch/run.hpp"
#include "batch/thread_count.hpp"
#include "capi/options.hpp"
#include "capi/ruleset.hpp"
#include "capi/shim.hpp"

namespace entitle::capi {

namespace {

// batch::run names options as the runner spells them; the C host knows the job's fields.
struct OptionField {
  const char* flag;
  const char* field;
};
constexpr OptionField kOptionFields[] = {{"--columns", "columns"}, {"--summary-by", "summary_by"},
                                         {"--entity", "entity"},   {"--in", "in_path"},
                                         {"--out", "out_path"},    {"--rejects", "rejects_path"},
                                         {"--threads", "threads"}, {"--as-of", "as_of"}};

[[noreturn]] void fail_job_option(const std::invalid_argument& e) {
  ErrorInfo info;
  info.code = ENTITLE_EINVAL;
  info.message = e.what();
  for (const OptionField& o : kOptionFields) {
    const std::string prefix = std::string(o.flag) + ":";
    if (info.message.starts_with(prefix)) {
      info.field = o.field;
      break;
    }
  }
  if (info.field.empty() && info.message.find("entities") != std::string::npos)
    info.field = "entity";
  throw Failure(std::move(info));
}

[[noreturn]] void fail_io(std::string file, std::string message) {
  ErrorInfo info;
  info.code = ENTITLE_EIO;
  info.file = std::move(file);
  info.message = std::move(message);
  throw Failure(std::move(info));
}

batch::BatchJob read_job(const entitle_batch_job* in) {
  require(in, "job");
  if (in->version == 0 || in->version > ENTITLE_BATCH_JOB_VERSION)
    fail_invalid("entitle_batch_job: unknown version " + std::to_string(in->version) +
                 " (this library knows 1.." + std::to_string(ENTITLE_BATCH_JOB_VERSION) +
                 "; initialise with ENTITLE_BATCH_JOB_INIT or entitle_batch_job_init)");
  batch::BatchJob job;
  job.in_path = require(in->in_path, "job->in_path");
  job.out_path = require(in->out_path, "job->out_path");
  if (job.in_path.empty()) fail_invalid("job->in_path is empty");
  if (job.out_path.empty()) fail_invalid("job->out_path is empty");
  if (in->rejects_path) job.rejects_path = in->rejects_path;
  if (in->summary_by) job.summary_by = in->summary_by;
  job.as_of = parse_as_of(in->as_of);
  if (in->entity) job.entity = in->entity;
  if (in->columns) {
    job.columns = in->columns;
    if (job.columns.empty()) fail_invalid("job->columns is empty (NULL: the default columns)");
  }
  job.threads =
      in->threads == 0 ? batch::default_thread_count() : std::min(in->threads, batch::kMaxThreads);
  return job;
}

}  // namespace

}  // namespace entitle::capi

extern "C" {

int entitle_batch_job_init(entitle_batch_job* job, unsigned int version) {
  return entitle::capi::guarded([&] {
    entitle::capi::require(job, "job");
    if (version == 0 || version > ENTITLE_BATCH_JOB_VERSION)
      entitle::capi::fail_invalid("entitle_batch_job_init: unknown version " +
                                  std::to_string(version));
    *job = entitle_batch_job ENTITLE_BATCH_JOB_INIT;
    job->version = version;
  });
}

int entitle_batch_run(entitle_batch_counts* counts, const entitle_ruleset* ruleset,
                      const entitle_batch_job* job) {
  using namespace entitle;
  if (counts) std::memset(counts, 0, sizeof *counts);
  return capi::guarded([&] {
    capi::require(counts, "counts");
    capi::LoadedRuleSet& loaded = capi::checked(ruleset);
    const batch::BatchJob j = capi::read_job(job);
    batch::BatchCounts c;
    try {
      c = batch::run(loaded.ruleset, j);
    } catch (const batch::HeaderError& e) {
      capi::ErrorInfo info;
      info.code = ENTITLE_ERECORD;
      info.message = "header row: " + e.reason;
      info.file = e.path;
      info.line = e.line;
      info.column = e.column;
      info.field = e.field;
      throw capi::Failure(std::move(info));
    } catch (const batch::FileError& e) {
      capi::fail_io(e.path, e.what());
    } catch (const batch::OutputError& e) {
      capi::fail_io(e.path, e.what());  // writing an output failed; the previous one is kept
    } catch (const std::invalid_argument& e) {
      capi::fail_job_option(e);
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::logic_error&) {
      throw;  // a bug: ENTITLE_EINTERNAL
    } catch (const std::runtime_error& e) {
      capi::fail_io("", e.what());  // reading or writing failed midway; the message names the file
    }
    counts->rows_in = c.rows_in;
    counts->rows_out = c.rows_out;
    counts->rows_rejected = c.rows_rejected;
  });
}

}  // extern "C"
