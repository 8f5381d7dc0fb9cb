#include "server/request_checks.hpp"

#include <cctype>
#include <string>

namespace entitle::server {

namespace {

std::string lower_trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

ApiError unsupported(std::string message) {
  return ApiError(415, "unsupported_media_type", std::move(message));
}

}  // namespace

std::optional<ApiError> encoding_error(std::string_view content_encoding,
                                       std::string_view transfer_encoding) {
  const std::string ce = lower_trimmed(content_encoding);
  if (!ce.empty() && ce != "identity")
    return unsupported("Content-Encoding '" + std::string(content_encoding.substr(0, 40)) +
                       "' is not supported; send the body uncompressed");
  // "gzip, chunked": every coding but the final chunked one must be identity.
  std::string_view rest = transfer_encoding;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string coding = lower_trimmed(rest.substr(0, comma));
    if (!coding.empty() && coding != "chunked" && coding != "identity")
      return unsupported("Transfer-Encoding '" + coding.substr(0, 40) +
                         "' is not supported; send the body uncompressed");
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  return std::nullopt;
}

std::optional<ApiError> content_type_error(std::string_view content_type) {
  const size_t semicolon = content_type.find(';');
  const std::string media = lower_trimmed(content_type.substr(0, semicolon));
  if (media != "application/json")
    return unsupported(media.empty() ? "send the body as JSON with Content-Type: application/json"
                                     : "Content-Type '" + media.substr(0, 60) +
                                           "' is not supported; send application/json");
  std::string_view params =
      semicolon == std::string_view::npos ? std::string_view() : content_type.substr(semicolon + 1);
  while (!params.empty()) {
    const size_t next = params.find(';');
    const std::string param = lower_trimmed(params.substr(0, next));
    if (param.starts_with("charset=")) {
      std::string charset = param.substr(8);
      if (charset.size() >= 2 && charset.front() == '"' && charset.back() == '"')
        charset = charset.substr(1, charset.size() - 2);
      if (charset != "utf-8")
        return unsupported("charset '" + charset.substr(0, 40) + "' is not supported; send UTF-8");
    }
    params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
  }
  return std::nullopt;
}

}  // namespace entitle::server
