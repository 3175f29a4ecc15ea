// The finders a repository offers: one per unique field and one per prefix of every index and
// of a composite primary key, so an index on (warehouse_id, sku) gives find_by_warehouse_id
// and find_by_warehouse_id_and_sku.
#pragma once

#include <vector>

#include "v5store/spec.hpp"

namespace v5gen {

// One finder: find_by_<a>_and_<b>(a, b).
struct Finder {
  std::vector<const v5store::FieldSpec*> fields;  // in index order
  bool unique = false;  // the fields identify at most one row: returns std::optional
};

// The finders of `entity`, each field list once (unique when any source makes it unique),
// in order of first appearance: unique fields, then each index's prefixes, shortest first,
// then the prefixes of a composite primary key. The whole primary key is left out (get()
// covers it); an index naming an unknown field gives no finder.
std::vector<Finder> finders_of(const v5store::EntitySpec& entity);

}  // namespace v5gen
