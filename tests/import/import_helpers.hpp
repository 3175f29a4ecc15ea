// Helpers of the import tests: SQL scripts loaded into a fresh database, shell quoting, and the
// live schema as text (to show that `migrate up` changed no table).
#pragma once

#include <filesystem>
#include <sstream>
#include <string>

#include "fresh_database.hpp"
#include "v5store/introspection.hpp"

namespace v5test {

// Runs an SQL script: statements end with ';' at the end of a line (semicolons inside a line,
// as in trigger and function bodies, belong to their statement); "--" lines are comments.
inline void load_sql(const FreshDatabase& db, const std::string& script) {
  auto session = db.open();
  std::istringstream in(script);
  std::string statement;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("--")) continue;
    statement += line + "\n";
    if (!line.empty() && line.back() == ';') {
      statement.pop_back();
      statement.pop_back();
      *session << statement;
      statement.clear();
    }
  }
}

// Loads the fixture file `file` of V5_IMPORT_FIXTURES.
inline void load_fixture(const FreshDatabase& db, const std::string& file) {
  load_sql(db, read_text(std::filesystem::path(V5_IMPORT_FIXTURES) / file));
}

inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The live schema as text: tables, columns with their types, indexes, foreign keys (columns,
// referenced table and columns).
inline std::string schema_text(const FreshDatabase& db) {
  auto session = db.open();
  std::string out;
  const auto list = [](const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ",") + name;
    return text;
  };
  for (const auto& table : v5store::introspect(*session, db.kind()).tables) {
    if (table.name == v5store::kSchemaHistoryTable) continue;
    out += table.name + ":";
    for (const auto& c : table.columns) out += " " + c.name + " " + c.raw_type + ",";
    for (const auto& i : table.indexes) out += " ix " + i.name;
    for (const auto& f : table.foreign_keys) {
      out += " fk (" + list(f.columns) + ") " + f.referenced_table + " (" +
             list(f.referenced_columns) + ")";
    }
    out += "\n";
  }
  return out;
}

}  // namespace v5test
