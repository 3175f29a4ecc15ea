// The draft model's look-ups.
#include "words/draft.hpp"

#include <algorithm>

namespace v5gen::words {

namespace {

template <typename Range>
auto find_named(Range& range, const std::string& name) -> decltype(&*range.begin()) {
  auto it = std::find_if(range.begin(), range.end(), [&](const auto& x) { return x.name == name; });
  return it == range.end() ? nullptr : &*it;
}

}  // namespace

DraftField* DraftEntity::find_field(const std::string& field_name) {
  return find_named(fields, field_name);
}

const DraftField* DraftEntity::find_field(const std::string& field_name) const {
  return find_named(fields, field_name);
}

DraftEntity* Draft::find_entity(const std::string& entity_name) {
  return find_named(entities, entity_name);
}

const DraftEntity* Draft::find_entity(const std::string& entity_name) const {
  return find_named(entities, entity_name);
}

}  // namespace v5gen::words
