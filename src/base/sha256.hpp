// SHA-256 (FIPS 180-4): a content hash for rule sets and batch manifests without pulling in
// OpenSSL.
#pragma once

#include <array>
#include <cstdint>
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
  void compress(const unsigned char* block);

  std::array<uint32_t, 8> state_;
  std::array<unsigned char, 64> buffer_{};
  size_t buffered_ = 0;       // bytes waiting in buffer_
  uint64_t total_bytes_ = 0;  // message length so far
  std::string digest_;        // set once finished
};

// The hex digest of `data` in one call.
std::string sha256_hex(std::string_view data);

}  // namespace entitle
