// V5EnhancedStore: pools per database, metrics, schema and records, monitoring, the
// maintenance context and async work.
#include "v5store/store.hpp"
#include "v5store/logger.hpp"

#include "api/served_apis.hpp"

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <fmt/format.h>

#include "v5store/internal/backend.hpp"

namespace v5store {
namespace {

constexpr int kMaxAsyncThreads = 64;

int async_thread_count(const SystemSpec& spec, const StoreOptions& options) {
  if (options.async_threads > 0) return options.async_threads;
  int connections = 0;
  for (const DatabaseSpec& database : spec.databases) connections += database.pool.max_size;
  return std::clamp(connections, 1, kMaxAsyncThreads);
}

// The health monitor's options: the store's, with the spec's monitoring section.
HealthMonitorOptions health_options(const SystemSpec& spec, const StoreOptions& options) {
  HealthMonitorOptions health = options.health;
  health.monitoring = spec.monitoring;
  return health;
}

// Monitoring runs unless the options or the spec (monitoring: { enabled: false }) turn it off.
bool monitoring_on(const SystemSpec& spec, const StoreOptions& options) {
  return options.monitoring && spec.monitoring.enabled;
}

bool serves_endpoint(const SystemSpec& spec, const StoreOptions& options) {
  if (!monitoring_on(spec, options)) return false;
  switch (options.endpoint) {
    case MonitoringEndpoint::automatic:
      return spec.monitoring.listen_set;
    case MonitoringEndpoint::required:
      return true;
    case MonitoringEndpoint::off:
      return false;
  }
  return false;
}

}  // namespace

// The record API of one database, created on first use.
struct LazyRecords {
  std::once_flag once;
  std::unique_ptr<Records> records;
};

struct V5EnhancedStore::Impl {
  Impl(SystemSpec system, StoreOptions store_options)
      : options(std::move(store_options)),
        spec(std::move(system)),
        registry(spec),
        alerts(options.alerts),
        workers(async_thread_count(spec, options)) {}

  // Starts the health monitor and, when configured, the endpoint (constructor only).
  void start_monitoring() {
    HealthSources sources;
    for (const auto& pool : pools) sources.pools.push_back(pool.get());
    sources.metrics = &metrics;
    sources.alerts = &alerts;
    sources.performance = &performance;
    sources.declared_schema_version = spec.version;
    sources.spec = &spec;
    health = std::make_unique<HealthMonitor>(health_options(spec, options), std::move(sources));
    if (!monitoring_on(spec, options)) return;
    health->start();
    if (!serves_endpoint(spec, options)) return;
    MonitoringServerOptions server_options = options.server;
    server_options.listen = spec.monitoring.listen;
    server_options.bearer_token = spec.monitoring.bearer_token;
    auto endpoint = std::make_unique<MonitoringServer>(
        std::move(server_options), metrics, [monitor = health.get()] { return monitor->report(); });
    try {
      endpoint->start();
    } catch (const Error& e) {
      if (options.endpoint == MonitoringEndpoint::required) throw;
      log(LogLevel::error, "monitoring", "the system runs without its monitoring endpoint",
          {{"system", spec.name}, {"error", e.what()}});
      return;
    }
    // With port 0 the system picked the port: this line (and url()) is how one learns it.
    std::fprintf(stderr, "v5store: system %s serves monitoring at %s\n", spec.name.c_str(),
                 endpoint->url().c_str());
    server = std::move(endpoint);
  }

  // Stops the endpoint, then the monitor. Idempotent, never throws.
  void stop_monitoring() noexcept {
    if (server) server->stop();
    if (health) health->stop();
  }

  StoreOptions options;
  detail::ParameterValuesInMessages parameter_values{options.log_parameter_values};
  SystemSpec spec;
  SchemaRegistry registry;
  MetricsRegistry metrics;
  // Outlives the pools: their prepared statements hold its probes until they are closed.
  PerformanceMonitor performance;
  AlertManager alerts;
  // Maintenance: one io_context run by one thread, shared by the pools' timers.
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> io_guard{
      io.get_executor()};
  std::thread io_thread;
  std::vector<std::unique_ptr<ConnectionPool>> pools;  // in spec.databases order
  std::vector<std::unique_ptr<LazyRecords>> records;   // in spec.databases order
  std::unique_ptr<HealthMonitor> health;               // after the pools: it reads them
  std::unique_ptr<MonitoringServer> server;            // null when not served
  std::vector<detail::ServedApi> apis;                 // the api components served
  boost::asio::thread_pool workers;
  std::atomic<bool> accepting{true};
  std::atomic<bool> cancelling{false};
  mutable std::shared_mutex admission;  // see V5EnhancedStore::admit_async()
  std::mutex shutdown_mutex;
  bool shut_down = false;  // guarded by shutdown_mutex
};

V5EnhancedStore::V5EnhancedStore(SystemSpec spec, StoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(spec), std::move(options))) {
  if (impl_->spec.databases.empty()) {
    throw Error(ErrorCode::config, fmt::format("system {}: the spec declares no database",
                                               impl_->spec.name));
  }
  impl_->io_thread = std::thread([io = &impl_->io] { io->run(); });
  try {
    PerformanceMonitor* observed =
        monitoring_on(impl_->spec, impl_->options) ? &impl_->performance : nullptr;
    for (const DatabaseSpec& database : impl_->spec.databases) {
      if (!database.replicas.empty()) {
        // Routing to replicas is not built yet (docs/scaling.md#read-replicas): say so
        // rather than let read_from: replica look as if it worked.
        log(LogLevel::warning, "routing",
            "replicas are configured but not used yet: every read goes to the primary",
            {{"database", database.name}, {"replicas", std::to_string(database.replicas.size())}});
      }
      impl_->pools.push_back(
          std::make_unique<ConnectionPool>(database, &impl_->metrics, &impl_->io, observed));
      impl_->records.push_back(std::make_unique<LazyRecords>());
    }
    impl_->start_monitoring();
    if (impl_->options.api != MonitoringEndpoint::off) {
      impl_->apis = detail::serve_apis(
          impl_->spec,
          [this](const std::string& database) -> Records& { return records(database); },
          impl_->metrics, impl_->options.api == MonitoringEndpoint::required);
    }
  } catch (...) {
    impl_->apis.clear();
    impl_->stop_monitoring();
    impl_->server.reset();
    impl_->health.reset();
    impl_->pools.clear();
    impl_->io_guard.reset();
    impl_->io.stop();
    impl_->io_thread.join();
    impl_->workers.join();
    throw;
  }
}

V5EnhancedStore::V5EnhancedStore(const std::filesystem::path& spec_file, StoreOptions options)
    : V5EnhancedStore(parse_spec_file(spec_file), options) {}

V5EnhancedStore::~V5EnhancedStore() {
  shutdown(ShutdownMode::drain);
  impl_->apis.clear();
  impl_->server.reset();
  impl_->health.reset();
  impl_->records.clear();
  impl_->pools.clear();
  impl_->io_guard.reset();
  impl_->io.stop();
  impl_->io_thread.join();
}

const SystemSpec& V5EnhancedStore::spec() const noexcept { return impl_->spec; }

std::vector<Record> V5EnhancedStore::query(std::string_view sql, const Params& params,
                                           const std::vector<Column>& columns) {
  return records().query(sql, params, columns);
}

std::int64_t V5EnhancedStore::execute(std::string_view sql, const Params& params) {
  return records().execute(sql, params);
}

ConnectionPool& V5EnhancedStore::pool(std::string_view database) {
  return *impl_->pools[database_index(database)];
}

std::size_t V5EnhancedStore::database_index(std::string_view database) const {
  if (database.empty()) return 0;
  for (std::size_t i = 0; i < impl_->pools.size(); ++i) {
    if (impl_->pools[i]->database().name == database) return i;
  }
  throw Error(ErrorCode::not_found,
              fmt::format("system {} has no database named '{}'", impl_->spec.name, database));
}

Lease V5EnhancedStore::acquire(std::string_view database, std::string_view tag) {
  return pool(database).acquire(tag);
}

Transaction V5EnhancedStore::begin(std::string_view database,
                                   const TransactionOptions& options) {
  return Transaction(pool(database).acquire("transaction"), options);
}

RetryPolicy V5EnhancedStore::policy(std::string_view component) const {
  const ComponentSpec* found = impl_->spec.find_component(component);
  if (found == nullptr) {
    throw Error(ErrorCode::not_found, fmt::format("system {} has no component named '{}'",
                                                  impl_->spec.name, component));
  }
  return RetryPolicy::from(found->transactions);
}

void V5EnhancedStore::shutdown(ShutdownMode mode) {
  std::lock_guard lock(impl_->shutdown_mutex);
  if (impl_->shut_down) return;
  {
    // First, so queued work is cancelled at once however long the monitor takes to stop.
    std::unique_lock admission(impl_->admission);
    impl_->accepting.store(false);
    if (mode == ShutdownMode::cancel) impl_->cancelling.store(true);
  }
  for (auto& api : impl_->apis) api.server->stop();
  impl_->stop_monitoring();
  impl_->workers.join();
  impl_->shut_down = true;
}

MetricsRegistry& V5EnhancedStore::metrics() noexcept { return impl_->metrics; }

const SchemaRegistry& V5EnhancedStore::schema() const noexcept { return impl_->registry; }

Records& V5EnhancedStore::records(std::string_view database) {
  const std::size_t index = database_index(database);
  LazyRecords& lazy = *impl_->records[index];
  std::call_once(lazy.once, [&] {
    ConnectionPool& pool = *impl_->pools[index];
    RecordsOptions options;
    options.database = pool.database().name;
    options.metrics = &impl_->metrics;
    for (const ComponentSpec& component : impl_->spec.components) {
      if (component.database == options.database) options.components.push_back(component);
    }
    lazy.records = std::make_unique<Records>(impl_->registry, pool, std::move(options));
  });
  return *lazy.records;
}

Migrator V5EnhancedStore::migrator(std::string_view database, MigratorOptions options) const {
  // Readiness follows a migration at once, not at the next schema_integrity interval.
  options.on_schema_changed = [monitor = impl_->health.get(),
                               user = std::move(options.on_schema_changed)] {
    if (user) user();
    try {
      monitor->check(HealthCategory::schema_integrity);
    } catch (...) {
      // The check records its own failure; a migration's outcome is not changed by it.
    }
  };
  return Migrator(impl_->spec, database, std::move(options));
}

HealthMonitor& V5EnhancedStore::health() noexcept { return *impl_->health; }

AlertManager& V5EnhancedStore::alerts() noexcept { return impl_->alerts; }

PerformanceMonitor& V5EnhancedStore::performance() noexcept { return impl_->performance; }

OptimizerReport V5EnhancedStore::optimize(const OptimizerOptions& options) {
  return Optimizer::analyse(impl_->performance, pools(), options);
}

MonitoringServer* V5EnhancedStore::monitoring_server() noexcept { return impl_->server.get(); }

ApiServer* V5EnhancedStore::api_server(std::string_view component) noexcept {
  for (auto& api : impl_->apis) {
    if (api.component == component) return api.server.get();
  }
  return nullptr;
}

std::vector<ConnectionPool*> V5EnhancedStore::pools() {
  std::vector<ConnectionPool*> out;
  for (const auto& pool : impl_->pools) out.push_back(pool.get());
  return out;
}

boost::asio::io_context& V5EnhancedStore::io_context() noexcept { return impl_->io; }

boost::asio::thread_pool& V5EnhancedStore::async_workers() noexcept { return impl_->workers; }

std::exception_ptr V5EnhancedStore::cancelled_error() {
  return std::make_exception_ptr(
      Error(ErrorCode::cancelled, "cancelled: the store is shutting down"));
}

std::shared_lock<std::shared_mutex> V5EnhancedStore::admit_async() const {
  return std::shared_lock(impl_->admission);
}

bool V5EnhancedStore::accepting_async() const noexcept { return impl_->accepting.load(); }

bool V5EnhancedStore::cancelling_async() const noexcept { return impl_->cancelling.load(); }

}  // namespace v5store
