# Embeds docs/openapi.json in the server, so GET /openapi.json needs no file at run time and
# the checked-in document stays the one source (a test compares the two).
#
# Included from src/server/CMakeLists.txt; run with `cmake -P` (ENTITLE_OPENAPI_JSON and
# ENTITLE_OPENAPI_HEADER set), it writes the header.
if(CMAKE_SCRIPT_MODE_FILE)
  file(READ "${ENTITLE_OPENAPI_JSON}" _text)
  string(FIND "${_text}" ")entitle_openapi\"" _clash)
  if(NOT _clash EQUAL -1)
    message(FATAL_ERROR "openapi.json contains the raw-string delimiter )entitle_openapi\"")
  endif()
  set(_out "// Generated from docs/openapi.json by src/server/embed_openapi.cmake. Do not edit.\n")
  string(APPEND _out "#pragma once\n\nnamespace entitle::server {\n")
  string(APPEND _out "inline constexpr const char openapi_json[] = R\"entitle_openapi(${_text})entitle_openapi\";\n")
  string(APPEND _out "}  // namespace entitle::server\n")
  file(WRITE "${ENTITLE_OPENAPI_HEADER}.tmp" "${_out}")
  file(COPY_FILE "${ENTITLE_OPENAPI_HEADER}.tmp" "${ENTITLE_OPENAPI_HEADER}" ONLY_IF_DIFFERENT)
  file(REMOVE "${ENTITLE_OPENAPI_HEADER}.tmp")
  return()
endif()

set(_entitle_openapi_json ${PROJECT_SOURCE_DIR}/docs/openapi.json)
set(_entitle_openapi_header ${PROJECT_BINARY_DIR}/generated/server/openapi_json.hpp)
add_custom_command(
  OUTPUT ${_entitle_openapi_header}
  COMMAND ${CMAKE_COMMAND} -DENTITLE_OPENAPI_JSON=${_entitle_openapi_json}
          -DENTITLE_OPENAPI_HEADER=${_entitle_openapi_header} -P ${CMAKE_CURRENT_LIST_FILE}
  DEPENDS ${_entitle_openapi_json} ${CMAKE_CURRENT_LIST_FILE}
  COMMENT "Embedding docs/openapi.json"
  VERBATIM)
target_sources(entitle_server PRIVATE ${_entitle_openapi_header})
target_include_directories(entitle_server PRIVATE ${PROJECT_BINARY_DIR}/generated)
