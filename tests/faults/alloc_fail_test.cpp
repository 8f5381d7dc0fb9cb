// Out-of-memory through the C API, the way SQLite tests it: for every N up to the number of
// allocations a call makes, run the call with the Nth allocation failing (once), and again
// with every allocation from the Nth on failing (persistently). Each run must return
// ENTITLE_OK with the right answer or ENTITLE_ENOMEM, never crash or return anything else,
// leak nothing once its outputs are freed, and leave the library working: the next
// unfailed call gives the same answer as before.
//
// malloc, calloc and realloc are replaced in this executable (glibc lets a program define
// them and forwards to __libc_*); operator new, yaml-cpp and the C API's strings all
// allocate through them, so one counter sees every allocation. Leaks are counted in blocks
// allocated and not freed.
//
// usage: capi_alloc_fail_test SOURCE_DIR [load|evaluate|evaluate_many|evaluate_many_threads]
#include <errno.h>
#include <execinfo.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "entitle.h"

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void __libc_free(void*);
}

namespace {

// Only the thread that armed the counter fails; helper threads of evaluate_many count too
// (their allocations are part of the call), so the counter is atomic.
bool armed = false;
bool persistent = false;
long fail_at = 0;
long count = 0;
long failures = 0;

bool should_fail() {
  if (!__atomic_load_n(&armed, __ATOMIC_RELAXED)) return false;
  const long n = __atomic_add_fetch(&count, 1, __ATOMIC_RELAXED);
  const bool fail = persistent ? n >= fail_at : n == fail_at;
  if (fail) __atomic_add_fetch(&failures, 1, __ATOMIC_RELAXED);
  // ALLOC_FAIL_TRACE=N prints where allocation N is made (to find a leak's source).
  static const char* trace = getenv("ALLOC_FAIL_TRACE");
  if (fail && trace && atol(trace) == n) {
    armed = false;
    void* frames[32];
    backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
    armed = true;
  }
  return fail;
}

// Blocks allocated and not yet freed, by anyone: a leak is at least one block. (Counting
// blocks rather than bytes is exact with threads, whose malloc arenas and caches make byte
// totals drift.)
long live_blocks = 0;

void* counted(void* p) {
  if (p) __atomic_add_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
  return p;
}

}  // namespace

extern "C" void* malloc(size_t n) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  return counted(__libc_malloc(n));
}
extern "C" void* calloc(size_t n, size_t size) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  return counted(__libc_calloc(n, size));
}
extern "C" void* realloc(void* p, size_t n) {
  if (should_fail()) {
    errno = ENOMEM;
    return nullptr;
  }
  if (p == nullptr) return counted(__libc_realloc(p, n));
  void* q = __libc_realloc(p, n);
  if (q == nullptr && n == 0) __atomic_sub_fetch(&live_blocks, 1, __ATOMIC_RELAXED);  // freed
  return q;
}
extern "C" void free(void* p) {
  if (p) __atomic_sub_fetch(&live_blocks, 1, __ATOMIC_RELAXED);
  __libc_free(p);
}

namespace {

int problems = 0;

#define EXPECT(cond, ...)                                                  \
  do {                                                                     \
    if (!(cond)) {                                                         \
      ++problems;                                                          \
      std::fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                   \
      std::fputc('\n', stderr);                                            \
      if (problems > 20) std::exit(1);                                     \
    }                                                                      \
  } while (0)

long in_use() { return __atomic_load_n(&live_blocks, __ATOMIC_RELAXED); }

// A small rule set: enough to load YAML, check types, compile and evaluate lists, decimals
// and dates, small enough that trying every allocation stays quick.
const char* kRules = R"(ruleset: {name: oom, version: "1"}
enums:
  group: {values: [dibao, tekun, wubao]}
entities:
  person:
    fields:
      id: {type: string, required: true}
      birth_date: {type: date, required: true}
      groups: {type: list<group>, default: []}
      wage: {type: money, default: "0.00"}
parameters:
  floor:
    type: money
    values: [{from: 2020-01-01, value: "3000.00"}, {from: 2024-01-01, value: "3500.50"}]
derived:
  person:
    age: {expr: 'years_between(birth_date, as_of)'}
rules:
  - id: hardship
    title: {zh: 困难群体, en: hardship}
    citation: {document: doc, section: "1"}
    entity: person
    effective: {from: 2020-01-01}
    when:
      all:
        - aged: age >= 60
        - group: 'any_in(groups, [dibao, wubao])'
    outputs:
      base: 'round(max(wage, floor) * 0.2, 2, half_up)'
      start: add_months(birth_date, 721)
)";

const char* kRecord = R"({"id":"A","birth_date":"1960-03-15","groups":["dibao"],"wage":"4321.07"})";
const char* kRecords =
    "{\"id\":\"A\",\"birth_date\":\"1960-03-15\",\"groups\":[\"dibao\"],\"wage\":\"4321.07\"}\n"
    "{\"id\":\"B\",\"birth_date\":\"1990-01-01\"}\n"
    "{\"id\":\"C\",\"birth_date\":\"nope\"}\n"
    "{\"id\":\"D\",\"birth_date\":\"1950-12-31\",\"groups\":[\"wubao\",\"tekun\"]}\n";

// One API call under test: returns its status and, on OK, its output as text (the JSON, or
// a description of the loaded rule set); frees everything it made.
struct Call {
  const char* name;
  int (*run)(std::string& out);
  // Bounded caches that change by a block between calls (threads keep one scratch each in
  // the rule set's pool; freed handles rotate through a quarantine deque): leaks are
  // counted over the whole run instead.
  bool cached = false;
};

entitle_ruleset* shared = nullptr;  // loaded once, unfailed, for the evaluate calls

// The test's own work after a call (copying its output) must not be failed: only the
// library's allocations are under test.
struct Disarmed {
  bool was = armed;
  Disarmed() { armed = false; }
  ~Disarmed() { armed = was; }
};

int run_load(std::string& out) {
  entitle_document doc{"rules.yaml", kRules};
  entitle_ruleset* rs = nullptr;
  const int rc = entitle_ruleset_load_documents(&rs, &doc, 1);
  Disarmed off;
  if (rc == ENTITLE_OK) {
    // The loaded rule set must be the real one: describe it (unfailed) and evaluate.
    char* json = nullptr;
    if (entitle_ruleset_describe(&json, rs) == ENTITLE_OK) out = json;
    entitle_string_free(json);
    char* decided = nullptr;
    if (entitle_evaluate(&decided, rs, kRecord, "2024-07-01", nullptr) == ENTITLE_OK)
      out += decided;
    entitle_string_free(decided);
  }
  if (rs == nullptr && rc == ENTITLE_OK) out = "OK without a rule set";
  if (rs != nullptr && rc != ENTITLE_OK) out = "a rule set despite a failure";
  entitle_ruleset_free(rs);
  return rc;
}

int run_evaluate(std::string& out) {
  char* json = nullptr;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = 1;  // explanations allocate the most
  const int rc = entitle_evaluate(&json, shared, kRecord, "2024-07-01", &options);
  Disarmed off;
  if (json) out = json;
  if (rc != ENTITLE_OK && json) out = "output despite a failure";
  entitle_string_free(json);
  return rc;
}

int run_many(std::string& out, const char* records, unsigned threads) {
  char* json = nullptr;
  size_t failed = 99;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  batch.threads = threads;
  const int rc =
      entitle_evaluate_many(&json, &failed, shared, records, "2024-07-01", nullptr, &batch);
  Disarmed off;
  if (json) out = std::string(json) + " failed=" + std::to_string(failed);
  if (rc != ENTITLE_OK && json) out = "output despite a failure";
  entitle_string_free(json);
  return rc;
}
int run_many_1(std::string& out) { return run_many(out, kRecords, 1); }

// Records are handed to threads 64 at a time: 300 records keep 4 threads busy.
std::string many_records() {
  std::string text;
  for (int i = 0; i < 75; ++i) text += kRecords;
  return text;
}
int run_many_4(std::string& out) {
  static const std::string records = many_records();
  return run_many(out, records.c_str(), 4);
}

const Call kCalls[] = {
    {"load", run_load, true},
    {"evaluate", run_evaluate},
    {"evaluate_many", run_many_1},
    {"evaluate_many_threads", run_many_4, true},
};

// The error object of a failed call must say out of memory.
void check_last_error(const char* call, long n, const char* mode) {
  const entitle_error* e = entitle_error_last();
  EXPECT(entitle_error_code(e) == ENTITLE_ENOMEM, "%s, %s failure at %ld: last error %d (%s)", call,
         mode, n, entitle_error_code(e), entitle_error_message(e));
}

void test(const Call& call) {
  std::string expected;
  EXPECT(call.run(expected) == ENTITLE_OK, "%s: the unfailed call fails", call.name);
  for (int warm = 0; warm < 2; ++warm) {  // lazy statics, thread-local buffers
    std::string again;
    call.run(again);
  }
  // How many allocations one call makes.
  count = 0;
  fail_at = -1;
  persistent = false;
  armed = true;
  std::string ignored;
  call.run(ignored);
  armed = false;
  const long total = count;
  EXPECT(total > 0, "%s made no allocation", call.name);

  long ok_once = 0, nomem_once = 0, nomem_persistent = 0;
  for (int mode = 0; mode < 2; ++mode) {
    const char* mode_name = mode == 0 ? "once" : "persistent";
    for (long n = 1; n <= total + 1; ++n) {
      // Caches (a scratch pool, a string's capacity) may keep memory a failed call
      // allocated, to be reused; a leak loses more with every failure. So: one failed and
      // one normal call to settle the caches, then the same again, which must not take
      // one byte more.
      long settled = 0;
      for (int round = 0; round < 2; ++round) {
        std::string out;
        count = 0;
        failures = 0;
        fail_at = n;
        persistent = mode == 1;
        armed = true;
        const int rc = call.run(out);
        armed = false;
        EXPECT(rc == ENTITLE_OK || rc == ENTITLE_ENOMEM,
               "%s, %s failure at allocation %ld of %ld: status %d (%s)", call.name, mode_name, n,
               total, rc, entitle_error_message(entitle_error_last()));
        if (rc == ENTITLE_OK) {
          // Success despite a failed allocation is fine only with the right answer.
          EXPECT(out == expected, "%s, %s failure at %ld: OK but a different result:\n%s",
                 call.name, mode_name, n, out.c_str());
          if (round == 0 && mode == 0) ++ok_once;
        } else {
          check_last_error(call.name, n, mode_name);
          if (round == 0) mode == 0 ? ++nomem_once : ++nomem_persistent;
        }
        std::string normal;
        EXPECT(call.run(normal) == ENTITLE_OK && normal == expected,
               "%s: the call after a %s failure at %ld does not give the normal result", call.name,
               mode_name, n);
        if (round == 0) {
          settled = in_use();
        } else if (!call.cached) {  // threads: see the whole-run check in main()
          EXPECT(in_use() == settled, "%s, %s failure at %ld: %ld blocks leaked per failure",
                 call.name, mode_name, n, in_use() - settled);
        }
      }
    }
  }
  std::printf(
      "%s: %ld allocations; failing each once: %ld ENOMEM, %ld OK (recovered); "
      "persistently: %ld ENOMEM\n",
      call.name, total, nomem_once, ok_once, nomem_persistent);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s SOURCE_DIR [call]\n", argv[0]);
    return 2;
  }
  std::printf("capi_alloc_fail_test %s\n", argc > 2 ? argv[2] : "");
  std::fflush(stdout);
  entitle_document doc{"rules.yaml", kRules};
  // One round first, unfailed and failed, for what is built once per process (function
  // tables, yaml-cpp's statics (below), the runtime's exception state); then everything the calls
  // allocate, the shared rule set included, must be freed by the end: after thousands of failed
  // calls a leak of one block each would show. yaml-cpp reads only what the fast YAML reader
  // declines (a directive, here), or after libyaml failed an allocation: its statics are built by a
  // load of its own.
  const std::string with_directive = std::string("%YAML 1.2\n---\n") + kRules;
  entitle_document declined{"rules.yaml", with_directive.c_str()};
  if (entitle_ruleset_load_documents(&shared, &declined, 1) == ENTITLE_OK) {
    entitle_ruleset_free(shared);
  } else {
    std::fprintf(stderr, "the test rule set with a %%YAML directive does not load: %s\n",
                 entitle_error_diagnostics(entitle_error_last()));
    return 1;
  }
  if (entitle_ruleset_load_documents(&shared, &doc, 1) == ENTITLE_OK) {
    for (const Call& call : kCalls) {
      std::string out;
      // 70 runs: freed handles stay in a quarantine of 64 (to catch use after free), a
      // bounded cache that fills up first.
      for (int i = 0; i < 70; ++i) call.run(out);
      count = 0;  // and once failing, for what the first failure builds
      fail_at = 1;
      persistent = false;
      armed = true;
      call.run(out);
      armed = false;
    }
    entitle_ruleset_free(shared);
  }
  const long at_start = in_use();
  if (entitle_ruleset_load_documents(&shared, &doc, 1) != ENTITLE_OK) {
    std::fprintf(stderr, "the test rule set does not load: %s\n",
                 entitle_error_diagnostics(entitle_error_last()));
    return 1;
  }
  bool ran = false;
  for (const Call& call : kCalls) {
    if (argc > 2 && std::strcmp(argv[2], call.name) != 0) continue;
    test(call);
    ran = true;
  }
  entitle_ruleset_free(shared);
  EXPECT(in_use() == at_start, "%ld blocks still allocated after everything was freed",
         in_use() - at_start);
  if (!ran) {
    std::fprintf(stderr, "unknown call %s\n", argv[2]);
    return 2;
  }
  if (problems) std::fprintf(stderr, "%d problems\n", problems);
  return problems ? 1 : 0;
}
