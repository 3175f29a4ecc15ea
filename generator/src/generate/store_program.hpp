// The C++ text shared by the generated programs that run against a database named on their
// command line: tests/smoke_test.cpp (emit_project) and bench/crud_bench.cpp (emit_bench).
#pragma once

#include <string>
#include <string_view>

#include "v5store/spec.hpp"

namespace v5gen {

// The first statements of main(): `backend` from argv[1] (default sqlite; an unknown name
// prints an error and returns 2) and `dsn` from argv[2], by default a fresh SQLite file
// "<system>_<tag>_<pid>.db" in the temp directory, and `migration_dsn` from argv[3] (default
// empty). Needs <unistd.h>, <cstdio>, <filesystem>, <string>.
std::string backend_and_dsn_from_args(const v5store::SystemSpec& spec, std::string_view tag);

// Statements for main's try block: load the spec from <SYSTEM>_SPEC_FILE, point every database
// at `backend`, `dsn` and `migration_dsn` (the spec's pooler kept), migrate each one up,
// open `store` and the typed `system` on it.
std::string open_migrated_store(const v5store::SystemSpec& spec);

// The store component of `entity`, or nullptr when no store component has it.
const v5store::ComponentSpec* store_of(const v5store::SystemSpec& spec,
                                       const v5store::EntitySpec& entity);

// The system name in upper case: the prefix of the generated <SYSTEM>_SPEC_FILE definition.
std::string macro_prefix(const v5store::SystemSpec& spec);

}  // namespace v5gen
