// entitle_eval_options and entitle_batch_options: defaults, versions, and validation.
#include "capi/options.hpp"

#include <algorithm>
#include <string>
#include <thread>

#include "batch/thread_count.hpp"
#include "capi/shim.hpp"
#include "model/model.hpp"

namespace entitle::capi {

namespace {

// A struct from a newer header than this library: its extra fields would be ignored
// silently, so refuse it rather than evaluate something other than what was asked.
void check_version(unsigned version, unsigned current, const char* what) {
  if (version == 0 || version > current)
    fail_invalid(std::string(what) + ": unknown version " + std::to_string(version) +
                 " (this library knows 1.." + std::to_string(current) +
                 "; initialise with the _INIT macro or the _init function)");
}

}  // namespace

Date parse_as_of(const char* as_of) {
  require(as_of, "as_of");
  auto d = Date::parse(as_of);
  if (!d)
    fail_invalid("as_of: '" + std::string(as_of) +
                 "' is not a date; write YYYY-MM-DD, e.g. 2024-07-01");
  return *d;
}

uint32_t read_eval_options(const entitle_eval_options* in, const RuleSet& rs, EvalOptions& out) {
  out.explain = false;
  out.language = Language::zh;
  out.rules.clear();
  out.parameter_overrides.clear();
  const char* entity = nullptr;
  if (in) {
    check_version(in->version, ENTITLE_EVAL_OPTIONS_VERSION, "entitle_eval_options");
    out.explain = in->explain != 0;
    if (in->language) {
      std::string_view lang = in->language;
      if (lang == "en")
        out.language = Language::en;
      else if (lang != "zh")
        fail_invalid("language: '" + std::string(lang) + "' is not zh or en");
    }
    if (in->rule_count > 0) require(in->rules, "options->rules");
    out.rules.resize(in->rule_count);
    for (size_t i = 0; i < in->rule_count; ++i) {
      const char* id = in->rules[i];
      if (!id) fail_invalid("options->rules[" + std::to_string(i) + "] is NULL");
      if (!rs.model().find_rule(id))
        fail_invalid("rules: the rule set has no rule '" + std::string(id) + "'");
      out.rules[i] = id;
    }
    entity = in->entity;
  }
  if (entity) {
    if (auto e = rs.entity(entity)) return *e;
    fail_invalid("entity: the rule set has no entity '" + std::string(entity) + "'");
  }
  if (auto e = rs.default_entity()) return *e;
  fail_invalid("the rule set has several entities: set options->entity");
}

BatchSettings read_batch_options(const entitle_batch_options* in) {
  BatchSettings s;
  if (!in) return s;
  check_version(in->version, ENTITLE_BATCH_OPTIONS_VERSION, "entitle_batch_options");
  if (in->format != ENTITLE_FORMAT_AUTO && in->format != ENTITLE_FORMAT_JSON_ARRAY &&
      in->format != ENTITLE_FORMAT_JSONL)
    fail_invalid("format: " + std::to_string(in->format) + " is not an ENTITLE_FORMAT_* value");
  s.format = in->format;
  s.threads = in->threads;
  if (s.threads == 0) s.threads = batch::default_thread_count();
  // Beyond this, threads only add switching; cap rather than fail a host that passes many.
  s.threads = std::min(s.threads, batch::kMaxThreads);
  return s;
}

}  // namespace entitle::capi

extern "C" {

int entitle_eval_options_init(entitle_eval_options* options, unsigned int version) {
  return entitle::capi::guarded([&] {
    entitle::capi::require(options, "options");
    entitle::capi::check_version(version, ENTITLE_EVAL_OPTIONS_VERSION,
                                 "entitle_eval_options_init");
    *options = entitle_eval_options ENTITLE_EVAL_OPTIONS_INIT;
    options->version = version;
  });
}

int entitle_batch_options_init(entitle_batch_options* options, unsigned int version) {
  return entitle::capi::guarded([&] {
    entitle::capi::require(options, "options");
    entitle::capi::check_version(version, ENTITLE_BATCH_OPTIONS_VERSION,
                                 "entitle_batch_options_init");
    *options = entitle_batch_options ENTITLE_BATCH_OPTIONS_INIT;
    options->version = version;
  });
}

}  // extern "C"
