// The shared extras reader: object, enum-label and domain rows into CatalogExtras.
#include "introspection/catalog_extras.hpp"

#include <algorithm>
#include <string>

namespace v5store::detail {

namespace {

void read_objects(soci::session& session, const char* sql, CatalogExtras& out) {
  std::string kind;
  std::string name;
  soci::statement st = (session.prepare << sql, soci::into(kind), soci::into(name));
  st.execute();
  while (st.fetch()) out.objects.push_back({kind, name});
}

// The type named `name` in `out`, appended when it is not there yet (rows come grouped).
CatalogType& type_named(CatalogExtras& out, const std::string& name) {
  if (out.types.empty() || out.types.back().name != name) out.types.emplace_back().name = name;
  return out.types.back();
}

void read_enum_labels(soci::session& session, const char* sql, CatalogExtras& out) {
  std::string type;
  std::string label;
  soci::statement st = (session.prepare << sql, soci::into(type), soci::into(label));
  st.execute();
  while (st.fetch()) {
    CatalogType& entry = type_named(out, type);
    entry.is_enum = true;
    entry.labels.push_back(label);
  }
}

void read_domains(soci::session& session, const char* sql, CatalogExtras& out) {
  std::string domain;
  std::string base;
  int not_null = 0;
  std::string check;
  soci::indicator check_ind = soci::i_ok;
  soci::statement st = (session.prepare << sql, soci::into(domain), soci::into(base),
                        soci::into(not_null), soci::into(check, check_ind));
  st.execute();
  while (st.fetch()) {
    CatalogType& entry = type_named(out, domain);
    entry.base_type = base;
    entry.not_null = not_null != 0;
    if (check_ind == soci::i_ok) entry.checks.push_back(check);
  }
}

}  // namespace

CatalogExtras read_extras(soci::session& session, const ExtrasQueries& queries) {
  CatalogExtras out;
  if (queries.objects != nullptr) read_objects(session, queries.objects, out);
  if (queries.enum_labels != nullptr) read_enum_labels(session, queries.enum_labels, out);
  if (queries.domains != nullptr) read_domains(session, queries.domains, out);
  std::sort(out.types.begin(), out.types.end(),
            [](const CatalogType& a, const CatalogType& b) { return a.name < b.name; });
  return out;
}

}  // namespace v5store::detail
