# Compiles tests/capi/consumer/consumer.c with the flags pkg-config gives for the installed
# entitle.pc, then runs it. --define-prefix makes the .pc follow the prefix it was copied to
# (it records the configure-time CMAKE_INSTALL_PREFIX otherwise).
find_program(PKG_CONFIG pkg-config REQUIRED)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
file(GLOB_RECURSE pc ${PREFIX}/*/pkgconfig/entitle.pc)
get_filename_component(pcdir "${pc}" DIRECTORY)
set(ENV{PKG_CONFIG_PATH} "${pcdir}")
foreach(what cflags libs)
  execute_process(COMMAND ${PKG_CONFIG} --define-prefix --${what} entitle
                  OUTPUT_VARIABLE ${what} RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --${what} entitle failed")
  endif()
  separate_arguments(${what} UNIX_COMMAND "${${what}}")
endforeach()
execute_process(COMMAND ${PKG_CONFIG} --define-prefix --variable=libdir entitle
                OUTPUT_VARIABLE libdir OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT libdir MATCHES "^${PREFIX}")
  message(FATAL_ERROR "pkg-config libdir ${libdir} is not under ${PREFIX}")
endif()
execute_process(COMMAND ${CC} -std=c11 -Wall -Wextra -pedantic -Werror ${SOURCE} ${cflags}
                        ${libs} -Wl,-rpath,${libdir} -o ${WORK}/consumer
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "compiling the pkg-config consumer failed:\n${out}")
endif()
execute_process(COMMAND ${WORK}/consumer ${RULES} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the pkg-config consumer failed (${rc})")
endif()
