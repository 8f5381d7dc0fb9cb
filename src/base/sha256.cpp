#include "base/sha256.hpp"

// SHA256_Init/Update/Final are deprecated in OpenSSL 3 in favour of EVP_Digest*, but EVP
// allocates a context per hash, fetches the algorithm from a provider (the first fetch
// initialises libcrypto and reads its configuration: 5 M instructions) and leaves entries in
// a thread-local error queue when an allocation fails. These calls run the same SHA-NI code
// on a context in place and cannot fail.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace entitle {

namespace {

static_assert(sizeof(SHA256_CTX) <= 128 && alignof(SHA256_CTX) <= 8,
              "Sha256::context_ must hold OpenSSL's SHA256_CTX");

SHA256_CTX* context(unsigned char* storage) { return reinterpret_cast<SHA256_CTX*>(storage); }

}  // namespace

Sha256::Sha256() { SHA256_Init(context(context_)); }

void Sha256::update(std::string_view data) {
  if (!digest_.empty()) throw std::logic_error("Sha256::update after hex_digest");
  SHA256_Update(context(context_), data.data(), data.size());
}

std::string Sha256::hex_digest() {
  if (!digest_.empty()) return digest_;
  unsigned char bytes[SHA256_DIGEST_LENGTH];
  SHA256_Final(bytes, context(context_));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * sizeof bytes);
  for (unsigned char b : bytes) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 0xf]);
  }
  digest_ = std::move(hex);
  return digest_;
}

std::string sha256_hex(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.hex_digest();
}

}  // namespace entitle
