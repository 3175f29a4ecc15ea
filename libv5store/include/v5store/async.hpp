// Async plumbing of V5EnhancedStore::async_transact(): the completion signature and the
// shutdown states. The database calls behind it are blocking SOCI calls run on a thread pool.
#pragma once

#include <exception>

namespace v5store {

// How V5EnhancedStore::shutdown() treats work submitted with async_transact().
enum class ShutdownMode {
  drain,   // run every queued unit of work, then stop
  cancel,  // complete queued units that have not started with Error(unknown, "cancelled");
           // units already running finish (a blocking database call cannot be interrupted)
};

// The completion signature of async_transact() for a unit of work returning `Result`:
// void(std::exception_ptr) for void, else void(std::exception_ptr, Result). With
// boost::asio::use_future the exception is set on the future; with use_awaitable it is
// rethrown in the coroutine; a callback receives it as its first argument (null on success).
template <class Result>
struct AsyncTransactSignatureOf {
  using type = void(std::exception_ptr, Result);
};
template <>
struct AsyncTransactSignatureOf<void> {
  using type = void(std::exception_ptr);
};
template <class Result>
using AsyncTransactSignature = typename AsyncTransactSignatureOf<Result>::type;

}  // namespace v5store
