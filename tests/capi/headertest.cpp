// The header alone compiles as strict C++ too, and declares its functions extern "C".
#include <entitle.h>

int main() {
  entitle_eval_options options = ENTITLE_EVAL_OPTIONS_INIT;
  entitle_batch_options batch = ENTITLE_BATCH_OPTIONS_INIT;
  (void)options;
  (void)batch;
  const char* (*version)(void) = &entitle_version;  // the C signature, unmangled
  return version() != nullptr ? 0 : 1;
}
