#include "server/admin_token.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "base/sha256.hpp"

namespace entitle::server {

namespace {

constexpr size_t kMinTokenLength = 16;

std::string sha256(std::string_view text) {
  Sha256 h;
  h.update(text);
  return h.hex_digest();
}

std::string_view trimmed(std::string_view s) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool equal_in_constant_time(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;  // both are hex digests: the sizes never differ
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace

AdminToken AdminToken::from_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("--admin-token-file: cannot read '" + path + "'");
  std::ostringstream s;
  s << in.rdbuf();
  const std::string text = s.str();
  const std::string_view token = trimmed(text);
  if (token.size() < kMinTokenLength)
    throw std::runtime_error("--admin-token-file: '" + path + "' holds " +
                             (token.empty() ? std::string("no token")
                                            : "a token shorter than " +
                                                  std::to_string(kMinTokenLength) + " characters"));
  return AdminToken(sha256(token));
}

bool AdminToken::accepts(std::string_view authorization) const {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() < kScheme.size()) return false;
  // The scheme name is case-insensitive (RFC 7235).
  for (size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) !=
        std::tolower(static_cast<unsigned char>(kScheme[i])))
      return false;
  return equal_in_constant_time(sha256(trimmed(authorization.substr(kScheme.size()))), digest_);
}

}  // namespace entitle::server
