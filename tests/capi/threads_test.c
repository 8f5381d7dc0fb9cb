/* Eight threads share one rule set through the C API and must get exactly the results one
 * thread gets: the same decisions for good records, the same error detail (from their own
 * thread's entitle_error_last) for bad ones.
 *
 * usage: capi_threads_test SOURCE_DIR */
#define _POSIX_C_SOURCE 200809L
#include <entitle.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

enum { kThreads = 8, kRounds = 200, kInputs = 6 };

struct input {
  const char *record;
  const char *as_of;
  int explain;
  const char *language;
};

static const struct input inputs[kInputs] = {
    {NULL, "2024-07-01", 0, "zh"}, /* the example person, read from its file */
    {NULL, "2024-08-15", 1, "en"},
    {"{\"id\":\"P3\",\"birth_date\":\"1980-03-01\",\"sex\":\"F\",\"hukou_local\":true,"
     "\"groups\":[\"dibao\"],\"employment\":\"flexible\",\"resident_pension_enrolled\":false,"
     "\"employee_pension_enrolled\":false,\"receiving_pension\":false,"
     "\"contribution_months\":200,\"monthly_wage\":\"5321.07\"}",
     "2024-07-01", 1, "zh"},
    {"{\"id\":\"P4\",\"birth_date\":\"1956-12-11\"}", "2024-07-01", 0, "en"},
    {"{\"id\":\"P5\",\"birth_date\":\"1964-02-30\"}", "2024-07-01", 0, "zh"}, /* ERECORD */
    {"{\"id\":\"P6\",\"birth_date\":\"1964-02-03\"}", "2024-13-01", 0, "zh"}, /* EINVAL */
};

struct result {
  int status;
  char *json;
  char *error; /* "message|field|line|column" */
};

static entitle_ruleset *shared;
static char *person;
static struct result expected[kInputs];

static struct result evaluate(int i) {
  struct result r;
  char detail[512];
  const entitle_error *e;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = inputs[i].explain;
  options.language = inputs[i].language;
  r.json = NULL;
  r.status = entitle_evaluate(&r.json, shared, inputs[i].record ? inputs[i].record : person,
                              inputs[i].as_of, &options);
  e = entitle_error_last();
  snprintf(detail, sizeof detail, "%s|%s|%u|%u", entitle_error_message(e), entitle_error_field(e),
           entitle_error_line(e), entitle_error_column(e));
  r.error = (char *)malloc(strlen(detail) + 1);
  strcpy(r.error, detail);
  return r;
}

static int same(const struct result *a, const struct result *b) {
  if (a->status != b->status || strcmp(a->error, b->error) != 0) return 0;
  if ((a->json == NULL) != (b->json == NULL)) return 0;
  return a->json == NULL || strcmp(a->json, b->json) == 0;
}

static void *worker(void *arg) {
  size_t mismatches = 0;
  int round, i, offset = (int)(size_t)arg;
  for (round = 0; round < kRounds; ++round) {
    for (i = 0; i < kInputs; ++i) {
      int k = (i + offset) % kInputs; /* threads start on different inputs */
      struct result r = evaluate(k);
      if (!same(&r, &expected[k])) ++mismatches;
      entitle_string_free(r.json);
      free(r.error);
    }
  }
  return (void *)mismatches;
}

static void test_eight_threads_share_one_ruleset(void) {
  pthread_t threads[kThreads];
  size_t t, mismatches = 0;
  for (t = 0; t < kThreads; ++t) CHECK_INT(pthread_create(&threads[t], NULL, worker, (void *)t), 0);
  for (t = 0; t < kThreads; ++t) {
    void *m = NULL;
    pthread_join(threads[t], &m);
    mismatches += (size_t)m;
  }
  CHECK_INT(mismatches, 0);
}

static void test_reference_results_are_varied(void) {
  CHECK_INT(expected[0].status, ENTITLE_OK);
  CHECK_INT(expected[1].status, ENTITLE_OK);
  CHECK_CONTAINS(expected[1].json, "\"explanation\"");
  CHECK_INT(expected[4].status, ENTITLE_ERECORD);
  CHECK_CONTAINS(expected[4].error, "|birth_date|1|");
  CHECK_INT(expected[5].status, ENTITLE_EINVAL);
}

static const struct check_test tests[] = {
    T(reference_results_are_varied),
    T(eight_threads_share_one_ruleset),
};

int main(int argc, char **argv) {
  char path[1024];
  int i, rc;
  if (argc < 2) {
    fprintf(stderr, "usage: %s SOURCE_DIR\n", argv[0]);
    return 2;
  }
  snprintf(path, sizeof path, "%s/rules/screening-2024", argv[1]);
  if (entitle_ruleset_load(&shared, path) != ENTITLE_OK) return 2;
  snprintf(path, sizeof path, "%s/rules/screening-2024/examples/person.json", argv[1]);
  person = check_read_file(path);
  if (!person) return 2;
  for (i = 0; i < kInputs; ++i) expected[i] = evaluate(i);
  rc = check_main(tests, sizeof tests / sizeof tests[0], 1, argv);
  for (i = 0; i < kInputs; ++i) {
    entitle_string_free(expected[i].json);
    free(expected[i].error);
  }
  free(person);
  entitle_ruleset_free(shared);
  return rc;
}
