// The C API's version call (the rest of the C API arrives with its own issue).
#include "entitle.h"
#include "entitle/version.hpp"

extern "C" const char* entitle_version(void) { return ENTITLE_VERSION_STRING; }
