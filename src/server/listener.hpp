// Accepts connections and hands each to a session, or to a 503 when the connection cap is
// reached, or to a 429 when its client address has the per-client cap open already.
// Internal to the server (pulls in Asio).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>

namespace entitle::server {

struct App;
class Router;
class ConnectionRegistry;
class WorkerPool;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws boost::system::system_error (address in use, no permission).
  Listener(boost::asio::io_context& ioc, const boost::asio::ip::tcp::endpoint& endpoint, App& app,
           const Router& router, ConnectionRegistry& registry, WorkerPool& workers);

  boost::asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  // Stops accepting: new connections are refused by the kernel from now on.
  void stop();

 private:
  void accept();
  void on_accept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer retry_;  // after a failed accept (out of descriptors)
  App& app_;
  const Router& router_;
  ConnectionRegistry& registry_;
  WorkerPool& workers_;
};

}  // namespace entitle::server
