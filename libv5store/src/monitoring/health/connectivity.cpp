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

HealthCheck probe_while_open(CheckContext& context, ConnectionPool& pool, DatabaseMemory& memory) {
  const auto& name = pool.database().name;
  const milliseconds timeout(context.category.timeout_ms);
  const auto now = SteadyClock::now();
  if (now < memory.next_probe) {
    const auto wait = std::chrono::duration_cast<milliseconds>(memory.next_probe - now);
    return status_check("round_trip_ms", name, HealthStatus::critical, std::nullopt,
                        fmt::format("circuit open; next reconnect attempt in {} ms", wait.count()));
  }
  try {
    const double rtt = direct_probe(pool, timeout);
    if (context.options.recovery_enabled) {
      pool.evict_all();
      pool.close_circuit();
      memory.circuit_opened_by_monitor = false;
      memory.backoff = milliseconds(0);
      notify(context, AlertLevel::info, name,
             fmt::format("database reachable again ({:.1f} ms): circuit closed", rtt));
    }
    return threshold_check("round_trip_ms", name, rtt, context.category.warning,
                           context.category.critical, "reconnected");
  } catch (const std::exception& e) {
    const milliseconds first(context.category.interval_ms);
    memory.backoff = memory.backoff.count() == 0
                         ? first
                         : std::min(memory.backoff * 2,
                                    std::max(first, context.options.max_reconnect_backoff));
    memory.next_probe = SteadyClock::now() + memory.backoff;
    return status_check("round_trip_ms", name, HealthStatus::critical, std::nullopt,
                        redact_secrets(e.what(), pool.database().dsn));
  }
}

HealthCheck probe_pooled(CheckContext& context, ConnectionPool& pool, DatabaseMemory& memory) {
  const auto& name = pool.database().name;
  const milliseconds timeout(context.category.timeout_ms);
  std::string failure;
  try {
    const auto started = SteadyClock::now();
    Lease lease = pool.acquire_for(timeout, "v5store.health");
    try {
      backend_for(pool.backend()).ping(lease.session());
    } catch (...) {
      lease.mark_broken();
      throw;
    }
    return threshold_check("round_trip_ms", name, elapsed_ms(started), context.category.warning,
                           context.category.critical);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::pool_timeout) {
      // Every connection is busy: the database may be fine; the pool category reports it.
      return status_check("round_trip_ms", name, HealthStatus::warning, std::nullopt,
                          redact_secrets(e.what(), pool.database().dsn));
    }
    failure = redact_secrets(e.what(), pool.database().dsn);
  } catch (const std::exception& e) {
    failure = redact_secrets(e.what(), pool.database().dsn);
  }
  // The pooled connection failed: a fresh one tells a stale connection from an outage.
  try {
    const double rtt = direct_probe(pool, timeout);
    if (context.options.recovery_enabled) pool.evict_all();
    return threshold_check("round_trip_ms", name, rtt, context.category.warning,
                           context.category.critical,
                           "stale pooled connection replaced: " + failure);
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
           "database unreachable: connections evicted, circuit opened; " + failure);
  }
  return status_check("round_trip_ms", name, HealthStatus::critical, std::nullopt, failure);
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
