#include "base/sha256.hpp"

#include <openssl/evp.h>

#include <new>
#include <stdexcept>

namespace entitle {

namespace {

// Fetched once: an implicit fetch on every init costs more than hashing a small file.
const EVP_MD* sha256_method() {
  static EVP_MD* const method = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  if (!method) throw std::runtime_error("SHA-256 is not available from OpenSSL");
  return method;
}

// libcrypto fails only when it cannot allocate.
void check(int ok) {
  if (ok != 1) throw std::bad_alloc();
}

}  // namespace

void Sha256::ContextDeleter::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
  if (!context_) throw std::bad_alloc();
  check(EVP_DigestInit_ex2(context_.get(), sha256_method(), nullptr));
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::update(std::string_view data) {
  if (!digest_.empty()) throw std::logic_error("Sha256::update after hex_digest");
  if (!data.empty()) check(EVP_DigestUpdate(context_.get(), data.data(), data.size()));
}

std::string Sha256::hex_digest() {
  if (!digest_.empty()) return digest_;
  unsigned char bytes[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  check(EVP_DigestFinal_ex(context_.get(), bytes, &size));
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[bytes[i] >> 4]);
    hex.push_back(kHex[bytes[i] & 0xf]);
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
