// The history table: creation, reading and appending rows.
#include "migrate/history_table.hpp"

#include <algorithm>

namespace v5store::detail {

namespace {

FieldSpec field(std::string name, FieldType type, bool nullable = false,
                std::optional<std::int64_t> max_length = std::nullopt) {
  FieldSpec f;
  f.name = std::move(name);
  f.type = type;
  f.nullable = nullable;
  f.max_length = max_length;
  return f;
}

EntitySpec history_entity() {
  EntitySpec entity;
  entity.name = std::string(kSchemaHistoryTable);
  entity.table = entity.name;
  FieldSpec rank = field("installed_rank", FieldType::int32);
  rank.primary_key = true;
  FieldSpec installed_on = field("installed_on", FieldType::timestamp);
  installed_on.default_value = "now";
  entity.fields = {rank,
                   field("version", FieldType::string, true, 50),
                   field("description", FieldType::string, false, 200),
                   field("type", FieldType::string, false, 20),
                   field("script", FieldType::string, false, 1000),
                   field("checksum", FieldType::int64, true),
                   field("installed_by", FieldType::string, false, 100),
                   installed_on,
                   field("execution_ms", FieldType::int64),
                   field("success", FieldType::boolean),
                   field("failed_statement", FieldType::text, true)};
  return entity;
}

std::string truncated(const std::string& text, std::size_t max) {
  return text.size() <= max ? text : text.substr(0, max);
}

}  // namespace

std::string HistoryTable::table() const { return backend_.quote(kSchemaHistoryTable); }

bool HistoryTable::exists() {
  return backend_.introspect(session_).find_table(kSchemaHistoryTable) != nullptr;
}

void HistoryTable::create() {
  SystemSpec spec;
  spec.entities.push_back(history_entity());
  session_ << backend_.create_table(spec, spec.entities.front());
}

std::vector<HistoryEntry> HistoryTable::read() {
  std::vector<HistoryEntry> out;
  if (!exists()) return out;
  const auto q = [&](std::string_view name) { return backend_.quote(name); };
  const std::string sql =
      "SELECT " + q("installed_rank") + ", " + q("version") + ", " + q("description") + ", " +
      q("type") + ", " + q("script") + ", " + q("checksum") + ", " + q("installed_by") + ", " +
      backend_.select_expression(FieldType::timestamp, q("installed_on")) + ", " +
      q("execution_ms") + ", CASE WHEN " + q("success") + " THEN 1 ELSE 0 END, " +
      q("failed_statement") + " FROM " + table() + " ORDER BY " + q("installed_rank");
  HistoryEntry row;
  std::string version;
  long long checksum = 0;
  long long execution_ms = 0;
  int success = 0;
  std::string failed;
  soci::indicator version_ind = soci::i_ok;
  soci::indicator checksum_ind = soci::i_ok;
  soci::indicator installed_on_ind = soci::i_ok;
  soci::indicator failed_ind = soci::i_ok;
  soci::statement st =
      (session_.prepare << sql, soci::into(row.installed_rank), soci::into(version, version_ind),
       soci::into(row.description), soci::into(row.type), soci::into(row.script),
       soci::into(checksum, checksum_ind), soci::into(row.installed_by),
       soci::into(row.installed_on, installed_on_ind), soci::into(execution_ms),
       soci::into(success), soci::into(failed, failed_ind));
  st.execute();
  while (st.fetch()) {
    HistoryEntry entry = row;
    if (version_ind == soci::i_ok) entry.version = version;
    if (checksum_ind == soci::i_ok) entry.checksum = checksum;
    if (installed_on_ind != soci::i_ok) entry.installed_on.clear();
    entry.execution_ms = execution_ms;
    entry.success = success != 0;
    if (failed_ind == soci::i_ok) entry.failed_statement = failed;
    out.push_back(std::move(entry));
  }
  return out;
}

void HistoryTable::append(const HistoryEntry& entry) {
  int rank = 0;
  soci::indicator rank_ind = soci::i_ok;
  session_ << "SELECT MAX(" + backend_.quote("installed_rank") + ") FROM " + table(),
      soci::into(rank, rank_ind);
  const int next = rank_ind == soci::i_ok ? rank + 1 : 1;
  const auto q = [&](std::string_view name) { return backend_.quote(name); };
  std::string version = entry.version.value_or("");
  soci::indicator version_ind = entry.version ? soci::i_ok : soci::i_null;
  long long checksum = entry.checksum.value_or(0);
  soci::indicator checksum_ind = entry.checksum ? soci::i_ok : soci::i_null;
  std::string failed = entry.failed_statement;
  soci::indicator failed_ind = failed.empty() ? soci::i_null : soci::i_ok;
  std::string description = truncated(entry.description, 200);
  std::string type = entry.type;
  std::string script = truncated(entry.script, 1000);
  std::string installed_by = truncated(entry.installed_by, 100);
  long long execution_ms = entry.execution_ms;
  session_ << "INSERT INTO " + table() + " (" + q("installed_rank") + ", " + q("version") + ", " +
                  q("description") + ", " + q("type") + ", " + q("script") + ", " +
                  q("checksum") + ", " + q("installed_by") + ", " + q("execution_ms") + ", " +
                  q("success") + ", " + q("failed_statement") +
                  ") VALUES (:rank, :version, :description, :type, :script, :checksum, "
                  ":installed_by, :execution_ms, " +
                  (entry.success ? "TRUE" : "FALSE") + ", :failed)",
      soci::use(next), soci::use(version, version_ind), soci::use(description), soci::use(type),
      soci::use(script), soci::use(checksum, checksum_ind), soci::use(installed_by),
      soci::use(execution_ms), soci::use(failed, failed_ind);
}

std::vector<std::string> HistoryTable::delete_failed() {
  std::vector<std::string> versions;
  const std::vector<HistoryEntry> rows = read();
  for (const HistoryEntry* entry : failed_entries(rows)) {
    versions.push_back(entry->version.value_or(""));
  }
  if (!versions.empty()) {
    session_ << "DELETE FROM " + table() + " WHERE " + backend_.quote("success") + " = FALSE";
  }
  return versions;
}

void HistoryTable::update_checksum(int installed_rank, std::int64_t checksum) {
  long long value = checksum;
  session_ << "UPDATE " + table() + " SET " + backend_.quote("checksum") + " = :checksum WHERE " +
                  backend_.quote("installed_rank") + " = :rank",
      soci::use(value), soci::use(installed_rank);
}

std::vector<const HistoryEntry*> applied_entries(const std::vector<HistoryEntry>& history) {
  std::vector<const HistoryEntry*> applied;
  for (const auto& entry : history) {
    if (!entry.success) continue;
    if (entry.type == to_string(MigrationType::undo)) {
      std::erase_if(applied, [&](const HistoryEntry* e) { return e->version == entry.version; });
    } else if (entry.type == to_string(MigrationType::versioned) ||
               entry.type == to_string(MigrationType::declarative)) {
      applied.push_back(&entry);
    }
  }
  return applied;
}

const HistoryEntry* baseline_entry(const std::vector<HistoryEntry>& history) {
  for (const auto& entry : history) {
    if (entry.type == to_string(MigrationType::baseline) && entry.success) return &entry;
  }
  return nullptr;
}

std::vector<const HistoryEntry*> failed_entries(const std::vector<HistoryEntry>& history) {
  std::vector<const HistoryEntry*> out;
  for (const auto& entry : history) {
    if (!entry.success) out.push_back(&entry);
  }
  return out;
}

}  // namespace v5store::detail

