// Level 1, V123: the documented limits of a spec (docs/validation.md, "Limits"), so that a
// hostile or runaway spec is refused before it costs memory, time or a giant generated file.
#pragma once

#include <cstddef>
#include <cstdint>

#include "sink.hpp"
#include "yaml_tree.hpp"

namespace v5validate::detail {

inline constexpr std::uintmax_t kMaxSpecBytes = 2u * 1024u * 1024u;  // the whole spec file
inline constexpr std::size_t kMaxEntities = 2000;
inline constexpr std::size_t kMaxFieldsPerEntity = 500;
inline constexpr std::size_t kMaxIndexesPerEntity = 64;       // MySQL's limit per table
inline constexpr std::size_t kMaxEnumValues = 1024;
inline constexpr std::size_t kMaxEnumValueLength = 255;       // MySQL's ENUM member limit
inline constexpr std::size_t kMaxComponents = 4000;
inline constexpr std::size_t kMaxDatabases = 64;
inline constexpr std::size_t kMaxTextLength = 4096;           // descriptions and defaults

// Reports V123 (at the file's first line) when a spec of `bytes` bytes is larger than
// kMaxSpecBytes; true when it is within the limit.
bool check_spec_size(std::uintmax_t bytes, Sink& sink);

// Reports V123 for every count or length over its limit, at the node that exceeds it.
void check_limits(const YamlNode& root, Sink& sink);

}  // namespace v5validate::detail
