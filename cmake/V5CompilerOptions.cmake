# Compiler options shared by every v5store target: warnings, and the optional sanitizers.
set(V5_SANITIZE "" CACHE STRING "Sanitizers to build with: empty, address;undefined, or thread")

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

find_program(V5_CCACHE ccache)
if(V5_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${V5_CCACHE}")
endif()

# v5_target_options(<target>): warnings on, C++20.
function(v5_target_options target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-deprecated-declarations)
  if(V5_SANITIZE)
    list(JOIN V5_SANITIZE "," _san)
    target_compile_options(${target} PRIVATE -fsanitize=${_san} -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=${_san})
  endif()
endfunction()
