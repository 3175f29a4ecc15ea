#include "v5validate/codes.hpp"

#include <algorithm>

namespace v5validate {

namespace {

constexpr Severity E = Severity::error;
constexpr Severity W = Severity::warning;

std::vector<CodeInfo> build_catalogue() {
  return {
      // Level 1: framework.
      {"V100", 1, E, "The spec file cannot be read.", "Check the path and the file's permissions."},
      {"V101", 1, E, "The file is not valid YAML.", "Fix the syntax at the position given."},
      {"V102", 1, E, "The document is empty or its top level is not a mapping.",
       "Start from a spec in examples/specs: the top level maps schema_version, system, "
       "databases, entities, components."},
      {"V103", 1, E, "A required key is missing.", "Add the key named in the message."},
      {"V104", 1, E,
       "A value has the wrong type (mapping, sequence, string, integer, number, "
       "boolean).",
       "Write the value in the type the message names."},
      {"V105", 1, E, "A name is not an identifier: names match [a-z_][a-z0-9_]*.",
       "Use lower-case snake_case: letters, digits and underscores, not starting with a digit."},
      {"V106", 1, E, "A name is longer than 63 characters (the PostgreSQL and MySQL limit).",
       "Shorten the name."},
      {"V107", 1, E, "A mapping has the same key twice (YAML keeps only one of them silently).",
       "Remove or rename one of the two keys."},
      {"V108", 1, E,
       "Two things share a name that must be unique (components, tables, indexes, "
       "enum values, fields of an index).",
       "Rename one of them."},
      {"V109", 1, E, "A key is not part of the spec format.",
       "Remove it or correct the spelling; the hint names the closest known key."},
      {"V110", 1, E, "The backend is not one of sqlite, postgresql, mysql.",
       "Use sqlite, postgresql or mysql (aliases: sqlite3, postgres, mariadb)."},
      {"V111", 1, E, "The field type is unknown.",
       "Use one of bool, int32, int64, float64, decimal, string, text, bytes, date, timestamp, "
       "uuid, json, enum."},
      {"V112", 1, E,
       "An option that takes one of a fixed set of values has another value "
       "(on_delete, isolation, migrations.mode, component type, health category).",
       "Use one of the values the hint lists."},
      {"V113", 1, E, "schema_version is not a version this validator supports.",
       "Set schema_version: 1."},
      {"V114", 1, E, "The DSN is not a valid connection string for its backend.",
       "Write key=value pairs (host=... port=... dbname=... user=...) or, for SQLite, a path; "
       "close every quote."},
      {"V115", 1, E,
       "A ${VAR} reference in a value the spec expands (backend, dsn, listen, bearer_token, "
       "migrations dir) names an unset environment variable and has no default, or is "
       "malformed.",
       "Export the variable, or give a default: ${VAR:-value}."},
      {"V116", 1, E, "A number is outside its allowed range.",
       "Use a value in the range the message gives."},
      {"V117", 1, E, "The document is too large or expands (through aliases) beyond the limit.",
       "Remove the alias chain; a spec needs no more than a few hundred thousand nodes."},
      {"V118", 1, W, "The file holds more than one YAML document; only the first is used.",
       "Remove the '---' separated documents after the first."},
      {"V119", 1, E, "references is not of the form entity.field.",
       "Write references: <entity>.<field>, e.g. customer.id."},
      {"V120", 1, E, "pattern is not a valid regular expression (ECMAScript syntax).",
       "Fix the expression; remember YAML double-quoted strings need \\\\ for a backslash."},
      {"V121", 1, E, "monitoring.listen is not host:port with a port in 0..65535 (0: a free port).",
       "Write e.g. 127.0.0.1:9464."},
      {"V122", 1, W, "The DSN has a key its backend's driver does not know.",
       "Check the spelling against the backend's connection parameters."},
      {"V123", 1, E,
       "The spec exceeds a documented limit (file size, entities, fields, indexes, enum "
       "values, components, databases, or the length of a description, default or enum "
       "value).",
       "Split the spec or shorten what the message names; docs/validation.md lists the limits."},
      {"V190", 1, E, "The spec model refused the spec after the framework checks passed.",
       "Fix what the message names; please report the spec so a framework check can catch it."},
      // Level 2: component logic.
      {"V201", 2, E, "A component names an entity the spec does not define.",
       "Define the entity or correct the component's entity."},
      {"V202", 2, E, "A component names a database the spec does not define.",
       "Define the database under databases or correct the component's database."},
      {"V203", 2, E, "A foreign key's type differs from the type of the field it references.",
       "Give the foreign key exactly the referenced field's type (and length)."},
      {"V204", 2, E, "references names an entity the spec does not define.",
       "Correct the entity name in references."},
      {"V205", 2, E, "references names a field the referenced entity does not have.",
       "Correct the field name in references."},
      {"V206", 2, E,
       "A referenced field is neither the entity's single-field primary key nor "
       "unique.",
       "Reference the primary key, or mark the referenced field unique: true."},
      {"V207", 2, E, "An entity that is not read_only has no primary key.",
       "Mark one field (or several, for a composite key) primary_key: true, or declare the "
       "entity read_only: true."},
      {"V208", 2, E, "An index names a field its entity does not have.",
       "Correct the field name in the index."},
      {"V209", 2, E, "A default or example value cannot be read as the field's type.",
       "Write the value in the type's form (42, 1.5, true, 2024-01-31, \"12.50\", now)."},
      {"V210", 2, E,
       "A default or example value breaks the field's own constraints (min, max, lengths, "
       "pattern).",
       "Change the value or the constraint."},
      {"V211", 2, E, "min is greater than max.", "Swap or correct the bounds."},
      {"V212", 2, E, "min_length is greater than max_length.", "Swap or correct the bounds."},
      {"V213", 2, E, "An enum field has no values.", "List the members under values."},
      {"V214", 2, E, "An enum field's default or example is not one of its values.",
       "Use a listed value, or add it to values."},
      {"V215", 2, E,
       "Versioned migrations are not contiguous: a version is missing or used by "
       "two files.",
       "Number the files V1__, V2__, ... without gaps or duplicates."},
      {"V216", 2, E,
       "The versioned migrations directory is not a directory, is unreadable or holds a "
       "file whose name is not V<n>__<name>[.<backend>].sql.",
       "Create the directory given by migrations.dir (relative to the spec) and name files "
       "V<n>__<name>.sql."},
      {"V217", 2, E,
       "A field option does not apply to the field's type (e.g. max_length on an "
       "int64, values on a string).",
       "Remove the option or change the type."},
      {"V218", 2, E,
       "A decimal's precision or scale is invalid (1 <= precision <= 1000, "
       "0 <= scale <= precision).",
       "Give precision and scale, e.g. precision: 12, scale: 2."},
      {"V219", 2, E, "on_delete: set_null on a field that is not nullable.",
       "Make the field nullable: true or choose cascade or restrict."},
      {"V220", 2, E, "on_delete on a field without references.",
       "Add references or remove on_delete."},
      {"V221", 2, E, "generated on a field that is not an integer primary key.",
       "Use generated only on an int32 or int64 primary key."},
      {"V222", 2, E, "A primary-key field is nullable.", "Remove nullable: true from the key."},
      {"V223", 2, E, "A pool's min_idle is greater than its max_size.",
       "Lower min_idle or raise max_size."},
      {"V224", 2, E,
       "Two spec names become the same C++ name in the generated code (fields class and "
       "class_, entities foo_bar and foo__bar, an entity named system), or the system name "
       "cannot be a C++ namespace.",
       "Rename one of them; the message names both."},
      {"V225", 2, W,
       "The versioned migrations directory does not exist yet.",
       "Run v5gen generate (it creates the directory with V1__initial.<backend>.sql) or "
       "create it; migrate up needs it."},
      {"V226", 2, E,
       "No value satisfies a field's rules together (a pattern that matches nothing within "
       "min_length and max_length, an integer range without an integer, a decimal range "
       "beyond its precision).",
       "Loosen the rules, or give the field an example: value that satisfies them."},
      {"V227", 2, E, "An api component serves a store component the spec does not define.",
       "List store components (type: store) by name under stores."},
      {"V228", 2, E,
       "An api component's listener collides with the monitoring endpoint's or another api "
       "component's (same host:port).",
       "Give each api component a listen address of its own, apart from monitoring.listen."},
      {"V229", 2, E,
       "An api component's base_path is not a path: it must start with '/' and hold no "
       "'?', '#', '%', space or '//'.",
       "Write e.g. base_path: /api."},
      {"V230", 2, E,
       "A foreign_keys entry does not fit: it names a field its entity does not have or a "
       "field twice, its fields and referenced_fields differ in count, or it leaves out "
       "referenced_fields of an entity without a primary key.",
       "List each field of the entity once, paired in order with the referenced entity's key "
       "fields (its primary key by default)."},
      {"V231", 2, E, "pooler: pgbouncer on a database whose backend is not postgresql.",
       "Remove pooler (a pooler is only known in front of PostgreSQL)."},
      {"V232", 2, E,
       "A database behind a pooler has no migration_dsn: migrations need a session of their "
       "own (an advisory lock), which transaction pooling does not give.",
       "Add migration_dsn: a DSN straight to the server, e.g. \"${MIGRATION_DSN}\"."},
      {"V233", 2, E, "replicas on a database whose backend is not postgresql.",
       "Remove replicas (read replicas are only supported on PostgreSQL)."},
      {"V234", 2, E, "A replica's DSN is the primary's or another replica's.",
       "Give each replica the DSN of its own standby server."},
      {"V235", 2, E, "read_from: replica on a component whose database has no replicas.",
       "Add replicas to the database, or read from the primary."},
      // Level 3: database integration.
      {"V301", 3, E, "A database cannot be reached (network, authentication, timeout).",
       "Check the DSN, the server and the credentials; v5gen exits with 3."},
      {"V302", 3, E,
       "The server version is older than supported (PostgreSQL 12, MariaDB 10.5, "
       "MySQL 8.0, SQLite 3.35).",
       "Upgrade the server."},
      {"V303", 3, E, "The user cannot create tables in the database.",
       "GRANT CREATE on the database/schema to the user."},
      {"V304", 3, E, "The user cannot insert into a table it created.",
       "GRANT INSERT (and SELECT, UPDATE, DELETE) to the user."},
      {"V305", 3, E, "The migration history records a failed migration.",
       "Repair the schema by hand, then run v5gen migrate SPEC repair."},
      {"V306", 3, E,
       "`migrate up` would refuse to run (an applied migration's checksum changed, a file is "
       "out of order, a failed migration awaits repair, a destructive step), or the migration "
       "state cannot be read.",
       "Restore changed migration files and write changes as new versions; repair failed "
       "migrations; allow destructive steps only on purpose."},
      {"V307", 3, W, "A migration step is pending: the database is behind the spec.",
       "Run v5gen migrate SPEC up."},
      {"V308", 3, E,
       "Drift: the live schema differs from the declared schema although the database is "
       "not behind the spec (it records the spec's version, or no migration is pending).",
       "Inspect with v5gen diff SPEC; change the spec or the database so they agree."},
      {"V309", 3, E, "A rolled-back insert and read of generated values failed for an entity.",
       "Read the database error in the message; the table does not accept what the spec "
       "allows."},
      {"V310", 3, E,
       "The pool's max_size exceeds the server's connection limit minus the "
       "reserved slots.",
       "Lower pool.max_size or raise the server's max_connections."},
      {"V311", 3, E,
       "The database has applied migrations the spec does not know (it is ahead "
       "of the spec).",
       "Validate the newer spec, or restore the database to this version."},
      {"V312", 3, W,
       "The live schema differs from the spec because the database is behind it: pending "
       "migrations will change it.",
       "Run v5gen migrate SPEC up; check the listed differences are the intended ones."},
      {"V313", 3, Severity::info,
       "The round trip of an entity was skipped: no value satisfies its constraints (a pattern "
       "the generator cannot meet) or a required parent row could not be made.",
       "Give the field a default that matches its pattern, or test the entity by hand."},
      {"V314", 3, E, "A replica is not in recovery (pg_is_in_recovery() is false): it is a primary.",
       "Point the replica DSN at a standby, or rebuild the replica (pg_basebackup -R)."},
      {"V315", 3, E,
       "A replica's system identifier differs from its primary's: it is a copy of another "
       "cluster.",
       "Point the replica DSN at a standby of this primary."},
      // Level 4: semantic.
      {"V401", 4, E,
       "A table, column or index name is a reserved word of a configured backend "
       "(PostgreSQL or MariaDB/MySQL).",
       "Rename it (e.g. order -> orders, user -> app_user)."},
      {"V402", 4, W, "A table, column or index name is an SQLite keyword.",
       "Rename it; it works only quoted."},
      {"V403", 4, E, "A field type or constraint cannot be represented on a configured backend.",
       "Change the type (e.g. text instead of a long string) or drop the constraint."},
      {"V404", 4, W, "A field type behaves differently on a configured backend.",
       "Check the type notes in the message; keep such values out of SQL arithmetic."},
      {"V405", 4, W,
       "A foreign key has no index starting with it (a composite one: no index or primary key "
       "beginning with all its fields, in any order).",
       "Add an index with the foreign key's fields first."},
      {"V406", 4, W, "A unique field is nullable: several NULLs are allowed on every backend.",
       "Make it not nullable, or accept several NULLs."},
      {"V407", 4, W, "A pool is larger than cores x 2 + spindles of the database server.",
       "Lower pool.max_size; more connections than this usually lowers throughput."},
      {"V408", 4, W,
       "A field whose name looks sensitive (password, secret, token, ssn, card "
       "number) is stored as a plain string.",
       "Store a hash (bytes) or an encrypted value, never the secret itself."},
      {"V409", 4, W, "Table names mix singular and plural.", "Pick one convention."},
      {"V410", 4, W, "Foreign-key field names mix the _id suffix and bare names.",
       "Pick one convention, e.g. <entity>_id."},
      {"V411", 4, W, "Primary-key names mix id and <entity>_id.", "Pick one convention."},
      {"V412", 4, W, "No component uses the entity.",
       "Add a store component for it, or remove it."},
      {"V413", 4, W,
       "A component asks for an isolation level its backend does not provide as "
       "such.",
       "Use an isolation level the backend honours (SQLite: serializable)."},
      {"V414", 4, W,
       "The monitoring endpoint listens beyond the loopback address without a "
       "bearer_token.",
       "Set monitoring.bearer_token or listen on 127.0.0.1."},
      {"V415", 4, W, "A DSN holds a literal password.",
       "Take the password from the environment: password=${DB_PASSWORD}."},
      {"V416", 4, W,
       "An api component listens beyond the loopback address without a "
       "bearer_token.",
       "Set auth.bearer_token (from the environment) or listen on 127.0.0.1."},
  };
}

}  // namespace

const std::vector<CodeInfo>& code_catalogue() {
  static const std::vector<CodeInfo> catalogue = build_catalogue();
  return catalogue;
}

const CodeInfo* find_code(std::string_view code) noexcept {
  const auto& all = code_catalogue();
  auto it = std::find_if(all.begin(), all.end(), [&](const CodeInfo& c) { return c.code == code; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace v5validate
