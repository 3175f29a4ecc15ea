// The one place where text from a spec (names, descriptions, defaults, enum values, the spec
// file's name, the spec itself) becomes part of a generated file. Every emitter passes such
// text through the function of the context it lands in; nothing from a spec is pasted as it
// is. The rules are written down in docs/generator.md ("Escaping").
#pragma once

#include <string>
#include <string_view>

namespace YAML {
class Node;
}

namespace v5gen {

// A C++ string literal, quotes included, for any bytes: `"` and `\` escaped, `?` as `\?` (no
// trigraph), every byte outside printable ASCII as a three-digit octal escape. The literal
// denotes exactly `text`. Pure.
std::string cpp_string_literal(std::string_view text);

// `text` as the body of one comment line (after "// ", "# " or "-- ", or inside /* */): line
// breaks of every kind (CR, LF, VT, FF, NEL, U+2028, U+2029) and other control characters
// become spaces, invalid UTF-8 becomes U+FFFD, "*/" becomes "* /", "??" becomes "? ?", and a
// trailing backslash (a line splice) is dropped. Never ends the comment early. Pure.
std::string comment_text(std::string_view text);

// A JSON string literal, quotes included: control characters, U+2028 and U+2029 as \u
// escapes, invalid UTF-8 as U+FFFD. Pure.
std::string json_string(std::string_view text);

// A word for a POSIX shell: `text` itself when it holds only [A-Za-z0-9_./:=@%+-] (and is not
// empty), else single-quoted with each ' written as '\''. Pure.
std::string shell_word(std::string_view text);

// A file name safe in every context (paths, CMake, Kubernetes keys): every character outside
// [A-Za-z0-9._-] becomes '_', a leading '.' or '-' becomes '_'; "spec.yaml" for an empty
// name. Pure.
std::string safe_file_name(std::string_view name);

// A YAML scalar that stays a string whatever it looks like ("true", "9464", "null").
YAML::Node yaml_string(std::string_view text);

// A YAML scalar for a multi-line text: a literal block (`|`) when that denotes exactly
// `text` (printable ASCII lines, one final newline, no leading space), else double-quoted.
YAML::Node yaml_block(std::string_view text);

// `node` as a YAML document, written by yaml-cpp's emitter with the scalar style chosen here
// (yaml-cpp's own choice writes a bare CR in a plain scalar): plain only for text of
// [A-Za-z0-9_./+-] (and for yaml_string() text only when it reads back as that string), else
// double-quoted with every control and non-ASCII character escaped, so no text can leave its
// scalar. Throws v5store::Error(config) on an emitter error.
std::string yaml_document(const YAML::Node& node);

}  // namespace v5gen
