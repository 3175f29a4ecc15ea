#include "generate/finders.hpp"

#include <algorithm>

namespace v5gen {

std::vector<Finder> finders_of(const v5store::EntitySpec& entity) {
  const auto key = entity.primary_key();
  std::vector<Finder> finders;
  const auto add = [&](const std::vector<const v5store::FieldSpec*>& fields, bool unique) {
    if (fields.empty() || fields == key ||
        std::find(fields.begin(), fields.end(), nullptr) != fields.end()) {
      return;
    }
    const auto same = std::find_if(finders.begin(), finders.end(),
                                   [&](const Finder& f) { return f.fields == fields; });
    if (same != finders.end()) {
      same->unique = same->unique || unique;
    } else {
      finders.push_back({fields, unique});
    }
  };
  const auto prefixes = [&](const std::vector<const v5store::FieldSpec*>& fields, bool unique) {
    for (std::size_t n = 1; n <= fields.size(); ++n) {
      add({fields.begin(), fields.begin() + static_cast<std::ptrdiff_t>(n)},
          unique && n == fields.size());
    }
  };
  for (const auto& field : entity.fields) {
    if (field.unique) add({&field}, true);
  }
  for (const auto& index : entity.indexes) {
    std::vector<const v5store::FieldSpec*> fields;
    for (const auto& name : index.fields) fields.push_back(entity.find_field(name));
    prefixes(fields, index.unique);
  }
  if (key.size() > 1) prefixes(key, true);
  return finders;
}

}  // namespace v5gen
