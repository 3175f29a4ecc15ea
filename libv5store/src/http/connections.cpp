// HttpConnections: connection limits of an HTTP server that evict the oldest waiting
// connection instead of refusing the newest.
#include "http/connections.hpp"

#include <algorithm>

#include "http/session.hpp"

namespace v5store::detail {

bool HttpConnections::make_room(const boost::asio::ip::address& client) {
  if (max_per_client_ > 0 && count_of(client) >= max_per_client_ &&
      !close_oldest_waiting(&client)) {
    return false;
  }
  if (entries_.size() >= max_total_ && !close_oldest_waiting(nullptr)) return false;
  return true;
}

HttpConnections::Handle HttpConnections::add(std::weak_ptr<HttpSession> session,
                                             const boost::asio::ip::address& client) {
  return entries_.insert(entries_.end(), Entry{std::move(session), client, false});
}

void HttpConnections::remove(Handle handle) noexcept { entries_.erase(handle); }

std::size_t HttpConnections::count_of(const boost::asio::ip::address& client) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      entries_.begin(), entries_.end(), [&](const Entry& e) { return e.client == client; }));
}

void HttpConnections::drain() {
  draining_ = true;
  while (close_oldest_waiting(nullptr)) {
  }
}

bool HttpConnections::close_oldest_waiting(const boost::asio::ip::address* client) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->answering || (client != nullptr && it->client != *client)) continue;
    const auto session = it->session.lock();
    entries_.erase(it);  // counted out now; the session's own remove() then finds nothing
    if (session) session->evict();
    return true;
  }
  return false;
}

}  // namespace v5store::detail
