// The PostgreSQL backend: one implementation of detail::Backend, split over the files of this
// folder (backend.cpp: sessions; dialect.cpp: types and DDL; error_mapping.cpp: errors;
// introspection.cpp: the live schema; locking.cpp: the migration lock).
#pragma once

#include "backends/backend.hpp"

namespace v5store::detail {

class PostgresqlBackend final : public Backend {
 public:
  BackendKind kind() const noexcept override;

  // backend.cpp
  std::unique_ptr<soci::session> open(const std::string& dsn,
                                      std::chrono::milliseconds connect_timeout) const override;
  std::string server_version(soci::session& session) const override;
  void ping(soci::session& session) const override;
  std::vector<std::string> begin_transaction(const TransactionOptions& options) const override;
  bool supports_returning() const noexcept override;
  std::int64_t last_insert_id(soci::session& session) const override;

  // dialect.cpp
  std::string quote(std::string_view identifier) const override;
  std::string column_type(const FieldSpec& field) const override;
  std::string column_definition(const EntitySpec& entity, const FieldSpec& field) const override;
  std::string create_table(const SystemSpec& spec, const EntitySpec& entity) const override;
  std::string create_index(const EntitySpec& entity, const IndexSpec& index) const override;
  std::string select_expression(FieldType type, std::string_view column_sql) const override;
  std::string bind_expression(FieldType type, std::string_view placeholder) const override;
  std::string encode_bytes(const Bytes& bytes) const override;
  Bytes decode_bytes(std::string_view text) const override;

  // dialect.cpp: schema changes for the migrator
  std::string drop_index(std::string_view table, std::string_view index) const override;
  bool alters_tables_in_place() const noexcept override;
  std::vector<std::string> alter_column(const EntitySpec& entity, const FieldSpec& field,
                                        ColumnChanges changes) const override;
  std::string drop_foreign_key(std::string_view table,
                               std::string_view constraint) const override;

  // introspection.cpp
  LiveSchema introspect(soci::session& session) const override;
  std::string normalize_type(std::string_view type) const override;

  // locking.cpp
  MigrationAtomicity migration_atomicity() const noexcept override;
  void acquire_migration_lock(soci::session& session,
                              std::chrono::milliseconds timeout) const override;
  void verify_migration(soci::session& session) const override;
  void release_migration_lock(soci::session& session, bool commit) const noexcept override;

  // error_mapping.cpp
  MappedError map_error(const soci::soci_error& error) const override;
};

// The one PostgreSQL backend object (the factory behind backend_for()).
const Backend& postgresql_backend();

}  // namespace v5store::detail
