// Checks on a request's head made before its body is read, so a body the service cannot use
// is refused without reading it (415).
#pragma once

#include <optional>
#include <string_view>

#include "server/api_error.hpp"

namespace entitle::server {

// Compressed bodies are refused: Content-Encoding other than identity, or a
// Transfer-Encoding coding other than chunked/identity (decompressing would let a small
// request become an unbounded one).
std::optional<ApiError> encoding_error(std::string_view content_encoding,
                                       std::string_view transfer_encoding);

// A JSON route needs Content-Type: application/json (a charset parameter, if any, utf-8).
std::optional<ApiError> content_type_error(std::string_view content_type);

}  // namespace entitle::server
