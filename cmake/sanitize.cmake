# Sanitizer and fuzzing builds (docs/fuzzing.md).
#
#   -DENTITLE_SANITIZE=address,undefined   the whole build under ASan + UBSan; any report
#                                          aborts (-fno-sanitize-recover=all)
#   -DENTITLE_SANITIZE=thread              the whole build under TSan
#   -DENTITLE_FUZZ=ON                      clang only: libFuzzer targets in tests/fuzz with
#                                          ASan + UBSan, everything instrumented for coverage
set(ENTITLE_SANITIZE "" CACHE STRING "Sanitizers for the whole build (e.g. address,undefined or thread)")
option(ENTITLE_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(ENTITLE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "ENTITLE_FUZZ=ON needs clang (e.g. -DCMAKE_CXX_COMPILER=clang++-14 "
                        "-DCMAKE_C_COMPILER=clang-14)")
  endif()
  if(ENTITLE_SANITIZE)
    message(FATAL_ERROR "ENTITLE_FUZZ=ON brings its own sanitizers; leave ENTITLE_SANITIZE empty")
  endif()
  # Every object gets coverage feedback; the fuzz targets link libFuzzer's main.
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
elseif(ENTITLE_SANITIZE)
  add_compile_options(-fsanitize=${ENTITLE_SANITIZE} -fno-sanitize-recover=all
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=${ENTITLE_SANITIZE})
endif()
