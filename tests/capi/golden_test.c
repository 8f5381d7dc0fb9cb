/* The golden cases of golden/cases.txt through entitle_evaluate (byte for byte against the
 * decisions `entitle eval` printed) and, all at once, through entitle_evaluate_many. The
 * Python and Java bindings run the same cases.
 *
 * usage: capi_golden_test SOURCE_DIR [CASE] */
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#include <entitle.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

enum { kMaxCases = 64, kMaxRules = 8 };

/* One line of cases.txt: name as_of lang explain rules record expect. */
struct golden_case {
  char name[64], as_of[32], lang[8], rules_text[256], record[256], expect[256];
  int explain;
  const char *rules[kMaxRules];
  size_t rule_count;
};

static const char *source_dir;
static struct golden_case cases[kMaxCases];
static size_t case_count;
static entitle_ruleset *screening;

static char *read_relative(const char *relative) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", source_dir, relative);
  return check_read_file(path);
}

static void split_rules(struct golden_case *c) {
  char *id;
  c->rule_count = 0;
  if (strcmp(c->rules_text, "-") == 0) return;
  for (id = strtok(c->rules_text, ","); id && c->rule_count < kMaxRules; id = strtok(NULL, ","))
    c->rules[c->rule_count++] = id;
}

static int read_cases(void) {
  char *text = read_relative("tests/capi/golden/cases.txt");
  char *line, *save = NULL;
  if (!text) return 0;
  for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    struct golden_case *c = &cases[case_count];
    if (line[0] == '#' || line[0] == '\0') continue;
    if (case_count == kMaxCases ||
        sscanf(line, "%63s %31s %7s %d %255s %255s %255s", c->name, c->as_of, c->lang, &c->explain,
               c->rules_text, c->record, c->expect) != 7) {
      fprintf(stderr, "cases.txt: cannot read: %s\n", line);
      free(text);
      return 0;
    }
    split_rules(c);
    ++case_count;
  }
  free(text);
  return 1;
}

/* Blanks the rule set's hash in place, as the golden files have it: a comment edited in the
 * rules changes the hash, not the decisions. */
static void blank_hash(char *json) {
  char *hash = strstr(json, "\"hash\":\"");
  char *end;
  if (!hash) return;
  hash += 8;
  end = strchr(hash, '"');
  if (end) memmove(hash, end, strlen(end) + 1);
}

static entitle_eval_options options_of(const struct golden_case *c) {
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  options.explain = c->explain;
  options.language = c->lang;
  options.rules = c->rule_count ? c->rules : NULL;
  options.rule_count = c->rule_count;
  return options;
}

/* "error:ENTITLE_ERECORD:field:line:column" (field "-" for none). */
static void check_error(const struct golden_case *c, int rc) {
  char status[32], field[64];
  unsigned line = 0, column = 0;
  const entitle_error *e = entitle_error_last();
  if (sscanf(c->expect, "error:%31[^:]:%63[^:]:%u:%u", status, field, &line, &column) != 4) {
    fprintf(stderr, "%s: bad expectation %s\n", c->name, c->expect);
    check_failed_in_test = 1;
    return;
  }
  CHECK_STR(entitle_status_name(rc), status);
  CHECK_STR(entitle_error_field(e), strcmp(field, "-") == 0 ? "" : field);
  CHECK_INT(entitle_error_line(e), line);
  CHECK_INT(entitle_error_column(e), column);
  CHECK(entitle_error_message(e)[0] != '\0');
}

static void run_case(const struct golden_case *c) {
  char *record = read_relative(c->record), *out = NULL, *expected, path[512];
  entitle_eval_options options = options_of(c);
  int rc;
  if (!record) {
    fprintf(stderr, "%s: cannot read %s\n", c->name, c->record);
    check_failed_in_test = 1;
    return;
  }
  rc = entitle_evaluate(&out, screening, record, c->as_of, &options);
  if (strncmp(c->expect, "error:", 6) == 0) {
    CHECK(out == NULL);
    check_error(c, rc);
  } else {
    snprintf(path, sizeof path, "tests/capi/golden/%s", c->expect);
    expected = read_relative(path);
    CHECK(expected != NULL);
    CHECK_INT(rc, ENTITLE_OK);
    if (expected && out) {
      blank_hash(out);
      expected[strcspn(expected, "\n")] = '\0'; /* the runner ends its line */
      if (strcmp(out, expected) != 0) {
        fprintf(stderr, "%s: decisions differ\n  got:      %s\n  expected: %s\n", c->name, out,
                expected);
        check_failed_in_test = 1;
      }
    }
    free(expected);
  }
  entitle_string_free(out);
  free(record);
}

/* Every case whose options match the defaults, as JSON Lines through evaluate_many: each
 * line must equal entitle_evaluate's result, or carry the same error. */
static void test_batch_matches_single(void) {
  size_t i, size = 1, used = 0, failed = 0, expected_failed = 0, n = 0;
  char *input, *out = NULL, *line, *save = NULL;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  const struct golden_case *picked[kMaxCases];
  for (i = 0; i < case_count; ++i) size += 4096;
  input = (char *)malloc(size);
  input[0] = '\0';
  for (i = 0; i < case_count; ++i) {
    const struct golden_case *c = &cases[i];
    char *record;
    if (c->explain || c->rule_count || strcmp(c->lang, "zh") != 0 ||
        strcmp(c->as_of, "2024-07-01") != 0)
      continue;
    record = read_relative(c->record);
    /* One line per record. */
    for (line = record; *line; ++line)
      if (*line == '\n') *line = ' ';
    used += (size_t)snprintf(input + used, size - used, "%s\n", record);
    free(record);
    picked[n++] = c;
    if (strncmp(c->expect, "error:", 6) == 0) ++expected_failed;
  }
  batch.threads = 3;
  batch.format = ENTITLE_FORMAT_JSONL;
  CHECK_INT(entitle_evaluate_many(&out, &failed, screening, input, "2024-07-01", &options, &batch),
            ENTITLE_OK);
  CHECK_INT(failed, expected_failed);
  i = 0;
  for (line = strtok_r(out, "\n", &save); line; line = strtok_r(NULL, "\n", &save), ++i) {
    const struct golden_case *c = picked[i];
    if (i >= n) break;
    if (strncmp(c->expect, "error:", 6) == 0) {
      char status[32];
      sscanf(c->expect, "error:%31[^:]", status);
      CHECK_CONTAINS(line, "{\"error\":{\"index\":");
      CHECK_CONTAINS(line, status);
    } else {
      char path[512], *expected;
      snprintf(path, sizeof path, "tests/capi/golden/%s", c->expect);
      expected = read_relative(path);
      expected[strcspn(expected, "\n")] = '\0';
      blank_hash(line);
      CHECK_STR(line, expected);
      free(expected);
    }
  }
  CHECK_INT(i, n);
  entitle_string_free(out);
  free(input);
}

int main(int argc, char **argv) {
  size_t i;
  int passed = 0, failed = 0;
  if (argc < 2) {
    fprintf(stderr, "usage: %s SOURCE_DIR [CASE]\n", argv[0]);
    return 2;
  }
  source_dir = argv[1];
  if (!read_cases()) return 2;
  {
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/rules/screening-2024", source_dir);
    if (entitle_ruleset_load(&screening, dir) != ENTITLE_OK) {
      fprintf(stderr, "%s\n", entitle_error_diagnostics(entitle_error_last()));
      return 2;
    }
  }
  for (i = 0; i < case_count; ++i) {
    if (argc > 2 && strcmp(argv[2], cases[i].name) != 0) continue;
    check_failed_in_test = 0;
    run_case(&cases[i]);
    if (check_failed_in_test) {
      fprintf(stderr, "FAIL %s\n", cases[i].name);
      ++failed;
    } else {
      ++passed;
    }
  }
  if (argc <= 2 || strcmp(argv[2], "batch") == 0) {
    check_failed_in_test = 0;
    test_batch_matches_single();
    if (check_failed_in_test) {
      fprintf(stderr, "FAIL batch\n");
      ++failed;
    } else {
      ++passed;
    }
  }
  entitle_ruleset_free(screening);
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 && passed > 0 ? 0 : 1;
}
