#include "server/listener.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <iostream>

#include "server/app.hpp"
#include "server/connection_registry.hpp"
#include "server/session.hpp"

namespace entitle::server {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

Listener::Listener(asio::io_context& ioc, const tcp::endpoint& endpoint, App& app,
                   const Router& router, ConnectionRegistry& registry, WorkerPool& workers)
    : ioc_(ioc), acceptor_(asio::make_strand(ioc)), retry_(acceptor_.get_executor()), app_(app),
      router_(router), registry_(registry), workers_(workers) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Listener::start() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] { self->accept(); });
}

void Listener::stop() {
  asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ec;
    self->acceptor_.close(ec);
    self->retry_.cancel();
  });
}

void Listener::accept() {
  if (!acceptor_.is_open()) return;
  // Each connection gets its own strand: its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(ioc_),
                         [self = shared_from_this()](boost::system::error_code ec, tcp::socket s) {
                           self->on_accept(ec, std::move(s));
                         });
}

void Listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of file descriptors or buffers: wait a little instead of spinning.
    std::cerr << "entitle serve: accept failed: " << ec.message() << '\n';
    retry_.expires_after(std::chrono::milliseconds(100));
    retry_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
      if (!wait_ec) self->accept();
    });
    return;
  }
  if (app_.draining.load()) return;  // the socket closes as it goes out of scope
  const Limits& limits = app_.config.limits;
  std::string client = client_address(socket);
  // The per-client cap first: a client at its own cap is told so (429), whatever the
  // total.
  if (limits.max_connections_per_client > 0 &&
      registry_.from(client) >= limits.max_connections_per_client) {
    reject_connection(std::move(socket), app_, Refusal::client_cap);
  } else if (registry_.count() >= limits.max_connections) {
    reject_connection(std::move(socket), app_, Refusal::connection_cap);
  } else {
    start_session(std::move(socket), std::move(client), app_, router_, registry_, workers_);
  }
  accept();
}

}  // namespace entitle::server
