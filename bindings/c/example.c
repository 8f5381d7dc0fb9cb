/* A complete C host of entitle: load a rule set, evaluate one record at a date, print the
 * decisions, and report errors with their position.
 *
 *   entitle_example RULESET_DIR RECORD.json [YYYY-MM-DD]
 *   entitle_example rules/screening-2024 rules/screening-2024/examples/person.json 2024-07-01
 *
 * Exit status: 0 decisions printed, 1 an error (reported on stderr), 2 wrong usage. */
#include <entitle.h>
#include <stdio.h>
#include <stdlib.h>

/* Prints the calling thread's last error as "file:line:col: error: message". */
static void report(const char *what, int status) {
  const entitle_error *e = entitle_error_last();
  const char *file = entitle_error_file(e);
  fprintf(stderr, "%s", *file ? file : what);
  if (entitle_error_line(e) > 0) {
    fprintf(stderr, ":%u", entitle_error_line(e));
    if (entitle_error_column(e) > 0) fprintf(stderr, ":%u", entitle_error_column(e));
  }
  fprintf(stderr, ": error: %s", entitle_error_message(e));
  if (*entitle_error_field(e)) fprintf(stderr, " [field %s]", entitle_error_field(e));
  fprintf(stderr, " (%s)\n", entitle_status_name(status));
  /* A failed load lists every problem, not only the first. */
  if (status == ENTITLE_ELOAD) fprintf(stderr, "%s", entitle_error_diagnostics(e));
}

/* The whole file as a NUL-terminated string (caller frees), or NULL. */
static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  size_t size = 0, got;
  char chunk[4096];
  if (!f) return NULL;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    char *grown = (char *)realloc(text, size + got + 1);
    if (!grown) {
      free(text);
      fclose(f);
      return NULL;
    }
    text = grown;
    for (size_t i = 0; i < got; ++i) text[size + i] = chunk[i];
    size += got;
  }
  fclose(f);
  if (!text)
    text = (char *)calloc(1, 1);
  else
    text[size] = '\0';
  return text;
}

int main(int argc, char **argv) {
  entitle_ruleset *rules = NULL;
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  char *record = NULL, *decisions = NULL;
  const char *as_of = argc > 3 ? argv[3] : "2024-07-01";
  int status, exit_code = 1;

  if (argc < 3) {
    fprintf(stderr, "usage: %s RULESET_DIR RECORD.json [YYYY-MM-DD]\n", argv[0]);
    return 2;
  }
  fprintf(stderr, "entitle %s (header %s)\n", entitle_version(), ENTITLE_VERSION_STRING);

  status = entitle_ruleset_load(&rules, argv[1]);
  if (status != ENTITLE_OK) {
    report(argv[1], status);
    return 1;
  }
  record = read_file(argv[2]);
  if (!record) {
    perror(argv[2]);
    goto done;
  }
  options.language = "en";
  status = entitle_evaluate(&decisions, rules, record, as_of, &options);
  if (status != ENTITLE_OK) {
    report(argv[2], status);
    goto done;
  }
  printf("%s\n", decisions);
  exit_code = 0;

done:
  /* Each free function accepts NULL, so one cleanup path serves every exit. */
  entitle_string_free(decisions);
  free(record);
  entitle_ruleset_free(rules);
  return exit_code;
}
