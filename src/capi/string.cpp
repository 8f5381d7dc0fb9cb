// Strings the library hands to the host: malloc'd copies, released by entitle_string_free.
#include <cstdlib>
#include <cstring>
#include <new>

#include "capi/shim.hpp"

namespace entitle::capi {

char* to_c_string(std::string_view text) {
  auto* out = static_cast<char*>(std::malloc(text.size() + 1));
  if (out == nullptr) throw std::bad_alloc();
  std::memcpy(out, text.data(), text.size());
  out[text.size()] = '\0';
  return out;
}

}  // namespace entitle::capi

extern "C" void entitle_string_free(char* string) { std::free(string); }
