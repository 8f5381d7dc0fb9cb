/* Every function of entitle.h and every error path it documents, from C11.
 * Golden decisions are checked in golden_test.c; threads in threads_test.c. */
#define _POSIX_C_SOURCE 200809L /* setrlimit, for the out-of-memory test */
#include <entitle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

#ifdef __linux__
#include <sys/resource.h>
#endif

#define SCREENING ENTITLE_SOURCE_DIR "/rules/screening-2024"
#define PERSON ENTITLE_SOURCE_DIR "/rules/screening-2024/examples/person.json"
#define BROKEN ENTITLE_SOURCE_DIR "/tests/capi/golden/broken_ruleset"

/* A small rule set in memory: one entity, one rule whose output divides by an input (so a
 * zero is a run-time error), one rule with no outputs. */
static const char *const kDocRules =
    "ruleset: {name: memory, version: '3'}\n"
    "entities:\n"
    "  person:\n"
    "    fields:\n"
    "      age: {type: int}\n"
    "      months: {type: int, default: 12}\n"
    "rules:\n"
    "  - id: pension.aged_60\n"
    "    title: {zh: 年满60周岁, en: Aged 60 or over}\n"
    "    citation: {document: 滕人社发〔2019〕24号, section: 四(二)4}\n"
    "    entity: person\n"
    "    effective: {from: 2019-12-20}\n"
    "    when:\n"
    "      all:\n"
    "        - aged_60: age >= 60\n"
    "    outputs:\n"
    "      per_month: 1200 / months\n"
    "  - id: pension.young\n"
    "    title: {zh: 未满30周岁, en: Under 30}\n"
    "    citation: {document: test, section: '1'}\n"
    "    entity: person\n"
    "    effective: {from: 2019-12-20, until: 2030-12-31}\n"
    "    when:\n"
    "      all:\n"
    "        - young: age < 30\n";

/* Line 4 names a type that does not exist. */
static const char *const kDocBroken =
    "ruleset: {name: broken, version: '1'}\n"
    "entities:\n"
    "  person:\n"
    "    fields: {age: {type: integer}}\n";

static entitle_ruleset *load_screening(void) {
  entitle_ruleset *rs = NULL;
  int rc = entitle_ruleset_load(&rs, SCREENING);
  if (rc != ENTITLE_OK) {
    fprintf(stderr, "cannot load %s: %s\n", SCREENING, entitle_error_message(entitle_error_last()));
    exit(1);
  }
  return rs;
}

static entitle_ruleset *load_memory(void) {
  entitle_ruleset *rs = NULL;
  entitle_document doc = {"memory.yaml", NULL};
  doc.text = kDocRules;
  if (entitle_ruleset_load_documents(&rs, &doc, 1) != ENTITLE_OK) {
    fprintf(stderr, "cannot load memory.yaml: %s\n",
            entitle_error_diagnostics(entitle_error_last()));
    exit(1);
  }
  return rs;
}

/* Checks the last error: its code, and that the returned status matches it. */
static void expect_error(int rc, int code, const char *message_part) {
  const entitle_error *e = entitle_error_last();
  CHECK_STR(entitle_status_name(rc), entitle_status_name(code));
  CHECK_INT(entitle_error_code(e), code);
  CHECK_CONTAINS(entitle_error_message(e), message_part);
}

static void test_version(void) {
  int major = -1, minor = -1, patch = -1;
  char text[32];
  CHECK_STR(entitle_version(), ENTITLE_VERSION_STRING);
  entitle_version_numbers(&major, &minor, &patch);
  CHECK_INT(major, ENTITLE_VERSION_MAJOR);
  CHECK_INT(minor, ENTITLE_VERSION_MINOR);
  CHECK_INT(patch, ENTITLE_VERSION_PATCH);
  snprintf(text, sizeof text, "%d.%d.%d", major, minor, patch);
  CHECK_STR(entitle_version(), text);
  /* The integer the header promises for `#if` tests: the run-time numbers in one. */
  CHECK_INT(ENTITLE_VERSION_NUMBER, major * 1000000 + minor * 1000 + patch);
  entitle_version_numbers(NULL, NULL, NULL); /* each pointer may be NULL */
  entitle_version_numbers(&major, NULL, NULL);
}

static void test_status_names(void) {
  CHECK_STR(entitle_status_name(ENTITLE_OK), "ENTITLE_OK");
  CHECK_STR(entitle_status_name(ENTITLE_EINVAL), "ENTITLE_EINVAL");
  CHECK_STR(entitle_status_name(ENTITLE_ELOAD), "ENTITLE_ELOAD");
  CHECK_STR(entitle_status_name(ENTITLE_ERECORD), "ENTITLE_ERECORD");
  CHECK_STR(entitle_status_name(ENTITLE_EEVAL), "ENTITLE_EEVAL");
  CHECK_STR(entitle_status_name(ENTITLE_ENOMEM), "ENTITLE_ENOMEM");
  CHECK_STR(entitle_status_name(ENTITLE_EINTERNAL), "ENTITLE_EINTERNAL");
  CHECK_STR(entitle_status_name(42), "ENTITLE_UNKNOWN");
  CHECK_STR(entitle_status_name(-99), "ENTITLE_UNKNOWN");
}

static void test_error_last_never_null(void) {
  const entitle_error *e = entitle_error_last();
  CHECK(e != NULL);
  CHECK_INT(entitle_error_code(e), ENTITLE_OK);
  CHECK_STR(entitle_error_message(e), "");
  CHECK_STR(entitle_error_file(e), "");
  CHECK_INT(entitle_error_line(e), 0);
  CHECK_INT(entitle_error_column(e), 0);
  CHECK_STR(entitle_error_field(e), "");
  CHECK_STR(entitle_error_diagnostics(e), "");
}

static void test_error_accessors_accept_null(void) {
  CHECK_INT(entitle_error_code(NULL), ENTITLE_OK);
  CHECK_STR(entitle_error_message(NULL), "");
  CHECK_STR(entitle_error_file(NULL), "");
  CHECK_INT(entitle_error_line(NULL), 0);
  CHECK_INT(entitle_error_column(NULL), 0);
  CHECK_STR(entitle_error_field(NULL), "");
  CHECK_STR(entitle_error_diagnostics(NULL), "");
}

static void test_error_reset_by_success_and_clear(void) {
  entitle_ruleset *rs = NULL;
  entitle_eval_options options;
  CHECK_INT(entitle_ruleset_load(&rs, NULL), ENTITLE_EINVAL);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_EINVAL);
  /* Accessors and free functions leave it alone. */
  entitle_string_free(NULL);
  entitle_ruleset_free(NULL);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_EINVAL);
  entitle_error_clear();
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_OK);
  CHECK_STR(entitle_error_message(entitle_error_last()), "");
  /* The next status-returning call that succeeds resets it. */
  CHECK_INT(entitle_ruleset_load(&rs, NULL), ENTITLE_EINVAL);
  CHECK_INT(entitle_eval_options_init(&options, ENTITLE_EVAL_OPTIONS_VERSION), ENTITLE_OK);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_OK);
}

static void test_string_free_null(void) { entitle_string_free(NULL); }

static void test_load_folder(void) {
  entitle_ruleset *rs = NULL;
  CHECK_INT(entitle_ruleset_load(&rs, SCREENING), ENTITLE_OK);
  CHECK(rs != NULL);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_OK);
  entitle_ruleset_free(rs);
}

static void test_load_null_arguments(void) {
  entitle_ruleset *rs = (entitle_ruleset *)&rs; /* must be reset to NULL */
  expect_error(entitle_ruleset_load(NULL, SCREENING), ENTITLE_EINVAL, "out is NULL");
  expect_error(entitle_ruleset_load(&rs, NULL), ENTITLE_EINVAL, "dir is NULL");
  CHECK(rs == NULL);
}

static void test_load_missing_folder(void) {
  entitle_ruleset *rs = NULL;
  const entitle_error *e;
  expect_error(entitle_ruleset_load(&rs, "/no/such/ruleset"), ENTITLE_ELOAD, "no such directory");
  e = entitle_error_last();
  CHECK(rs == NULL);
  CHECK_STR(entitle_error_file(e), "/no/such/ruleset");
  CHECK_INT(entitle_error_line(e), 0);
  CHECK_CONTAINS(entitle_error_diagnostics(e), "/no/such/ruleset: error: not a rule-set folder");
}

static void test_load_folder_with_errors(void) {
  entitle_ruleset *rs = NULL;
  const entitle_error *e;
  expect_error(entitle_ruleset_load(&rs, BROKEN), ENTITLE_ELOAD, "unknown name 'agee'");
  e = entitle_error_last();
  CHECK(rs == NULL);
  CHECK_STR(entitle_error_file(e), BROKEN "/rules.yaml");
  CHECK_INT(entitle_error_line(e), 14);
  CHECK_INT(entitle_error_column(e), 27);
  CHECK_STR(entitle_error_field(e), "");
  /* Every error, GCC style, one per line: both problems of the folder. */
  CHECK_CONTAINS(entitle_error_diagnostics(e), BROKEN "/rules.yaml:14:27: error: unknown name");
  CHECK_CONTAINS(entitle_error_diagnostics(e), BROKEN "/rules.yaml:21:22: error: cannot compare");
}

static void test_load_documents(void) {
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  CHECK_INT(entitle_evaluate(&json, rs, "{\"age\": 61}", "2024-07-01", NULL), ENTITLE_OK);
  CHECK_CONTAINS(json, "\"ruleset\":{\"name\":\"memory\",\"version\":\"3\"");
  CHECK_CONTAINS(json, "{\"rule\":\"pension.aged_60\",\"status\":\"eligible\"");
  CHECK_CONTAINS(json, "\"outputs\":{\"per_month\":\"100\"}");
  entitle_string_free(json);
  entitle_ruleset_free(rs);
}

static void test_load_documents_errors(void) {
  entitle_ruleset *rs = (entitle_ruleset *)&rs;
  entitle_document docs[2] = {{"memory.yaml", NULL}, {"broken.yaml", NULL}};
  const entitle_error *e;
  docs[0].text = kDocRules;
  docs[1].text = kDocBroken;
  expect_error(entitle_ruleset_load_documents(NULL, docs, 1), ENTITLE_EINVAL, "out is NULL");
  expect_error(entitle_ruleset_load_documents(&rs, NULL, 1), ENTITLE_EINVAL, "docs is NULL");
  CHECK(rs == NULL);
  expect_error(entitle_ruleset_load_documents(&rs, docs, 0), ENTITLE_EINVAL, "count is 0");
  docs[1].name = NULL;
  expect_error(entitle_ruleset_load_documents(&rs, docs, 2), ENTITLE_EINVAL, "docs[1].name");
  docs[1].name = "broken.yaml";
  docs[1].text = NULL;
  expect_error(entitle_ruleset_load_documents(&rs, docs, 2), ENTITLE_EINVAL, "docs[1].text");
  docs[1].text = kDocBroken;
  /* A broken document: the error names it by its name, with line and column. */
  expect_error(entitle_ruleset_load_documents(&rs, docs + 1, 1), ENTITLE_ELOAD, "integer");
  e = entitle_error_last();
  CHECK(rs == NULL);
  CHECK_STR(entitle_error_file(e), "broken.yaml");
  CHECK_INT(entitle_error_line(e), 4);
  CHECK(entitle_error_column(e) > 0);
  CHECK_CONTAINS(entitle_error_diagnostics(e), "broken.yaml:4:");
  /* Not YAML at all. */
  docs[1].text = "ruleset: [unclosed\n";
  expect_error(entitle_ruleset_load_documents(&rs, docs + 1, 1), ENTITLE_ELOAD, "");
  CHECK_STR(entitle_error_file(entitle_error_last()), "broken.yaml");
  CHECK(entitle_error_line(entitle_error_last()) > 0);
}

static void test_free_null_and_stale_handle(void) {
  entitle_ruleset *rs = load_memory();
  char *json = (char *)&json;
  entitle_ruleset_free(NULL); /* a no-op */
  entitle_ruleset_free(rs);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_OK);
  /* The handle is stale now: a second free and any use report EINVAL, not a crash. */
  entitle_ruleset_free(rs);
  CHECK_INT(entitle_error_code(entitle_error_last()), ENTITLE_EINVAL);
  CHECK_CONTAINS(entitle_error_message(entitle_error_last()), "already freed");
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", NULL), ENTITLE_EINVAL,
               "not a valid rule set handle");
  CHECK(json == NULL);
  expect_error(entitle_ruleset_describe(&json, rs), ENTITLE_EINVAL, "not a valid rule set");
  expect_error(entitle_evaluate_many(&json, NULL, rs, "[]", "2024-07-01", NULL, NULL),
               ENTITLE_EINVAL, "not a valid rule set");
}

static void test_describe(void) {
  entitle_ruleset *rs = load_screening();
  char *json = NULL;
  CHECK_INT(entitle_ruleset_describe(&json, rs), ENTITLE_OK);
  CHECK_CONTAINS(json, "{\"name\":\"screening-2024\",\"version\":\"2024.1\",\"hash\":\"");
  CHECK_CONTAINS(json, "\"entities\":[{\"name\":\"person\",\"title\":{\"zh\":\"个人\"");
  CHECK_CONTAINS(json, "{\"name\":\"birth_date\",\"type\":\"date\",\"required\":true");
  CHECK_CONTAINS(json, "{\"name\":\"groups\",\"type\":\"list<group>\",\"required\":false");
  CHECK_CONTAINS(json, "\"default\":[],\"values\":[\"registered_poor\",\"dibao\"");
  CHECK_CONTAINS(json, "\"default\":\"0.00\"");
  CHECK_CONTAINS(json,
                 "{\"id\":\"resident_pension.hardship_60\",\"kind\":\"rule\",\"title\":"
                 "{\"zh\":\"困难群体年满60周岁按月领取居民基本养老保险待遇\"");
  CHECK_CONTAINS(json,
                 "\"citation\":{\"document\":\"滕人社发〔2019〕24号\",\"section\":\"四(二)4\"}");
  CHECK_CONTAINS(json, "\"effective\":{\"from\":\"2019-12-20\",\"until\":null}");
  CHECK_CONTAINS(json, "\"outputs\":[{\"name\":\"start_date\",\"type\":\"date\"}]");
  CHECK_CONTAINS(json, "\"parameters\":[{\"name\":");
  CHECK_CONTAINS(json, "\"warnings\":[");
  entitle_string_free(json);
  entitle_ruleset_free(rs);
  /* Outputs listed under a rule's always: say so; the others carry no "always" key. */
  CHECK_INT(entitle_ruleset_load(&rs, ENTITLE_SOURCE_DIR "/rules/cn-national"), ENTITLE_OK);
  CHECK_INT(entitle_ruleset_describe(&json, rs), ENTITLE_OK);
  CHECK_CONTAINS(json, "{\"name\":\"floor\",\"type\":\"money\",\"always\":true}");
  CHECK_CONTAINS(json, "{\"name\":\"base\",\"type\":\"money\"}");
  entitle_string_free(json);
  entitle_ruleset_free(rs);
  rs = load_memory();
  CHECK_INT(entitle_ruleset_describe(&json, rs), ENTITLE_OK);
  CHECK_CONTAINS(json, "\"effective\":{\"from\":\"2019-12-20\",\"until\":\"2030-12-31\"}");
  CHECK_CONTAINS(json, "\"files\":[\"memory.yaml\"]");
  entitle_string_free(json);
  entitle_ruleset_free(rs);
}

static void test_describe_null_arguments(void) {
  entitle_ruleset *rs = load_memory();
  char *json = (char *)&json;
  expect_error(entitle_ruleset_describe(NULL, rs), ENTITLE_EINVAL, "out is NULL");
  expect_error(entitle_ruleset_describe(&json, NULL), ENTITLE_EINVAL, "ruleset is NULL");
  CHECK(json == NULL);
  entitle_ruleset_free(rs);
}

static void test_eval_options_init(void) {
  entitle_eval_options options;
  entitle_eval_options init = ENTITLE_EVAL_OPTIONS_INIT;
  memset(&options, 0xff, sizeof options);
  CHECK_INT(entitle_eval_options_init(&options, ENTITLE_EVAL_OPTIONS_VERSION), ENTITLE_OK);
  CHECK_INT(options.version, ENTITLE_EVAL_OPTIONS_VERSION);
  CHECK_INT(options.explain, 0);
  CHECK(options.language == NULL && options.rules == NULL && options.entity == NULL);
  CHECK_INT(options.rule_count, 0);
  CHECK_INT(init.version, ENTITLE_EVAL_OPTIONS_VERSION);
  expect_error(entitle_eval_options_init(NULL, 1), ENTITLE_EINVAL, "options is NULL");
  expect_error(entitle_eval_options_init(&options, 0), ENTITLE_EINVAL, "unknown version 0");
  expect_error(entitle_eval_options_init(&options, ENTITLE_EVAL_OPTIONS_VERSION + 1),
               ENTITLE_EINVAL, "unknown version");
}

static void test_batch_options_init(void) {
  entitle_batch_options options;
  entitle_batch_options init = ENTITLE_BATCH_OPTIONS_INIT;
  memset(&options, 0xff, sizeof options);
  CHECK_INT(entitle_batch_options_init(&options, ENTITLE_BATCH_OPTIONS_VERSION), ENTITLE_OK);
  CHECK_INT(options.version, ENTITLE_BATCH_OPTIONS_VERSION);
  CHECK_INT(options.threads, 1);
  CHECK_INT(options.format, ENTITLE_FORMAT_AUTO);
  CHECK_INT(init.threads, 1);
  expect_error(entitle_batch_options_init(NULL, 1), ENTITLE_EINVAL, "options is NULL");
  expect_error(entitle_batch_options_init(&options, 0), ENTITLE_EINVAL, "unknown version 0");
  expect_error(entitle_batch_options_init(&options, 7), ENTITLE_EINVAL, "unknown version 7");
}

static void test_evaluate(void) {
  entitle_ruleset *rs = load_screening();
  char *record = check_read_file(PERSON);
  char *json = NULL;
  CHECK(record != NULL);
  CHECK_INT(entitle_evaluate(&json, rs, record, "2024-07-01", NULL), ENTITLE_OK);
  CHECK_CONTAINS(json, "\"as_of\":\"2024-07-01\",\"entity\":\"person\",\"decisions\":[");
  CHECK_CONTAINS(json, "{\"rule\":\"resident_pension.hardship_60\",\"status\":\"not_eligible\"");
  CHECK(strstr(json, "explanation") == NULL);
  CHECK(strchr(json, '\n') == NULL);
  entitle_string_free(json);
  free(record);
  entitle_ruleset_free(rs);
}

static void test_evaluate_options(void) {
  entitle_ruleset *rs = load_screening();
  char *record = check_read_file(PERSON);
  char *json = NULL;
  const char *rules[] = {"resident_pension.backpay_60", "resident_pension.hardship_60"};
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = 1;
  options.language = "en";
  options.rules = rules;
  options.rule_count = 2;
  options.entity = "person";
  CHECK_INT(entitle_evaluate(&json, rs, record, "2024-08-15", &options), ENTITLE_OK);
  /* Only the selected rules, in the order asked, with English titles and explanations. */
  CHECK_CONTAINS(json, "\"decisions\":[{\"rule\":\"resident_pension.backpay_60\"");
  CHECK_CONTAINS(json,
                 "},{\"rule\":\"resident_pension.hardship_60\",\"status\":\"eligible\","
                 "\"title\":\"Hardship groups aged 60+ draw the resident pension\"");
  CHECK_CONTAINS(json, "\"explanation\":{\"conditions\":[");
  CHECK(strstr(json, "flexible_worker.entry") == NULL);
  entitle_string_free(json);
  options.language = "zh";
  options.explain = 0;
  CHECK_INT(entitle_evaluate(&json, rs, record, "2024-08-15", &options), ENTITLE_OK);
  CHECK_CONTAINS(json, "困难群体年满60周岁");
  entitle_string_free(json);
  free(record);
  entitle_ruleset_free(rs);
}

static void test_evaluate_null_arguments(void) {
  entitle_ruleset *rs = load_memory();
  char *json = (char *)&json;
  expect_error(entitle_evaluate(NULL, rs, "{}", "2024-07-01", NULL), ENTITLE_EINVAL, "out is NULL");
  expect_error(entitle_evaluate(&json, NULL, "{}", "2024-07-01", NULL), ENTITLE_EINVAL,
               "ruleset is NULL");
  CHECK(json == NULL);
  expect_error(entitle_evaluate(&json, rs, NULL, "2024-07-01", NULL), ENTITLE_EINVAL,
               "record is NULL");
  expect_error(entitle_evaluate(&json, rs, "{}", NULL, NULL), ENTITLE_EINVAL, "as_of is NULL");
  CHECK(json == NULL);
  entitle_ruleset_free(rs);
}

static void test_evaluate_bad_dates(void) {
  static const char *const bad[] = {"",           "2024-13-01",       "2024-02-30", "2024-7-1",
                                    "01/07/2024", "2024-07-01T00:00", "20240701",   "1399-12-31"};
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  size_t i;
  for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
    expect_error(entitle_evaluate(&json, rs, "{}", bad[i], NULL), ENTITLE_EINVAL, "is not a date");
    CHECK_CONTAINS(entitle_error_message(entitle_error_last()), bad[i]);
    CHECK(json == NULL);
  }
  entitle_ruleset_free(rs);
}

static void test_evaluate_malformed_json(void) {
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  const entitle_error *e = entitle_error_last();
  expect_error(entitle_evaluate(&json, rs, "{\"age\": 61,\n \"months\": }", "2024-07-01", NULL),
               ENTITLE_ERECORD, "");
  CHECK(json == NULL);
  CHECK_STR(entitle_error_field(e), "");
  CHECK_STR(entitle_error_file(e), "");
  CHECK_INT(entitle_error_line(e), 2);
  CHECK_INT(entitle_error_column(e), 12);
  expect_error(entitle_evaluate(&json, rs, "", "2024-07-01", NULL), ENTITLE_ERECORD, "");
  expect_error(entitle_evaluate(&json, rs, "[1, 2]", "2024-07-01", NULL), ENTITLE_ERECORD,
               "a record must be a JSON object");
  expect_error(entitle_evaluate(&json, rs, "{} {}", "2024-07-01", NULL), ENTITLE_ERECORD, "");
  entitle_ruleset_free(rs);
}

static void test_evaluate_record_not_fitting(void) {
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  const entitle_error *e = entitle_error_last();
  expect_error(entitle_evaluate(&json, rs, "{\"age\": 61,\n  \"months\": 1.5}", "2024-07-01", NULL),
               ENTITLE_ERECORD, "field 'months': not an integer (value: 1.5)");
  CHECK_STR(entitle_error_field(e), "months");
  CHECK_INT(entitle_error_line(e), 2);
  CHECK_INT(entitle_error_column(e), 13);
  expect_error(entitle_evaluate(&json, rs, "{\"agee\": 61}", "2024-07-01", NULL), ENTITLE_ERECORD,
               "unknown field 'agee'");
  CHECK_STR(entitle_error_field(e), "agee");
  CHECK_INT(entitle_error_line(e), 1);
  CHECK_INT(entitle_error_column(e), 2);
  CHECK(json == NULL);
  entitle_ruleset_free(rs);
}

static void test_evaluate_bad_options(void) {
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  const char *unknown[] = {"pension.aged_60", "no.such.rule"};
  const char *with_null[] = {"pension.aged_60", NULL};
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.version = 0;
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "unknown version 0");
  options.version = ENTITLE_EVAL_OPTIONS_VERSION + 1;
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "unknown version");
  options.version = ENTITLE_EVAL_OPTIONS_VERSION;
  options.language = "fr";
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "'fr' is not zh or en");
  options.language = NULL;
  options.rule_count = 2;
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "options->rules is NULL");
  options.rules = unknown;
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "no rule 'no.such.rule'");
  options.rules = with_null;
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "options->rules[1] is NULL");
  options.rule_count = 0;
  options.entity = "employer";
  expect_error(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_EINVAL,
               "no entity 'employer'");
  options.entity = "person";
  CHECK_INT(entitle_evaluate(&json, rs, "{}", "2024-07-01", &options), ENTITLE_OK);
  CHECK_CONTAINS(json, "\"status\":\"undetermined\"");
  entitle_string_free(json);
  entitle_ruleset_free(rs);
}

static void test_evaluate_runtime_error(void) {
  entitle_ruleset *rs = load_memory();
  char *json = NULL;
  const entitle_error *e = entitle_error_last();
  expect_error(entitle_evaluate(&json, rs, "{\"age\": 61, \"months\": 0}", "2024-07-01", NULL),
               ENTITLE_EEVAL, "division by zero");
  CHECK(json == NULL);
  CHECK_STR(entitle_error_file(e), "memory.yaml");
  CHECK_INT(entitle_error_line(e), 17);
  CHECK(entitle_error_column(e) > 0);
  /* The message leaves the position to the fields instead of repeating it. */
  CHECK(strstr(entitle_error_message(e), "memory.yaml") == NULL);
  entitle_ruleset_free(rs);
}

static void test_evaluate_many_array(void) {
  entitle_ruleset *rs = load_memory();
  char *out = NULL;
  size_t failed = 99;
  const char *records =
      "[{\"age\": 61},\n {\"age\": 20}, {\"age\": \"x\"},\n {\"age\": 61, \"months\": 0}]";
  CHECK_INT(entitle_evaluate_many(&out, &failed, rs, records, "2024-07-01", NULL, NULL),
            ENTITLE_OK);
  CHECK_INT(failed, 2);
  CHECK(out != NULL && out[0] == '[' && out[strlen(out) - 1] == ']');
  CHECK_CONTAINS(out, "[{\"ruleset\":");
  /* Record 2 does not fit: its error object keeps its place and its position in the input. */
  CHECK_CONTAINS(out,
                 "},{\"error\":{\"index\":2,\"status\":\"ENTITLE_ERECORD\",\"code\":-3,"
                 "\"message\":\"field 'age': not a plain decimal number (value: \\\"x\\\")\","
                 "\"field\":\"age\",\"file\":\"\",\"line\":2,\"column\":23}}");
  CHECK_CONTAINS(out,
                 "{\"error\":{\"index\":3,\"status\":\"ENTITLE_EEVAL\",\"code\":-4,"
                 "\"message\":\"division by zero\",\"field\":\"\",\"file\":\"memory.yaml\","
                 "\"line\":17,");
  entitle_string_free(out);
  CHECK_INT(entitle_evaluate_many(&out, NULL, rs, " [ ] ", "2024-07-01", NULL, NULL), ENTITLE_OK);
  CHECK_STR(out, "[]");
  entitle_string_free(out);
  entitle_ruleset_free(rs);
}

static void test_evaluate_many_jsonl(void) {
  entitle_ruleset *rs = load_memory();
  char *out = NULL;
  size_t failed = 99;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  const char *lines = "{\"age\": 61}\n\n{\"age\": 20}\r\n{\"agee\": 1}\n";
  char *single = NULL;
  CHECK_INT(entitle_evaluate_many(&out, &failed, rs, lines, "2024-07-01", NULL, &batch),
            ENTITLE_OK);
  CHECK_INT(failed, 1);
  /* One line per record; the error names the input line (4: the blank line counts). */
  CHECK_CONTAINS(out, "\n{\"error\":{\"index\":2,\"status\":\"ENTITLE_ERECORD\"");
  CHECK_CONTAINS(out, "\"field\":\"agee\",\"file\":\"\",\"line\":4,\"column\":2}}\n");
  CHECK(out[strlen(out) - 1] == '\n');
  /* Each line is what entitle_evaluate returns for that record. */
  CHECK_INT(entitle_evaluate(&single, rs, "{\"age\": 61}", "2024-07-01", NULL), ENTITLE_OK);
  CHECK(strncmp(out, single, strlen(single)) == 0 && out[strlen(single)] == '\n');
  entitle_string_free(single);
  entitle_string_free(out);
  batch.format = ENTITLE_FORMAT_JSONL;
  CHECK_INT(entitle_evaluate_many(&out, &failed, rs, "", "2024-07-01", NULL, &batch), ENTITLE_OK);
  CHECK_STR(out, "");
  CHECK_INT(failed, 0);
  entitle_string_free(out);
  entitle_ruleset_free(rs);
}

static void test_evaluate_many_threads(void) {
  entitle_ruleset *rs = load_memory();
  enum { kRecords = 1000 };
  char *records = (char *)malloc(kRecords * 32);
  char *one = NULL, *many = NULL;
  size_t i, used = 0;
  unsigned threads;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = 1;
  for (i = 0; i < kRecords; ++i)
    used += (size_t)sprintf(records + used, "{\"age\": %u}\n", (unsigned)(i % 90));
  CHECK_INT(entitle_evaluate_many(&one, NULL, rs, records, "2024-07-01", &options, &batch),
            ENTITLE_OK);
  for (threads = 0; threads <= 8; threads += 4) {
    batch.threads = threads;
    CHECK_INT(entitle_evaluate_many(&many, NULL, rs, records, "2024-07-01", &options, &batch),
              ENTITLE_OK);
    CHECK(many != NULL && strcmp(one, many) == 0);
    entitle_string_free(many);
  }
  entitle_string_free(one);
  free(records);
  entitle_ruleset_free(rs);
}

static void test_evaluate_many_errors(void) {
  entitle_ruleset *rs = load_memory();
  char *out = (char *)&out;
  size_t failed = 99;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  const entitle_error *e = entitle_error_last();
  expect_error(entitle_evaluate_many(NULL, &failed, rs, "[]", "2024-07-01", NULL, NULL),
               ENTITLE_EINVAL, "out is NULL");
  expect_error(entitle_evaluate_many(&out, &failed, NULL, "[]", "2024-07-01", NULL, NULL),
               ENTITLE_EINVAL, "ruleset is NULL");
  CHECK(out == NULL);
  CHECK_INT(failed, 0);
  expect_error(entitle_evaluate_many(&out, &failed, rs, NULL, "2024-07-01", NULL, NULL),
               ENTITLE_EINVAL, "records is NULL");
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[]", NULL, NULL, NULL), ENTITLE_EINVAL,
               "as_of is NULL");
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[]", "2024-02-30", NULL, NULL),
               ENTITLE_EINVAL, "is not a date");
  options.language = "de";
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[]", "2024-07-01", &options, NULL),
               ENTITLE_EINVAL, "'de' is not zh or en");
  batch.version = 0;
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[]", "2024-07-01", NULL, &batch),
               ENTITLE_EINVAL, "unknown version 0");
  batch.version = ENTITLE_BATCH_OPTIONS_VERSION;
  batch.format = 7;
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[]", "2024-07-01", NULL, &batch),
               ENTITLE_EINVAL, "format: 7");
  /* The input as a whole is not an array: the position is in the input. */
  batch.format = ENTITLE_FORMAT_JSON_ARRAY;
  expect_error(entitle_evaluate_many(&out, &failed, rs, "{\"age\": 1}", "2024-07-01", NULL, &batch),
               ENTITLE_ERECORD, "must be a JSON array");
  CHECK_INT(entitle_error_line(e), 1);
  CHECK_INT(entitle_error_column(e), 1);
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[{\"age\": 1},\n {\"age\": 2}",
                                     "2024-07-01", NULL, NULL),
               ENTITLE_ERECORD, "unterminated array");
  CHECK_INT(entitle_error_line(e), 2);
  expect_error(
      entitle_evaluate_many(&out, &failed, rs, "[{\"age\": 1},,{}]", "2024-07-01", NULL, NULL),
      ENTITLE_ERECORD, "expected a record");
  CHECK_INT(entitle_error_column(e), 13);
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[{}] x", "2024-07-01", NULL, NULL),
               ENTITLE_ERECORD, "text after the array");
  expect_error(entitle_evaluate_many(&out, &failed, rs, "[{\"a\": \"x]", "2024-07-01", NULL, NULL),
               ENTITLE_ERECORD, "unterminated string");
  CHECK(out == NULL);
  entitle_ruleset_free(rs);
}

/* std::bad_alloc inside the library becomes ENTITLE_ENOMEM, and the library stays usable.
 * The address space is capped just above what the process uses, then a batch whose record
 * index alone needs hundreds of megabytes is evaluated. (Skipped under valgrind, which
 * manages the address space itself: ENTITLE_TEST_NO_RLIMIT.) */
static void test_out_of_memory(void) {
#ifdef __linux__
  entitle_ruleset *rs = load_memory();
  enum { kRecords = 10 * 1000 * 1000 };
  char *input = (char *)malloc(3 * (size_t)kRecords + 2), *out = NULL, *json = NULL;
  struct rlimit saved, capped;
  unsigned long pages = 0;
  FILE *statm = fopen("/proc/self/statm", "r");
  size_t i;
  if (getenv("ENTITLE_TEST_NO_RLIMIT") || !input || !statm || fscanf(statm, "%lu", &pages) != 1 ||
      getrlimit(RLIMIT_AS, &saved) != 0) {
    if (statm) fclose(statm);
    free(input);
    entitle_ruleset_free(rs);
    return;
  }
  fclose(statm);
  input[0] = '[';
  for (i = 0; i < kRecords; ++i) memcpy(input + 1 + 3 * i, "{},", 3);
  input[3 * (size_t)kRecords] = ']';
  input[3 * (size_t)kRecords + 1] = '\0';
  capped = saved;
  capped.rlim_cur = (rlim_t)pages * 4096u + 64u * 1024u * 1024u;
  CHECK_INT(setrlimit(RLIMIT_AS, &capped), 0);
  expect_error(entitle_evaluate_many(&out, NULL, rs, input, "2024-07-01", NULL, NULL),
               ENTITLE_ENOMEM, "");
  CHECK_INT(setrlimit(RLIMIT_AS, &saved), 0);
  CHECK(out == NULL);
  CHECK(entitle_error_message(entitle_error_last())[0] != '\0');
  CHECK_INT(entitle_evaluate(&json, rs, "{\"age\": 61}", "2024-07-01", NULL), ENTITLE_OK);
  entitle_string_free(json);
  free(input);
  entitle_ruleset_free(rs);
#endif
}

static const struct check_test tests[] = {
    T(version),
    T(status_names),
    T(error_last_never_null),
    T(error_accessors_accept_null),
    T(error_reset_by_success_and_clear),
    T(string_free_null),
    T(load_folder),
    T(load_null_arguments),
    T(load_missing_folder),
    T(load_folder_with_errors),
    T(load_documents),
    T(load_documents_errors),
    T(free_null_and_stale_handle),
    T(describe),
    T(describe_null_arguments),
    T(eval_options_init),
    T(batch_options_init),
    T(evaluate),
    T(evaluate_options),
    T(evaluate_null_arguments),
    T(evaluate_bad_dates),
    T(evaluate_malformed_json),
    T(evaluate_record_not_fitting),
    T(evaluate_bad_options),
    T(evaluate_runtime_error),
    T(evaluate_many_array),
    T(evaluate_many_jsonl),
    T(evaluate_many_threads),
    T(evaluate_many_errors),
    T(out_of_memory),
};

int main(int argc, char **argv) {
  return check_main(tests, sizeof tests / sizeof tests[0], argc, argv);
}
