// DSN helpers: environment expansion and password redaction.
//
// Example:
//   std::string dsn = v5store::expand_env("host=${PGHOST:-127.0.0.1} dbname=shop");
//   std::string shown = v5store::redact_dsn("user=app password=s3cret");  // password=***
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace v5store {

// Expands ${VAR} and ${VAR:-default} from the environment. Throws v5store::Error(config)
// naming the variable when one is unset and has no default, or when a reference is not
// closed. "$$" is a literal '$'. Thread-safe (reads the environment only).
std::string expand_env(std::string_view text);

// Expands a connection string's ${VAR} references like expand_env(), writing each value so
// the driver reads it back unchanged: inside a quoted value its quotes and backslashes are
// escaped; a bare value with spaces, quotes, backslashes or separators is quoted; in a URL
// form (scheme://user:${PW}@host) it is percent-encoded. So `password=${PGPW}` with PGPW set
// to `p q'x` reaches the server as that password. Throws like expand_env(). Thread-safe.
//
// Example:
//   // PGPW="p q'x"
//   v5store::expand_dsn_env("user=app password=${PGPW}");  // user=app password='p q\'x'
std::string expand_dsn_env(std::string_view dsn);

// Returns the DSN with every password replaced by "***": key=value forms (password=,
// pass=, pwd=) and URL forms (scheme://user:secret@host). Never throws.
std::string redact_dsn(std::string_view dsn);

// Replaces every occurrence of the passwords found in `dsn` inside `text` by "***".
// Used to scrub driver messages that echo the connection string. Never throws.
std::string redact_secrets(std::string_view text, std::string_view dsn);

// Parses a SOCI key=value connection string ("host=h port=5432 dbname=x user=u
// password='p q'") into its pairs. A plain SQLite path yields {"db": path}.
// Throws v5store::Error(config) on an unterminated quote.
std::map<std::string, std::string> parse_dsn(std::string_view dsn);

}  // namespace v5store
