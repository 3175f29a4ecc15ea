// Lease: the RAII handle of a borrowed connection.
#include "v5store/pool.hpp"

#include "connection.hpp"

namespace v5store {

Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), connection_(other.connection_) {
  other.pool_ = nullptr;
  other.connection_ = nullptr;
}

Lease& Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = other.pool_;
    connection_ = other.connection_;
    other.pool_ = nullptr;
    other.connection_ = nullptr;
  }
  return *this;
}

Lease::~Lease() {
  if (connection_ != nullptr) pool_->give_back(connection_);
}

soci::session& Lease::session() const { return connection_->session(); }

BackendKind Lease::backend() const { return connection_->backend().kind(); }

void Lease::mark_broken() noexcept {
  if (connection_ != nullptr) connection_->broken = true;
}

void Lease::release() noexcept {
  if (connection_ == nullptr) return;
  pool_->give_back(connection_);
  pool_ = nullptr;
  connection_ = nullptr;
}

}  // namespace v5store
