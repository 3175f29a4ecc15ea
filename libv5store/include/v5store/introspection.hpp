// Introspection: the live schema of a database (tables, columns, keys, indexes, foreign keys,
// checks), read from the backend's catalog and normalised to the registry's vocabulary so it
// can be compared with the declared entities (drift) and diffed into migration steps.
//
// Example:
//   v5store::Lease lease = store.pool().acquire();
//   v5store::LiveSchema live = v5store::introspect(lease.session(), lease.backend());
//   if (const v5store::LiveTable* t = live.find_table("orders")) { /* t->columns ... */ }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/spec.hpp"
#include "v5store/types.hpp"

namespace soci {
class session;
}

namespace v5store {

// One column of a live table.
struct LiveColumn {
  std::string name;
  // The type as the catalog reports it ("character varying(254)", "bigint(20)", "VARCHAR(254)").
  std::string raw_type;
  // The type normalised by the backend so that it compares equal to the normalised
  // Backend::column_type() of the field that declares it ("varchar(254)", "bigint").
  std::string type;
  bool nullable = true;
  // The default as the catalog reports it (an SQL expression); nullopt when there is none.
  std::optional<std::string> default_value;
  // Database-generated: identity / serial (PostgreSQL), AUTO_INCREMENT (MySQL), the rowid
  // alias INTEGER PRIMARY KEY (SQLite).
  bool generated = false;
};

// A secondary index (the primary key's own index is not listed).
struct LiveIndex {
  std::string name;
  std::vector<std::string> columns;  // in index order
  bool unique = false;
};

// A foreign key of a live table. Single- and multi-column keys are both reported.
struct LiveForeignKey {
  std::string name;  // constraint name; empty on SQLite, which does not keep one
  std::vector<std::string> columns;
  std::string referenced_table;
  std::vector<std::string> referenced_columns;
  OnDelete on_delete = OnDelete::no_action;
};

// A CHECK constraint of a live table.
struct LiveCheck {
  std::string name;        // constraint name; empty on SQLite and for unnamed ones
  std::string expression;  // the condition as the catalog reports it, without CHECK ( )
  // The one column it constrains: the column it is declared on, the one the catalog names
  // (PostgreSQL), or the only column its expression mentions. Empty when it involves several.
  std::string column;
  // Declared inside the column definition (SQLite, MariaDB): MariaDB changes it only by
  // restating the column (MODIFY COLUMN), not by DROP CONSTRAINT.
  bool part_of_column = false;
};

struct LiveTable {
  std::string name;
  std::vector<LiveColumn> columns;  // in table order
  std::vector<std::string> primary_key;  // column names in key order; empty when none
  std::vector<LiveIndex> indexes;
  std::vector<LiveForeignKey> foreign_keys;
  std::vector<LiveCheck> checks;  // in catalog order

  // The column named `name` (exact, case-sensitive match), or nullptr.
  const LiveColumn* find_column(std::string_view name) const noexcept;
};

// The live schema: the tables of the session's current schema (PostgreSQL current_schema(),
// MySQL DATABASE(), SQLite "main"), sorted by name.
struct LiveSchema {
  BackendKind backend = BackendKind::sqlite;
  std::vector<LiveTable> tables;

  // The table named `name`, or nullptr.
  const LiveTable* find_table(std::string_view name) const noexcept;
};

// Reads the live schema through `session`, which must be connected to a `backend` database.
// Read-only; takes no lock. Throws the mapped v5store::Error when a catalog query fails.
// Not thread-safe with respect to `session` (one session, one thread).
LiveSchema introspect(soci::session& session, BackendKind backend);

}  // namespace v5store
