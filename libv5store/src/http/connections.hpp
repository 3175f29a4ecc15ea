// HttpConnections: the open connections of one HTTP server (monitoring, API), in the order
// they were accepted, and the room a new one needs. An idle or slow client must never lock the probes
// out: when the server is at its connection limit, or a client at its own, the oldest
// connection that is only waiting for (or still reading) a request is closed to make room;
// only when every connection is busy answering does a new one get 503.
#pragma once

#include <cstddef>
#include <list>
#include <memory>

#include <boost/asio/ip/address.hpp>

namespace v5store::detail {

class HttpSession;

// Used only on the server's I/O thread (accept and session handlers): no lock.
class HttpConnections {
 public:
  struct Entry {
    std::weak_ptr<HttpSession> session;
    boost::asio::ip::address client;
    bool answering = false;  // a request was read and its response is being written
  };
  using Handle = std::list<Entry>::iterator;

  HttpConnections(std::size_t max_total, std::size_t max_per_client)
      : max_total_(max_total), max_per_client_(max_per_client) {}

  // Makes room for one more connection from `client`: closes the oldest connection that is not
  // answering, of that client when it is at max_per_client, else of anyone when the endpoint
  // is at max_total. False when there is no such connection (the new one gets 503).
  bool make_room(const boost::asio::ip::address& client);

  // Registers a session (last, the newest); remove() it when the session ends.
  Handle add(std::weak_ptr<HttpSession> session, const boost::asio::ip::address& client);
  void remove(Handle handle) noexcept;

  std::size_t size() const noexcept { return entries_.size(); }

  // The server is shutting down: closes every connection that is not answering, and from now
  // on a connection closes once its response is written.
  void drain();
  bool draining() const noexcept { return draining_; }

 private:
  std::size_t count_of(const boost::asio::ip::address& client) const noexcept;
  // Closes the oldest connection not answering (of `client` when given); false when none.
  bool close_oldest_waiting(const boost::asio::ip::address* client);

  const std::size_t max_total_;
  const std::size_t max_per_client_;
  std::list<Entry> entries_;  // oldest first
  bool draining_ = false;
};

}  // namespace v5store::detail
