// V5EnhancedStore: pools per database, metrics, the maintenance context and async work.
#include "v5store/store.hpp"

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <fmt/format.h>

namespace v5store {
namespace {

constexpr int kMaxAsyncThreads = 64;

int async_thread_count(const SystemSpec& spec, const StoreOptions& options) {
  if (options.async_threads > 0) return options.async_threads;
  int connections = 0;
  for (const DatabaseSpec& database : spec.databases) connections += database.pool.max_size;
  return std::clamp(connections, 1, kMaxAsyncThreads);
}

}  // namespace

struct V5EnhancedStore::Impl {
  Impl(SystemSpec system, const StoreOptions& options)
      : spec(std::move(system)), workers(async_thread_count(spec, options)) {}

  SystemSpec spec;
  MetricsRegistry metrics;
  // Maintenance: one io_context run by one thread, shared by the pools' timers.
  boost::asio::io_context io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> io_guard{
      io.get_executor()};
  std::thread io_thread;
  std::vector<std::unique_ptr<ConnectionPool>> pools;  // in spec.databases order
  boost::asio::thread_pool workers;
  std::atomic<bool> accepting{true};
  std::atomic<bool> cancelling{false};
  mutable std::shared_mutex admission;  // see V5EnhancedStore::admit_async()
  std::mutex shutdown_mutex;
  bool shut_down = false;  // guarded by shutdown_mutex
};

V5EnhancedStore::V5EnhancedStore(SystemSpec spec, StoreOptions options)
    : impl_(std::make_unique<Impl>(std::move(spec), options)) {
  if (impl_->spec.databases.empty()) {
    throw Error(ErrorCode::config, fmt::format("system {}: the spec declares no database",
                                               impl_->spec.name));
  }
  impl_->io_thread = std::thread([io = &impl_->io] { io->run(); });
  try {
    for (const DatabaseSpec& database : impl_->spec.databases) {
      impl_->pools.push_back(
          std::make_unique<ConnectionPool>(database, &impl_->metrics, &impl_->io));
    }
  } catch (...) {
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
  impl_->pools.clear();
  impl_->io_guard.reset();
  impl_->io.stop();
  impl_->io_thread.join();
}

const SystemSpec& V5EnhancedStore::spec() const noexcept { return impl_->spec; }

ConnectionPool& V5EnhancedStore::pool(std::string_view database) {
  if (database.empty()) return *impl_->pools.front();
  for (const auto& pool : impl_->pools) {
    if (pool->database().name == database) return *pool;
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
    std::unique_lock admission(impl_->admission);
    impl_->accepting.store(false);
    if (mode == ShutdownMode::cancel) impl_->cancelling.store(true);
  }
  impl_->workers.join();
  impl_->shut_down = true;
}

MetricsRegistry& V5EnhancedStore::metrics() noexcept { return impl_->metrics; }

boost::asio::io_context& V5EnhancedStore::io_context() noexcept { return impl_->io; }

boost::asio::thread_pool::executor_type V5EnhancedStore::async_executor() noexcept {
  return impl_->workers.get_executor();
}

std::exception_ptr V5EnhancedStore::cancelled_error() {
  return std::make_exception_ptr(
      Error(ErrorCode::unknown, "cancelled: the store is shutting down"));
}

std::shared_lock<std::shared_mutex> V5EnhancedStore::admit_async() const {
  return std::shared_lock(impl_->admission);
}

bool V5EnhancedStore::accepting_async() const noexcept { return impl_->accepting.load(); }

bool V5EnhancedStore::cancelling_async() const noexcept { return impl_->cancelling.load(); }

}  // namespace v5store
