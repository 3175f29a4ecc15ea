#include "database_level.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <set>

#include <fmt/format.h>
#include <soci/soci.h>

#include "migration_checks.hpp"
#include "probe_values.hpp"
#include "replica_checks.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"

namespace v5validate::detail {

namespace {

using v5store::BackendKind;
using v5store::DatabaseSpec;
using v5store::EntitySpec;
using v5store::FieldSpec;
using v5store::SystemSpec;
using v5store::detail::Backend;

std::string database_path(const DatabaseSpec& database) {
  return fmt::format("databases.{}", database.name);
}

// A message from the database or driver with every secret of the DSN removed.
// Only the first line: drivers append the statement and its bound values.
std::string scrubbed(const std::exception& e, const DatabaseSpec& database) {
  std::string text = v5store::redact_secrets(e.what(), database.dsn);
  const std::size_t end = text.find('\n');
  if (end != std::string::npos) text.resize(end);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.pop_back();
  return text;
}

// The SQLite file a DSN names, or "" for a server backend or an in-memory database.
std::filesystem::path sqlite_file(const DatabaseSpec& database) {
  if (database.backend != BackendKind::sqlite) return {};
  std::string path;
  try {
    const auto pairs = v5store::parse_dsn(database.dsn);
    auto it = pairs.find("db");
    if (it == pairs.end()) it = pairs.find("dbname");
    if (it != pairs.end()) path = it->second;
  } catch (const std::exception&) {
    return {};
  }
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return {};
  return path;
}

// Removes an SQLite file (and its journals) that only the pre-flight created.
class CreatedFileGuard {
 public:
  explicit CreatedFileGuard(std::filesystem::path file) {
    std::error_code ec;
    if (!file.empty() && !std::filesystem::exists(file, ec)) file_ = std::move(file);
  }
  ~CreatedFileGuard() {
    if (file_.empty()) return;
    std::error_code ec;
    for (const char* suffix : {"", "-journal", "-wal", "-shm"}) {
      std::filesystem::remove(file_.string() + suffix, ec);
    }
  }
  CreatedFileGuard(const CreatedFileGuard&) = delete;
  CreatedFileGuard& operator=(const CreatedFileGuard&) = delete;

 private:
  std::filesystem::path file_;
};

// V301: connect within the timeout.
std::unique_ptr<soci::session> check_connection(const Backend& backend,
                                                const DatabaseSpec& database,
                                                const Options& options, Sink& sink) {
  try {
    return backend.open(database.dsn, options.connect_timeout);
  } catch (const std::exception& e) {
    sink.add_at_line(0, 0, "V301", database_path(database),
                     fmt::format("cannot connect to database `{}` ({}) within {} ms: {}",
                                 database.name, v5store::to_string(database.backend),
                                 options.connect_timeout.count(), scrubbed(e, database)),
                     "check the host, port, database name, user and password of the DSN");
    return nullptr;
  }
}

// Major and minor of a version text such as "15.4 (Debian ...)" or "10.11.6-MariaDB".
std::pair<int, int> major_minor(const std::string& version) {
  int major = 0;
  int minor = 0;
  std::size_t i = 0;
  while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) {
    major = std::min(major * 10 + (version[i++] - '0'), 100000);
  }
  if (i < version.size() && version[i] == '.') {
    ++i;
    while (i < version.size() && std::isdigit(static_cast<unsigned char>(version[i]))) {
      minor = std::min(minor * 10 + (version[i++] - '0'), 100000);
    }
  }
  return {major, minor};
}

// V302: the server version is supported.
void check_server_version(const Backend& backend, soci::session& session,
                          const DatabaseSpec& database, Sink& sink) {
  std::string version;
  try {
    version = backend.server_version(session);
  } catch (const std::exception& e) {
    sink.add_at_line(0, 0, "V302", database_path(database),
                     "cannot read the server version: " + scrubbed(e, database));
    return;
  }
  const auto [major, minor] = major_minor(version);
  std::string product;
  std::pair<int, int> required;
  switch (database.backend) {
    case BackendKind::postgresql:
      product = "PostgreSQL";
      required = {12, 0};
      break;
    case BackendKind::mysql: {
      std::string lower = version;
      std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
      const bool mariadb = lower.find("mariadb") != std::string::npos;
      product = mariadb ? "MariaDB" : "MySQL";
      required = mariadb ? std::pair{10, 5} : std::pair{8, 0};
      break;
    }
    case BackendKind::sqlite:
      product = "SQLite";
      required = {3, 35};
      break;
  }
  if (std::pair{major, minor} < required) {
    sink.add_at_line(0, 0, "V302", database_path(database),
                     fmt::format("database `{}` runs {} {}; at least {}.{} is required",
                                 database.name, product, version, required.first, required.second),
                     "upgrade the server");
  }
}

std::string probe_name() {
  std::random_device device;
  return fmt::format("v5_validate_probe_{:08x}", device());
}

// V303 / V304: the user may create a table and insert into it. PostgreSQL and SQLite do it
// inside a rolled-back transaction; MySQL/MariaDB (DDL commits) in a temporary table.
void check_privileges(const Backend& backend, soci::session& session, const DatabaseSpec& database,
                      Sink& sink) {
  const std::string table = backend.quote(probe_name());
  const bool transactional = database.backend != BackendKind::mysql;
  const std::string create =
      fmt::format("CREATE {}TABLE {} (id INTEGER PRIMARY KEY, note VARCHAR(16))",
                  transactional ? "" : "TEMPORARY ", table);
  std::string_view step = "V303";
  try {
    if (transactional) session.begin();
    session << create;
    step = "V304";
    session << fmt::format("INSERT INTO {} (id, note) VALUES (1, 'v5')", table);
    if (transactional) {
      session.rollback();
    } else {
      session << fmt::format("DROP TEMPORARY TABLE {}", table);
    }
  } catch (const std::exception& e) {
    if (transactional) {
      try {
        session.rollback();
      } catch (const std::exception&) {
      }
    }
    const bool creating = step == "V303";
    sink.add_at_line(0, 0, step, database_path(database),
                     fmt::format("the user of database `{}` cannot {} a table: {}", database.name,
                                 creating ? "create" : "insert into", scrubbed(e, database)),
                     creating ? "GRANT CREATE on the database (or schema) to the user"
                              : "GRANT INSERT, SELECT, UPDATE, DELETE to the user");
  }
}

// The entities of `database` (those a component stores there; all when no component names
// the database), parents before children.
std::vector<const EntitySpec*> entities_in_order(const SystemSpec& spec,
                                                 const DatabaseSpec& database) {
  std::vector<const EntitySpec*> members;
  for (const auto& entity : spec.entities) {
    const bool named = std::any_of(spec.components.begin(), spec.components.end(),
                                   [&](const auto& c) { return c.database == database.name; });
    const bool here = std::any_of(
        spec.components.begin(), spec.components.end(),
        [&](const auto& c) { return c.database == database.name && c.entity == entity.name; });
    if (here || !named) members.push_back(&entity);
  }
  std::vector<const EntitySpec*> ordered;
  std::set<const EntitySpec*> placed;
  while (ordered.size() < members.size()) {
    bool progress = false;
    for (const EntitySpec* entity : members) {
      if (placed.count(entity)) continue;
      const auto keys = spec.foreign_keys_of(*entity);
      const bool ready = std::all_of(keys.begin(), keys.end(), [&](const auto& fk) {
        if (fk.references == entity->name) return true;
        const EntitySpec* parent = spec.find_entity(fk.references);
        return parent == nullptr || placed.count(parent) ||
               std::find(members.begin(), members.end(), parent) == members.end();
      });
      if (ready) {
        ordered.push_back(entity);
        placed.insert(entity);
        progress = true;
      }
    }
    if (!progress) {  // a cycle: keep declaration order for the rest
      for (const EntitySpec* entity : members) {
        if (placed.insert(entity).second) ordered.push_back(entity);
      }
    }
  }
  return ordered;
}

// One rolled-back insert and read-back of generated values per entity (V309; V313 when no
// value can be generated). Every entity runs under its own savepoint of one transaction.
class RoundTrip {
 public:
  RoundTrip(const SystemSpec& spec, const DatabaseSpec& database, const Backend& backend,
            soci::session& session, Sink& sink)
      : spec_(spec), database_(database), backend_(backend), session_(session), sink_(sink) {
    std::random_device device;
    seed_ = (static_cast<std::uint64_t>(device()) << 32) | device();
  }

  void run(const std::set<std::string>& unusable_tables) {
    try {
      session_.begin();
      for (const EntitySpec* entity : entities_in_order(spec_, database_)) {
        if (unusable_tables.count(entity->table)) continue;
        run_entity(*entity);
      }
      session_.rollback();
    } catch (const std::exception& e) {
      try {
        session_.rollback();
      } catch (const std::exception&) {
      }
      sink_.add_at_line(0, 0, "V309", database_path(database_),
                        "the round-trip transaction failed: " + scrubbed(e, database_));
    }
  }

 private:
  void skip(const EntitySpec& entity, const std::string& why) {
    sink_.add("V313", fmt::format("entities.{}", entity.name),
              fmt::format("round trip of {} on database `{}` skipped: {}", entity.name,
                          database_.name, why));
  }

  // Values for every field that is not generated; false (after reporting) when impossible.
  bool values_for(const EntitySpec& entity, std::vector<const FieldSpec*>& columns,
                  std::vector<std::string>& values, std::vector<soci::indicator>& nulls) {
    std::map<std::string, std::pair<std::string, std::string>> referenced;  // field -> target
    for (const auto& fk : spec_.foreign_keys_of(entity)) {
      for (std::size_t i = 0; i < fk.fields.size() && i < fk.referenced_fields.size(); ++i) {
        referenced.try_emplace(fk.fields[i], fk.references, fk.referenced_fields[i]);
      }
    }
    for (const auto& field : entity.fields) {
      if (field.generated) continue;
      ++seed_;
      std::optional<std::string> value;
      if (const auto target = referenced.find(field.name); target != referenced.end()) {
        const auto& [parent_entity, parent_field] = target->second;
        const auto parent = inserted_.find(parent_entity);
        if (parent != inserted_.end() && parent->second.count(parent_field)) {
          value = parent->second.at(parent_field);
        } else if (!field.nullable) {
          skip(entity, fmt::format("no row of {} to reference from {}", parent_entity,
                                   field.name));
          return false;
        }
      } else {
        ProbeValue probe = probe_value(field, seed_);
        if (!probe.problem.empty()) {
          skip(entity, fmt::format("field {}: {}", field.name, probe.problem));
          return false;
        }
        value = probe.text;
        if (value && field.type == v5store::FieldType::bytes) {
          value = backend_.encode_bytes(v5store::Bytes(value->begin(), value->end()));
        }
      }
      columns.push_back(&field);
      values.push_back(value.value_or(""));
      nulls.push_back(value ? soci::i_ok : soci::i_null);
    }
    return true;
  }

  void run_entity(const EntitySpec& entity) {
    std::vector<const FieldSpec*> columns;
    std::vector<std::string> values;
    std::vector<soci::indicator> nulls;
    if (!values_for(entity, columns, values, nulls)) return;
    const auto key = entity.primary_key();
    const FieldSpec* generated_key =
        key.size() == 1 && key.front()->generated ? key.front() : nullptr;

    std::string names;
    std::string placeholders;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      names += (i ? ", " : "") + backend_.quote(columns[i]->name);
      placeholders +=
          (i ? ", " : "") + backend_.bind_expression(columns[i]->type, fmt::format(":p{}", i + 1));
    }
    std::string insert =
        columns.empty() ? fmt::format("INSERT INTO {} DEFAULT VALUES", backend_.quote(entity.table))
                        : fmt::format("INSERT INTO {} ({}) VALUES ({})",
                                      backend_.quote(entity.table), names, placeholders);
    std::string generated_text;
    const bool returning = generated_key != nullptr && backend_.supports_returning();
    if (returning) insert += " RETURNING " + backend_.quote(generated_key->name);

    session_ << "SAVEPOINT v5_round_trip";
    try {
      soci::statement statement(session_);
      for (std::size_t i = 0; i < values.size(); ++i) {
        statement.exchange(soci::use(values[i], nulls[i]));
      }
      if (returning) statement.exchange(soci::into(generated_text));
      statement.alloc();
      statement.prepare(insert);
      statement.define_and_bind();
      statement.execute(true);

      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        if (nulls[i] == soci::i_ok) row[columns[i]->name] = values[i];
      }
      if (generated_key != nullptr) {
        row[generated_key->name] =
            returning ? generated_text : std::to_string(backend_.last_insert_id(session_));
      }
      verify_row(entity, key, row);
      inserted_[entity.name] = std::move(row);
      session_ << "RELEASE SAVEPOINT v5_round_trip";
    } catch (const std::exception& e) {
      session_ << "ROLLBACK TO SAVEPOINT v5_round_trip";
      sink_.add("V309", fmt::format("entities.{}", entity.name),
                fmt::format("round trip of {} on database `{}` failed: {}", entity.name,
                            database_.name, scrubbed(e, database_)),
                "the table does not accept values the spec allows; compare it with the spec "
                "(v5gen diff SPEC)");
    }
  }

  // Reads the inserted row back by its key; throws when it is not there exactly once.
  void verify_row(const EntitySpec& entity, const std::vector<const FieldSpec*>& key,
                  const std::map<std::string, std::string>& row) {
    if (key.empty()) return;
    std::string where;
    std::vector<std::string> values;
    for (std::size_t i = 0; i < key.size(); ++i) {
      const auto it = row.find(key[i]->name);
      if (it == row.end()) return;
      where += fmt::format("{}{} = {}", i ? " AND " : "", backend_.quote(key[i]->name),
                           backend_.bind_expression(key[i]->type, fmt::format(":k{}", i + 1)));
      values.push_back(it->second);
    }
    long long count = 0;
    soci::statement statement(session_);
    for (auto& value : values) statement.exchange(soci::use(value));
    statement.exchange(soci::into(count));
    statement.alloc();
    statement.prepare(
        fmt::format("SELECT COUNT(*) FROM {} WHERE {}", backend_.quote(entity.table), where));
    statement.define_and_bind();
    statement.execute(true);
    if (count != 1) {
      throw std::runtime_error(
          fmt::format("the inserted row was read back {} times instead of once", count));
    }
  }

  const SystemSpec& spec_;
  const DatabaseSpec& database_;
  const Backend& backend_;
  soci::session& session_;
  Sink& sink_;
  std::uint64_t seed_ = 0;
  std::map<std::string, std::map<std::string, std::string>> inserted_;  // entity -> field -> text
};

// V310: pool max_size within the server's connection limit minus reserved slots.
void check_pool_limit(soci::session& session, const DatabaseSpec& database, const Options& options,
                      Sink& sink) {
  if (database.backend == BackendKind::sqlite) return;
  long long limit = 0;
  long long superuser_reserved = 0;
  try {
    if (database.backend == BackendKind::postgresql) {
      std::string max_connections;
      std::string reserved;
      session << "SELECT setting FROM pg_settings WHERE name = 'max_connections'",
          soci::into(max_connections);
      session << "SELECT setting FROM pg_settings WHERE name = 'superuser_reserved_connections'",
          soci::into(reserved);
      limit = std::stoll(max_connections);
      superuser_reserved = std::stoll(reserved);
    } else {
      std::string max_connections;
      session << "SELECT CAST(@@max_connections AS CHAR)", soci::into(max_connections);
      limit = std::stoll(max_connections);
    }
  } catch (const std::exception& e) {
    sink.add_at_line(0, 0, "V310", database_path(database),
                     "cannot read the server's connection limit: " + scrubbed(e, database));
    return;
  }
  const long long available = limit - superuser_reserved - options.reserved_connections;
  if (database.pool.max_size > available) {
    sink.add(
        "V310", database_path(database) + ".pool.max_size",
        fmt::format("pool max_size {} of database `{}` exceeds the server's {} connections "
                    "minus {} reserved for superusers and {} kept free = {}",
                    database.pool.max_size, database.name, limit, superuser_reserved,
                    options.reserved_connections, available),
        fmt::format("lower max_size to {} or raise max_connections", std::max(1LL, available)));
  }
}

void check_database(const SystemSpec& spec, const DatabaseSpec& database, Context& ctx) {
  Sink& sink = ctx.sink;
  const Backend& backend = v5store::detail::backend_for(database.backend);
  CreatedFileGuard created(sqlite_file(database));
  std::unique_ptr<soci::session> session = check_connection(backend, database, ctx.options, sink);
  if (!session) return;
  check_server_version(backend, *session, database, sink);
  check_privileges(backend, *session, database, sink);

  const std::set<std::string> unusable_tables =
      check_migration_state(spec, database, *session, ctx.options, sink);
  RoundTrip(spec, database, backend, *session, sink).run(unusable_tables);
  check_pool_limit(*session, database, ctx.options, sink);
  check_replicas_live(database, *session, ctx.options, sink);
}

}  // namespace

void DatabaseLevel::run(Context& ctx) const {
  if (!ctx.spec) return;
  for (const auto& database : ctx.spec->databases) check_database(*ctx.spec, database, ctx);
}

}  // namespace v5validate::detail
