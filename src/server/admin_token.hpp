// The bearer token that guards POST /v1/admin/reload, read once from --admin-token-file.
#pragma once

#include <string>
#include <string_view>

namespace entitle::server {

class AdminToken {
 public:
  // Reads the file; surrounding blanks and the final newline are not part of the token.
  // Throws std::runtime_error when the file cannot be read, is empty, or holds a token
  // shorter than 16 characters (too easy to guess).
  static AdminToken from_file(const std::string& path);

  // True when `authorization` is "Bearer <the token>". The comparison takes the same time
  // wherever the first difference is (both sides are hashed to a fixed length first), so a
  // client cannot find the token one character at a time by timing.
  bool accepts(std::string_view authorization) const;

 private:
  explicit AdminToken(std::string digest) : digest_(std::move(digest)) {}
  std::string digest_;  // sha256 of the token
};

}  // namespace entitle::server
