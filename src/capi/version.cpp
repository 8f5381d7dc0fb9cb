// The run-time version, from the same generated header as the compile-time macros.
#include "entitle.h"

extern "C" {

const char* entitle_version(void) { return ENTITLE_VERSION_STRING; }

void entitle_version_numbers(int* major, int* minor, int* patch) {
  if (major) *major = ENTITLE_VERSION_MAJOR;
  if (minor) *minor = ENTITLE_VERSION_MINOR;
  if (patch) *patch = ENTITLE_VERSION_PATCH;
}

}  // extern "C"
