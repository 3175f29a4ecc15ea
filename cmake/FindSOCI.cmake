# FindSOCI: Debian 12 ships SOCI 4.0.3 without a CMake package configuration.
#
# Components: sqlite3 postgresql mysql. Provides the imported targets
#   SOCI::core, SOCI::sqlite3, SOCI::postgresql, SOCI::mysql
# with the include directories their headers need (/usr/include/postgresql and
# /usr/include/mariadb on Debian) and the client library of each backend (libsqlite3, libpq,
# libmariadb), which v5store calls directly (e.g. sqlite3_extended_result_codes).
include(FindPackageHandleStandardArgs)

find_path(SOCI_INCLUDE_DIR soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_ver REGEX "#define SOCI_LIB_VERSION \"")
  string(REGEX REPLACE ".*\"([0-9_]+)\".*" "\\1" _soci_ver "${_soci_ver}")
  string(REPLACE "_" "." SOCI_VERSION "${_soci_ver}")
endif()

if(SOCI_CORE_LIBRARY AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES
    IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR}")
endif()

set(_soci_sqlite3_header sqlite3.h)
set(_soci_sqlite3_client sqlite3)
set(_soci_postgresql_header libpq-fe.h)
set(_soci_postgresql_suffixes postgresql)
set(_soci_postgresql_client pq)
set(_soci_mysql_header mysql.h)
set(_soci_mysql_suffixes mariadb mysql)
set(_soci_mysql_client mariadb mysqlclient)

foreach(_comp IN LISTS SOCI_FIND_COMPONENTS)
  find_library(SOCI_${_comp}_LIBRARY NAMES soci_${_comp})
  find_path(SOCI_${_comp}_CLIENT_INCLUDE_DIR ${_soci_${_comp}_header}
    PATH_SUFFIXES ${_soci_${_comp}_suffixes})
  find_library(SOCI_${_comp}_CLIENT_LIBRARY NAMES ${_soci_${_comp}_client})
  if(SOCI_${_comp}_LIBRARY AND SOCI_${_comp}_CLIENT_INCLUDE_DIR AND SOCI_${_comp}_CLIENT_LIBRARY)
    set(SOCI_${_comp}_FOUND TRUE)
    if(NOT TARGET SOCI::${_comp})
      add_library(SOCI::${_comp} UNKNOWN IMPORTED)
      set_target_properties(SOCI::${_comp} PROPERTIES
        IMPORTED_LOCATION "${SOCI_${_comp}_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${SOCI_${_comp}_CLIENT_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES "SOCI::core;${SOCI_${_comp}_CLIENT_LIBRARY}")
    endif()
  else()
    set(SOCI_${_comp}_FOUND FALSE)
  endif()
endforeach()

find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_CORE_LIBRARY SOCI_INCLUDE_DIR
  VERSION_VAR SOCI_VERSION
  HANDLE_COMPONENTS)
mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY)
