// The definitions of V5EnhancedStore::async_transact() and async_executor(): the Asio half of
// store.hpp, kept here so that store.hpp does not include Asio. <v5store/v5store.hpp>
// includes this header; include that where async_transact() is called.
//
// Example:
//   #include <v5store/v5store.hpp>
//   std::future<long long> total = store.async_transact(
//       [](v5store::Transaction& tx) { return sum_orders(tx); }, boost::asio::use_future);
#pragma once

#include <exception>
#include <string>
#include <type_traits>
#include <utility>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/system_executor.hpp>
#include <boost/asio/thread_pool.hpp>

#include "v5store/async.hpp"
#include "v5store/store.hpp"

namespace v5store {

inline auto V5EnhancedStore::async_executor() noexcept { return async_workers().get_executor(); }

template <class Fn, class Token>
auto V5EnhancedStore::async_transact(Fn fn, RetryPolicy policy, std::string database,
                                     Token&& token) {
  using Result = std::invoke_result_t<Fn&, Transaction&>;
  static_assert(std::is_void_v<Result> || std::is_default_constructible_v<Result>,
                "async_transact() needs a default-constructible result (for the error case)");
  auto initiation = [this](auto handler, Fn work, RetryPolicy retry, std::string name) {
    namespace asio = boost::asio;
    const auto admitted = admit_async();
    if (!accepting_async()) {
      auto executor = asio::get_associated_executor(handler, asio::system_executor());
      asio::post(executor, [handler = std::move(handler)]() mutable {
        if constexpr (std::is_void_v<Result>) {
          handler(cancelled_error());
        } else {
          handler(cancelled_error(), Result{});
        }
      });
      return;
    }
    auto tracked = asio::prefer(asio::get_associated_executor(handler, async_executor()),
                                asio::execution::outstanding_work.tracked);
    asio::post(async_executor(), [this, handler = std::move(handler), tracked,
                                  work = std::move(work), retry = std::move(retry),
                                  name = std::move(name)]() mutable {
      std::exception_ptr error;
      if constexpr (std::is_void_v<Result>) {
        if (cancelling_async()) {
          error = cancelled_error();
        } else {
          try {
            transact(work, retry, name);
          } catch (...) {
            error = std::current_exception();
          }
        }
        asio::dispatch(tracked,
                       [handler = std::move(handler), error]() mutable { handler(error); });
      } else {
        Result result{};
        if (cancelling_async()) {
          error = cancelled_error();
        } else {
          try {
            result = transact(work, retry, name);
          } catch (...) {
            error = std::current_exception();
          }
        }
        asio::dispatch(tracked,
                       [handler = std::move(handler), error, result = std::move(result)]() mutable {
                         handler(error, std::move(result));
                       });
      }
    });
  };
  return boost::asio::async_initiate<Token, AsyncTransactSignature<Result>>(
      std::move(initiation), token, std::move(fn), std::move(policy), std::move(database));
}

}  // namespace v5store
