// MaintenanceTimer: runs a pool's housekeeping periodically on an Asio io_context.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include <boost/asio/io_context.hpp>

namespace v5store::detail {

// Runs `task` every `interval` on one steady_timer of `io` (no thread of its own).
// Thread-safe. After stop() returns, the task is not running and never runs again.
class MaintenanceTimer {
 public:
  MaintenanceTimer(boost::asio::io_context& io, std::chrono::milliseconds interval,
                   std::function<void()> task);
  // Calls stop(). Must not be called from inside the task.
  ~MaintenanceTimer();
  MaintenanceTimer(const MaintenanceTimer&) = delete;
  MaintenanceTimer& operator=(const MaintenanceTimer&) = delete;

  // Stops the timer, waiting for a running task to finish. Idempotent.
  void stop() noexcept;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

// An io_context run by one background thread, shared by every pool created without an
// io_context of its own: one maintenance thread per process, not one per pool. The thread
// stops when the last holder releases it. Thread-safe.
class SharedMaintenanceContext {
 public:
  SharedMaintenanceContext();
  ~SharedMaintenanceContext();
  SharedMaintenanceContext(const SharedMaintenanceContext&) = delete;
  SharedMaintenanceContext& operator=(const SharedMaintenanceContext&) = delete;

  boost::asio::io_context& io() noexcept;

  // The process-wide instance, created on first use and kept while anybody holds it.
  static std::shared_ptr<SharedMaintenanceContext> instance();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace v5store::detail
