// CHECK constraints: reading them out of CREATE TABLE text (SQLite, MySQL / MariaDB), finding
// the column each one constrains, and comparing a declared condition with a live one although
// every catalog spells it its own way.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "v5store/introspection.hpp"

namespace v5store::detail {

// The CHECK constraints of a CREATE TABLE statement as SQLite keeps it in sqlite_master and as
// SHOW CREATE TABLE prints it on MySQL / MariaDB: a check inside a column definition gets that
// column and part_of_column; a table constraint gets its name (empty when unnamed) and no
// column. Expressions are the text inside CHECK ( ... ), unchanged. Never throws on odd text:
// what it cannot read is left out.
std::vector<LiveCheck> checks_in_create_table(std::string_view sql);

// Adds `check` to `table`. When the check has no column yet, it gets the one column of `table`
// its expression mentions, if it mentions exactly one (words used as functions or after a
// "::" cast are not column mentions).
void add_check(LiveTable& table, LiveCheck check);

// Adds to every table of `schema` the checks in its CREATE TABLE text, which
// `create_table_of(table name)` returns. Throws what `create_table_of` throws.
void add_checks_from_create_table(
    LiveSchema& schema, const std::function<std::string(const std::string&)>& create_table_of);

// What a check condition constrains, independent of how the catalog rewrote it: its literals
// (strings and numbers, numbers canonical), each number preceded by the comparison it sits in
// ("ge 0", "le 1000", "'paid'", "5"). "status IN ('a','b')" and PostgreSQL's "((status)::text =
// ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[]))" give the same
// signature. Sorted, without repeats.
std::vector<std::string> check_signature(std::string_view expression);

}  // namespace v5store::detail
