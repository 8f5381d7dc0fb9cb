// One client connection: HTTP/1.1 requests read with size limits and timeouts, answered by
// the router, kept alive until idle. Internal to the server (pulls in Asio).
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <string>

namespace entitle::server {

struct App;
class Router;
class ConnectionRegistry;
class WorkerPool;

// What the per-client cap counts by: the client's address without its port ("127.0.0.1";
// an IPv4-mapped IPv6 address as IPv4); empty when the socket has none.
std::string client_address(const boost::asio::ip::tcp::socket& socket);

// Serves the connection until the client closes it, a timeout cuts it off, or the server
// drains. The session keeps itself alive; the registry knows it. Routes that run on a
// worker go to `workers`; the others are answered on the connection's own thread.
void start_session(boost::asio::ip::tcp::socket socket, std::string client, App& app,
                   const Router& router, ConnectionRegistry& registry, WorkerPool& workers);

// Why a connection is refused before its request is read.
enum class Refusal {
  connection_cap,  // --max-connections open: 503 overloaded
  client_cap,      // --max-connections-per-client open from its address: 429 too_many_connections
};

// Answers the refusal (without waiting for the request) and closes.
void reject_connection(boost::asio::ip::tcp::socket socket, App& app, Refusal why);

}  // namespace entitle::server
