# Embeds schemas/*.schema.json in the entitle binary, so `entitle schema` needs no files at
# run time and this folder stays the one source.
#
# Included from src/runner/CMakeLists.txt after the entitle_runner target is defined: adds a
# build step that regenerates <build>/generated/runner/schemas.hpp whenever a schema changes.
# Run with `cmake -P` (ENTITLE_SCHEMA_DIR and ENTITLE_SCHEMA_HEADER set), it writes the header.
set(_entitle_schema_files rule-file test-file)

if(CMAKE_SCRIPT_MODE_FILE)
  set(_out "// Generated from schemas/*.schema.json by schemas/embed.cmake. Do not edit.\n")
  string(APPEND _out "#pragma once\n\nnamespace entitle::runner::schemas {\n")
  foreach(_name IN LISTS _entitle_schema_files)
    file(READ "${ENTITLE_SCHEMA_DIR}/${_name}.schema.json" _text)
    string(FIND "${_text}" ")entitle_schema\"" _clash)
    if(NOT _clash EQUAL -1)
      message(FATAL_ERROR "${_name}.schema.json contains the raw-string delimiter )entitle_schema\"")
    endif()
    string(MAKE_C_IDENTIFIER "${_name}" _id)
    string(APPEND _out "inline constexpr const char ${_id}[] = R\"entitle_schema(${_text})entitle_schema\";\n")
  endforeach()
  string(APPEND _out "}  // namespace entitle::runner::schemas\n")
  file(WRITE "${ENTITLE_SCHEMA_HEADER}.tmp" "${_out}")
  file(COPY_FILE "${ENTITLE_SCHEMA_HEADER}.tmp" "${ENTITLE_SCHEMA_HEADER}" ONLY_IF_DIFFERENT)
  file(REMOVE "${ENTITLE_SCHEMA_HEADER}.tmp")
  return()
endif()

set(_entitle_schema_dir ${CMAKE_CURRENT_LIST_DIR})
set(_entitle_schema_header ${PROJECT_BINARY_DIR}/generated/runner/schemas.hpp)
list(TRANSFORM _entitle_schema_files PREPEND ${_entitle_schema_dir}/ OUTPUT_VARIABLE _entitle_schema_paths)
list(TRANSFORM _entitle_schema_paths APPEND .schema.json)
add_custom_command(
  OUTPUT ${_entitle_schema_header}
  COMMAND ${CMAKE_COMMAND} -DENTITLE_SCHEMA_DIR=${_entitle_schema_dir}
          -DENTITLE_SCHEMA_HEADER=${_entitle_schema_header} -P ${_entitle_schema_dir}/embed.cmake
  DEPENDS ${_entitle_schema_paths} ${_entitle_schema_dir}/embed.cmake
  COMMENT "Embedding schemas/*.schema.json"
  VERBATIM)
target_sources(entitle_runner PRIVATE ${_entitle_schema_header})
target_include_directories(entitle_runner PRIVATE ${PROJECT_BINARY_DIR}/generated)
