// SHA-256 (FIPS 180-4): a content hash for rule sets and batch manifests.
//
// Computed by OpenSSL's libcrypto, which picks the CPU's SHA instructions (SHA-NI) where
// there are any: hashing every rule set in rules/ was a tenth of a cold load with a portable
// implementation. Only this file and sha256.cpp know about OpenSSL.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace entitle {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  // Feeds more bytes; chunks may be of any size. Throws std::logic_error once finished.
  void update(std::string_view data);

  // Finishes the hash and returns it as 64 lowercase hex characters. Later calls return the
  // same digest.
  std::string hex_digest();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
  std::string digest_;  // set once finished
};

// The hex digest of `data` in one call.
std::string sha256_hex(std::string_view data);

}  // namespace entitle
