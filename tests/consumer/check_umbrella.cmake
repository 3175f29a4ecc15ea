# Checks that <v5store/v5store.hpp> includes every other public header of v5store.
# cmake -DINCLUDE_DIR=<libv5store/include> -P check_umbrella.cmake
file(READ "${INCLUDE_DIR}/v5store/v5store.hpp" umbrella)
file(GLOB headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/v5store/*.hpp")
set(missing)
foreach(header IN LISTS headers)
  if(NOT header STREQUAL "v5store/v5store.hpp" AND NOT umbrella MATCHES "#include [<\"]${header}[>\"]")
    list(APPEND missing "${header}")
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "<v5store/v5store.hpp> does not include: ${missing}")
endif()
