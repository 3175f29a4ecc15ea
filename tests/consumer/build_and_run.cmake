# Configures, builds and runs a consumer project; fails on the first step that fails.
# cmake -DSOURCE_DIR= -DBINARY_DIR= -DGENERATOR= -DBUILD_TYPE= -DCXX_COMPILER=
#       [-DCOMPILER_LAUNCHER=] -DEXPECTED_VERSION= -DCACHE_ARGS=<-D...|-D...> -DPROGRAM=
#       [-DEXTRA_BINARY_DIR=<another build directory to start afresh>] -P build_and_run.cmake
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}): ${ARGN}")
  endif()
endfunction()

file(REMOVE_RECURSE "${BINARY_DIR}" ${EXTRA_BINARY_DIR})
string(REPLACE "|" ";" cache_args "${CACHE_ARGS}")
set(launcher)
if(COMPILER_LAUNCHER)
  set(launcher "-DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}")
endif()
run(configure ${CMAKE_COMMAND} -S "${SOURCE_DIR}" -B "${BINARY_DIR}" -G "${GENERATOR}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" ${launcher}
  "-DEXPECTED_VERSION=${EXPECTED_VERSION}" ${cache_args})
run(build ${CMAKE_COMMAND} --build "${BINARY_DIR}" --parallel 2)
run(run "${BINARY_DIR}/${PROGRAM}")
