// Record and Key: the value types of the generic record API.
#include "v5store/record.hpp"

#include <algorithm>

#include "v5store/error.hpp"

namespace v5store {

Record::Record(std::initializer_list<std::pair<std::string_view, Value>> fields) {
  entries_.reserve(fields.size());
  for (const auto& [field, value] : fields) set(field, value);
}

Record& Record::set(std::string_view field, Value value) {
  for (Entry& entry : entries_) {
    if (entry.field == field) {
      entry.value = std::move(value);
      entry.changed = true;
      return *this;
    }
  }
  entries_.push_back(Entry{std::string(field), std::move(value), true});
  return *this;
}

const Value* Record::find(std::string_view field) const noexcept {
  for (const Entry& entry : entries_) {
    if (entry.field == field) return &entry.value;
  }
  return nullptr;
}

const Value& Record::at(std::string_view field) const {
  const Value* value = find(field);
  if (value == nullptr) throw_missing(field);
  return *value;
}

bool Record::erase(std::string_view field) noexcept {
  auto it = std::find_if(entries_.begin(), entries_.end(),
                         [&](const Entry& entry) { return entry.field == field; });
  if (it == entries_.end()) return false;
  entries_.erase(it);
  return true;
}

bool Record::changed(std::string_view field) const noexcept {
  for (const Entry& entry : entries_) {
    if (entry.field == field) return entry.changed;
  }
  return false;
}

bool Record::has_changes() const noexcept {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const Entry& entry) { return entry.changed; });
}

void Record::mark_clean() noexcept {
  for (Entry& entry : entries_) entry.changed = false;
}

bool operator==(const Record& a, const Record& b) noexcept {
  return std::equal(a.entries_.begin(), a.entries_.end(), b.entries_.begin(), b.entries_.end(),
                    [](const Record::Entry& x, const Record::Entry& y) {
                      return x.field == y.field && x.value == y.value;
                    });
}

void Record::throw_missing(std::string_view field) {
  throw Error(ErrorCode::not_found, "record has no field '" + std::string(field) + "'");
}

void Record::throw_wrong_type(std::string_view field, const Value& value) {
  throw Error(ErrorCode::validation, "record field '" + std::string(field) +
                                         "' holds another type: " + to_display_string(value));
}

Key::Key(std::initializer_list<Value> parts) : Key(std::vector<Value>(parts)) {}

Key::Key(std::vector<Value> parts) {
  if (parts.size() == 1) {
    one_ = std::move(parts.front());
    single_ = true;
  } else {
    many_ = std::move(parts);
  }
}

std::string Key::to_string() const {
  if (single_) return to_display_string(one_);
  std::string out = "(";
  for (std::size_t i = 0; i < many_.size(); ++i) {
    if (i > 0) out += ", ";
    out += to_display_string(many_[i]);
  }
  return out + ")";
}

bool operator==(const Key& a, const Key& b) noexcept {
  auto x = a.values();
  auto y = b.values();
  return std::equal(x.begin(), x.end(), y.begin(), y.end());
}

}  // namespace v5store
