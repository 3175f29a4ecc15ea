// Whether a database's files are on this machine (so free disk and file modes can be read).
#pragma once

#include "v5store/spec.hpp"

namespace v5store::detail {

// True for SQLite and for servers reached over a Unix socket or a loopback address.
bool database_is_local(const DatabaseSpec& database);

}  // namespace v5store::detail
