# Installs the build tree BUILD_DIR into a fresh PREFIX and checks the package's files.
# cmake -DBUILD_DIR=... -DPREFIX=... -DBUILD_TYPE=... -P install.cmake
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --prefix "${PREFIX}"
    --config "${BUILD_TYPE}"
  RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc})")
endif()

include(GNUInstallDirs)
foreach(file IN ITEMS
    "${CMAKE_INSTALL_INCLUDEDIR}/v5store/v5store.hpp"
    "${CMAKE_INSTALL_INCLUDEDIR}/v5store/version.hpp"
    "${CMAKE_INSTALL_BINDIR}/v5gen"
    "${CMAKE_INSTALL_LIBDIR}/cmake/v5store/v5storeConfig.cmake"
    "${CMAKE_INSTALL_LIBDIR}/cmake/v5store/v5storeConfigVersion.cmake"
    "${CMAKE_INSTALL_LIBDIR}/cmake/v5store/v5storeTargets.cmake"
    "${CMAKE_INSTALL_LIBDIR}/cmake/v5store/FindSOCI.cmake"
    "${CMAKE_INSTALL_LIBDIR}/cmake/v5store/V5Generate.cmake")
  if(NOT EXISTS "${PREFIX}/${file}")
    message(FATAL_ERROR "the installed package lacks ${file}")
  endif()
endforeach()
file(GLOB libs "${PREFIX}/${CMAKE_INSTALL_LIBDIR}/libv5store.*")
if(NOT libs)
  message(FATAL_ERROR "the installed package lacks libv5store")
endif()
message(STATUS "installed v5store into ${PREFIX}")
