// The query string of a list request (`GET <base>/<store>?...`) as a v5store Query:
// PostgREST filters (`field=op.value`: eq neq lt lte gt gte like ilike in.(a,b) is.null,
// each negated by a `not.` prefix), `order=f.desc,g.asc`, `limit=N`, `select=a,b` and the
// keyset cursor `after=...` of a `Link: rel="next"`.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "v5store/query.hpp"
#include "v5store/schema.hpp"

namespace v5store::detail {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// The decoded name=value pairs of a request target's query ('+' is a space). Throws
// ApiProblem(400) for a malformed percent escape.
QueryParams parse_query_string(std::string_view target);

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, in a query). Throws
// ApiProblem(400) for a malformed escape.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Percent-encodes everything but the unreserved characters (RFC 3986).
std::string url_encode(std::string_view text);

struct ListRequest {
  Query query;                      // conditions, order, limit (and cursor)
  std::vector<std::size_t> select;  // field indexes; empty: every field
  bool keyset = true;  // the order is total and non-null: pages and a Link; else one find()
  std::string link_query;  // the parameters but `after`, encoded, for the next page's Link
};

// The list request of `entity`. Throws ApiProblem(400) naming the parameter for an unknown
// field, an unknown operator, a value the field's type cannot take, a bad limit or order.
ListRequest parse_list_request(const EntitySchema& entity, const QueryParams& params,
                               std::size_t default_limit, std::size_t max_limit);

}  // namespace v5store::detail
