/* A host built against an installed entitle: the header and library agree on the version,
 * and a record evaluates.  usage: consumer RULESET_DIR */
#include <entitle.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  entitle_ruleset *rules = NULL;
  char *decisions = NULL;
  int rc;
  if (argc < 2) return 2;
  if (strcmp(entitle_version(), ENTITLE_VERSION_STRING) != 0) {
    fprintf(stderr, "header %s, library %s\n", ENTITLE_VERSION_STRING, entitle_version());
    return 1;
  }
  rc = entitle_ruleset_load(&rules, argv[1]);
  if (rc == ENTITLE_OK)
    rc = entitle_evaluate(&decisions, rules, "{\"id\": \"P1\", \"birth_date\": \"1964-07-02\"}",
                          "2024-07-01", NULL);
  if (rc != ENTITLE_OK) {
    fprintf(stderr, "%s: %s\n", entitle_status_name(rc),
            entitle_error_message(entitle_error_last()));
    entitle_ruleset_free(rules);
    return 1;
  }
  printf("%s\n", decisions);
  rc = strstr(decisions, "\"decisions\":[{\"rule\":") != NULL ? 0 : 1;
  entitle_string_free(decisions);
  entitle_ruleset_free(rules);
  return rc;
}
