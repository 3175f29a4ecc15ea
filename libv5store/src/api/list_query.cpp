// List requests: query-string decoding and the PostgREST operators onto Query.
#include "api/list_query.hpp"

#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "api/json_values.hpp"
#include "api/problem.hpp"

namespace v5store::detail {
namespace {

namespace http = boost::beast::http;

ApiProblem bad_parameter(std::string_view name, std::string_view why) {
  return ApiProblem(http::status::bad_request,
                    fmt::format("query parameter '{}': {}", name, why));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%') {
      const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        throw ApiProblem(http::status::bad_request, "malformed percent escape");
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (;;) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

// The members of "(a,b,"c,d")": commas inside double quotes belong to the member.
std::vector<std::string> list_members(std::string_view name, std::string_view text) {
  if (text.size() < 2 || text.front() != '(' || text.back() != ')') {
    throw bad_parameter(name, "in. needs a list in parentheses: in.(a,b)");
  }
  text = text.substr(1, text.size() - 2);
  std::vector<std::string> members;
  if (text.empty()) return members;
  std::string current;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      members.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  members.push_back(std::move(current));
  return members;
}

Value typed_value(const FieldSchema& field, std::string_view name, std::string_view text) {
  std::string why;
  auto value = value_from_text(field, text, &why);
  if (!value) throw bad_parameter(name, why);
  return std::move(*value);
}

bool textual(FieldType type) { return type == FieldType::string || type == FieldType::text; }

// One filter: "op.value" or "not.op.value" on `field`.
Condition filter(const FieldSchema& field, std::string_view text) {
  const std::string_view name = field.name();
  bool negated = false;
  if (text.starts_with("not.")) {
    negated = true;
    text.remove_prefix(4);
  }
  const auto dot = text.find('.');
  if (dot == std::string_view::npos) {
    throw bad_parameter(name, "expected operator.value (eq.5, in.(a,b), is.null, ...)");
  }
  const std::string_view op = text.substr(0, dot);
  const std::string_view operand = text.substr(dot + 1);
  const FieldRef ref(field.name());
  Condition c;
  if (op == "eq") c = ref == typed_value(field, name, operand);
  else if (op == "neq") c = ref != typed_value(field, name, operand);
  else if (op == "lt") c = ref < typed_value(field, name, operand);
  else if (op == "lte") c = ref <= typed_value(field, name, operand);
  else if (op == "gt") c = ref > typed_value(field, name, operand);
  else if (op == "gte") c = ref >= typed_value(field, name, operand);
  else if (op == "like" || op == "ilike") {
    if (!textual(field.type())) throw bad_parameter(name, "like/ilike need a string field");
    std::string pattern(operand);
    for (char& ch : pattern) ch = ch == '*' ? '%' : ch;  // PostgREST's wildcard
    c = op == "like" ? ref.like(std::move(pattern)) : ref.ilike(std::move(pattern));
  } else if (op == "in") {
    std::vector<Value> values;
    for (const std::string& member : list_members(name, operand)) {
      values.push_back(typed_value(field, name, member));
    }
    c = ref.in(std::move(values));
  } else if (op == "is") {
    if (operand != "null") throw bad_parameter(name, "is. takes only null");
    c = negated ? ref.is_not_null() : ref.is_null();
    return c;
  } else {
    throw bad_parameter(name, fmt::format("unknown operator '{}'", op));
  }
  return negated ? !std::move(c) : c;
}

const FieldSchema& known_field(const EntitySchema& entity, std::string_view parameter,
                               std::string_view name) {
  const FieldSchema* field = entity.find_field(name);
  if (field == nullptr) {
    throw bad_parameter(parameter, fmt::format("{} has no field '{}'", entity.name(), name));
  }
  return *field;
}

std::size_t parse_limit(std::string_view text, std::size_t max_limit) {
  std::size_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n == 0 || n > max_limit) {
    throw bad_parameter("limit", fmt::format("expected an integer from 1 to {}", max_limit));
  }
  return n;
}

}  // namespace

QueryParams parse_query_string(std::string_view target) {
  QueryParams params;
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return params;
  for (std::string_view pair : split(target.substr(mark + 1), '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    params.emplace_back(percent_decode(pair.substr(0, eq), true),
                        eq == std::string_view::npos ? std::string()
                                                     : percent_decode(pair.substr(eq + 1), true));
  }
  return params;
}

std::string url_encode(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

ListRequest parse_list_request(const EntitySchema& entity, const QueryParams& params,
                               std::size_t default_limit, std::size_t max_limit) {
  ListRequest list{Query(entity.name()), {}, true, {}};
  std::size_t limit = default_limit;
  for (const auto& [name, value] : params) {
    if (name != "after") {
      list.link_query += (list.link_query.empty() ? "" : "&") + url_encode(name) + "=" +
                         url_encode(value);
    }
    if (name == "limit") {
      limit = parse_limit(value, max_limit);
    } else if (name == "after") {
      list.query.after(value);
    } else if (name == "select") {
      for (std::string_view part : split(value, ',')) {
        list.select.push_back(known_field(entity, "select", part).index());
      }
    } else if (name == "order") {
      for (std::string_view term : split(value, ',')) {
        const auto dot = term.find('.');
        const std::string_view direction =
            dot == std::string_view::npos ? std::string_view("asc") : term.substr(dot + 1);
        if (direction != "asc" && direction != "desc") {
          throw bad_parameter("order", "expected field.asc or field.desc");
        }
        const FieldSchema& field = known_field(entity, "order", term.substr(0, dot));
        if (field.nullable()) list.keyset = false;
        list.query.order_by(Order{field.name(), direction == "desc"});
      }
    } else {
      list.query.where(filter(known_field(entity, name, name), value));
    }
  }
  list.query.limit(limit);
  return list;
}

}  // namespace v5store::detail
