// The spec names v5gen import gives the tables and columns of a live database: snake_case,
// entities singular and components plural, a suffix (and the reason) for a name that is a C++
// keyword or that an earlier name took, and a refusal for a name that cannot be used safely.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace v5gen::import {

// "InvoiceLine" -> "invoice_line", "AlbumId" -> "album_id", "HTTPStatus" -> "http_status",
// "first name" -> "first_name". Empty when the name has no ASCII letter or digit. Pure.
std::string snake_name(std::string_view catalog_name);

// Why a catalog name cannot be used as a table or column name in a spec (empty, longer than
// 63 bytes, or holding a control character), or nullopt when it can. Pure.
std::optional<std::string> unusable_name(std::string_view catalog_name);

// A name picked for a spec, with the reason it differs from the plain snake_case form.
struct PickedName {
  std::string name;
  std::string why;  // empty when the name is the plain form
};

// Hands out distinct spec names within one scope (the entities of a spec, the fields of an
// entity). Not thread-safe.
class NameScope {
 public:
  // `wanted` (already snake_case, possibly empty) made usable and unique: "_" appended to a
  // C++ keyword, "x_<n>" for an empty name, "_2", "_3", ... for a name already taken; also
  // remembers the result.
  PickedName pick(std::string wanted, std::string_view catalog_name);

  // Marks `name` as taken (a name the user chose, kept on re-import).
  void reserve(const std::string& name) { taken_.insert(name); }

 private:
  std::set<std::string> taken_;
};

}  // namespace v5gen::import
