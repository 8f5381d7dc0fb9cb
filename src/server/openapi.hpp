// The OpenAPI 3 description of the service: docs/openapi.json, embedded in the binary at
// build time (embed_openapi.cmake), served at GET /openapi.json.
#pragma once

#include <string_view>

namespace entitle::server {

std::string_view openapi_document();

}  // namespace entitle::server
