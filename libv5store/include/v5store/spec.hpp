// The system spec (YAML, format version 1): the typed model and its parser.
//
// Example:
//   v5store::SystemSpec spec = v5store::parse_spec_file("shop.yaml");  // throws Error(config)
//   const v5store::EntitySpec* order = spec.find_entity("order");
//   const v5store::DatabaseSpec& main = spec.databases.front();       // dsn already expanded
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "v5store/types.hpp"

namespace v5store {

// A place in a spec file; line and column are 1-based, 0 when unknown.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column" (or as much of it as is known).
  std::string to_string() const;
};

// Connection-pool options of one database (the spec's `pool:` keys, docs/spec.md). Defaults
// follow HikariCP.
struct PoolOptions {
  int max_size = 10;
  int min_idle = 1;
  int acquire_timeout_ms = 30000;
  int idle_timeout_s = 600;
  int max_lifetime_s = 1800;
  int keepalive_s = 0;              // 0: no keepalive
  int validation_timeout_ms = 1000;
  int leak_detection_ms = 0;        // 0: off
  // Knobs beyond the spec's `pool:` keys (docs/pool.md); HikariCP equivalents in brackets.
  int validation_window_ms = 500;   // a connection idle longer is pinged on borrow [aliveBypassWindowMs]
  int circuit_breaker_threshold = 5;  // consecutive connect failures that open the circuit
  int reconnect_backoff_ms = 250;   // first cooldown of the open circuit / refill retry delay
  int reconnect_backoff_max_ms = 30000;  // cap of the exponential backoff
  int statement_cache_size = 128;   // prepared statements kept per connection (LRU); 0: none
};

// A streaming replica of a database (`replicas[i]`, docs/scaling.md#read-replicas): its own
// DSN and its own pool (one pool per replica, HikariCP's advice of one pool per role).
struct ReplicaSpec {
  std::string dsn_template;  // as written, with ${VAR} references
  std::string dsn;           // ${VAR} expanded
  PoolOptions pool;
  SourceLocation location;
};

// What a read after a commit through the same store must see (`read_your_writes:`).
// none: any replica in rotation; sticky: the primary for read_your_writes_ms after the
// store's last commit; position: a replica that replayed the store's last commit (waiting at
// most read_your_writes_ms), else the primary.
enum class ReadYourWrites { none, sticky, position };

struct DatabaseSpec {
  std::string name;
  BackendKind backend = BackendKind::sqlite;
  std::string dsn_template;  // as written, with ${VAR} references
  std::string dsn;           // ${VAR} expanded from the environment at parse time
  // `pooler:`: what sits between the application and the server (docs/scaling.md).
  Pooler pooler = Pooler::none;
  // `migration_dsn:`: a DSN straight to the server for the migrator, which needs a session of
  // its own (an advisory lock) that a transaction pooler does not give; empty: dsn.
  std::string migration_dsn_template;
  std::string migration_dsn;
  PoolOptions pool;
  // `replicas:`: streaming replicas that reads may go to; empty: every read goes to dsn.
  std::vector<ReplicaSpec> replicas;
  ReadYourWrites read_your_writes = ReadYourWrites::position;
  // position: the longest wait for a replica to replay the last commit; sticky: the window.
  int read_your_writes_ms = 100;
  // A replica further behind than this leaves the rotation until it catches up.
  int max_replica_lag_ms = 1000;
  SourceLocation location;
};

// The DSN migrations connect with: migration_dsn when set, else dsn.
inline const std::string& migrations_dsn(const DatabaseSpec& database) noexcept {
  return database.migration_dsn.empty() ? database.dsn : database.migration_dsn;
}

// One DSN a database's spec writes, as written: its key below the database ("dsn",
// "migration_dsn", "replicas[0].dsn") and its template, viewing the DatabaseSpec.
struct DsnTemplate {
  std::string key;
  const std::string* text;
};

// Every DSN template of `database`: dsn, migration_dsn (when set) and each replica's dsn.
// The pointers live as long as `database`. Thread-safe.
inline std::vector<DsnTemplate> dsn_templates(const DatabaseSpec& database) {
  std::vector<DsnTemplate> templates = {{"dsn", &database.dsn_template}};
  if (!database.migration_dsn_template.empty()) {
    templates.push_back({"migration_dsn", &database.migration_dsn_template});
  }
  for (std::size_t i = 0; i < database.replicas.size(); ++i) {
    templates.push_back(
        {"replicas[" + std::to_string(i) + "].dsn", &database.replicas[i].dsn_template});
  }
  return templates;
}

enum class OnDelete { no_action, cascade, restrict, set_null };

struct FieldSpec {
  std::string name;
  // `column:`, the column in the table; empty: the field name (detail::column_name()).
  std::string column;
  FieldType type = FieldType::string;
  bool nullable = false;
  bool primary_key = false;
  bool generated = false;     // database-generated (auto increment)
  bool unique = false;
  std::optional<std::string> default_value;  // as written; "now" for timestamps means now
  // A default written into DDL verbatim as an SQL expression (`default_sql:`, for imported
  // databases whose default is neither a literal nor now); excludes default_value.
  std::optional<std::string> default_sql;
  // `sql_type:`: the column's type as the database spells it ("NVARCHAR(160)", "tsvector",
  // a PostgreSQL enum type or domain), written into DDL instead of the type's usual column
  // type; for type opaque the real type (empty: a text column). Such a column is declared without CHECK: the database's
  // type and constraints are authoritative, and drift compares the type alone (records still
  // check values, min, max and lengths before writing).
  std::string sql_type;
  std::optional<double> min;
  std::optional<double> max;
  std::optional<std::int64_t> min_length;
  std::optional<std::int64_t> max_length;
  std::optional<std::string> pattern;
  std::optional<std::string> example;  // a valid value for generated tests, as written
  std::vector<std::string> values;  // enum members
  std::optional<std::string> references_entity;
  std::optional<std::string> references_field;
  OnDelete on_delete = OnDelete::no_action;
  int precision = 0;  // decimal
  int scale = 0;      // decimal
  std::string description;
  SourceLocation location;
};

struct IndexSpec {
  std::string name;  // generated from the table and fields when not given
  std::vector<std::string> fields;
  bool unique = false;
  SourceLocation location;
};

// An entry of an entity's `foreign_keys` (also composite): `fields` reference
// `referenced_fields` of the entity `references`, pairwise in order. A field's `references:
// entity.field` is the one-field form of the same thing.
struct ForeignKeySpec {
  std::vector<std::string> fields;
  std::string references;                     // the referenced entity
  std::vector<std::string> referenced_fields; // as written; empty: its primary key
  OnDelete on_delete = OnDelete::no_action;
  SourceLocation location;
};

struct EntitySpec {
  std::string name;
  std::string table;  // defaults to the entity name
  std::vector<FieldSpec> fields;  // declaration order
  std::vector<IndexSpec> indexes;
  std::vector<ForeignKeySpec> foreign_keys;  // `foreign_keys:` as written (fields' own excluded)
  std::string description;
  // `read_only: true`: rows are read, never updated or removed (an imported table without a
  // primary key, or one another system owns). Records refuse update/remove with
  // Error(validation) naming the entity; v5gen generates no update/remove.
  bool read_only = false;
  SourceLocation location;

  // The field named `name`, or nullptr.
  const FieldSpec* find_field(std::string_view name) const noexcept;
  // The primary-key fields in declaration order.
  std::vector<const FieldSpec*> primary_key() const;
};

struct CacheOptions {
  std::size_t max_entries = 0;  // 0: no cache
  int ttl_s = 0;
};

enum class IsolationLevel { default_level, read_uncommitted, read_committed, repeatable_read,
                            serializable };

struct TransactionOptions {
  IsolationLevel isolation = IsolationLevel::default_level;
  int max_retries = 3;
  bool read_only = false;
};

// Where a store component's reads go (`read_from:`); writes always go to the primary.
enum class ReadFrom { primary, replica };

// A store component (`type: store`, the default).
struct ComponentSpec {
  std::string name;
  std::string type;  // "store"
  std::string entity;
  std::string database;
  CacheOptions cache;
  TransactionOptions transactions;
  ReadFrom read_from = ReadFrom::primary;
  SourceLocation location;
};

// An API component (`type: api`, docs/api.md): the store components it serves as JSON over
// HTTP (v5store/api_server.hpp), on its own listener.
struct ApiSpec {
  std::string name;
  std::vector<std::string> stores;  // store component names
  std::string listen = "127.0.0.1:8080";
  std::string base_path = "/api";
  std::string bearer_token;  // auth.bearer_token, ${VAR} expanded; empty: no auth
  std::int64_t max_body_bytes = 1 << 20;
  std::size_t position = 0;  // its index in the spec's `components` list
  SourceLocation location;
};

// Thresholds and interval of one health category (the spec's `monitoring.categories` keys).
struct HealthCategoryOptions {
  int interval_ms = 0;  // 0: the monitor's health_interval_ms
  int timeout_ms = 2000;
  double warning = 0;   // category-specific meaning; 0: the category's default
  double critical = 0;
  bool critical_category = false;  // a critical result here raises EMERGENCY
};

struct MonitoringSpec {
  std::string listen = "127.0.0.1:9464";
  bool listen_set = false;  // the spec gives `listen`: V5EnhancedStore serves the endpoint
  int health_interval_ms = 1000;
  std::string bearer_token;  // optional; protects /health details
  std::map<std::string, HealthCategoryOptions> categories;  // by category name
  bool enabled = true;
  SourceLocation location;
};

enum class MigrationMode { declarative, versioned };

struct MigrationSpec {
  MigrationMode mode = MigrationMode::declarative;
  std::string dir = "migrations";  // versioned mode, relative to the spec file
  // The migrator may drop tables the spec does not declare; otherwise they are unmanaged:
  // reported by drift as information, never dropped or altered.
  bool owns_schema = false;
  // Glob patterns (`*`, `?`) of table names that drift and the migrator never look at.
  std::vector<std::string> ignore;
};

// The whole parsed spec.
struct SystemSpec {
  int schema_version = 1;
  std::string name;
  int version = 1;
  std::string description;
  std::vector<DatabaseSpec> databases;
  std::vector<EntitySpec> entities;
  std::vector<ComponentSpec> components;  // the store components
  std::vector<ApiSpec> apis;              // the api components (same `components:` list)
  MonitoringSpec monitoring;
  MigrationSpec migrations;
  std::filesystem::path source_file;  // empty when parsed from a string

  const DatabaseSpec* find_database(std::string_view name) const noexcept;
  const EntitySpec* find_entity(std::string_view name) const noexcept;
  const ComponentSpec* find_component(std::string_view name) const noexcept;

  // Every foreign key of `entity`: each field's `references` as a one-field key (field order),
  // then its `foreign_keys`, with empty referenced_fields filled in with the referenced
  // entity's primary key (left empty when that entity is not defined). Thread-safe.
  std::vector<ForeignKeySpec> foreign_keys_of(const EntitySpec& entity) const;
};

// Parses a spec file. Expands ${VAR} and ${VAR:-default} in DSNs from the environment.
// Throws v5store::Error(config) naming file:line:column for YAML that does not parse, a value
// of the wrong type, an unknown backend or field type, or an unset ${VAR} with no default.
// Deeper checks (references, duplicates, unknown keys) belong to libvalidate. Thread-safe.
SystemSpec parse_spec_file(const std::filesystem::path& path);

// Parses spec text; `source_name` is used in locations and messages. Same errors as above.
SystemSpec parse_spec_string(std::string_view yaml, std::string source_name = "<string>");

}  // namespace v5store
