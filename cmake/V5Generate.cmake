# v5store_generate(TARGET <target> SPEC <file> [OUTPUT_DIR <dir>])
#
# Runs `v5gen generate --glue-only` at build time and adds the generated headers (entity
# structs, entity_traits, repositories, <system>/system.hpp) to <target>, which is linked
# to v5store::v5store. The glue is regenerated whenever the spec changes. OUTPUT_DIR defaults
# to <binary dir>/<target>_v5gen.
function(v5store_generate)
  cmake_parse_arguments(arg "" "TARGET;SPEC;OUTPUT_DIR" "" ${ARGN})
  if(NOT arg_TARGET OR NOT arg_SPEC)
    message(FATAL_ERROR "v5store_generate: TARGET and SPEC are required")
  endif()
  if(NOT TARGET ${arg_TARGET})
    message(FATAL_ERROR "v5store_generate: ${arg_TARGET} is not a target")
  endif()
  if(NOT TARGET v5store::v5gen)
    message(FATAL_ERROR "v5store_generate: v5store::v5gen is not available")
  endif()
  if(NOT arg_OUTPUT_DIR)
    set(arg_OUTPUT_DIR "${CMAKE_CURRENT_BINARY_DIR}/${arg_TARGET}_v5gen")
  endif()
  get_filename_component(spec "${arg_SPEC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  set(manifest "${arg_OUTPUT_DIR}/.v5gen-manifest")
  add_custom_command(
    OUTPUT "${manifest}"
    COMMAND v5store::v5gen generate "${spec}" -o "${arg_OUTPUT_DIR}" --glue-only
    DEPENDS "${spec}" v5store::v5gen
    COMMENT "v5gen: generating the glue of ${arg_SPEC}"
    VERBATIM)
  add_custom_target(${arg_TARGET}_v5gen DEPENDS "${manifest}")
  add_dependencies(${arg_TARGET} ${arg_TARGET}_v5gen)
  target_include_directories(${arg_TARGET} PRIVATE "${arg_OUTPUT_DIR}/include")
  target_link_libraries(${arg_TARGET} PRIVATE v5store::v5store)
  target_compile_features(${arg_TARGET} PRIVATE cxx_std_20)
endfunction()
