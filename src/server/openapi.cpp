#include "server/openapi.hpp"

#include "server/openapi_json.hpp"  // generated

namespace entitle::server {

std::string_view openapi_document() { return {openapi_json, sizeof openapi_json - 1}; }

}  // namespace entitle::server
