/* The header alone compiles as strict C (libgit2's tests/headertest): no C++ leaks into it. */
#include <entitle.h>

#if ENTITLE_VERSION_NUMBER != \
    ENTITLE_VERSION_MAJOR * 1000000 + ENTITLE_VERSION_MINOR * 1000 + ENTITLE_VERSION_PATCH
#error "ENTITLE_VERSION_NUMBER does not order MAJOR.MINOR.PATCH"
#endif

int main(void) {
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  (void)options;
  (void)batch;
  return ENTITLE_VERSION_MAJOR >= 0 && entitle_version() != NULL ? 0 : 1;
}
