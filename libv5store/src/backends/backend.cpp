// Backend-independent code shared by every backend: the registry (and introspect(), which
// dispatches through it) and error rethrowing. The DDL skeleton is in ddl.cpp.
#include "v5store/internal/backend.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "backends/mysql/mysql_backend.hpp"
#include "backends/postgresql/postgresql_backend.hpp"
#include "backends/sqlite/sqlite_backend.hpp"
#include "v5store/dsn.hpp"
#include "v5store/introspection.hpp"

namespace v5store::detail {

const Backend& backend_for(BackendKind kind, Pooler pooler) {
  switch (kind) {
    case BackendKind::sqlite: return sqlite_backend();
    case BackendKind::postgresql: return postgresql_backend(pooler);
    case BackendKind::mysql: return mysql_backend();
  }
  throw Error(ErrorCode::config, "unknown backend kind");
}

void rethrow_mapped(const Backend& backend, std::string_view dsn, std::string_view context) {
  try {
    throw;
  } catch (Error& e) {
    e.add_context(std::string(context));
    throw;
  } catch (const soci::soci_error& e) {
    const MappedError mapped = backend.map_error(e);
    // SOCI's what() appends the statement with its bound values: kept only on request.
    const std::string message = parameter_values_in_messages()
                                    ? std::string(e.what())
                                    : (mapped.message.empty() ? e.get_error_message() : mapped.message);
    Error error(mapped.code, redact_secrets(message, dsn), mapped.backend_code);
    error.set_details(ErrorDetails{mapped.constraint, mapped.table, mapped.columns, {}});
    error.add_context(std::string(context));
    throw error;
  } catch (const std::exception& e) {
    Error error(ErrorCode::unknown, redact_secrets(e.what(), dsn));
    error.add_context(std::string(context));
    throw error;
  }
}

void rethrow_connection_error(const Backend& backend, std::string_view dsn) {
  const std::string context = "opening " + std::string(to_string(backend.kind())) + " session";
  try {
    throw;
  } catch (const Error& e) {
    Error error(ErrorCode::connection, e.what(), e.backend_code());
    error.add_context(context);
    throw error;
  } catch (const soci::soci_error& e) {
    Error error(ErrorCode::connection, redact_secrets(e.what(), dsn),
                backend.map_error(e).backend_code);
    error.add_context(context);
    throw error;
  } catch (const std::exception& e) {
    Error error(ErrorCode::connection, redact_secrets(e.what(), dsn));
    error.add_context(context);
    throw error;
  }
}

namespace {
std::atomic<bool> parameter_values{false};
std::atomic<int> parameter_value_holders{0};
}  // namespace

bool parameter_values_in_messages() noexcept {
  return parameter_values.load(std::memory_order_relaxed) ||
         parameter_value_holders.load(std::memory_order_relaxed) > 0;
}

void set_parameter_values_in_messages(bool on) noexcept { parameter_values.store(on); }

ParameterValuesInMessages::ParameterValuesInMessages(bool on) noexcept : on_(on) {
  if (on_) parameter_value_holders.fetch_add(1);
}

ParameterValuesInMessages::~ParameterValuesInMessages() {
  if (on_) parameter_value_holders.fetch_sub(1);
}

std::string text_between(std::string_view text, std::string_view marker, char open, char close) {
  const std::size_t at = text.find(marker);
  if (at == std::string_view::npos) return {};
  const std::size_t begin = text.find(open, at + marker.size());
  if (begin == std::string_view::npos) return {};
  const std::size_t end = text.find(close, begin + 1);
  if (end == std::string_view::npos) return {};
  return std::string(text.substr(begin + 1, end - begin - 1));
}

std::vector<std::string> split_names(std::string_view text, std::string_view quotes) {
  std::vector<std::string> out;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find(',', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string name;
    for (char c : text.substr(begin, end - begin)) {
      if (c != ' ' && quotes.find(c) == std::string_view::npos) name += c;
    }
    if (!name.empty()) out.push_back(std::move(name));
    begin = end + 1;
  }
  return out;
}

SlotKind slot_kind(FieldType type) noexcept {
  switch (type) {
    case FieldType::boolean:
    case FieldType::int32:
    case FieldType::int64:
      return SlotKind::integer;
    case FieldType::float64:
      return SlotKind::real;
    default:
      return SlotKind::text;
  }
}

}  // namespace v5store::detail

namespace v5store {

LiveSchema introspect(soci::session& session, BackendKind backend) {
  return detail::backend_for(backend).introspect(session);
}

}  // namespace v5store
