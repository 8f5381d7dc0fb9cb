# Install rules: libraries, headers, an exported CMake package and a pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS entitle entitle_static EXPORT entitleTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_SOURCE_DIR}/include/entitle.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/entitle DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/src/generated/entitle/version.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/entitle)

install(EXPORT entitleTargets NAMESPACE entitle:: DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/entitle)
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/entitleConfig.cmake.in
  ${PROJECT_BINARY_DIR}/entitleConfig.cmake
  INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/entitle)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/entitleConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)  # entitle.h: within one major version the ABI only grows
install(FILES ${PROJECT_BINARY_DIR}/entitleConfig.cmake ${PROJECT_BINARY_DIR}/entitleConfigVersion.cmake
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/entitle)

configure_file(${PROJECT_SOURCE_DIR}/cmake/entitle.pc.in ${PROJECT_BINARY_DIR}/entitle.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/entitle.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
