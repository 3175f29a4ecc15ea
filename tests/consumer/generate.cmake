# The v5store_generate() consumer: copies generate/ into BINARY_DIR (the test edits its spec),
# builds it against the installed package, runs it on SQLite, then checks that touching the
# spec regenerates the glue and that a changed spec reaches the generated headers.
# cmake -DSOURCE_DIR= -DBINARY_DIR= -DGENERATOR= -DBUILD_TYPE= -DCXX_COMPILER=
#       [-DCOMPILER_LAUNCHER=] -DEXPECTED_VERSION= -DPREFIX= -P generate.cmake
function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  message(STATUS "${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}): ${ARGN}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

set(project "${BINARY_DIR}/project")
set(build "${BINARY_DIR}/build")
set(spec "${project}/notes.yaml")
set(manifest "${build}/consumer_generate_v5gen/.v5gen-manifest")
set(header "${build}/consumer_generate_v5gen/include/notes/entities/note.hpp")
file(REMOVE_RECURSE "${BINARY_DIR}")
file(COPY "${SOURCE_DIR}/" DESTINATION "${project}")

set(launcher)
if(COMPILER_LAUNCHER)
  set(launcher "-DCMAKE_CXX_COMPILER_LAUNCHER=${COMPILER_LAUNCHER}")
endif()
run(configure ${CMAKE_COMMAND} -S "${project}" -B "${build}" -G "${GENERATOR}"
  "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" ${launcher}
  "-DEXPECTED_VERSION=${EXPECTED_VERSION}" "-DCMAKE_PREFIX_PATH=${PREFIX}")
run(build ${CMAKE_COMMAND} --build "${build}" --parallel 2)
if(NOT EXISTS "${header}")
  message(FATAL_ERROR "v5store_generate() did not write ${header}")
endif()
run(run "${build}/consumer_generate" "${BINARY_DIR}/notes.db")

# Touching the spec runs v5gen again (the manifest is rewritten), and the build still works.
file(TIMESTAMP "${manifest}" before "%s")
execute_process(COMMAND ${CMAKE_COMMAND} -E sleep 1.1)
file(TOUCH "${spec}")
run(rebuild-after-touch ${CMAKE_COMMAND} --build "${build}" --parallel 2)
file(TIMESTAMP "${manifest}" after "%s")
if(NOT after GREATER before)
  message(FATAL_ERROR "touching ${spec} did not regenerate the glue (manifest ${before} -> ${after})")
endif()

# A new field in the spec appears in the generated struct, and the program still runs.
file(READ "${header}" glue)
if(glue MATCHES "pinned")
  message(FATAL_ERROR "the glue has field `pinned` before the spec does")
endif()
file(READ "${spec}" text)
string(REPLACE "      body:  { type: text, nullable: true }\n"
  "      body:  { type: text, nullable: true }\n      pinned: { type: bool, default: false }\n"
  text "${text}")
file(WRITE "${spec}" "${text}")
run(rebuild-after-change ${CMAKE_COMMAND} --build "${build}" --parallel 2)
file(READ "${header}" glue)
if(NOT glue MATCHES "bool> pinned;")
  message(FATAL_ERROR "the changed spec did not reach ${header}")
endif()
run(run-after-change "${build}/consumer_generate" "${BINARY_DIR}/notes.db")
