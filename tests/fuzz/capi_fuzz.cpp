// Fuzz target: the C API as a host might misuse it. The bytes are a script: each op byte
// picks a call (load, load_documents, free, evaluate, evaluate_many, describe, the error
// accessors, the options initialisers, string_free), and the bytes after it pick the
// arguments: a handle (live, NULL, freed, or pointing at memory that is not a handle),
// strings taken from the input (garbage JSON, dates, rule ids, languages, entities), NULLs,
// options with unknown versions and formats. Every call must return a status (never crash,
// leak or read freed memory), and every status other than ENTITLE_OK must leave a message.
//
// Out of bounds for the fuzzer: pointers into unmapped memory (the contract asks for a
// handle from entitle or NULL; freed handles are detected, wild pointers cannot be).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "entitle.h"
#include "fuzz_support.hpp"

namespace {

// Reads the script; past its end every read gives 0.
class Script {
 public:
  Script(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return pos_ >= size_; }
  uint8_t byte() { return pos_ < size_ ? data_[pos_++] : 0; }
  // A length-prefixed string (at most 255 bytes; NULs inside end it early as C sees it).
  std::string text() {
    size_t n = byte();
    n = std::min(n, size_ - std::min(pos_, size_));
    std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

const char* kValidRecord = R"({"id": "P1", "x": 3, "birth": "1964-07-02", "groups": ["dibao"]})";

const std::string& valid_document() {
  static const std::string doc =
      entitle::fuzz::all_types_document("    years: years_between(birth, as_of)\n",
                                        "rules:\n"
                                        "  - id: r.old\n"
                                        "    title: {zh: 老, en: old}\n"
                                        "    citation: {document: fuzz}\n"
                                        "    entity: e\n"
                                        "    effective: {from: 2000-01-01}\n"
                                        "    when: [old: {expr: years >= 60}]\n"
                                        "    outputs:\n"
                                        "      months: x * 12\n"
                                        "  - id: r.poor\n"
                                        "    title: poor\n"
                                        "    citation: {document: fuzz}\n"
                                        "    entity: e\n"
                                        "    effective: {from: 2000-01-01}\n"
                                        "    when: [holds: 'any_in(groups, hardship_groups)']\n");
  return doc;
}

struct State {
  explicit State(Script& script) : s(script) {}
  Script& s;
  entitle_ruleset* slots[4] = {};
  std::vector<entitle_ruleset*> freed;
  alignas(64) unsigned char not_a_handle[256] = {};  // zeroes: never the live magic
  std::vector<std::string> keep;                     // strings the current call points into

  entitle_ruleset* handle() {
    switch (s.byte() % 7) {
      case 4: return nullptr;
      case 5: return freed.empty() ? nullptr : freed.back();
      case 6: return reinterpret_cast<entitle_ruleset*>(not_a_handle);
      default: return slots[s.byte() % 4];
    }
  }
  entitle_ruleset*& slot() { return slots[s.byte() % 4]; }

  // NULL, a fixed good value, or text from the script.
  const char* str(const char* good) {
    switch (s.byte() % 4) {
      case 0: return nullptr;
      case 1: return good;
      default: keep.push_back(s.text()); return keep.back().c_str();
    }
  }

  void store(entitle_ruleset*& into, entitle_ruleset* h) {
    if (into) release(into);
    into = h;
  }
  void release(entitle_ruleset*& h) {
    entitle_ruleset_free(h);
    freed.push_back(h);
    h = nullptr;
  }
};

// A non-OK status must come with a message in the thread's last error.
void expect_status(int rc) {
  const entitle_error* e = entitle_error_last();
  bool ok = entitle_error_code(e) == rc &&
            (rc == ENTITLE_OK || entitle_error_message(e)[0] != '\0') &&
            std::strncmp(entitle_status_name(rc), "ENTITLE_", 8) == 0;
  if (!ok) {
    std::fprintf(stderr, "fuzz: status %d, last error %d '%s'\n", rc, entitle_error_code(e),
                 entitle_error_message(e));
    std::abort();
  }
}

// Where the strings the API returns are read to the end, so that reading cannot be
// optimised away.
volatile size_t sink = 0;
void use(size_t n) { sink = sink + n; }

void take(char* out) {
  if (out) use(std::strlen(out));
  entitle_string_free(out);
}

void eval_options(State& st, entitle_eval_options& o, std::vector<const char*>& rules) {
  entitle_eval_options_init(&o, ENTITLE_EVAL_OPTIONS_VERSION);
  uint8_t b = st.s.byte();
  if (b & 1) o.version = st.s.byte();
  o.explain = (b >> 1) & 1;
  if (b & 4) o.language = st.str("en");
  if (b & 8) o.entity = st.str("e");
  if (b & 16) {
    size_t n = st.s.byte() % 4;
    for (size_t i = 0; i < n; ++i) rules.push_back(st.str("r.old"));
    o.rules = rules.empty() ? nullptr : rules.data();
    o.rule_count = (b & 32) ? n : n + (st.s.byte() % 2);  // sometimes NULL rules, count > 0
    if (o.rule_count > n) o.rules = nullptr;
  }
}

void step(State& st) {
  Script& s = st.s;
  st.keep.clear();
  st.keep.reserve(64);  // c_str() pointers stay valid while the call runs
  switch (s.byte() % 11) {
    case 0: {  // load_documents: garbage or valid documents, NULL names/texts, count 0
      entitle_document docs[3];
      size_t count = s.byte() % 4;
      for (size_t i = 0; i < count; ++i) {
        docs[i].name = st.str("rules.yaml");
        docs[i].text = st.str(valid_document().c_str());
      }
      entitle_ruleset* h = nullptr;
      int rc = entitle_ruleset_load_documents(s.byte() % 8 ? &h : nullptr,
                                              s.byte() % 8 ? docs : nullptr, count);
      expect_status(rc);
      if ((rc == ENTITLE_OK) != (h != nullptr)) std::abort();
      st.store(st.slot(), h);
      break;
    }
    case 1: {  // a valid rule set
      entitle_document doc{"rules.yaml", valid_document().c_str()};
      entitle_ruleset* h = nullptr;
      expect_status(entitle_ruleset_load_documents(&h, &doc, 1));
      if (!h) std::abort();
      st.store(st.slot(), h);
      break;
    }
    case 2: {  // load from a folder: only fixed paths, the fuzzer does not roam the disk
      static const char* dirs[] = {nullptr, "", "/nonexistent/entitle-fuzz",
                                   ENTITLE_SOURCE_DIR "/tests/capi/golden/broken_ruleset"};
      entitle_ruleset* h = nullptr;
      expect_status(entitle_ruleset_load(&h, dirs[s.byte() % 4]));
      st.store(st.slot(), h);
      break;
    }
    case 3: {  // free a slot, or free a bad handle again
      if (s.byte() % 2) {
        st.release(st.slot());
      } else {
        entitle_ruleset_free(st.handle());
      }
      break;
    }
    case 4: {
      entitle_eval_options o;
      std::vector<const char*> rules;
      eval_options(st, o, rules);
      bool with_options = s.byte() % 4;
      char* out = nullptr;
      entitle_ruleset* h = st.handle();
      const char* record = st.str(kValidRecord);
      const char* as_of = st.str("2024-07-01");
      int rc = entitle_evaluate(s.byte() % 8 ? &out : nullptr, h, record, as_of,
                                with_options ? &o : nullptr);
      expect_status(rc);
      if (rc == ENTITLE_OK && !out) std::abort();
      take(out);
      break;
    }
    case 5: {
      entitle_eval_options o;
      std::vector<const char*> rules;
      eval_options(st, o, rules);
      entitle_batch_options b;
      entitle_batch_options_init(&b, ENTITLE_BATCH_OPTIONS_VERSION);
      uint8_t f = s.byte();
      b.threads = f & 1 ? 2 : 1;                      // the machine is shared: at most two workers
      b.format = static_cast<int>((f >> 1) % 5) - 1;  // -1 and 3 are invalid
      if (f & 0x40) b.version = s.byte();
      char* out = nullptr;
      size_t failed = 0;
      entitle_ruleset* h = st.handle();
      const char* records = st.str("[{\"id\": \"a\"}, {\"id\": 1}]");
      const char* as_of = st.str("2024-07-01");
      int rc = entitle_evaluate_many(s.byte() % 8 ? &out : nullptr,
                                     s.byte() % 2 ? &failed : nullptr, h, records, as_of,
                                     s.byte() % 4 ? &o : nullptr, s.byte() % 4 ? &b : nullptr);
      expect_status(rc);
      if (rc == ENTITLE_OK && !out) std::abort();
      take(out);
      break;
    }
    case 6: {
      char* out = nullptr;
      entitle_ruleset* h = st.handle();
      int rc = entitle_ruleset_describe(s.byte() % 8 ? &out : nullptr, h);
      expect_status(rc);
      if (rc == ENTITLE_OK && !out) std::abort();
      take(out);
      break;
    }
    case 7: {  // every accessor of the last error, and of NULL
      const entitle_error* e = s.byte() % 2 ? entitle_error_last() : nullptr;
      use(static_cast<size_t>(entitle_error_code(e)) + entitle_error_line(e) +
          entitle_error_column(e));
      use(std::strlen(entitle_error_message(e)) + std::strlen(entitle_error_file(e)) +
          std::strlen(entitle_error_field(e)) + std::strlen(entitle_error_diagnostics(e)));
      if (s.byte() % 4 == 0) entitle_error_clear();
      break;
    }
    case 8: {
      int status = static_cast<int8_t>(s.byte());
      if (!entitle_status_name(status)) std::abort();
      use(std::strlen(entitle_version()));
      int major = 0;
      entitle_version_numbers(s.byte() % 2 ? &major : nullptr, nullptr, nullptr);
      break;
    }
    case 9: {
      unsigned version = s.byte() % 4;
      entitle_eval_options o;
      entitle_batch_options b;
      expect_status(entitle_eval_options_init(s.byte() % 4 ? &o : nullptr, version));
      expect_status(entitle_batch_options_init(s.byte() % 4 ? &b : nullptr, version));
      break;
    }
    default: entitle_string_free(nullptr); break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Script script(data, size);
  State st(script);
  for (int ops = 0; !script.done() && ops < 64; ++ops) step(st);
  for (auto*& h : st.slots)
    if (h) st.release(h);
  return 0;
}
