// entitle_evaluate_many: many records in one call, on several threads, results in input
// order, a failed record replaced by an error object (never dropped).
#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "capi/options.hpp"
#include "capi/ruleset.hpp"
#include "host/evaluate_record.hpp"
#include "io/batch_split.hpp"
#include "io/value_format.hpp"

namespace entitle::capi {

namespace {

// Records are handed to threads in chunks: large enough that claiming one is rare, small
// enough that threads finish together.
constexpr size_t kChunkRecords = 64;

struct Batch {
  Batch(LoadedRuleSet& l, const entitle_eval_options* o, Date day)
      : loaded(l), options(o), as_of(day) {}
  LoadedRuleSet& loaded;
  const entitle_eval_options* options;
  Date as_of;
  std::vector<RecordSpan> spans;
  bool jsonl = false;
  std::vector<std::string> chunks;  // output of each chunk, results joined by separators
  std::atomic<size_t> next_chunk{0};
  std::atomic<size_t> failed{0};
  std::mutex fatal_mutex;
  std::exception_ptr fatal;  // a failure of the run itself (out of memory), not of a record
};

void append_error_object(std::string& out, size_t index, ErrorInfo error, const RecordSpan& span) {
  // Record positions count within the record's text; the caller knows the input.
  if (error.code == ENTITLE_ERECORD) to_input_position(span, error.line, error.column);
  out += "{\"error\":{\"index\":";
  out += std::to_string(index);
  out += ",\"status\":";
  append_json_string(out, status_name(error.code));
  out += ",\"code\":";
  out += std::to_string(error.code);
  out += ",\"message\":";
  append_json_string(out, error.message);
  out += ",\"field\":";
  append_json_string(out, error.field);
  out += ",\"file\":";
  append_json_string(out, error.file);
  out += ",\"line\":";
  out += std::to_string(error.line);
  out += ",\"column\":";
  out += std::to_string(error.column);
  out += "}}";
}

void run_chunk(Batch& b, EvalScratch& scratch, uint32_t entity, size_t chunk) {
  std::string& out = b.chunks[chunk];
  size_t first = chunk * kChunkRecords;
  size_t last = std::min(b.spans.size(), first + kChunkRecords);
  ErrorInfo error;
  for (size_t i = first; i < last; ++i) {
    if (!b.jsonl && i > 0) out += ',';
    size_t mark = out.size();
    try {
      host::evaluate_record(scratch, entity, b.spans[i].text, b.as_of, out);
    } catch (const std::bad_alloc&) {
      throw;  // the whole call fails: a partial result would look complete
    } catch (...) {
      out.resize(mark);
      capture_current_exception(error);
      // Every error has a message; none means storing it ran out of memory, and an error
      // object without its reason would pass for a complete result.
      if (error.message.empty()) throw std::bad_alloc();
      append_error_object(out, i, error, b.spans[i]);
      b.failed.fetch_add(1, std::memory_order_relaxed);
    }
    if (b.jsonl) out += '\n';
  }
}

void worker(Batch& b) noexcept {
  try {
    ScratchLease scratch(b.loaded.scratch, b.loaded.ruleset);
    uint32_t entity = read_eval_options(b.options, *b.loaded.ruleset, scratch->options);
    for (;;) {
      size_t chunk = b.next_chunk.fetch_add(1, std::memory_order_relaxed);
      if (chunk >= b.chunks.size()) break;
      run_chunk(b, *scratch, entity, chunk);
    }
  } catch (...) {
    std::lock_guard lock(b.fatal_mutex);
    if (!b.fatal) b.fatal = std::current_exception();
    b.next_chunk.store(b.chunks.size());  // the others stop at their next chunk
  }
}

void run(Batch& b, unsigned threads) {
  std::vector<std::thread> helpers;
  size_t wanted = std::min<size_t>(threads, b.chunks.size());
  helpers.reserve(wanted);  // before any thread runs: growing later could throw past them
  for (size_t t = 1; t < wanted; ++t) {
    try {
      helpers.emplace_back(worker, std::ref(b));
    } catch (...) {
      // No thread to be had (std::system_error, or std::bad_alloc for its state): the ones
      // running share the work. Letting it escape would destroy running threads: terminate.
      break;
    }
  }
  worker(b);  // the calling thread works too
  for (auto& h : helpers) h.join();
  if (b.fatal) std::rethrow_exception(b.fatal);
}

// The chunks copied straight into the caller's buffer: the output can be large.
char* joined(const Batch& b) {
  size_t size = b.jsonl ? 0 : 2;
  for (const auto& c : b.chunks) size += c.size();
  auto* out = static_cast<char*>(std::malloc(size + 1));
  if (out == nullptr) throw std::bad_alloc();
  char* p = out;
  if (!b.jsonl) *p++ = '[';
  for (const auto& c : b.chunks) p = std::copy(c.begin(), c.end(), p);
  if (!b.jsonl) *p++ = ']';
  *p = '\0';
  return out;
}

}  // namespace

}  // namespace entitle::capi

using namespace entitle::capi;

extern "C" int entitle_evaluate_many(char** out, size_t* out_failed, const entitle_ruleset* ruleset,
                                     const char* records, const char* as_of,
                                     const entitle_eval_options* options,
                                     const entitle_batch_options* batch) {
  if (out) *out = nullptr;
  if (out_failed) *out_failed = 0;
  return guarded([&] {
    require(out, "out");
    LoadedRuleSet& loaded = checked(ruleset);
    require(records, "records");
    Batch b(loaded, options, parse_as_of(as_of));
    BatchSettings settings = read_batch_options(batch);
    {
      // Check the options once here, so a bad one is a status rather than N error objects.
      entitle::EvalOptions probe;
      read_eval_options(options, *loaded.ruleset, probe);
    }
    std::string_view input = records;
    b.jsonl = settings.format == ENTITLE_FORMAT_JSONL ||
              (settings.format == ENTITLE_FORMAT_AUTO && !looks_like_json_array(input));
    b.spans = b.jsonl ? split_json_lines(input) : split_json_array(input);
    b.chunks.resize((b.spans.size() + kChunkRecords - 1) / kChunkRecords);
    run(b, settings.threads);
    *out = joined(b);
    if (out_failed) *out_failed = b.failed.load();
  });
}
