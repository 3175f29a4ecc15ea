#include "pool/maintenance_timer.hpp"

#include <mutex>
#include <optional>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/steady_timer.hpp>

namespace v5store::detail {

struct MaintenanceTimer::State : std::enable_shared_from_this<State> {
  State(boost::asio::io_context& io, std::chrono::milliseconds every, std::function<void()> fn)
      : timer(io), interval(every), task(std::move(fn)) {}

  // Arms the timer; called with `mutex` held.
  void arm() {
    timer.expires_after(interval);
    timer.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      self->fire(ec);
    });
  }

  void fire(const boost::system::error_code& ec) {
    std::lock_guard lock(mutex);
    if (stopped || ec == boost::asio::error::operation_aborted) return;
    task();
    arm();
  }

  std::mutex mutex;
  boost::asio::steady_timer timer;  // guarded by mutex
  std::chrono::milliseconds interval;
  std::function<void()> task;
  bool stopped = false;  // guarded by mutex
};

MaintenanceTimer::MaintenanceTimer(boost::asio::io_context& io,
                                   std::chrono::milliseconds interval,
                                   std::function<void()> task)
    : state_(std::make_shared<State>(io, interval, std::move(task))) {
  std::lock_guard lock(state_->mutex);
  state_->arm();
}

MaintenanceTimer::~MaintenanceTimer() { stop(); }

void MaintenanceTimer::stop() noexcept {
  std::lock_guard lock(state_->mutex);
  if (state_->stopped) return;
  state_->stopped = true;
  state_->timer.cancel();
}

struct SharedMaintenanceContext::Impl {
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> guard{
      io.get_executor()};
  std::thread thread{[this] { io.run(); }};
};

SharedMaintenanceContext::SharedMaintenanceContext() : impl_(std::make_unique<Impl>()) {}

SharedMaintenanceContext::~SharedMaintenanceContext() {
  impl_->guard.reset();
  impl_->io.stop();
  impl_->thread.join();
}

boost::asio::io_context& SharedMaintenanceContext::io() noexcept { return impl_->io; }

std::shared_ptr<SharedMaintenanceContext> SharedMaintenanceContext::instance() {
  static std::mutex mutex;
  static std::weak_ptr<SharedMaintenanceContext> current;
  std::lock_guard lock(mutex);
  auto shared = current.lock();
  if (!shared) {
    shared = std::make_shared<SharedMaintenanceContext>();
    current = shared;
  }
  return shared;
}

}  // namespace v5store::detail
