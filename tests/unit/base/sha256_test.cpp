#include "base/sha256.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace entitle {
namespace {

// --- FIPS 180-4 / NIST example vectors ------------------------------------------------------

TEST(Sha256, EmptyInput) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, Abc) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage448Bits) {
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, OneMillionA) {
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// --- Padding edge cases (expected values from coreutils sha256sum) --------------------------

TEST(Sha256, PaddingEdgeLengths) {
  // 55: padding fits in one block; 56: length no longer fits, spills into a second block;
  // 63: one byte short of a block; 64: exactly one block, padding is a whole extra block.
  EXPECT_EQ(sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(63, 'a')),
            "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
}

// --- Incremental update ---------------------------------------------------------------------

std::string chunked_digest(std::string_view data, size_t chunk) {
  Sha256 h;
  for (size_t pos = 0; pos < data.size(); pos += chunk) h.update(data.substr(pos, chunk));
  return h.hex_digest();
}

TEST(Sha256, ChunkSizeDoesNotChangeDigest) {
  // Non-uniform bytes (all 256 values) over several blocks with a ragged tail.
  std::string data;
  for (int i = 0; i < 1000; ++i) data.push_back(static_cast<char>((i * 7 + i / 256) & 0xff));
  const std::string whole = sha256_hex(data);
  for (size_t chunk : {1, 63, 64, 65}) {
    EXPECT_EQ(chunked_digest(data, chunk), whole) << "chunk size " << chunk;
  }
}

TEST(Sha256, ChunkedMatchesKnownVector) {
  const std::string msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  for (size_t chunk : {1, 63, 64, 65}) {
    EXPECT_EQ(chunked_digest(msg, chunk),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        << "chunk size " << chunk;
  }
}

TEST(Sha256, EmptyUpdatesAreNoOps) {
  Sha256 h;
  h.update("");
  h.update("ab");
  h.update("");
  h.update("c");
  EXPECT_EQ(h.hex_digest(), sha256_hex("abc"));
}

TEST(Sha256, DigestIsStableAndUpdateAfterFinishThrows) {
  Sha256 h;
  h.update("abc");
  const std::string first = h.hex_digest();
  EXPECT_EQ(h.hex_digest(), first);
  EXPECT_THROW(h.update("x"), std::logic_error);
}

}  // namespace
}  // namespace entitle
