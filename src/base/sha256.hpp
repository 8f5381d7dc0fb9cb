// SHA-256 (FIPS 180-4): a content hash for rule sets and batch manifests.
//
// Computed by OpenSSL's libcrypto, which picks the CPU's SHA instructions (SHA-NI) where
// there are any: hashing every rule set in rules/ was a tenth of a cold load with a portable
// implementation. Only sha256.cpp includes OpenSSL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace entitle {

class Sha256 {
 public:
  Sha256();

  // Feeds more bytes; chunks may be of any size. Throws std::logic_error once finished.
  void update(std::string_view data);

  // Finishes the hash and returns it as 64 lowercase hex characters. Later calls return the
  // same digest.
  std::string hex_digest();

 private:
  // OpenSSL's SHA256_CTX (112 bytes, checked in sha256.cpp), held in place: hashing
  // allocates nothing, so it cannot fail.
  alignas(8) unsigned char context_[128];
  std::string digest_;  // set once finished
};

// The hex digest of `data` in one call.
std::string sha256_hex(std::string_view data);

}  // namespace entitle
