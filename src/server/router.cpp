#include "server/router.hpp"

#include <optional>

namespace entitle::server {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// "%E5%B9%B4" → the bytes; nullopt for a malformed escape.
std::optional<std::string> percent_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
      continue;
    }
    const int hi = i + 1 < s.size() ? hex_digit(s[i + 1]) : -1;
    const int lo = i + 2 < s.size() ? hex_digit(s[i + 2]) : -1;
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// Whether `path` fits `pattern`; the {name} segment goes to `param`.
bool fits(std::string_view pattern, std::string_view path, std::string& param) {
  const size_t brace = pattern.find('{');
  if (brace == std::string_view::npos) return pattern == path;
  const std::string_view prefix = pattern.substr(0, brace);
  if (!path.starts_with(prefix)) return false;
  const std::string_view segment = path.substr(prefix.size());
  if (segment.empty() || segment.find('/') != std::string_view::npos) return false;
  auto decoded = percent_decoded(segment);
  if (!decoded) return false;
  param = std::move(*decoded);
  return true;
}

}  // namespace

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  RouteMatch m;
  std::string param;
  for (const Route& r : routes_) {
    if (!fits(r.pattern, path, param)) continue;
    if (r.method == method) {
      m.route = &r;
      m.param = std::move(param);
      return m;
    }
    if (!m.allow.empty()) m.allow += ", ";
    m.allow += r.method;
  }
  return m;
}

ApiError RouteMatch::error(std::string_view method, std::string_view path) const {
  if (allow.empty()) {
    std::string shown(path.substr(0, 200));
    return ApiError(404, "not_found",
                    "no such resource: " + shown + " (GET /openapi.json lists them)");
  }
  ApiError e(405, "method_not_allowed",
             std::string(method.substr(0, 32)) + " is not allowed here; use " + allow);
  e.headers.emplace_back("Allow", allow);
  return e;
}

}  // namespace entitle::server
