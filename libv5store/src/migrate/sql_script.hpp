// SQL script handling for versioned migrations: splitting a script into statements and its
// checksum.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace v5store::detail {

// Splits a script at ';' outside quotes ('...', "...", `...`), comments (-- and /* */)
// and PostgreSQL dollar quotes ($tag$...$tag$). Statements are trimmed, comments before a statement are dropped, and so
// are pieces that hold only comments. No DELIMITER support.
std::vector<std::string> split_statements(std::string_view script);

// CRC-32 (IEEE) of the text with carriage returns removed, so a checkout with CRLF line
// endings keeps its checksum.
std::int64_t script_checksum(std::string_view text);

}  // namespace v5store::detail
