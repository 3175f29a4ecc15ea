// connectivity: a round trip per database. Recovery: a failed round trip evicts the pool's
// connections and opens its circuit breaker (callers fail fast); while it is open a fresh
// connection is tried with exponential backoff, and the first that answers closes the circuit.
#include <chrono>

#include <fmt/format.h>

#include "monitoring/health/checks.hpp"
#include "v5store/dsn.hpp"
#include "v5store/error.hpp"
#include "v5store/internal/backend.hpp"

namespace v5store::detail {

namespace {

using std::chrono::milliseconds;

double elapsed_ms(SteadyClock::time_point since) {
  return std::chrono::duration<double, std::milli>(SteadyClock::now() - since).count();
}

// A round trip on a connection opened just for this probe (bypasses the pool and its circuit).
double direct_probe(ConnectionPool& pool, milliseconds timeout) {
  const auto& backend = backend_for(pool.backend());
  const auto started = SteadyClock::now();
  auto session = backend.open(pool.database().dsn, timeout);
  backend.ping(*session);
  return elapsed_ms(started);
}

void notify(CheckContext& context, AlertLevel level, const std::string& database,
            std::string message) {
  if (context.sources.alerts == nullptr) return;
  Alert alert;
  alert.level = level;
  alert.category = HealthCategory::connectivity;
  alert.status = level == AlertLevel::info ? HealthStatus::healthy : HealthStatus::critical;
  alert.database = database;
  alert.message = std::move(message);
  context.sources.alerts->raise(std::move(alert));
}

// The round-trip check of `database`, its message saying what was measured and how.
HealthCheck round_trip(CheckContext& context, const std::string& database, double ms,
                       const std::string& how) {
  return threshold_check("round_trip_ms", database, ms, context.category.warning,
                         context.category.critical,
                         fmt::format("A ping ({}) took {:.1f} ms (a warning from {:g} ms, "
                                     "critical from {:g} ms).",
                                     how, ms, context.category.warning, context.category.critical));
}

HealthCheck probe_while_open(CheckContext& context, ConnectionPool& pool, DatabaseMemory& memory) {
  const auto& name = pool.database().name;
  const milliseconds timeout(context.category.timeout_ms);
  const auto now = SteadyClock::now();
  if (now < memory.next_probe) {
    const auto wait = std::chrono::duration_cast<milliseconds>(memory.next_probe - now);
    return status_check("round_trip_ms", name, HealthStatus::critical, std::nullopt,
                        fmt::format("The database cannot be reached: the pool's circuit breaker "
                                    "is open and the next reconnect attempt is in {} ms.",
                                    wait.count()));
  }
  try {
    const double rtt = direct_probe(pool, timeout);
    if (context.options.recovery_enabled) {
      pool.evict_all();
      pool.close_circuit();
      memory.circuit_opened_by_monitor = false;
      memory.backoff = milliseconds(0);
      notify(context, AlertLevel::info, name,
             fmt::format("The database answers again (a new connection and ping took {:.1f} "
                         "ms): the circuit breaker is closed and the pool serves again.",
                         rtt));
    }
    return round_trip(context, name, rtt, "a new connection, after an outage");
  } catch (const std::exception& e) {
    const milliseconds first(context.category.interval_ms);
    memory.backoff = memory.backoff.count() == 0
                         ? first
                         : std::min(memory.backoff * 2,
                                    std::max(first, context.options.max_reconnect_backoff));
    memory.next_probe = SteadyClock::now() + memory.backoff;
    return status_check(
        "round_trip_ms", name, HealthStatus::critical, std::nullopt,
        "The database still cannot be reached: " + redact_secrets(e.what(), pool.database().dsn));
  }
}

HealthCheck probe_pooled(CheckContext& context, ConnectionPool& pool, DatabaseMemory& memory) {
  const auto& name = pool.database().name;
  const milliseconds timeout(context.category.timeout_ms);
  std::string failure;
  std::string how = "a new connection, because a pooled one failed";
  try {
    const auto started = SteadyClock::now();
    Lease lease = acquire_for_check(context, pool);
    try {
      backend_for(pool.backend()).ping(lease.session());
    } catch (...) {
      lease.mark_broken();
      throw;
    }
    return round_trip(context, name, elapsed_ms(started), "on a pooled connection");
  } catch (const Error& e) {
    failure = redact_secrets(e.what(), pool.database().dsn);
    // Every connection is busy: the database may well be fine; a connection of our own tells.
    if (e.code() == ErrorCode::pool_timeout) {
      how = "a new connection, because every pooled one was busy";
      failure.clear();
    }
  } catch (const std::exception& e) {
    failure = redact_secrets(e.what(), pool.database().dsn);
  }
  // The pooled connection failed: a fresh one tells a stale connection from an outage.
  try {
    const double rtt = direct_probe(pool, timeout);
    if (context.options.recovery_enabled && !failure.empty()) pool.evict_all();
    HealthCheck check = round_trip(context, name, rtt, how);
    if (!failure.empty()) {
      check.message += " The pooled connections were replaced after: " + failure;
    }
    return check;
  } catch (const std::exception& e) {
    failure = redact_secrets(e.what(), pool.database().dsn);
  }
  if (context.options.recovery_enabled) {
    pool.evict_all();
    pool.open_circuit();
    memory.circuit_opened_by_monitor = true;
    memory.backoff = milliseconds(context.category.interval_ms);
    memory.next_probe = SteadyClock::now() + memory.backoff;
    notify(context, AlertLevel::critical, name,
           "The database cannot be reached; the pool's connections were closed and its "
           "circuit breaker opened, so callers fail at once until it answers again: " +
               failure);
  }
  return status_check("round_trip_ms", name, HealthStatus::critical, std::nullopt,
                      "The database cannot be reached: " + failure);
}

}  // namespace

CategoryResult check_connectivity(CheckContext& context) {
  std::vector<HealthCheck> checks;
  for (ConnectionPool* pool : context.sources.pools) {
    DatabaseMemory memory;
    {
      std::lock_guard lock(context.memory.mutex);
      memory = context.memory.databases[pool->database().name];
    }
    const bool open = pool->stats().circuit_open;
    checks.push_back(open ? probe_while_open(context, *pool, memory)
                          : probe_pooled(context, *pool, memory));
    std::lock_guard lock(context.memory.mutex);
    auto& stored = context.memory.databases[pool->database().name];
    stored.backoff = memory.backoff;
    stored.next_probe = memory.next_probe;
    stored.circuit_opened_by_monitor = memory.circuit_opened_by_monitor;
  }
  return finish(HealthCategory::connectivity, std::move(checks));
}

}  // namespace v5store::detail
