// async_transact(): completion by callback, future and C++20 coroutine; shutdown.
#include <chrono>
#include <future>
#include <thread>
#include <utility>  // before Boost.Asio 1.74's awaitable.hpp, which needs std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "core_fixture.hpp"
#include "v5store/v5store.hpp"

namespace v5test {
namespace {

using namespace std::chrono_literals;
using v5store::Transaction;
using v5store::V5EnhancedStore;

v5store::SystemSpec sqlite_system(const std::string& tag) {
  v5store::SystemSpec spec;
  spec.name = tag;
  v5store::DatabaseSpec database;
  database.name = "main";
  database.backend = v5store::BackendKind::sqlite;
  database.dsn = dsn_for(v5store::BackendKind::sqlite, tag);
  database.pool.max_size = 4;
  spec.databases.push_back(database);
  return spec;
}

// Store options with one async worker, so a second unit queues behind the first.
v5store::StoreOptions one_worker() {
  v5store::StoreOptions options;
  options.async_threads = 1;
  return options;
}

long long select_sum(Transaction& tx) {
  long long sum = 0;
  tx.session() << "SELECT 20 + 22", soci::into(sum);
  return sum;
}

TEST(AsyncTransact, CompletesThroughACallback) {
  V5EnhancedStore store(sqlite_system("core_async_cb"));
  std::promise<std::pair<std::exception_ptr, long long>> done;
  store.async_transact(select_sum, [&](std::exception_ptr error, long long value) {
    done.set_value({error, value});
  });
  auto [error, value] = done.get_future().get();
  EXPECT_EQ(error, nullptr);
  EXPECT_EQ(value, 42);
}

TEST(AsyncTransact, CompletesThroughAFuture) {
  V5EnhancedStore store(sqlite_system("core_async_future"));
  std::future<long long> result = store.async_transact(select_sum, boost::asio::use_future);
  EXPECT_EQ(result.get(), 42);

  std::future<void> failing = store.async_transact(
      [](Transaction& tx) { tx.session() << "SELECT * FROM no_such_table"; },
      boost::asio::use_future);
  EXPECT_THROW(failing.get(), v5store::Error);
}

TEST(AsyncTransact, CompletesInACoroutine) {
  V5EnhancedStore store(sqlite_system("core_async_coro"));
  boost::asio::io_context io;
  long long value = 0;
  std::exception_ptr error;
  boost::asio::co_spawn(
      io,
      [&]() -> boost::asio::awaitable<void> {
        value = co_await store.async_transact(select_sum, boost::asio::use_awaitable);
        try {
          co_await store.async_transact(
              [](Transaction& tx) { tx.session() << "SELECT * FROM no_such_table"; },
              boost::asio::use_awaitable);
        } catch (const v5store::Error&) {
          error = std::current_exception();
        }
      },
      boost::asio::detached);
  io.run();
  EXPECT_EQ(value, 42);
  EXPECT_NE(error, nullptr);
}

TEST(AsyncTransact, ShutdownDrainsQueuedWork) {
  V5EnhancedStore store(sqlite_system("core_async_drain"), one_worker());
  std::atomic<int> done{0};
  for (int i = 0; i < 5; ++i) {
    store.async_transact(
        [](Transaction& tx) {
          std::this_thread::sleep_for(10ms);
          tx.session() << "SELECT 1";
        },
        [&](std::exception_ptr error) {
          if (!error) ++done;
        });
  }
  store.shutdown(v5store::ShutdownMode::drain);
  EXPECT_EQ(done.load(), 5);
}

TEST(AsyncTransact, ShutdownCancelsWorkThatHasNotStarted) {
  V5EnhancedStore store(sqlite_system("core_async_cancel"), one_worker());
  std::promise<void> started;
  std::promise<void> release;
  auto release_future = release.get_future().share();
  std::atomic<int> ran{0};
  std::atomic<int> cancelled{0};
  store.async_transact(
      [&](Transaction&) {
        ++ran;
        started.set_value();
        release_future.wait();
      },
      [](std::exception_ptr) {});
  started.get_future().wait();  // the only worker is busy: the next units queue
  for (int i = 0; i < 3; ++i) {
    store.async_transact([&](Transaction&) { ++ran; },
                         [&](std::exception_ptr error) {
                           if (error) ++cancelled;
                         });
  }
  std::thread unblock([&] {
    std::this_thread::sleep_for(50ms);
    release.set_value();
  });
  store.shutdown(v5store::ShutdownMode::cancel);
  unblock.join();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(cancelled.load(), 3);

  // After shutdown, new work completes at once with the cancellation error.
  std::future<void> late =
      store.async_transact([](Transaction&) {}, boost::asio::use_future);
  EXPECT_THROW(late.get(), v5store::Error);
}

}  // namespace
}  // namespace v5test
