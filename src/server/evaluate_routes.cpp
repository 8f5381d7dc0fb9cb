// POST /v1/evaluate and POST /v1/evaluate/batch: the decisions JSON of the C API's
// entitle_evaluate, computed by the same code (host::evaluate_record) on the rule set the
// request started with. Both run on the evaluation workers and check the request's budget
// between reading and evaluating, and between records.
#include <new>
#include <thread>

#include "host/evaluate_record.hpp"
#include "server/api_error.hpp"
#include "server/app.hpp"
#include "server/budget.hpp"
#include "server/evaluate_request.hpp"
#include "server/routes.hpp"

namespace entitle::server {

namespace {

// A record that does not fit the schema, named by its path in the request body
// ("record.birth_date", "records[3].groups[1]") and placed in the body.
ApiError record_error(const RecordError& e, const capi::RecordSpan& span, const std::string& path) {
  std::string message = e.reason;
  if (!e.value.empty()) message += " (value: " + e.value + ")";
  ApiError out(422, "invalid_record", std::move(message),
               e.field.empty() ? path : path + "." + e.field);
  uint32_t line = e.line, column = e.column;
  if (line > 0) {
    capi::to_input_position(span, line, column);
    out.at(line, column);
  }
  return out;
}

// An expression of the rule set failed on this record (an amount out of range, a date
// before year 1): the record's problem. The message names the rule file by its name and
// line only; where the server keeps its files is not the client's business.
ApiError evaluation_error(const EvaluationError& e, const std::string& path) {
  std::string message = e.what();
  std::string where;
  if (!e.file.empty() && message.starts_with(e.file)) {
    const size_t colon = message.find(": ", e.file.size());
    if (colon != std::string::npos) message.erase(0, colon + 2);
    where = e.file.substr(e.file.find_last_of('/') + 1);
    if (e.line > 0) where += ":" + std::to_string(e.line) + ":" + std::to_string(e.column);
    message += " (at " + where + ")";
  }
  return ApiError(422, "evaluation_failed", std::move(message), path);
}

// Evaluates one record into `out`; throws ApiError for the record's own problems.
void evaluate_into(host::EvalScratch& scratch, const EvaluateRequest& r,
                   const capi::RecordSpan& span, const std::string& path, std::string& out) {
  try {
    host::evaluate_record(scratch, r.entity, span.text, r.as_of, out);
  } catch (const RecordError& e) {
    throw record_error(e, span, path);
  } catch (const EvaluationError& e) {
    throw evaluation_error(e, path);
  }
}

// Tests only (App::test_record_delay): makes each record slow, so that tests can hold the
// workers busy for as long as they need.
void test_delay(const App& app) {
  if (app.test_record_delay.count() > 0) std::this_thread::sleep_for(app.test_record_delay);
}

void use_options(host::EvalScratch& scratch, EvaluateRequest& r) {
  scratch.options.explain = r.options.explain;
  scratch.options.language = r.options.language;
  scratch.options.rules = std::move(r.options.rules);
  scratch.options.parameter_overrides.clear();
}

}  // namespace

Response evaluate_one(App& app, const Request& request, std::string_view) {
  const std::shared_ptr<Snapshot> snapshot = app.rulesets.current();
  const Limits& limits = app.config.limits;
  EvaluateRequest r =
      read_evaluate_request(request.body, snapshot->ruleset(), false, limits.max_json_depth, 1);
  check_budget(request, "before evaluating");
  host::ScratchLease scratch(snapshot->loaded.scratch, snapshot->loaded.ruleset);
  use_options(*scratch, r);
  Response response;
  test_delay(app);
  try {
    evaluate_into(*scratch, r, r.records[0], "record", response.body);
  } catch (const ApiError&) {
    app.metrics.records_evaluated(0, 1);
    throw;
  }
  app.metrics.records_evaluated(1, 0);
  return response;
}

Response evaluate_batch(App& app, const Request& request, std::string_view) {
  const std::shared_ptr<Snapshot> snapshot = app.rulesets.current();
  const Limits& limits = app.config.limits;
  EvaluateRequest r = read_evaluate_request(request.body, snapshot->ruleset(), true,
                                            limits.max_json_depth, limits.max_batch_records);
  host::ScratchLease scratch(snapshot->loaded.scratch, snapshot->loaded.ruleset);
  use_options(*scratch, r);
  std::string results;
  size_t failed = 0;
  for (size_t i = 0; i < r.records.size(); ++i) {
    const std::string path = "records[" + std::to_string(i) + "]";
    check_budget(request, "before " + path + " of " + std::to_string(r.records.size()));
    test_delay(app);
    if (i > 0) results += ',';
    const size_t mark = results.size();
    try {
      evaluate_into(*scratch, r, r.records[i], path, results);
    } catch (const ApiError& e) {
      // The record's place holds its error; nothing is dropped or reordered.
      results.resize(mark);
      ApiError with_index = e;
      with_index.extra_json =
          "\"status\":" + std::to_string(e.status) + ",\"index\":" + std::to_string(i);
      results += "{\"error\":" + error_object(with_index) + "}";
      ++failed;
    }
  }
  app.metrics.records_evaluated(r.records.size() - failed, failed);
  Response response;
  response.body = "{\"count\":" + std::to_string(r.records.size()) +
                  ",\"failed\":" + std::to_string(failed) + ",\"results\":[" + results + "]}";
  return response;
}

}  // namespace entitle::server
