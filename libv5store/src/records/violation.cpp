// describe_violation: a constraint violation named the same way on every backend.
#include <algorithm>

#include "records/records_core.hpp"
#include "v5store/error.hpp"

namespace v5store::detail {
namespace {

using Fields = std::vector<const FieldSchema*>;

Fields key_fields(const EntitySchema& entity) {
  Fields out;
  for (std::size_t i : entity.primary_key()) out.push_back(&entity.fields()[i]);
  return out;
}

Fields index_fields(const EntitySchema& entity, const IndexSpec& index) {
  Fields out;
  for (const std::string& name : index.fields) {
    if (const FieldSchema* f = entity.find_field(name)) out.push_back(f);
  }
  return out;
}

bool same_set(Fields a, Fields b) {
  std::sort(a.begin(), a.end());
  std::sort(b.begin(), b.end());
  return a == b;
}

// The fields a reported constraint name stands for: MySQL's key ("PRIMARY", the column of an
// unnamed UNIQUE, an index name), PostgreSQL's "<table>_pkey", "<table>_<column>_key",
// "<table>_<column>_fkey" / "_check", MariaDB's check named after its column.
Fields fields_of_constraint(const EntitySchema& entity, const std::string& name) {
  if (name.empty()) return {};
  if (name == "PRIMARY" || name == entity.table() + "_pkey") return key_fields(entity);
  for (const IndexSpec& index : entity.indexes()) {
    if (index.name == name) return index_fields(entity, index);
  }
  for (const FieldSchema& f : entity.fields()) {
    const std::string stem = entity.table() + "_" + f.column();
    if (name == f.column() || name == entity.table() + "." + f.column() || name == stem + "_key" ||
        name == stem + "_fkey" || name == stem + "_check") {
      return {&f};
    }
  }
  return {};
}

}  // namespace

void describe_violation(Error& error, const EntitySchema& entity) noexcept {
  if (!is_constraint_violation(error.code())) return;
  if (!error.table().empty() && error.table() != entity.table()) return;
  try {
    Fields fields;
    for (const std::string& column : error.details().columns) {
      for (const FieldSchema& f : entity.fields()) {
        if (f.column() == column) fields.push_back(&f);
      }
    }
    // Several columns (SQLite "t.a, t.b", PostgreSQL "Key (a, b)") are only in the backend's
    // list; the constraint name resolves them too.
    const Fields named = fields_of_constraint(entity, error.constraint());
    if (!named.empty() && fields.size() < named.size()) fields = named;
    if (fields.empty()) return;
    ErrorDetails details;
    details.table = entity.table();
    for (const FieldSchema* f : fields) details.columns.push_back(f->name());
    details.field = fields.front()->path();
    const std::string stem = entity.table() + "_" + fields.front()->name();
    switch (error.code()) {
      case ErrorCode::unique_violation:
        if (same_set(fields, key_fields(entity))) {
          details.constraint = entity.table() + "_pkey";
        } else if (fields.size() == 1 && fields.front()->unique()) {
          details.constraint = stem + "_key";
        } else {
          for (const IndexSpec& index : entity.indexes()) {
            if (index.unique && same_set(fields, index_fields(entity, index))) {
              details.constraint = index.name;
            }
          }
        }
        break;
      case ErrorCode::foreign_key_violation:
        details.constraint = stem + "_fkey";
        break;
      case ErrorCode::check_violation:
        details.constraint = stem + "_check";
        break;
      default:
        break;
    }
    error.set_details(std::move(details));
  } catch (...) {
    // Out of memory while naming: the error keeps what the backend reported.
  }
}

}  // namespace v5store::detail
