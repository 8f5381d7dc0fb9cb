/* A minimal test harness for the C API tests: CHECK macros that count and report, a table of
 * named tests, and a main that runs one test (by name, as ctest does) or all of them and
 * ends with the line "N passed, N failed". */
#ifndef ENTITLE_TEST_CHECK_H
#define ENTITLE_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failed_in_test;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      check_failed_in_test = 1;                                                \
    }                                                                          \
  } while (0)

#define CHECK_INT(actual, expected)                                                         \
  do {                                                                                      \
    long long check_a_ = (long long)(actual), check_e_ = (long long)(expected);             \
    if (check_a_ != check_e_) {                                                             \
      fprintf(stderr, "%s:%d: CHECK failed: %s == %s (%lld != %lld)\n", __FILE__, __LINE__, \
              #actual, #expected, check_a_, check_e_);                                      \
      check_failed_in_test = 1;                                                             \
    }                                                                                       \
  } while (0)

#define CHECK_STR(actual, expected)                                                           \
  do {                                                                                        \
    const char *check_a_ = (actual), *check_e_ = (expected);                                  \
    if (check_a_ == NULL || strcmp(check_a_, check_e_) != 0) {                                \
      fprintf(stderr, "%s:%d: CHECK failed: %s == \"%s\" (got \"%s\")\n", __FILE__, __LINE__, \
              #actual, check_e_, check_a_ ? check_a_ : "(null)");                             \
      check_failed_in_test = 1;                                                               \
    }                                                                                         \
  } while (0)

#define CHECK_CONTAINS(haystack, needle)                                                  \
  do {                                                                                    \
    const char *check_h_ = (haystack), *check_n_ = (needle);                              \
    if (check_h_ == NULL || strstr(check_h_, check_n_) == NULL) {                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s contains \"%s\" (got \"%s\")\n", __FILE__, \
              __LINE__, #haystack, check_n_, check_h_ ? check_h_ : "(null)");             \
      check_failed_in_test = 1;                                                           \
    }                                                                                     \
  } while (0)

struct check_test {
  const char *name;
  void (*run)(void);
};

#define T(name) \
  { #name, test_##name }

/* Runs argv[1] (a test name) or every test; exits non-zero when any failed. */
static inline int check_main(const struct check_test *tests, size_t count, int argc, char **argv) {
  int passed = 0, failed = 0, found = 0;
  size_t i;
  for (i = 0; i < count; ++i) {
    if (argc > 1 && strcmp(argv[1], tests[i].name) != 0) continue;
    found = 1;
    check_failed_in_test = 0;
    tests[i].run();
    if (check_failed_in_test) {
      ++failed;
      fprintf(stderr, "FAIL %s\n", tests[i].name);
    } else {
      ++passed;
    }
  }
  if (!found) {
    fprintf(stderr, "no test named %s\n", argc > 1 ? argv[1] : "(none)");
    return 2;
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}

/* The whole content of a file, NUL-terminated (malloc'd), or NULL. */
static inline char *check_read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  char *text = NULL;
  long size;
  if (f == NULL) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0) {
    text = (char *)malloc((size_t)size + 1);
    if (text != NULL) {
      size_t got = fread(text, 1, (size_t)size, f);
      text[got] = '\0';
    }
  }
  fclose(f);
  return text;
}

#endif
